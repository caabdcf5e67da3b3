#include "pngdecoder.h"

#include "avdecoder.h"
#include "imagesource.h"

#include <QObject>

extern "C" {
#include <libavcodec/avcodec.h>
}

#include <cstring>
#include <memory>

namespace loupe::frames {

namespace {

/// A PNG decoder, its packet and its picture.
struct PngDecoder {
    AVCodecContext *codec = nullptr;
    AVPacket *packet = av_packet_alloc();
    AVFrame *picture = av_frame_alloc();
    PngDecoder()
    {
        if (const AVCodec *png = avcodec_find_decoder(AV_CODEC_ID_PNG)) {
            codec = avcodec_alloc_context3(png);
            codec->thread_count = 1; // the frame pool is the parallelism
            if (avcodec_open2(codec, png, nullptr) < 0)
                avcodec_free_context(&codec);
        }
    }
    ~PngDecoder()
    {
        av_frame_free(&picture);
        av_packet_free(&packet);
        avcodec_free_context(&codec);
    }
    PngDecoder(const PngDecoder &) = delete;
    PngDecoder &operator=(const PngDecoder &) = delete;
};

} // namespace

bool isPng(const uchar *data, qint64 size)
{
    static const uchar signature[8] = {0x89, 'P', 'N', 'G', '\r', '\n', 0x1a, '\n'};
    return size >= 8 && std::memcmp(data, signature, 8) == 0;
}

Result<QImage> decodePng(const uchar *data, qint64 size, QSize fit, const QString &name)
{
    // A decoder a file: FFmpeg 5.1's PNG decoder, given a second file, keeps state from the
    // first (rows come out wrong); opening one costs microseconds.
    PngDecoder d;
    if (!d.codec || !d.packet || !d.picture)
        return Error{QObject::tr("Cannot start the PNG decoder for \"%1\".").arg(name)};
    // The decoder reads a little past the end: a padded copy.
    if (const int e = av_new_packet(d.packet, static_cast<int>(size)); e < 0)
        return Error{QObject::tr("Not enough memory to decode \"%1\".").arg(name)};
    std::memcpy(d.packet->data, data, static_cast<std::size_t>(size));
    int e = avcodec_send_packet(d.codec, d.packet);
    av_packet_unref(d.packet);
    if (e >= 0)
        e = avcodec_receive_frame(d.codec, d.picture);
    if (e < 0) {
        avcodec_flush_buffers(d.codec);
        return Error{QObject::tr("\"%1\" is not a readable PNG (%2). The file may be damaged or "
                                 "cut short.")
                         .arg(name, avErrorText(e))};
    }
    // The common layouts map onto QImage's; Qt converts them to RGB32 exactly (libswscale's
    // RGB paths round a level off). Anything else (16-bit, palette, grey with alpha) goes to
    // Qt's own reader.
    QImage::Format layout = QImage::Format_Invalid;
    switch (d.picture->format) {
    case AV_PIX_FMT_RGB24: layout = QImage::Format_RGB888; break;
    case AV_PIX_FMT_RGBA: layout = QImage::Format_RGBA8888; break;
    case AV_PIX_FMT_GRAY8: layout = QImage::Format_Grayscale8; break;
    default: break;
    }
    if (layout == QImage::Format_Invalid) {
        av_frame_unref(d.picture);
        return QImage();
    }
    // Scaled first (fewer pixels to convert), in the decoder's own buffer.
    const QImage decoded(d.picture->data[0], d.picture->width, d.picture->height,
                         d.picture->linesize[0], layout);
    QImage image = fitFrame(decoded, fit).convertToFormat(QImage::Format_RGB32);
    av_frame_unref(d.picture);
    if (image.isNull())
        return Error{QObject::tr("Not enough memory to decode \"%1\".").arg(name)};
    return image;
}

} // namespace loupe::frames
