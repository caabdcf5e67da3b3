#pragma once

#include "core/result.h"
#include "core/sequence/sequence.h"

#include <QString>

#include <memory>
#include <mutex>
#include <vector>

namespace cv {
class VideoCapture;
}

namespace loupe::frames {

/// What a video holds, found once by reading its packets without decoding them: the frame
/// count, which frames are keyframes, the frame rate and size.
struct VideoIndex {
    int frames = 0;
    double fps = 0;
    QSize size;
    std::vector<int> keyframes; ///< frame numbers, ascending; the first is 0
    /// The last keyframe at or before `frame`.
    int keyframeBefore(int frame) const;
};

/// The index of `path`, from the cache folder when a fresh one is there (same size and
/// modification time), else built and saved there. The cache lives with Loupe's own data,
/// never beside the user's video. `cacheDir` empty: Loupe's cache location.
Result<VideoIndex> videoIndex(const QString &path, QString cacheDir = {});

/// Frames of a video file (mp4, mkv, avi; H.264, H.265, MJPEG: what OpenCV's FFmpeg backend
/// decodes). Frame-accurate: a frame is found by seeking to the keyframe before it and decoding
/// forward, or by decoding forward from where a decoder already is when no keyframe lies in
/// between. Several decoders (one per pool thread) are kept open.
class VideoSource final : public FrameSource {
public:
    VideoSource(QString path, VideoIndex index);
    ~VideoSource() override;
    int frameCount() const override { return m_index.frames; }
    Result<QImage> decode(int index, QSize fit) const override;
    QString frameName(int index) const override;
    const VideoIndex &index() const { return m_index; }
    /// Frames decoded only to get past them (for tests and benchmarks).
    long long framesSkippedOver() const { return m_skippedOver; }

private:
    struct Decoder;
    std::unique_ptr<Decoder> take(int frame) const;
    void give(std::unique_ptr<Decoder> decoder) const;

    QString m_path;
    VideoIndex m_index;
    mutable std::mutex m_mutex;
    mutable std::vector<std::unique_ptr<Decoder>> m_idle;
    mutable long long m_skippedOver = 0;
};

/// Whether the file name looks like a video Loupe reads.
bool isVideoFile(const QString &path);

/// A one-camera stream of a video; timestamps from its frame rate, plus `offsetNs`.
Result<Stream> videoStream(const QString &path, const QString &name, qint64 offsetNs,
                           QStringList &warnings);

} // namespace loupe::frames
