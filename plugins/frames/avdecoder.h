#pragma once

#include "core/result.h"
#include "core/sequence/sequence.h"

#include <QImage>
#include <QString>

#include <functional>
#include <memory>
#include <vector>

struct AVCodecContext;
struct AVFrame;

namespace loupe {
class Progress;
}

namespace loupe::frames {

/// What a video holds, found once by reading its packets without decoding them: each frame's
/// presentation time stamp in order, which frames are keyframes, the frame rate and size.
struct VideoIndex {
    int frames = 0;
    double fps = 0;
    QSize size;
    std::vector<int> keyframes; ///< frame numbers, ascending; the first is 0
    std::vector<qint64> pts;    ///< per frame, ascending, in the stream's time base
    /// The last keyframe at or before `frame`.
    int keyframeBefore(int frame) const;
};

/// FFmpeg's message for error `code`, for people.
QString avErrorText(int code);

/// Reads the packets of `path`'s first video stream with FFmpeg's libavformat (no decoding),
/// reporting the bytes read to `progress` (may be null) and stopping when it is canceled.
Result<VideoIndex> buildVideoIndex(const QString &path, Progress *progress = nullptr);

/// One open decoder of a video (FFmpeg's libavcodec): not for two threads at once. Frame `n`
/// is reached by decoding forward from where the decoder is when no keyframe lies between,
/// else by seeking to the keyframe before it; frames are numbered by their time stamps, so
/// B-frames and variable frame rates land on the right number. The picture is converted from
/// the codec's YUV straight to RGB32 at the size asked for (libswscale), in one pass. For a
/// view smaller than the frame, an H.264 picture is first shrunk by a whole factor band by
/// band while it is decoded (BandShrinker), others after.
class AvDecoder {
public:
    static Result<std::unique_ptr<AvDecoder>> open(const QString &path);
    ~AvDecoder();
    AvDecoder(const AvDecoder &) = delete;
    AvDecoder &operator=(const AvDecoder &) = delete;

    /// `stop` (may be empty) is asked before each packet: true ends the call with an error,
    /// leaving the decoder where it got to.
    Result<QImage> frame(int index, QSize fit, const VideoIndex &videoIndex,
                         const std::function<bool()> &stop = {});
    /// Frame `index` as the codec's planes, shared with the decoder's picture (no copy); not
    /// offered for layouts compute::convertPixel does not read (10-bit, 4:1:1, ...).
    Result<DecodedPlanes> planes(int index, const VideoIndex &videoIndex,
                                 const std::function<bool()> &stop = {});
    /// The frame decoding forward would give next (-1: unknown, seek first).
    int next() const { return m_next; }
    /// Frames decoded only to get past them, so far.
    long long skippedOver() const { return m_skippedOver; }
    /// Of those, the ones not even decoded: pictures no other picture refers to (H.264).
    long long leftUndecoded() const { return m_leftUndecoded; }
    /// Frames given (frame()) from pictures shrunk while they were decoded, so far.
    long long shrunkWhileDecoding() const;
    /// Whether pictures are shrunk while they are decoded (on); off, only after (to compare).
    void setShrinkWhileDecoding(bool on);

private:
    AvDecoder() = default;
    /// Decodes up to frame `index`, which is then the decoder's picture.
    Result<bool> reach(int index, const VideoIndex &videoIndex, const std::function<bool()> &stop);
    static int newPicture(AVCodecContext *codec, AVFrame *picture, int flags);
    static void finishedRows(AVCodecContext *codec, const AVFrame *picture, int *offsets, int top,
                             int type, int rows);
    struct Impl;
    std::unique_ptr<Impl> m;
    QString m_path;
    int m_next = 0;
    long long m_skippedOver = 0;
    long long m_leftUndecoded = 0;
};

} // namespace loupe::frames
