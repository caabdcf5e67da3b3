#pragma once

#include "core/sequence/sequence.h"
#include "core/volume.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace loupe {

/// What a reader produced from one path: the volumes or camera sequences found there, and
/// what looked wrong.
struct Dataset {
    QString name;       ///< for people: series description, folder name
    QString sourcePath; ///< the file or folder the user opened
    QString readerId;   ///< id of the plugin that read it
    std::vector<std::shared_ptr<const Volume>> volumes;
    std::vector<std::shared_ptr<const Sequence>> sequences;
    QStringList warnings; ///< problems found that did not stop the read, for people

    bool isEmpty() const { return volumes.empty() && sequences.empty(); }
};

} // namespace loupe
