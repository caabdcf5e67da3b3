#pragma once

#include "dicomseries.h"

#include "core/result.h"
#include "core/volume.h"

#include <memory>

namespace loupe {
class Progress;
}

namespace loupe::dicom {

/// The voxel type a plan decodes to: int16 when the rescaled values fit, float32 otherwise.
ScalarType outputTypeFor(const VolumePlan &plan);

/// Reads every slice's pixels straight into one Volume, in parallel, applying rescale
/// slope/intercept (CT comes out in Hounsfield units). Uncompressed transfer syntaxes only
/// for now. Errors name the file; cancellation returns an error saying so.
Result<std::shared_ptr<const Volume>> readVolume(const VolumePlan &plan, Progress &progress);

} // namespace loupe::dicom
