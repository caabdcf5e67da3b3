#pragma once

#include "core/result.h"

#include <QImage>
#include <QSize>
#include <QString>

namespace loupe::frames {

/// Whether the bytes start with PNG's signature.
bool isPng(const uchar *data, qint64 size);

/// Decodes a PNG held in memory with FFmpeg's PNG decoder (faster than Qt's libpng reader:
/// its row filters are vectorised) to RGB32, scaled to fit `fit` (see fitFrame; empty: full
/// size). A null image (no error) for the
/// layouts it leaves to Qt's reader: 16-bit, palette, grey with alpha. `name` is for messages.
/// Reentrant.
Result<QImage> decodePng(const uchar *data, qint64 size, QSize fit, const QString &name);

} // namespace loupe::frames
