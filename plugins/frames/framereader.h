#pragma once

#include "core/dataset.h"
#include "core/result.h"

namespace loupe {
class Progress;
}

namespace loupe::frames {

/// How sure the frames reader is that it reads `path`: 95 for a KITTI drive or a rig file, 60
/// for a folder of images, 40 for one image (its folder is read), 0 otherwise.
int frameConfidence(const QString &path);

/// One camera sequence from a KITTI drive, a rig file, a video, or an image folder (an image
/// file stands for its folder). Videos' keyframe indexes are kept in `cacheFolder`/keyframes
/// (empty: the user's cache folder).
/// `progress` (may be null) hears how indexing a video goes, and cancels it.
Result<Dataset> readFrames(const QString &path, const QString &cacheFolder = {},
                           Progress *progress = nullptr);

} // namespace loupe::frames
