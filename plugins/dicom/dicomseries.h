#pragma once

#include "dicomheader.h"

#include "core/volume.h"

#include <QStringList>

#include <vector>

namespace loupe::dicom {

/// One volume to be read: its slices in order along the slice normal, and its geometry.
struct VolumePlan {
    QString seriesInstanceUid;
    std::vector<SliceHeader> slices; ///< sorted by position along the normal, ascending
    std::vector<int> sliceIndex;     ///< grid index k of each slice; gaps where slices are missing
    VolumeGeometry geometry;
    QStringList warnings; ///< missing or duplicate slices, uneven spacing, tilt
};

/// Groups headers by Series Instance UID, splits a series where orientation, pixel spacing
/// or image size change, and sorts each group by position along the slice normal (never by
/// InstanceNumber or file name).
std::vector<VolumePlan> planVolumes(std::vector<SliceHeader> headers);

} // namespace loupe::dicom
