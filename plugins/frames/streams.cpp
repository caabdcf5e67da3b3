#include "streams.h"

#include "imagesource.h"
#include "videosource.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>

#include <algorithm>
#include <cmath>

namespace loupe::frames {

namespace {

const QStringList kImageSuffixes{QStringLiteral("png"),  QStringLiteral("jpg"),
                                 QStringLiteral("jpeg"), QStringLiteral("bmp"),
                                 QStringLiteral("tif"),  QStringLiteral("tiff")};

QString firstExisting(const QStringList &candidates)
{
    for (const QString &c : candidates)
        if (QFileInfo(c).isFile())
            return c;
    return {};
}

} // namespace

bool isImageFile(const QString &path)
{
    return kImageSuffixes.contains(QFileInfo(path).suffix().toLower());
}

QStringList imageFiles(const QString &dir)
{
    QDir d(dir);
    QStringList patterns;
    for (const QString &suffix : kImageSuffixes)
        patterns << QStringLiteral("*.") + suffix;
    d.setNameFilters(patterns);
    d.setFilter(QDir::Files | QDir::Readable);
    QStringList names = d.entryList();
    std::sort(names.begin(), names.end(), naturalLess);
    QStringList paths;
    paths.reserve(names.size());
    for (const QString &n : names)
        paths << d.filePath(n);
    return paths;
}

Result<Stream> imageFolderStream(const QString &dir, const FolderOptions &options,
                                 QStringList &warnings)
{
    const QStringList paths = imageFiles(dir);
    if (paths.isEmpty())
        return Error{QObject::tr("\"%1\" holds no PNG, JPEG, BMP or TIFF images.").arg(dir)};
    Stream s;
    s.name = options.name.isEmpty() ? QFileInfo(dir).fileName() : options.name;
    s.frameSize = imageFileSize(paths.front());
    if (!s.frameSize.isValid())
        return Error{QObject::tr("\"%1\" cannot be read as an image.").arg(paths.front())};
    // Every frame the same size (headers only).
    for (const QString &p : paths) {
        const QSize size = imageFileSize(p);
        if (size.isValid() && size != s.frameSize)
            return Error{QObject::tr("\"%1\" mixes image sizes: \"%2\" is %3×%4, the first frame "
                                     "%5×%6. A camera's frames must all be one size; move the "
                                     "others to a folder of their own.")
                             .arg(dir, p)
                             .arg(size.width())
                             .arg(size.height())
                             .arg(s.frameSize.width())
                             .arg(s.frameSize.height())};
    }
    const QDir d(dir);
    const QString timestamps =
        !options.timestamps.isEmpty()
            ? options.timestamps
            : firstExisting({d.filePath(QStringLiteral("timestamps.txt")),
                             d.filePath(QStringLiteral("timestamps.csv")),
                             d.filePath(QStringLiteral("../timestamps.txt")),
                             d.filePath(QStringLiteral("../timestamps.csv"))});
    if (!timestamps.isEmpty()) {
        Result<std::vector<qint64>> t = readTimestamps(timestamps);
        if (!t.ok())
            return Error{t.errorMessage()};
        if (t->size() != static_cast<std::size_t>(paths.size()))
            return Error{QObject::tr("\"%1\" has %2 timestamps for %3 images in \"%4\"; they must "
                                     "match one to one.")
                             .arg(timestamps)
                             .arg(t->size())
                             .arg(paths.size())
                             .arg(dir)};
        s.timestampsNs = std::move(t.value());
    } else {
        const double rate = options.frameRate > 0 ? options.frameRate : 10.0;
        if (options.frameRate <= 0)
            warnings << QObject::tr("\"%1\" has no timestamps.txt or timestamps.csv: its frames "
                                    "are placed at %2 frames a second. A rig file can state the "
                                    "rate (\"frameRate\").")
                            .arg(dir)
                            .arg(rate);
        for (int n = 0; n < paths.size(); ++n)
            s.timestampsNs.push_back(static_cast<qint64>(std::llround(n * 1e9 / rate)));
    }
    for (qint64 &t : s.timestampsNs)
        t += options.offsetNs;
    warnings << checkTimestamps(s.name, s.timestampsNs);
    s.source = std::make_shared<ImageFileSource>(paths);
    return s;
}

bool isKittiDrive(const QString &dir)
{
    for (int c = 0; c < 4; ++c)
        if (QFileInfo(
                QDir(dir).filePath(QStringLiteral("image_%1/data").arg(c, 2, 10, QLatin1Char('0'))))
                .isDir())
            return true;
    return false;
}

std::optional<CameraIntrinsics> kittiIntrinsics(const QString &calibPath, const QString &camera)
{
    QFile file(calibPath);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return std::nullopt;
    std::vector<double> p, k;
    for (const QString &line : QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'))) {
        const qsizetype colon = line.indexOf(QLatin1Char(':'));
        if (colon < 0)
            continue;
        const QString key = line.left(colon).trimmed();
        std::vector<double> values;
        for (const QString &v : line.mid(colon + 1).split(QLatin1Char(' '), Qt::SkipEmptyParts)) {
            bool ok = false;
            values.push_back(v.toDouble(&ok));
            if (!ok)
                values.clear();
        }
        if (key == QStringLiteral("P_rect_") + camera && values.size() == 12)
            p = values;
        else if (key == QStringLiteral("K_") + camera && values.size() == 9)
            k = values;
    }
    CameraIntrinsics c;
    if (p.size() == 12) {
        std::copy(p.begin(), p.end(), c.projection.begin());
        c.fx = p[0];
        c.cx = p[2];
        c.fy = p[5];
        c.cy = p[6];
        return c;
    }
    if (k.size() == 9) {
        c.fx = k[0];
        c.cx = k[2];
        c.fy = k[4];
        c.cy = k[5];
        c.projection = {k[0], k[1], k[2], 0, k[3], k[4], k[5], 0, k[6], k[7], k[8], 0};
        return c;
    }
    return std::nullopt;
}

Result<Sequence> readKittiDrive(const QString &dir, QStringList &warnings)
{
    const QDir d(dir);
    Sequence seq;
    seq.name = QFileInfo(dir).fileName();
    const QString calib = firstExisting({d.filePath(QStringLiteral("calib_cam_to_cam.txt")),
                                         d.filePath(QStringLiteral("../calib_cam_to_cam.txt"))});
    if (calib.isEmpty())
        warnings << QObject::tr("\"%1\" has no calib_cam_to_cam.txt: the cameras have no "
                                "intrinsics.")
                        .arg(dir);
    for (int c = 0; c < 4; ++c) {
        const QString camera = QStringLiteral("%1").arg(c, 2, 10, QLatin1Char('0'));
        const QString data = d.filePath(QStringLiteral("image_%1/data").arg(camera));
        if (!QFileInfo(data).isDir())
            continue;
        FolderOptions options;
        options.name = QStringLiteral("image_%1").arg(camera);
        options.timestamps = d.filePath(QStringLiteral("image_%1/timestamps.txt").arg(camera));
        if (!QFileInfo(options.timestamps).isFile()) {
            options.timestamps.clear();
            options.frameRate = 10; // KITTI's cameras run at 10 Hz
            warnings << QObject::tr("\"%1\" has no timestamps.txt: its frames are placed at 10 "
                                    "frames a second, KITTI's rate.")
                            .arg(QDir(data).filePath(QStringLiteral("..")));
        }
        Result<Stream> s = imageFolderStream(data, options, warnings);
        if (!s.ok())
            return Error{s.errorMessage()};
        if (!calib.isEmpty())
            s->intrinsics = kittiIntrinsics(calib, camera);
        seq.streams.push_back(std::move(s.value()));
    }
    if (seq.streams.empty())
        return Error{QObject::tr("\"%1\" has no image_00 … image_03 camera folders.").arg(dir)};
    return seq;
}

bool looksLikeRig(const QString &path)
{
    if (!path.endsWith(QStringLiteral(".json"), Qt::CaseInsensitive))
        return false;
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return false;
    const QByteArray head = file.read(4096);
    return head.contains("\"streams\"");
}

Result<Sequence> readRig(const QString &path, const QString &cacheFolder, QStringList &warnings,
                         Progress *progress)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly))
        return Error{QObject::tr("Cannot read the rig \"%1\": %2").arg(path, file.errorString())};
    QJsonParseError parseError;
    const QJsonDocument doc = QJsonDocument::fromJson(file.readAll(), &parseError);
    if (doc.isNull())
        return Error{QObject::tr("The rig \"%1\" is not valid JSON: %2 (at byte %3).")
                         .arg(path, parseError.errorString())
                         .arg(parseError.offset)};
    const QJsonObject root = doc.object();
    const QJsonArray list = root.value(QStringLiteral("streams")).toArray();
    if (list.isEmpty())
        return Error{QObject::tr("The rig \"%1\" lists no streams (\"streams\": [{\"path\": …}]).")
                         .arg(path)};
    const QDir base = QFileInfo(path).absoluteDir();
    Sequence seq;
    seq.name = root.value(QStringLiteral("name")).toString(QFileInfo(path).completeBaseName());
    for (int n = 0; n < list.size(); ++n) {
        const QJsonObject o = list[n].toObject();
        const QString rel = o.value(QStringLiteral("path")).toString();
        if (rel.isEmpty())
            return Error{
                QObject::tr("The rig \"%1\": stream %2 has no \"path\".").arg(path).arg(n + 1)};
        const QString where = base.absoluteFilePath(rel);
        if (QFileInfo(where).isFile() && isVideoFile(where)) {
            Result<Stream> v =
                videoStream(where, o.value(QStringLiteral("name")).toString(),
                            static_cast<qint64>(
                                std::llround(o.value(QStringLiteral("offset")).toDouble(0) * 1e9)),
                            cacheFolder, warnings, progress);
            if (!v.ok())
                return Error{v.errorMessage()};
            seq.streams.push_back(std::move(v.value()));
            continue;
        }
        if (!QFileInfo(where).isDir())
            return Error{QObject::tr("The rig \"%1\": stream %2's folder \"%3\" does not exist.")
                             .arg(path)
                             .arg(n + 1)
                             .arg(where)};
        FolderOptions options;
        options.name = o.value(QStringLiteral("name")).toString(QFileInfo(where).fileName());
        options.frameRate = o.value(QStringLiteral("frameRate")).toDouble(0);
        options.offsetNs =
            static_cast<qint64>(std::llround(o.value(QStringLiteral("offset")).toDouble(0) * 1e9));
        if (o.contains(QStringLiteral("timestamps")))
            options.timestamps =
                base.absoluteFilePath(o.value(QStringLiteral("timestamps")).toString());
        Result<Stream> s = imageFolderStream(where, options, warnings);
        if (!s.ok())
            return Error{s.errorMessage()};
        seq.streams.push_back(std::move(s.value()));
    }
    return seq;
}

} // namespace loupe::frames
