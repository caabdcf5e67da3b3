#include "avdecoder.h"

#include "core/progress.h"
#include "core/sequence/framecache.h"
#include "plugins/frames/bandshrink.h"
#include "plugins/frames/planeshrink.h"

#include <QFile>
#include <QFileInfo>
#include <QObject>

extern "C" {
#include <libavcodec/avcodec.h>
#include <libavformat/avformat.h>
#include <libavutil/imgutils.h>
#include <libavutil/pixdesc.h>
#include <libswscale/swscale.h>
}

#include <algorithm>
#include <cstdint>
#include <cstdlib>
#include <cstring>
#include <vector>

namespace loupe::frames {

QString avErrorText(int code)
{
    char text[AV_ERROR_MAX_STRING_SIZE] = {};
    av_strerror(code, text, sizeof text);
    return QString::fromLocal8Bit(text);
}

int VideoIndex::keyframeBefore(int frame) const
{
    const auto it = std::upper_bound(keyframes.begin(), keyframes.end(), frame);
    return it == keyframes.begin() ? 0 : *(it - 1);
}

namespace {

struct Input {
    AVFormatContext *format = nullptr;
    ~Input() { avformat_close_input(&format); }
};

Result<int> openInput(const QString &path, Input &in)
{
    const QByteArray name = QFile::encodeName(path);
    if (const int e = avformat_open_input(&in.format, name.constData(), nullptr, nullptr); e < 0)
        return Error{QObject::tr("The video \"%1\" cannot be opened: %2. Check that it is a video "
                                 "file (mp4, mkv, avi).")
                         .arg(path, avErrorText(e))};
    if (const int e = avformat_find_stream_info(in.format, nullptr); e < 0)
        return Error{QObject::tr("The video \"%1\" cannot be read: %2").arg(path, avErrorText(e))};
    const int stream = av_find_best_stream(in.format, AVMEDIA_TYPE_VIDEO, -1, -1, nullptr, 0);
    if (stream < 0)
        return Error{QObject::tr("\"%1\" holds no video stream.").arg(path)};
    return stream;
}

/// An RGB32 image whose rows and end have room to spare: libswscale's vectorised YUV → RGB
/// converters write whole blocks of 8 pixels, past the last pixel of a row whose width is not
/// a multiple of 8 (a 1242-pixel KITTI frame), which would run over a plain QImage.
QImage paddedImage(QSize size)
{
    const qsizetype stride = (qsizetype(size.width()) * 4 + 64 + 63) / 64 * 64;
    const std::size_t bytes = std::size_t(stride) * std::size_t(size.height() + 1);
    auto *data = static_cast<uchar *>(std::aligned_alloc(64, (bytes + 63) / 64 * 64));
    if (!data)
        return {};
    return QImage(
        data, size.width(), size.height(), stride, QImage::Format_RGB32,
        [](void *p) { std::free(p); }, data);
}

/// Whether the picture is three planes of 8-bit samples (YUV 4:2:0, 4:2:2, 4:4:4 and their
/// full-range twins) that shrinkPlane can shrink one by one.
bool shrinkablePlanes(const AVPixFmtDescriptor *layout)
{
    if (!layout || layout->nb_components != 3 || !(layout->flags & AV_PIX_FMT_FLAG_PLANAR) ||
        (layout->flags & (AV_PIX_FMT_FLAG_RGB | AV_PIX_FMT_FLAG_PAL | AV_PIX_FMT_FLAG_BITSTREAM |
                          AV_PIX_FMT_FLAG_HWACCEL)))
        return false;
    for (int c = 0; c < 3; ++c)
        if (layout->comp[c].plane != c || layout->comp[c].depth != 8 || layout->comp[c].step != 1 ||
            layout->comp[c].shift != 0)
            return false;
    return true;
}

/// How H.264 packets are framed: length-prefixed NAL units (avcC, as in mp4 and mkv), with
/// the prefix's size, or Annex B start codes (raw streams, MPEG-TS): 0.
int nalLengthSize(const AVCodecParameters *par)
{
    if (par->codec_id != AV_CODEC_ID_H264 || par->extradata_size < 7 || par->extradata[0] != 1)
        return 0;
    return (par->extradata[4] & 3) + 1;
}

/// Whether an H.264 packet holds only slices no other picture refers to (nal_ref_idc 0, as
/// most B-frames): decoding it can be skipped when its picture is not wanted. False when in
/// doubt (no slice found, a damaged length).
bool isDisposableH264(const AVPacket *packet, int lengthSize)
{
    const std::uint8_t *p = packet->data;
    const std::uint8_t *end = packet->data + packet->size;
    bool sawSlice = false;
    auto look = [&](std::uint8_t header) {
        const int type = header & 0x1f;
        if (type == 1 || type == 5) {
            sawSlice = true;
            return (header & 0x60) == 0; // nal_ref_idc == 0
        }
        return true;
    };
    if (lengthSize > 0) {
        while (end - p >= lengthSize) {
            std::size_t length = 0;
            for (int i = 0; i < lengthSize; ++i)
                length = (length << 8) | *p++;
            if (length == 0 || length > static_cast<std::size_t>(end - p))
                return false;
            if (!look(*p))
                return false;
            p += length;
        }
        return sawSlice && p == end;
    }
    for (; end - p >= 4; ++p) // Annex B: 00 00 01 before each unit
        if (p[0] == 0 && p[1] == 0 && p[2] == 1) {
            if (!look(p[3]))
                return false;
            p += 2;
        }
    return sawSlice;
}

} // namespace

Result<VideoIndex> buildVideoIndex(const QString &path, Progress *progress)
{
    Input in;
    const Result<int> stream = openInput(path, in);
    if (!stream.ok())
        return Error{stream.errorMessage()};
    const AVStream *s = in.format->streams[stream.value()];
    VideoIndex index;
    index.size = QSize(s->codecpar->width, s->codecpar->height);
    const AVRational rate = s->avg_frame_rate.num ? s->avg_frame_rate : s->r_frame_rate;
    index.fps = rate.num && rate.den ? av_q2d(rate) : 30.0;
    std::vector<std::pair<qint64, bool>> packets; // (pts, key)
    AVPacket *packet = av_packet_alloc();
    qint64 fallback = 0;
    // A long drive's video is gigabytes read once: say how far (every half percent, or
    // 4 MB when the size is unknown), and stop when asked to.
    const QString what = QObject::tr("Indexing the frames of %1").arg(QFileInfo(path).fileName());
    const qint64 bytes = in.format->pb ? avio_size(in.format->pb) : -1;
    const qint64 step = bytes > 0 ? std::max<qint64>(bytes / 200, 1) : qint64(4) << 20;
    qint64 reported = 0;
    if (progress)
        progress->report(0, bytes, what);
    while (av_read_frame(in.format, packet) >= 0) {
        if (progress) {
            if (progress->isCanceled()) {
                av_packet_free(&packet);
                return Error{QObject::tr("Reading the video \"%1\" was canceled.").arg(path)};
            }
            if (const qint64 at = avio_tell(in.format->pb); at - reported >= step) {
                progress->report(at, bytes, what);
                reported = at;
            }
        }
        if (packet->stream_index == stream.value()) {
            const qint64 pts = packet->pts != AV_NOPTS_VALUE   ? packet->pts
                               : packet->dts != AV_NOPTS_VALUE ? packet->dts
                                                               : fallback;
            packets.emplace_back(pts, (packet->flags & AV_PKT_FLAG_KEY) != 0);
            fallback = pts + 1;
        }
        av_packet_unref(packet);
    }
    av_packet_free(&packet);
    if (progress)
        progress->report(bytes, bytes, what);
    // Presentation order is time stamp order (packets come in decoding order).
    std::stable_sort(packets.begin(), packets.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    for (const auto &[pts, key] : packets) {
        if (key || index.pts.empty())
            index.keyframes.push_back(static_cast<int>(index.pts.size()));
        index.pts.push_back(pts);
    }
    index.frames = static_cast<int>(index.pts.size());
    if (index.frames == 0 || index.size.isEmpty())
        return Error{QObject::tr("The video \"%1\" holds no frames that can be read.").arg(path)};
    return index;
}

struct AvDecoder::Impl {
    Input in;
    int stream = -1;
    AVCodecContext *codec = nullptr;
    AVFrame *picture = nullptr;
    AVPacket *packet = nullptr;
    SwsContext *scaler = nullptr;
    /// H.264 pictures shrunk band by band as they are decoded, for the view asked for last
    /// (bandFit; empty: none), from the frame asked for on (bandFromPts: the pictures before
    /// it are only passed over).
    BandShrinker bands;
    QSize bandFit;
    qint64 bandFromPts = AV_NOPTS_VALUE;
    bool bandsAllowed = true;
    long long shrunkWhileDecoding = 0;
    ShrunkPicture whole; ///< the picture shrunk after decoding, where the bands did not
    const std::uint8_t *shrunkPlanes[4] = {};
    int shrunkStrides[4] = {};
    std::vector<std::uint16_t> shrinkScratch;
    int nalLengthSize = 0; ///< H.264 only: see isDisposableH264
    bool h264 = false;
    bool drained = false;
    ~Impl()
    {
        sws_freeContext(scaler);
        av_packet_free(&packet);
        av_frame_free(&picture);
        avcodec_free_context(&codec);
    }
};

namespace {

/// libavcodec's name for a picture that is a whole frame, not one field (mpegutils.h).
constexpr int kWholeFramePicture = 3;

/// The shrink factor of a `width`×`height` picture for `fit`; 1: none.
int shrinkFactorFor(int width, int height, const AVPixFmtDescriptor *layout, QSize fit)
{
    if (fit.isEmpty() || !shrinkablePlanes(layout))
        return 1;
    const QSize need = fittedSize(QSize(width, height), fit).expandedTo(QSize(1, 1));
    return wholeShrinkFactor(width, height, need.width(), need.height());
}

} // namespace

/// libavcodec's get_buffer2: a new picture begins; it is shrunk band by band when it is for
/// the view asked for and not one only passed over. The buffer's earlier picture is forgotten
/// either way.
int AvDecoder::newPicture(AVCodecContext *codec, AVFrame *picture, int flags)
{
    const int e = avcodec_default_get_buffer2(codec, picture, flags);
    if (e < 0)
        return e;
    Impl &d = *static_cast<Impl *>(codec->opaque);
    // The picture's size is the codec's: the buffer is asked for at the coded size (whole
    // macroblocks), and bands stop at the picture's last row.
    const int width = codec->width, height = codec->height;
    const AVPixFmtDescriptor *layout =
        av_pix_fmt_desc_get(static_cast<AVPixelFormat>(picture->format));
    const int factor = picture->pts != AV_NOPTS_VALUE && d.bandFromPts != AV_NOPTS_VALUE &&
                               picture->pts < d.bandFromPts
                           ? 1
                           : shrinkFactorFor(width, height, layout, d.bandFit);
    if (factor > 1)
        d.bands.begin(picture->data[0], width, height, layout->log2_chroma_w, layout->log2_chroma_h,
                      factor);
    else
        d.bands.abandon(picture->data[0]);
    return 0;
}

/// libavcodec's draw_horiz_band: rows of the picture being decoded are final.
void AvDecoder::finishedRows(AVCodecContext *codec, const AVFrame *picture, int *, int top,
                             int type, int rows)
{
    Impl &d = *static_cast<Impl *>(codec->opaque);
    if (type != kWholeFramePicture) {
        d.bands.abandon(picture->data[0]);
        return;
    }
    d.bands.band(picture->data[0], picture->data, picture->linesize, top, rows);
}

Result<std::unique_ptr<AvDecoder>> AvDecoder::open(const QString &path)
{
    std::unique_ptr<AvDecoder> d(new AvDecoder);
    d->m_path = path;
    d->m = std::make_unique<Impl>();
    Impl &m = *d->m;
    const Result<int> stream = openInput(path, m.in);
    if (!stream.ok())
        return Error{stream.errorMessage()};
    m.stream = stream.value();
    const AVCodecParameters *par = m.in.format->streams[m.stream]->codecpar;
    const AVCodec *codec = avcodec_find_decoder(par->codec_id);
    if (!codec)
        return Error{QObject::tr("\"%1\" is coded as %2, which this FFmpeg cannot decode. "
                                 "Convert it to H.264, for example with ffmpeg.")
                         .arg(path, QString::fromLatin1(avcodec_get_name(par->codec_id)))};
    m.h264 = par->codec_id == AV_CODEC_ID_H264;
    m.nalLengthSize = nalLengthSize(par);
    m.codec = avcodec_alloc_context3(codec);
    avcodec_parameters_to_context(m.codec, par);
    // One thread: the frame pool runs a decoder per core already, and frame threading's
    // hand-offs cost more than they gained, even for a seek's run of frames (measured).
    m.codec->thread_count = 1;
    m.codec->thread_type = FF_THREAD_SLICE; // none at one thread; frame threads refuse bands
    m.codec->opaque = &m;
    if (m.h264) {
        // Bands as each picture's rows are finished (after deblocking), in decoding order.
        // Other decoders give none (HEVC's, MJPEG's): their pictures shrink after decoding.
        m.codec->get_buffer2 = &AvDecoder::newPicture;
        m.codec->draw_horiz_band = &AvDecoder::finishedRows;
        m.codec->slice_flags = SLICE_FLAG_CODED_ORDER;
    }
    if (const int e = avcodec_open2(m.codec, codec, nullptr); e < 0)
        return Error{QObject::tr("Cannot start the %1 decoder for \"%2\": %3")
                         .arg(QString::fromLatin1(codec->name), path, avErrorText(e))};
    m.picture = av_frame_alloc();
    m.packet = av_packet_alloc();
    return d;
}

AvDecoder::~AvDecoder() = default;

long long AvDecoder::shrunkWhileDecoding() const
{
    return m->shrunkWhileDecoding;
}

void AvDecoder::setShrinkWhileDecoding(bool on)
{
    m->bandsAllowed = on;
}

Result<bool> AvDecoder::reach(int index, const VideoIndex &idx, const std::function<bool()> &stop)
{
    Impl &d = *m;
    const int key = idx.keyframeBefore(index);
    if (!(m_next >= key && m_next <= index)) {
        // Seek to the keyframe before it; decode forward from there.
        if (const int e =
                av_seek_frame(d.in.format, d.stream, idx.pts[static_cast<std::size_t>(key)],
                              AVSEEK_FLAG_BACKWARD);
            e < 0)
            return Error{QObject::tr("Cannot seek in \"%1\" to frame %2: %3")
                             .arg(m_path)
                             .arg(index)
                             .arg(avErrorText(e))};
        avcodec_flush_buffers(d.codec);
        d.drained = false;
        m_next = -1;
    }
    for (;;) {
        // A decoded picture: which frame it is, by its time stamp.
        const int got = avcodec_receive_frame(d.codec, d.picture);
        if (got == 0) {
            const qint64 ts = d.picture->best_effort_timestamp != AV_NOPTS_VALUE
                                  ? d.picture->best_effort_timestamp
                                  : d.picture->pts;
            const auto at = std::lower_bound(idx.pts.begin(), idx.pts.end(), ts);
            const int number = static_cast<int>(at - idx.pts.begin());
            m_next = number + 1;
            if (number < index) {
                ++m_skippedOver;
                av_frame_unref(d.picture);
                continue;
            }
            if (number > index) { // passed it (a damaged stream): start over next time
                av_frame_unref(d.picture);
                m_next = -1;
                return Error{QObject::tr("Frame %1 of \"%2\" cannot be decoded (the file may be "
                                         "damaged there).")
                                 .arg(index)
                                 .arg(m_path)};
            }
            return true;
        }
        if (got == AVERROR_EOF || (got != AVERROR(EAGAIN) && got < 0) || d.drained) {
            m_next = -1;
            return Error{QObject::tr("Frame %1 of \"%2\" cannot be decoded (the file may be cut "
                                     "short or damaged there).")
                             .arg(index)
                             .arg(m_path)};
        }
        if (stop && stop())
            return Error{
                QObject::tr("Decoding frame %1 of \"%2\" was stopped.").arg(index).arg(m_path)};
        // Feed the next packet of the video stream (or the end, to drain the last frames).
        int read = 0;
        while ((read = av_read_frame(d.in.format, d.packet)) >= 0 &&
               d.packet->stream_index != d.stream)
            av_packet_unref(d.packet);
        if (read < 0) {
            avcodec_send_packet(d.codec, nullptr);
            d.drained = true;
        } else if (d.h264 && d.packet->pts != AV_NOPTS_VALUE &&
                   d.packet->pts < idx.pts[static_cast<std::size_t>(index)] &&
                   isDisposableH264(d.packet, d.nalLengthSize)) {
            // A picture before the one wanted that nothing refers to: skip its decoding.
            ++m_skippedOver;
            ++m_leftUndecoded;
            av_packet_unref(d.packet);
        } else {
            avcodec_send_packet(d.codec, d.packet);
            av_packet_unref(d.packet);
        }
    }
}

Result<QImage> AvDecoder::frame(int index, QSize fit, const VideoIndex &idx,
                                const std::function<bool()> &stop)
{
    Impl &d = *m;
    d.bandFit = d.bandsAllowed ? fit : QSize();
    d.bandFromPts = idx.pts[static_cast<std::size_t>(index)];
    if (Result<bool> reached = reach(index, idx, stop); !reached.ok())
        return Error{reached.errorMessage()};
    const int width = d.picture->width, height = d.picture->height;
    const QSize need = fittedSize(QSize(width, height), fit).expandedTo(QSize(1, 1));
    const auto format = static_cast<AVPixelFormat>(d.picture->format);
    const AVPixFmtDescriptor *layout = av_pix_fmt_desc_get(format);
    // Planar 8-bit pictures shrink first by the largest whole factor that still covers the
    // view (the area mean of each block: no aliasing); what is left, when the view is over a
    // fifth smaller still, libswscale scales. Its filtered scaling of a whole 1080p frame to
    // 640×360 took 0.9 ms, near half the frame's decoding; shrinking and converting, 0.4 ms.
    const std::uint8_t *const *source = d.picture->data;
    const int *sourceStrides = d.picture->linesize;
    int sourceWidth = width, sourceHeight = height;
    const int factor = shrinkFactorFor(width, height, layout, fit);
    if (factor > 1) {
        // Shrunk band by band while it was decoded, or now. A picture the decoder concealed
        // damage in was changed after its bands: shrunk now.
        const ShrunkPicture *shrunk =
            d.picture->decode_error_flags == 0 && !(d.picture->flags & AV_FRAME_FLAG_CORRUPT)
                ? d.bands.finished(d.picture->data[0], width, height, factor)
                : nullptr;
        if (shrunk) {
            ++d.shrunkWhileDecoding;
        } else {
            shrinkPicture(d.picture->data, d.picture->linesize, width, height,
                          layout->log2_chroma_w, layout->log2_chroma_h, factor, d.whole,
                          d.shrinkScratch);
            shrunk = &d.whole;
        }
        sourceWidth = shrunkExtent(width, factor);
        sourceHeight = shrunkExtent(height, factor);
        for (int p = 0; p < 3; ++p) {
            d.shrunkPlanes[p] = shrunk->planes[p].data();
            d.shrunkStrides[p] = shrunk->strides[p];
        }
        source = d.shrunkPlanes;
        sourceStrides = d.shrunkStrides;
    }
    // Within a fifth of the view, the painter's smoothing does the rest.
    const QSize out = sourceWidth * 4 <= need.width() * 5 && sourceHeight * 4 <= need.height() * 5
                          ? QSize(sourceWidth, sourceHeight)
                          : need;
    QImage image = paddedImage(out);
    const AVPixelFormat rgb32 =
        QSysInfo::ByteOrder == QSysInfo::LittleEndian ? AV_PIX_FMT_BGRA : AV_PIX_FMT_ARGB;
    // What is left to shrink, libswscale area-averages (its bilinear filter strayed further
    // from the frame's area means). Unscaled, it has dedicated converters, but only for even
    // heights; at an odd height its general path interpolates chroma differently, so shrunk
    // planes (which have a spare row, the last repeated) go through as one row higher, into the
    // image's spare row.
    const bool unscaled = out == QSize(sourceWidth, sourceHeight);
    const int rows = unscaled && factor > 1 && (sourceHeight & 1) ? sourceHeight + 1 : sourceHeight;
    d.scaler = sws_getCachedContext(d.scaler, sourceWidth, rows, format, out.width(),
                                    unscaled ? rows : out.height(), rgb32,
                                    unscaled ? SWS_BILINEAR : SWS_AREA, nullptr, nullptr, nullptr);
    if (!d.scaler || image.isNull()) {
        av_frame_unref(d.picture);
        return Error{
            QObject::tr("Cannot convert frame %1 of \"%2\" for display.").arg(index).arg(m_path)};
    }
    // The matrix and range the stream states (libswscale assumes BT.601 video range): HD
    // cameras record BT.709.
    if (layout && !(layout->flags & AV_PIX_FMT_FLAG_RGB) && layout->nb_components >= 3) {
        const bool fullRange = d.picture->color_range == AVCOL_RANGE_JPEG ||
                               std::strncmp(layout->name, "yuvj", 4) == 0;
        sws_setColorspaceDetails(
            d.scaler,
            sws_getCoefficients(d.picture->colorspace == AVCOL_SPC_BT709 ? SWS_CS_ITU709
                                                                         : SWS_CS_DEFAULT),
            fullRange ? 1 : 0, sws_getCoefficients(SWS_CS_DEFAULT), 1, 0, 1 << 16, 1 << 16);
    }
    uint8_t *planes[4] = {image.bits(), nullptr, nullptr, nullptr};
    int strides[4] = {static_cast<int>(image.bytesPerLine()), 0, 0, 0};
    sws_scale(d.scaler, source, sourceStrides, 0, rows, planes, strides);
    av_frame_unref(d.picture);
    // RGB32's fourth byte must be 0xff: libswscale writes that for sources without alpha (the
    // usual YUV), so only a source with alpha needs it set.
    if (layout && (layout->flags & AV_PIX_FMT_FLAG_ALPHA))
        for (int y = 0; y < image.height(); ++y) {
            auto *line = reinterpret_cast<QRgb *>(image.scanLine(y));
            for (int x = 0; x < image.width(); ++x)
                line[x] |= 0xff000000u;
        }
    return image;
}

Result<DecodedPlanes> AvDecoder::planes(int index, const VideoIndex &idx,
                                        const std::function<bool()> &stop)
{
    m->bandFit = QSize(); // the planes go whole
    if (Result<bool> reached = reach(index, idx, stop); !reached.ok())
        return Error{reached.errorMessage()};
    const AVFrame *picture = m->picture;
    DecodedPlanes out;
    compute::FramePlanes &p = out.planes;
    bool jpegRange = false;
    switch (picture->format) {
    case AV_PIX_FMT_YUVJ420P: jpegRange = true; [[fallthrough]];
    case AV_PIX_FMT_YUV420P: p.layout = compute::PixelLayout::Yuv420; break;
    case AV_PIX_FMT_YUVJ422P: jpegRange = true; [[fallthrough]];
    case AV_PIX_FMT_YUV422P: p.layout = compute::PixelLayout::Yuv422; break;
    case AV_PIX_FMT_YUVJ444P: jpegRange = true; [[fallthrough]];
    case AV_PIX_FMT_YUV444P: p.layout = compute::PixelLayout::Yuv444; break;
    case AV_PIX_FMT_NV12: p.layout = compute::PixelLayout::Nv12; break;
    case AV_PIX_FMT_RGB24: p.layout = compute::PixelLayout::Rgb24; break;
    case AV_PIX_FMT_BGR24: p.layout = compute::PixelLayout::Bgr24; break;
    case AV_PIX_FMT_GRAY8: p.layout = compute::PixelLayout::Gray8; break;
    default: av_frame_unref(m->picture); return out; // not offered
    }
    // The matrix the stream states; unstated is BT.601, as libswscale assumes.
    p.matrix = picture->colorspace == AVCOL_SPC_BT709 ? compute::YuvMatrix::Bt709
                                                      : compute::YuvMatrix::Bt601;
    p.fullRange = jpegRange || picture->color_range == AVCOL_RANGE_JPEG;
    p.width = picture->width;
    p.height = picture->height;
    AVFrame *shared = av_frame_clone(picture); // a new reference to the same buffers
    av_frame_unref(m->picture);
    if (!shared)
        return Error{
            QObject::tr("Not enough memory for frame %1 of \"%2\".").arg(index).arg(m_path)};
    for (int n = 0; n < compute::planeCount(p.layout); ++n) {
        p.data[n] = shared->data[n];
        p.stride[n] = shared->linesize[n];
    }
    out.owner = std::shared_ptr<const void>(shared, [](const void *f) {
        AVFrame *frame = const_cast<AVFrame *>(static_cast<const AVFrame *>(f));
        av_frame_free(&frame);
    });
    return out;
}

} // namespace loupe::frames
