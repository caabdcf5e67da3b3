// loupe-cli tracks convert IN OUT --to openlabel|cvat|kitti|mot|coco [--camera N]

#include "app/cli/commands.h"

#include "plugins/cvat/cvatxml.h"
#include "plugins/openlabel/openlabel.h"
#include "plugins/trackformats/coco.h"
#include "plugins/trackformats/textformats.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTextStream>

namespace loupe::cli {

namespace {

struct Loaded {
    std::vector<Track> tracks;
    QStringList streams;
    int frameCount = 0;
    std::vector<double> frameTimes;
    LabelSchema schema;
};

/// OpenLABEL (.json) or CVAT XML (.xml), by what the file starts with.
Result<Loaded> load(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return Error{QObject::tr("Cannot read \"%1\": %2").arg(path, f.errorString())};
    const QByteArray bytes = f.readAll();
    Loaded out;
    if (bytes.trimmed().startsWith('<')) {
        Result<cvat::Annotations> a = cvat::read(bytes);
        if (!a.ok())
            return Error{QStringLiteral("%1: %2").arg(path, a.errorMessage())};
        out.tracks = std::move(a->tracks);
        out.frameCount = a->frameCount;
        out.schema = std::move(a->schema);
        out.streams << QStringLiteral("camera");
    } else {
        Result<openlabel::Annotations> a = openlabel::read(bytes);
        if (!a.ok())
            return Error{QStringLiteral("%1: %2").arg(path, a.errorMessage())};
        out.tracks = std::move(a->tracks);
        out.frameCount = a->frameCount;
        out.streams = a->streams;
        out.frameTimes = std::move(a->frameTimes);
    }
    return out;
}

} // namespace

int runTracks(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QStringList rest = args;
    QString to;
    int camera = 0;
    if (const qsizetype at = rest.indexOf(QStringLiteral("--to"));
        at >= 0 && at + 1 < rest.size()) {
        to = rest[at + 1];
        rest.remove(at, 2);
    }
    if (const qsizetype at = rest.indexOf(QStringLiteral("--camera"));
        at >= 0 && at + 1 < rest.size()) {
        camera = rest[at + 1].toInt();
        rest.remove(at, 2);
    }
    const QStringList formats{"openlabel", "cvat", "kitti", "mot", "coco"};
    if (rest.size() != 3 || rest[0] != QLatin1String("convert") || !formats.contains(to)) {
        err << "Usage: loupe-cli tracks convert IN OUT --to openlabel|cvat|kitti|mot|coco "
               "[--camera N]\n"
               "  IN: OpenLABEL JSON or CVAT XML 1.1\n";
        return 2;
    }
    Result<Loaded> in = load(rest[1]);
    if (!in.ok()) {
        err << "loupe-cli tracks convert: " << in.errorMessage() << "\n";
        return 1;
    }
    QByteArray bytes;
    QStringList lost;
    if (to == QLatin1String("openlabel")) {
        openlabel::Annotations a{in->streams, in->frameCount, in->frameTimes, in->tracks};
        openlabel::Written w = openlabel::write(a);
        bytes = w.json;
        lost = w.lost;
    } else if (to == QLatin1String("cvat")) {
        cvat::Annotations a{QFileInfo(rest[1]).completeBaseName(), in->frameCount, in->schema,
                            in->tracks};
        bytes = cvat::write(a, camera);
        if (in->streams.size() > 1)
            lost << QObject::tr("CVAT XML holds one camera: only camera %1 (%2) was written.")
                        .arg(camera)
                        .arg(in->streams.value(camera));
    } else if (to == QLatin1String("kitti")) {
        trackformats::Written w =
            trackformats::writeKittiTracking(in->tracks, camera, in->frameCount);
        bytes = w.text;
        lost = w.lost;
    } else if (to == QLatin1String("mot")) {
        QStringList classes;
        trackformats::Written w =
            trackformats::writeMot(in->tracks, camera, in->frameCount, classes);
        bytes = w.text;
        lost = w.lost;
        lost << QObject::tr("MOT classes: %1").arg(classes.join(QStringLiteral(", ")));
    } else {
        QStringList files, classes;
        for (int f = 0; f < in->frameCount; ++f)
            files << QStringLiteral("%1.png").arg(f, 10, 10, QLatin1Char('0'));
        trackformats::Written w =
            trackformats::writeCoco(in->tracks, camera, files, QSize(), classes);
        bytes = w.text;
        lost = w.lost;
        lost << QObject::tr("COCO images are named 0000000000.png…; their size is not known "
                            "from the labels (0 × 0).");
    }
    QSaveFile file(rest[2]);
    if (!file.open(QIODevice::WriteOnly) || file.write(bytes) != bytes.size() || !file.commit()) {
        err << "loupe-cli tracks convert: cannot write \"" << rest[2]
            << "\": " << file.errorString() << "\n";
        return 1;
    }
    out << rest[2] << ": " << in->tracks.size() << " tracks, " << in->frameCount << " frames\n";
    for (const QString &l : lost)
        out << "note: " << l << "\n";
    return 0;
}

} // namespace loupe::cli
