#pragma once

#include "core/volume.h"

#include <QString>
#include <QStringList>

#include <memory>
#include <vector>

namespace loupe {

/// What a reader produced from one path: the volumes found there, and what looked wrong.
///
/// Sequences (camera streams) join this type when their readers land.
struct Dataset {
    QString name;       ///< for people: series description, folder name
    QString sourcePath; ///< the file or folder the user opened
    QString readerId;   ///< id of the plugin that read it
    std::vector<std::shared_ptr<const Volume>> volumes;
    QStringList warnings; ///< problems found that did not stop the read, for people

    bool isEmpty() const { return volumes.empty(); }
};

} // namespace loupe
