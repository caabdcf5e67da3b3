#pragma once

#include "core/labels/labelfile.h"
#include "core/result.h"

#include <QString>

#include <vector>

namespace loupe::nifti {

/// The sidecar a label NIfTI carries: OUT.nii[.gz] → OUT.json.
QString sidecarPath(const QString &niftiPath);

/// Writes a label map as an 8-bit NIfTI on `reference`'s grid, with the same affine and row
/// order as writeNifti() gives the volume (so the two line up voxel for voxel), and a JSON
/// sidecar with each segment's label, name, colour and codes. Segments on several layers are
/// written as one map; overlapping ones are refused with a message naming them.
Result<void> writeLabelNifti(const LabelLayers &layers, const Volume &reference,
                             const std::vector<Segment> &segments, const QString &path);

/// Reads a label NIfTI (any integer type, values 0..255) onto `reference`'s grid. A file whose
/// grid differs (size, spacing or placement) is refused with both grids stated. Segments come
/// from the sidecar when there is one, else one per label found.
Result<LabelFile> readLabelNifti(const QString &path, const Volume &reference);

} // namespace loupe::nifti
