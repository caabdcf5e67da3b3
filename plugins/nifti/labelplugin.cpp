#include "labelplugin.h"

#include "labelnifti.h"

namespace loupe::nifti {

Result<void> LabelNiftiPlugin::write(const LabelLayers &layers, const Volume &reference,
                                     const std::vector<Segment> &segments, const QString &path,
                                     Progress &) const
{
    return writeLabelNifti(layers, reference, segments, path);
}

int LabelNiftiPlugin::canRead(const QString &path) const
{
    return path.endsWith(QLatin1String(".nii"), Qt::CaseInsensitive) ||
                   path.endsWith(QLatin1String(".nii.gz"), Qt::CaseInsensitive)
               ? 80
               : 0;
}

Result<LabelFile> LabelNiftiPlugin::read(const QString &path, const Volume &reference,
                                         Progress &) const
{
    return readLabelNifti(path, reference);
}

} // namespace loupe::nifti
