#pragma once

#include "core/result.h"

#include <QString>

#include <array>

namespace loupe {
class Volume;
}

namespace loupe::nifti {

/// The grid as a NIfTI file stores it: Loupe's voxel (i, j, k) lands at NIfTI voxel
/// (i, rows - 1 - j, k), as dcm2niix writes DICOM series (rows flipped so the image is not
/// upside down in NIfTI viewers), and the affine maps NIfTI voxels to RAS millimetres.
std::array<double, 16> rasAffine(const Volume &volume);

/// Writes `volume` as NIfTI-1 (.nii, or gzip-compressed when the name ends in .nii.gz) with the
/// same voxel values and affine dcm2niix gives for the same series: values in output units
/// (HU for CT; scl_slope 1, scl_inter 0), qform and sform both set (scanner coordinates).
/// Errors name the file and say what to do (full disk, permissions).
Result<void> writeNifti(const Volume &volume, const QString &path);

} // namespace loupe::nifti
