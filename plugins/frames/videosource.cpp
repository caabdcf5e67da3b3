#include "videosource.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>
#include <QSaveFile>
#include <QStandardPaths>

#include <algorithm>
#include <cmath>

namespace loupe::frames {

bool isVideoFile(const QString &path)
{
    static const QStringList suffixes{QStringLiteral("mp4"), QStringLiteral("mkv"),
                                      QStringLiteral("avi"), QStringLiteral("mov"),
                                      QStringLiteral("m4v")};
    return suffixes.contains(QFileInfo(path).suffix().toLower());
}

namespace {

constexpr int kIndexVersion = 2;

QString cacheFile(const QString &path, const QString &cacheDir)
{
    const QFileInfo info(path);
    const QByteArray key = QFileInfo(path).absoluteFilePath().toUtf8() + '|' +
                           QByteArray::number(info.size()) + '|' +
                           QByteArray::number(info.lastModified().toMSecsSinceEpoch());
    const QString dir = cacheDir.isEmpty()
                            ? QStandardPaths::writableLocation(QStandardPaths::CacheLocation) +
                                  QStringLiteral("/keyframes")
                            : cacheDir;
    return dir + QLatin1Char('/') +
           QString::fromLatin1(QCryptographicHash::hash(key, QCryptographicHash::Sha1).toHex()) +
           QStringLiteral(".json");
}

std::optional<VideoIndex> loadIndex(const QString &file)
{
    QFile f(file);
    if (!f.open(QIODevice::ReadOnly))
        return std::nullopt;
    const QJsonObject o = QJsonDocument::fromJson(f.readAll()).object();
    if (o.value(QStringLiteral("version")).toInt() != kIndexVersion)
        return std::nullopt;
    VideoIndex index;
    index.frames = o.value(QStringLiteral("frames")).toInt();
    index.fps = o.value(QStringLiteral("fps")).toDouble();
    index.size =
        QSize(o.value(QStringLiteral("width")).toInt(), o.value(QStringLiteral("height")).toInt());
    for (const QJsonValue &k : o.value(QStringLiteral("keyframes")).toArray())
        index.keyframes.push_back(k.toInt());
    for (const QJsonValue &p : o.value(QStringLiteral("pts")).toArray())
        index.pts.push_back(p.toInteger());
    if (index.frames <= 0 || index.keyframes.empty() || index.fps <= 0 ||
        index.pts.size() != static_cast<std::size_t>(index.frames))
        return std::nullopt;
    return index;
}

void saveIndex(const QString &file, const VideoIndex &index)
{
    QDir().mkpath(QFileInfo(file).absolutePath());
    QJsonArray keys, pts;
    for (int k : index.keyframes)
        keys.append(k);
    for (qint64 p : index.pts)
        pts.append(p);
    QSaveFile f(file);
    if (!f.open(QIODevice::WriteOnly))
        return; // no cache: the next open builds it again
    f.write(QJsonDocument(QJsonObject{{QStringLiteral("version"), kIndexVersion},
                                      {QStringLiteral("frames"), index.frames},
                                      {QStringLiteral("fps"), index.fps},
                                      {QStringLiteral("width"), index.size.width()},
                                      {QStringLiteral("height"), index.size.height()},
                                      {QStringLiteral("keyframes"), keys},
                                      {QStringLiteral("pts"), pts}})
                .toJson(QJsonDocument::Compact));
    f.commit();
}

} // namespace

Result<VideoIndex> videoIndex(const QString &path, QString cacheDir, Progress *progress)
{
    if (!QFileInfo(path).isFile())
        return Error{QObject::tr("The video \"%1\" does not exist.").arg(path)};
    const QString cached = cacheFile(path, cacheDir);
    if (std::optional<VideoIndex> index = loadIndex(cached))
        return *index;
    Result<VideoIndex> built = buildVideoIndex(path, progress);
    if (!built.ok())
        return built;
    const VideoIndex &index = built.value();
    saveIndex(cached, index);
    return built;
}

VideoSource::VideoSource(QString path, VideoIndex index)
    : m_path(std::move(path)), m_index(std::move(index))
{
}

VideoSource::~VideoSource() = default;

std::vector<int> VideoSource::keyframes() const
{
    if (static_cast<int>(m_index.keyframes.size()) >= m_index.frames)
        return {}; // every frame is one (MJPEG)
    return m_index.keyframes;
}

QString VideoSource::frameName(int index) const
{
    return QObject::tr("%1, frame %2").arg(m_path).arg(index);
}

Result<std::unique_ptr<AvDecoder>> VideoSource::take(int frame) const
{
    {
        std::unique_lock lock(m_mutex);
        const int key = m_index.keyframeBefore(frame);
        for (;;) {
            // The idle decoder that reaches `frame` by decoding forward the least.
            auto best = m_idle.end();
            for (auto it = m_idle.begin(); it != m_idle.end(); ++it) {
                const int next = (*it)->next();
                const bool forward = next >= key && next <= frame;
                if (forward && (best == m_idle.end() || next > (*best)->next()))
                    best = it;
            }
            // None: a busy decoder on its way to an earlier frame of the same run will be
            // there next. Waiting for it costs less than a second decoder seeking back to the
            // keyframe and decoding the same run again on the same cores.
            const bool comingHere = std::any_of(m_busy.begin(), m_busy.end(), [&](int target) {
                return target < frame && m_index.keyframeBefore(target) == key;
            });
            if (best == m_idle.end() && comingHere) {
                m_returned.wait(lock);
                continue;
            }
            if (best == m_idle.end() && !m_idle.empty())
                best = m_idle.begin();
            m_busy.push_back(frame);
            if (best == m_idle.end())
                break; // open another, below
            std::unique_ptr<AvDecoder> d = std::move(*best);
            m_idle.erase(best);
            return d;
        }
    }
    Result<std::unique_ptr<AvDecoder>> opened = AvDecoder::open(m_path);
    if (!opened.ok()) {
        const std::lock_guard lock(m_mutex);
        m_busy.erase(std::find(m_busy.begin(), m_busy.end(), frame));
        m_returned.notify_all();
    }
    return opened;
}

void VideoSource::give(std::unique_ptr<AvDecoder> decoder, int frame) const
{
    {
        const std::lock_guard lock(m_mutex);
        m_busy.erase(std::find(m_busy.begin(), m_busy.end(), frame));
        m_idle.push_back(std::move(decoder));
    }
    m_returned.notify_all();
}

Result<QImage> VideoSource::decode(int index, QSize fit) const
{
    return decodeUnless(index, fit, {});
}

template <typename T>
Result<T> VideoSource::withDecoder(int index,
                                   const std::function<Result<T>(AvDecoder &)> &work) const
{
    if (index < 0 || index >= m_index.frames)
        return Error{QObject::tr("\"%1\" has no frame %2 (%3 frames).")
                         .arg(m_path)
                         .arg(index)
                         .arg(m_index.frames)};
    Result<std::unique_ptr<AvDecoder>> d = take(index);
    if (!d.ok())
        return Error{d.errorMessage()};
    const long long before = d.value()->skippedOver();
    const long long undecodedBefore = d.value()->leftUndecoded();
    Result<T> result = work(*d.value());
    {
        const std::lock_guard lock(m_mutex);
        m_skippedOver += d.value()->skippedOver() - before;
        m_leftUndecoded += d.value()->leftUndecoded() - undecodedBefore;
    }
    give(std::move(d.value()), index);
    return result;
}

Result<QImage> VideoSource::decodeUnless(int index, QSize fit, const StopCheck &stop) const
{
    return withDecoder<QImage>(index,
                               [&](AvDecoder &d) { return d.frame(index, fit, m_index, stop); });
}

Result<DecodedPlanes> VideoSource::decodePlanes(int index, const StopCheck &stop) const
{
    return withDecoder<DecodedPlanes>(index,
                                      [&](AvDecoder &d) { return d.planes(index, m_index, stop); });
}

Result<Stream> videoStream(const QString &path, const QString &name, qint64 offsetNs,
                           const QString &cacheFolder, QStringList &warnings, Progress *progress)
{
    Result<VideoIndex> index = videoIndex(
        path, cacheFolder.isEmpty() ? QString() : cacheFolder + QStringLiteral("/keyframes"),
        progress);
    if (!index.ok())
        return Error{index.errorMessage()};
    Stream s;
    s.name = name.isEmpty() ? QFileInfo(path).completeBaseName() : name;
    s.frameSize = index->size;
    for (int n = 0; n < index->frames; ++n)
        s.timestampsNs.push_back(offsetNs +
                                 static_cast<qint64>(std::llround(n * 1e9 / index->fps)));
    warnings << checkTimestamps(s.name, s.timestampsNs);
    s.source = std::make_shared<VideoSource>(path, std::move(index.value()));
    return s;
}

} // namespace loupe::frames
