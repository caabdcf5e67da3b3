#pragma once

#include "core/compute/frameconvert.h"
#include "core/result.h"

#include <QImage>
#include <QSize>
#include <QString>
#include <QStringList>

#include <array>
#include <functional>
#include <memory>
#include <optional>
#include <vector>

namespace loupe {

/// A camera's pinhole model, as a calibration file gives it (rectified when it says so).
struct CameraIntrinsics {
    double fx = 0, fy = 0, cx = 0, cy = 0;
    std::array<double, 12> projection{}; ///< 3×4, row-major (P_rect in KITTI)
};

/// A frame decoded but not yet converted for display: the codec's planes (YUV, or packed RGB),
/// and what keeps their memory alive.
struct DecodedPlanes {
    compute::FramePlanes planes;
    std::shared_ptr<const void> owner;
    /// False when the source does not offer planes for this frame (then decode() it).
    bool offered() const { return owner && planes.width > 0 && planes.height > 0; }
};

/// Decodes the frames of one stream. Reentrant: frames are decoded on pool threads, several
/// at once.
class FrameSource {
public:
    virtual ~FrameSource() = default;
    virtual int frameCount() const = 0;
    /// Frame `index`, scaled down (keeping its aspect) to fit `fit` when the source can do that
    /// cheaply while decoding, such as JPEG's DCT scaling; never smaller than `fit`. An empty
    /// `fit`: full size. Errors name the file and say what is wrong with it.
    virtual Result<QImage> decode(int index, QSize fit) const = 0;
    /// Asked between the steps of a long decode (a video decoding forward from a keyframe):
    /// true stops it, and the result is then an error no one shows.
    using StopCheck = std::function<bool()>;
    /// decode(), stopped early when `stop` says so. Sources whose frames are one quick step
    /// (an image file) need not override it.
    virtual Result<QImage> decodeUnless(int index, QSize fit, const StopCheck &stop) const
    {
        (void)stop;
        return decode(index, fit);
    }
    /// Frame `index` at full size as the codec gives it, for a converter of its own (the GPU's)
    /// to scale and convert; not offered (see DecodedPlanes::offered) by sources that have no
    /// such planes or whose layout has no converter. `stop` as for decodeUnless.
    virtual Result<DecodedPlanes> decodePlanes(int index, const StopCheck &stop) const
    {
        (void)index;
        (void)stop;
        return DecodedPlanes{};
    }
    /// The frames decoding can start at (a video's keyframes: reaching any other frame decodes
    /// from the one before it); empty when every frame can (image files, all-intra video).
    virtual std::vector<int> keyframes() const { return {}; }
    /// What frame `index` is, for people: its file, or the video and frame number.
    virtual QString frameName(int index) const = 0;
};

/// One camera of a sequence: its frames in time order, their timestamps and the decoder.
struct Stream {
    QString name;                     ///< "image_02", "front"
    QSize frameSize;                  ///< of the first frame
    std::vector<qint64> timestampsNs; ///< one per frame, not decreasing
    std::optional<CameraIntrinsics> intrinsics;
    std::shared_ptr<const FrameSource> source;

    int frameCount() const { return static_cast<int>(timestampsNs.size()); }
};

/// Several cameras on one clock: a drive, a rig of videos, or a single image folder.
struct Sequence {
    QString name;
    std::vector<Stream> streams;
};

/// Sorts names the way people count: "frame2" before "frame10" (digit runs compare as numbers,
/// the rest case-insensitively).
bool naturalLess(const QString &a, const QString &b);

/// Timestamps in nanoseconds from a KITTI timestamps.txt ("YYYY-MM-DD HH:MM:SS.fffffffff" a
/// line, UTC) or a CSV of "frame,time" with time in seconds (a header line is allowed).
/// Errors give the file and line.
Result<std::vector<qint64>> readTimestamps(const QString &path);

/// What is wrong with a stream's timestamps (backwards or repeated), for people; empty when
/// they are fine. Frames stay in index order either way; the timestamps are made not to
/// decrease, so the timeline can still find them.
QStringList checkTimestamps(const QString &streamName, std::vector<qint64> &timestampsNs);

} // namespace loupe
