#include "dicomplugin.h"

#include "dicomreader.h"

namespace loupe::dicom {

int DicomPlugin::canRead(const QString &path) const
{
    return DicomReader().canRead(path);
}

Result<Dataset> DicomPlugin::read(const QString &path, Progress &progress) const
{
    return DicomReader().read(path, progress);
}

} // namespace loupe::dicom
