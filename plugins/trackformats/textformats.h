#pragma once

#include "core/annotations/track.h"

#include <QByteArray>
#include <QStringList>

#include <vector>

namespace loupe::trackformats {

/// A text file and what it could not hold (for the export dialog and the CLI).
struct Written {
    QByteArray text;
    QStringList lost;
};

/// KITTI tracking labels (one camera): a line per object per frame where it has a shape,
/// "frame track_id type truncated occluded alpha left top right bottom h w l x y z
/// rotation_y", in frame then track order. Boxes are written by their axis-aligned bounds;
/// the 3D fields, which a 2D label has not, are KITTI's "unknown" values (-1, -1000, -10).
/// Occluded is 1 or 0 (KITTI's "partly" or "fully visible"). Only boxes: other shapes are
/// left out and said so, as are tracks of other cameras.
Written writeKittiTracking(const std::vector<Track> &tracks, int stream, int frameCount);

/// MOTChallenge gt.txt (one camera): "frame,id,left,top,width,height,1,class,visibility",
/// frames counted from 1, classes numbered by `classes` (1-based; unknown classes are
/// added at the end), visibility 1 (0.5 when occluded). Only boxes, as for KITTI.
Written writeMot(const std::vector<Track> &tracks, int stream, int frameCount,
                 QStringList &classes);

} // namespace loupe::trackformats
