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

#include <opencv2/imgproc.hpp>
#include <opencv2/videoio.hpp>

#include <algorithm>
#include <cmath>

namespace loupe::frames {

int VideoIndex::keyframeBefore(int frame) const
{
    const auto it = std::upper_bound(keyframes.begin(), keyframes.end(), frame);
    return it == keyframes.begin() ? 0 : *(it - 1);
}

bool isVideoFile(const QString &path)
{
    static const QStringList suffixes{QStringLiteral("mp4"), QStringLiteral("mkv"),
                                      QStringLiteral("avi"), QStringLiteral("mov"),
                                      QStringLiteral("m4v")};
    return suffixes.contains(QFileInfo(path).suffix().toLower());
}

namespace {

constexpr int kIndexVersion = 1;

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
    if (index.frames <= 0 || index.keyframes.empty() || index.fps <= 0)
        return std::nullopt;
    return index;
}

void saveIndex(const QString &file, const VideoIndex &index)
{
    QDir().mkpath(QFileInfo(file).absolutePath());
    QJsonArray keys;
    for (int k : index.keyframes)
        keys.append(k);
    QSaveFile f(file);
    if (!f.open(QIODevice::WriteOnly))
        return; // no cache: the next open builds it again
    f.write(QJsonDocument(QJsonObject{{QStringLiteral("version"), kIndexVersion},
                                      {QStringLiteral("frames"), index.frames},
                                      {QStringLiteral("fps"), index.fps},
                                      {QStringLiteral("width"), index.size.width()},
                                      {QStringLiteral("height"), index.size.height()},
                                      {QStringLiteral("keyframes"), keys}})
                .toJson(QJsonDocument::Compact));
    f.commit();
}

} // namespace

Result<VideoIndex> videoIndex(const QString &path, QString cacheDir)
{
    if (!QFileInfo(path).isFile())
        return Error{QObject::tr("The video \"%1\" does not exist.").arg(path)};
    const QString cached = cacheFile(path, cacheDir);
    if (std::optional<VideoIndex> index = loadIndex(cached))
        return *index;
    // Packets only, no decoding: raw mode.
    cv::VideoCapture raw;
    try {
        raw.open(QFile::encodeName(path).toStdString(), cv::CAP_FFMPEG, {cv::CAP_PROP_FORMAT, -1});
    } catch (const cv::Exception &e) {
        return Error{QObject::tr("The video \"%1\" cannot be opened: %2")
                         .arg(path, QString::fromStdString(e.msg))};
    }
    if (!raw.isOpened())
        return Error{QObject::tr("The video \"%1\" cannot be opened: OpenCV's FFmpeg backend does "
                                 "not read it (a missing codec, or not a video). Convert it to "
                                 "H.264 in an mp4, for example with ffmpeg.")
                         .arg(path)};
    VideoIndex index;
    index.fps = raw.get(cv::CAP_PROP_FPS);
    index.size = QSize(static_cast<int>(raw.get(cv::CAP_PROP_FRAME_WIDTH)),
                       static_cast<int>(raw.get(cv::CAP_PROP_FRAME_HEIGHT)));
    while (raw.grab()) {
        if (raw.get(cv::CAP_PROP_LRF_HAS_KEY_FRAME) != 0 || index.frames == 0)
            index.keyframes.push_back(index.frames);
        ++index.frames;
    }
    if (index.frames == 0 || index.size.isEmpty())
        return Error{QObject::tr("The video \"%1\" holds no frames that can be read.").arg(path)};
    if (!(index.fps > 0))
        index.fps = 30;
    saveIndex(cached, index);
    return index;
}

struct VideoSource::Decoder {
    cv::VideoCapture capture;
    int next = 0; ///< the frame the next grab() gives
};

VideoSource::VideoSource(QString path, VideoIndex index)
    : m_path(std::move(path)), m_index(std::move(index))
{
}

VideoSource::~VideoSource() = default;

QString VideoSource::frameName(int index) const
{
    return QObject::tr("%1, frame %2").arg(m_path).arg(index);
}

std::unique_ptr<VideoSource::Decoder> VideoSource::take(int frame) const
{
    {
        const std::lock_guard lock(m_mutex);
        // The decoder that can reach `frame` by decoding forward the least, else any.
        const int key = m_index.keyframeBefore(frame);
        auto best = m_idle.end();
        for (auto it = m_idle.begin(); it != m_idle.end(); ++it) {
            const bool forward = (*it)->next <= frame && (*it)->next >= key;
            if (forward && (best == m_idle.end() || (*it)->next > (*best)->next))
                best = it;
        }
        if (best == m_idle.end() && !m_idle.empty())
            best = m_idle.begin();
        if (best != m_idle.end()) {
            std::unique_ptr<Decoder> d = std::move(*best);
            m_idle.erase(best);
            return d;
        }
    }
    auto d = std::make_unique<Decoder>();
    d->capture.open(QFile::encodeName(m_path).toStdString(), cv::CAP_FFMPEG);
    return d;
}

void VideoSource::give(std::unique_ptr<Decoder> decoder) const
{
    const std::lock_guard lock(m_mutex);
    m_idle.push_back(std::move(decoder));
}

Result<QImage> VideoSource::decode(int index, QSize fit) const
{
    if (index < 0 || index >= m_index.frames)
        return Error{QObject::tr("\"%1\" has no frame %2 (%3 frames).")
                         .arg(m_path)
                         .arg(index)
                         .arg(m_index.frames)};
    std::unique_ptr<Decoder> d = take(index);
    if (!d->capture.isOpened())
        return Error{QObject::tr("The video \"%1\" cannot be opened any more.").arg(m_path)};
    // Forward from where it is when no keyframe lies between; else seek (OpenCV seeks to the
    // keyframe before and decodes forward to the frame itself).
    const int key = m_index.keyframeBefore(index);
    if (!(d->next <= index && d->next >= key)) {
        d->capture.set(cv::CAP_PROP_POS_FRAMES, index);
        d->next = index;
    }
    long long skipped = 0;
    while (d->next < index) {
        if (!d->capture.grab())
            break;
        ++d->next;
        ++skipped;
    }
    cv::Mat bgr;
    const bool ok = d->next == index && d->capture.read(bgr) && !bgr.empty();
    d->next = ok ? index + 1 : -1;
    give(std::move(d));
    {
        const std::lock_guard lock(m_mutex);
        m_skippedOver += skipped;
    }
    if (!ok)
        return Error{QObject::tr("Frame %1 of \"%2\" cannot be decoded (the file may be cut "
                                 "short or damaged there).")
                         .arg(index)
                         .arg(m_path)};
    // BGR → display RGB32 at the size the view needs, straight into the QImage.
    QSize out(bgr.cols, bgr.rows);
    if (!fit.isEmpty() && (out.width() > fit.width() || out.height() > fit.height()))
        out = out.scaled(fit, Qt::KeepAspectRatio).expandedTo(QSize(1, 1));
    QImage image(out, QImage::Format_RGB32);
    cv::Mat target(out.height(), out.width(), CV_8UC4, image.bits(),
                   static_cast<std::size_t>(image.bytesPerLine()));
    if (out.width() != bgr.cols) {
        cv::Mat small;
        cv::resize(bgr, small, cv::Size(out.width(), out.height()), 0, 0, cv::INTER_AREA);
        cv::cvtColor(small, target, cv::COLOR_BGR2BGRA);
    } else {
        cv::cvtColor(bgr, target, cv::COLOR_BGR2BGRA);
    }
    return image;
}

Result<Stream> videoStream(const QString &path, const QString &name, qint64 offsetNs,
                           QStringList &warnings)
{
    Result<VideoIndex> index = videoIndex(path);
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
