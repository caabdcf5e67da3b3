#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>

namespace loupe::store {

/// The content address of raw bytes: their SHA-256, in lower-case hex.
QString contentHash(const QByteArray &raw);

/// zstd at a fast level (label bricks are mostly runs: they shrink a lot at any level).
QByteArray compress(const QByteArray &raw);
/// The bytes back; `rawSize` is what compress() was given. Errors say what is wrong.
Result<QByteArray> decompress(const QByteArray &packed, qint64 rawSize);

} // namespace loupe::store
