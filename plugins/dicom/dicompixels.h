#pragma once

#include "dicomseries.h"

#include "core/result.h"
#include "core/volume.h"

#include <QStringList>

#include <atomic>
#include <memory>

class DcmFileFormat;

namespace loupe {
class Progress;
}

namespace loupe::dicom {

/// The voxel type a plan decodes to: rgb8 for colour, int16 when the rescaled values fit,
/// float32 otherwise.
ScalarType outputTypeFor(const VolumePlan &plan);

/// Decodes one frame of an already loaded file into plane k of `volume`, applying rescale.
/// Sets `overflow` when a rescaled value does not fit an int16 volume.
Result<void> readFrame(DcmFileFormat &format, const SliceHeader &header, Volume &volume,
                       std::int64_t k, std::atomic<bool> &overflow);

/// A volume read from a plan, with the problems met on the way (unreadable slices).
struct VolumeRead {
    std::shared_ptr<const Volume> volume;
    QStringList warnings;
};

/// Reads every slice's pixels straight into one Volume, in parallel, applying rescale
/// slope/intercept (CT comes out in Hounsfield units). A slice that cannot be read becomes a
/// gap (the lowest value) with a warning naming its file; only when no slice can be read is
/// the whole read an error. Cancellation returns an error saying so.
///
/// With `preview`, the file holding the middle slice is decoded first and Progress::preview()
/// gets the volume with that slice complete, before the rest is read (progressive loading).
Result<VolumeRead> readVolume(const VolumePlan &plan, VolumeInfo info, Progress &progress,
                              bool preview = false);

} // namespace loupe::dicom
