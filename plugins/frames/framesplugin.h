#pragma once

#include "core/plugins/interfaces.h"

#include <QObject>

namespace loupe::frames {

/// Camera sequences: a KITTI raw drive, a rig file of several folders, or one image folder.
class FramesPlugin final : public QObject, public DatasetReader {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LOUPE_DATASET_READER_IID FILE "frames.json")
    Q_INTERFACES(loupe::DatasetReader)

public:
    int canRead(const QString &path) const override;
    Result<Dataset> read(const QString &path, const ReadContext &context,
                         Progress &progress) const override;
};

} // namespace loupe::frames
