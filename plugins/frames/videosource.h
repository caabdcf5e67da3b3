#pragma once

#include "core/result.h"
#include "core/sequence/sequence.h"

#include "avdecoder.h"

#include <QString>

#include <condition_variable>
#include <memory>
#include <mutex>
#include <vector>

namespace loupe::frames {

/// The index of `path`, from the cache folder when a fresh one is there (same size and
/// modification time), else built and saved there. The cache lives with Loupe's own data,
/// never beside the user's video. `cacheDir` empty: Loupe's cache location.
/// `progress` (may be null) hears how the building goes, and cancels it.
Result<VideoIndex> videoIndex(const QString &path, QString cacheDir = {},
                              Progress *progress = nullptr);

/// Frames of a video file (mp4, mkv, avi; H.264, H.265, MJPEG: what FFmpeg decodes).
/// Frame-accurate (see AvDecoder). Several decoders (one per pool thread) are kept open; a
/// frame goes to the one that can reach it by decoding forward the least, or waits for a busy
/// one on its way to an earlier frame of the same run of frames (keyframe to keyframe).
class VideoSource final : public FrameSource {
public:
    VideoSource(QString path, VideoIndex index);
    ~VideoSource() override;
    int frameCount() const override { return m_index.frames; }
    Result<QImage> decode(int index, QSize fit) const override;
    Result<QImage> decodeUnless(int index, QSize fit, const StopCheck &stop) const override;
    Result<DecodedPlanes> decodePlanes(int index, const StopCheck &stop) const override;
    QString frameName(int index) const override;
    std::vector<int> keyframes() const override;
    const VideoIndex &index() const { return m_index; }
    /// Frames decoded only to get past them (for tests and benchmarks).
    long long framesSkippedOver() const { return m_skippedOver; }
    /// Of those, the ones left undecoded (see AvDecoder::leftUndecoded).
    long long framesLeftUndecoded() const { return m_leftUndecoded; }

private:
    Result<std::unique_ptr<AvDecoder>> take(int frame) const;
    /// Back to the idle ones, after decoding `frame`.
    void give(std::unique_ptr<AvDecoder> decoder, int frame) const;
    /// Runs `work` on the decoder best placed for `index` and gives it back.
    template <typename T>
    Result<T> withDecoder(int index, const std::function<Result<T>(AvDecoder &)> &work) const;

    QString m_path;
    VideoIndex m_index;
    mutable std::mutex m_mutex;
    mutable std::vector<std::unique_ptr<AvDecoder>> m_idle;
    mutable std::vector<int> m_busy; ///< the frame each decoder out of m_idle is decoding
    mutable std::condition_variable m_returned;
    mutable long long m_skippedOver = 0;
    mutable long long m_leftUndecoded = 0;
};

/// Whether the file name looks like a video Loupe reads.
bool isVideoFile(const QString &path);

/// A one-camera stream of a video; timestamps from its frame rate, plus `offsetNs`. Its
/// keyframe index is kept in `cacheFolder`/keyframes (empty: the user's cache folder).
Result<Stream> videoStream(const QString &path, const QString &name, qint64 offsetNs,
                           const QString &cacheFolder, QStringList &warnings,
                           Progress *progress = nullptr);

} // namespace loupe::frames
