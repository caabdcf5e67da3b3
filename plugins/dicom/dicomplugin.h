#pragma once

#include "core/plugins/interfaces.h"

#include <QObject>

namespace loupe::dicom {

/// The plugin shell around DicomReader; it also lists a file's attributes (tag browser).
class DicomPlugin final : public QObject, public DatasetReader, public MetadataReader {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LOUPE_DATASET_READER_IID FILE "dicom.json")
    Q_INTERFACES(loupe::DatasetReader loupe::MetadataReader)

public:
    int canRead(const QString &path) const override;
    Result<Dataset> read(const QString &path, const ReadContext &context,
                         Progress &progress) const override;
    Result<std::vector<MetadataEntry>> readMetadata(const QString &path) const override;
};

} // namespace loupe::dicom
