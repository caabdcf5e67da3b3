#pragma once

#include "core/labels/labelfile.h"
#include "core/result.h"

#include <QString>

#include <vector>

namespace loupe::dicomseg {

/// Reads a DICOM Segmentation (binary, or fractional made binary at one half of its maximum)
/// onto `reference`'s grid, placing each frame by its plane position and orientation. Labels
/// follow the segments' order (segment n gets label n). Frames that do not lie on a slice of
/// the grid are refused with a message that says which positions are missing from the volume
/// and which series the SEG refers to.
Result<LabelFile> readSeg(const QString &path, const Volume &reference);

/// The grid a SEG's own frames lie on, for loading it without its series: their orientation
/// and pixel spacing, the first position along the normal as origin, and as many slices as
/// the distinct positions span at their smallest step.
Result<VolumeGeometry> segGrid(const QString &path);

} // namespace loupe::dicomseg
