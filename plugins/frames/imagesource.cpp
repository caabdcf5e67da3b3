#include "imagesource.h"

#include "planeshrink.h"
#include "pngdecoder.h"

#include "core/sequence/framecache.h"

#include <QFile>
#include <QImageReader>
#include <QObject>

#include <opencv2/imgproc.hpp>

#include <turbojpeg.h>

#include <memory>

namespace loupe::frames {

namespace {

bool isJpeg(const uchar *data, qint64 size)
{
    return size > 3 && data[0] == 0xFF && data[1] == 0xD8 && data[2] == 0xFF;
}

} // namespace

Result<QImage> decodeJpeg(const uchar *data, qint64 size, QSize fit, const QString &name)
{
    const std::unique_ptr<void, int (*)(tjhandle)> tj(tjInitDecompress(), tjDestroy);
    if (!tj)
        return Error{QObject::tr("Cannot start the JPEG decoder for \"%1\".").arg(name)};
    int width = 0, height = 0, subsampling = 0, colourspace = 0;
    if (tjDecompressHeader3(tj.get(), data, static_cast<unsigned long>(size), &width, &height,
                            &subsampling, &colourspace) != 0)
        return Error{QObject::tr("\"%1\" is not a readable JPEG: %2")
                         .arg(name, QString::fromLatin1(tjGetErrorStr2(tj.get())))};
    // The smallest scale whose result still covers the fitted size, of 1/2, 1/4 and 1/8 only:
    // libjpeg-turbo's other scales (3/8, 5/8, ...) take its slow paths. For a 1080p frame,
    // 5/8 took 5.3 ms and 3/8 2.5 ms, where the whole frame took 2.6 ms and 1/2 1.5 ms.
    int scaledW = width, scaledH = height;
    if (!fit.isEmpty() && (width > fit.width() || height > fit.height())) {
        const QSize need = fittedSize(QSize(width, height), fit);
        int count = 0;
        const tjscalingfactor *factors = tjGetScalingFactors(&count);
        for (int n = 0; n < count; ++n) {
            if (factors[n].num != 1)
                continue;
            const int w = TJSCALED(width, factors[n]), h = TJSCALED(height, factors[n]);
            if (w >= need.width() && h >= need.height() && w * h < scaledW * scaledH) {
                scaledW = w;
                scaledH = h;
            }
        }
    }
    QImage image(scaledW, scaledH, QImage::Format_RGB32);
    if (image.isNull())
        return Error{QObject::tr("Not enough memory to decode \"%1\".").arg(name)};
    // Format_RGB32 is 0xffRRGGBB in memory order B, G, R, X on little-endian machines.
    const int format = QSysInfo::ByteOrder == QSysInfo::LittleEndian ? TJPF_BGRX : TJPF_XRGB;
    if (tjDecompress2(tj.get(), data, static_cast<unsigned long>(size), image.bits(), scaledW,
                      static_cast<int>(image.bytesPerLine()), scaledH, format, 0) != 0)
        // Warnings too: a truncated file decodes with its lower part grey, which is not the
        // frame; better a placeholder that says why.
        return Error{QObject::tr("\"%1\" is damaged: %2")
                         .arg(name, QString::fromLatin1(tjGetErrorStr2(tj.get())))};
    return image;
}

QImage fitFrame(QImage image, QSize fit)
{
    const QSize out = fittedSize(image.size(), fit).expandedTo(QSize(1, 1));
    if (image.isNull() || out == image.size())
        return image;
    // First by the largest whole factor that still covers the view, as the area mean of each
    // block (several times faster than OpenCV's area resampling of interleaved pixels, and
    // the same numbers); what is left, below.
    const int channels = image.format() == QImage::Format_Grayscale8 ? 1
                         : image.format() == QImage::Format_RGB888   ? 3
                         : image.depth() == 32                       ? 4
                                                                     : 0;
    if (const int k = wholeShrinkFactor(image.width(), image.height(), out.width(), out.height());
        k > 1 && channels) {
        QImage shrunk(shrunkExtent(image.width(), k), shrunkExtent(image.height(), k),
                      image.format());
        if (shrunk.isNull())
            return shrunk;
        thread_local std::vector<std::uint16_t> scratch;
        shrinkPixels(image.constBits(), image.width(), image.height(), image.bytesPerLine(),
                     channels, shrunk.bits(), shrunk.bytesPerLine(), k, scratch);
        image = std::move(shrunk);
        if (out == image.size())
            return image;
    }
    int type = CV_8UC4;
    switch (image.format()) {
    case QImage::Format_RGB32:
    case QImage::Format_ARGB32:
    case QImage::Format_RGBA8888: break;
    case QImage::Format_RGB888: type = CV_8UC3; break;
    case QImage::Format_Grayscale8: type = CV_8UC1; break;
    default: image.convertTo(QImage::Format_RGB32);
    }
    QImage scaled(out, image.format());
    const cv::Mat from(image.height(), image.width(), type, const_cast<uchar *>(image.constBits()),
                       static_cast<std::size_t>(image.bytesPerLine()));
    cv::Mat to(out.height(), out.width(), type, scaled.bits(),
               static_cast<std::size_t>(scaled.bytesPerLine()));
    // Area averaging where it shrinks by 2 or more (OpenCV's fast integer path), bilinear
    // below that, where area averaging is slow and gains nothing visible.
    const bool far = image.width() >= 2 * out.width();
    cv::resize(from, to, to.size(), 0, 0, far ? cv::INTER_AREA : cv::INTER_LINEAR);
    return scaled;
}

Result<QImage> ImageFileSource::decode(int index, QSize fit) const
{
    if (index < 0 || index >= m_paths.size())
        return Error{
            QObject::tr("There is no frame %1 (%2 frames).").arg(index).arg(m_paths.size())};
    const QString &path = m_paths[index];
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QObject::tr("Cannot read \"%1\": %2").arg(path, file.errorString())};
    const qint64 size = file.size();
    if (size == 0)
        return Error{QObject::tr("\"%1\" is empty.").arg(path)};
    // Mapped, not copied: the decoder reads the file's pages.
    const uchar *data = file.map(0, size);
    QByteArray read;
    if (!data) {
        read = file.readAll();
        data = reinterpret_cast<const uchar *>(read.constData());
    }
    if (isJpeg(data, size)) {
        Result<QImage> jpeg = decodeJpeg(data, size, fit, path);
        if (!jpeg.ok())
            return jpeg;
        return fitFrame(std::move(jpeg.value()), fit);
    }
    if (isPng(data, size)) {
        Result<QImage> png = decodePng(data, size, fit, path);
        if (!png.ok() || !png->isNull())
            return png;
    }
    QImageReader reader(&file);
    file.seek(0);
    QImage image;
    if (!reader.read(&image))
        return Error{QObject::tr("\"%1\" cannot be decoded: %2").arg(path, reader.errorString())};
    if (image.format() != QImage::Format_RGB32)
        image.convertTo(QImage::Format_RGB32);
    return fitFrame(std::move(image), fit);
}

QSize imageFileSize(const QString &path)
{
    QImageReader reader(path);
    return reader.size();
}

} // namespace loupe::frames
