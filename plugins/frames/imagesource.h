#pragma once

#include "core/sequence/sequence.h"

#include <QStringList>

namespace loupe::frames {

/// Frames that are image files (PNG, JPEG, BMP, TIFF), one a frame. JPEG is decoded with
/// TurboJPEG, at the smallest DCT scale (1/8 to 1) that still covers the size asked for; PNG
/// with FFmpeg's decoder (see decodePng); the others with Qt, at full size; then all are
/// scaled to the size asked for. Frames come as QImage::Format_RGB32, ready to draw.
class ImageFileSource final : public FrameSource {
public:
    explicit ImageFileSource(QStringList paths) : m_paths(std::move(paths)) {}
    int frameCount() const override { return static_cast<int>(m_paths.size()); }
    Result<QImage> decode(int index, QSize fit) const override;
    QString frameName(int index) const override { return m_paths.value(index); }
    const QStringList &paths() const { return m_paths; }

private:
    QStringList m_paths;
};

/// Decodes a JPEG held in memory at the smallest scale covering `fit` (empty: full size).
/// `name` is for messages.
Result<QImage> decodeJpeg(const uchar *data, qint64 size, QSize fit, const QString &name);

/// Scales a decoded frame down to fit `fit` (keeping its aspect; area averaging), on the
/// decoding thread, so the view draws it one to one. Larger than `fit` only: never up. Keeps
/// 8-bit RGB32, ARGB32, RGBA8888, RGB888 and Grayscale8 frames as they are (scaling before a
/// conversion costs less); other formats come back as RGB32.
QImage fitFrame(QImage image, QSize fit);

/// The pixel size of an image file, from its header only; invalid when unreadable.
QSize imageFileSize(const QString &path);

} // namespace loupe::frames
