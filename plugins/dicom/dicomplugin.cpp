#include "dicomplugin.h"

#include "dicomreader.h"
#include "dicomtags.h"

namespace loupe::dicom {

int DicomPlugin::canRead(const QString &path) const
{
    return DicomReader().canRead(path);
}

Result<Dataset> DicomPlugin::read(const QString &path, const ReadContext &,
                                  Progress &progress) const
{
    return DicomReader().read(path, progress);
}

Result<std::vector<MetadataEntry>> DicomPlugin::readMetadata(const QString &path) const
{
    return listAttributes(path);
}

} // namespace loupe::dicom
