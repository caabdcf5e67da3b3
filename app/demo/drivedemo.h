#pragma once

#include "core/result.h"

#include <QString>

#include <functional>

namespace loupe::demo {

/// A two-camera drive in a KITTI-like layout:
///   image_02/data/0000000000.png …   left colour camera, PNG
///   image_03/data/0000000000.jpg …   right colour camera, JPEG
///   image_0X/timestamps.txt          one "YYYY-MM-DD HH:MM:SS.nnnnnnnnn" line per frame
///   calib_cam_to_cam.txt             intrinsics and rectified projections of both cameras
/// The cameras' clocks differ slightly (an offset and jitter of a fraction of a millisecond).
/// The scene is rendered with a pinhole model: a road with lane markings that move with the
/// car, and three objects (a car, a cyclist, a pedestrian) moving through it, seen from both
/// cameras with the right stereo disparity.
struct DriveSpec {
    int frames = 300; ///< 30 s at 10 Hz: enough to scrub, and `--frame 100` is inside it
    int width = 1242;
    int height = 375;
    double frameRate = 10.0; ///< Hz
};

/// Pixel row of the horizon and focal length used by the generator (for tests).
struct DriveCamera {
    double fx, fy, cx, cy;
    double baseline; ///< metres between image_02 and image_03
};
DriveCamera driveCamera(const DriveSpec &spec);

/// Nanoseconds since the epoch of frame `index` for camera 2 or 3, as written to timestamps.txt.
qint64 driveTimestampNs(int camera, int index, const DriveSpec &spec);

Result<void> writeDrive(const QString &dir, const DriveSpec &spec,
                        const std::function<void(int, int)> &progress = {});

} // namespace loupe::demo
