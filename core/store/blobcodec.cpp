#include "core/store/blobcodec.h"

#include <QCryptographicHash>
#include <QObject>

#include <zstd.h>

namespace loupe::store {

QString contentHash(const QByteArray &raw)
{
    return QString::fromLatin1(QCryptographicHash::hash(raw, QCryptographicHash::Sha256).toHex());
}

QByteArray compress(const QByteArray &raw)
{
    QByteArray packed(qsizetype(ZSTD_compressBound(std::size_t(raw.size()))), Qt::Uninitialized);
    const std::size_t n = ZSTD_compress(packed.data(), std::size_t(packed.size()), raw.constData(),
                                        std::size_t(raw.size()), 3);
    packed.resize(ZSTD_isError(n) ? 0 : qsizetype(n));
    return packed;
}

Result<QByteArray> decompress(const QByteArray &packed, qint64 rawSize)
{
    if (rawSize < 0 || rawSize > (qint64(1) << 31))
        return Error{QObject::tr("a stored size of %1 bytes is impossible").arg(rawSize)};
    QByteArray raw(qsizetype(rawSize), Qt::Uninitialized);
    const std::size_t n = ZSTD_decompress(raw.data(), std::size_t(raw.size()), packed.constData(),
                                          std::size_t(packed.size()));
    if (ZSTD_isError(n))
        return Error{QObject::tr("the compressed data is damaged (%1)")
                         .arg(QString::fromLatin1(ZSTD_getErrorName(n)))};
    if (qint64(n) != rawSize)
        return Error{QObject::tr("%1 bytes came out where %2 were stored").arg(n).arg(rawSize)};
    return raw;
}

} // namespace loupe::store
