#pragma once

#include "core/volume.h"

#include <memory>

namespace loupe {

class Progress;

/// True when the volume's k axis is not perpendicular to its slices (gantry tilt).
bool isSheared(const VolumeGeometry &geometry);

/// The volume on an orthogonal grid: the same rows and columns, slices stacked along the
/// slice normal at the stack's spacing measured along that normal, values by trilinear
/// interpolation (the lowest value outside the sheared stack). Runs on all cores; returns
/// nullptr when canceled or out of memory. The geometry of a sheared stack is what
/// resampling corrects; the values' units and info are kept.
std::shared_ptr<Volume> resampleToOrthogonal(const Volume &volume, Progress *progress = nullptr);

/// A copy with every slice listed in info().missingSlices filled by linear interpolation
/// between the nearest slices that were read (or copied from the one neighbour at an end).
std::shared_ptr<Volume> fillMissingSlices(const Volume &volume, Progress *progress = nullptr);

} // namespace loupe
