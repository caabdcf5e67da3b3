#include "plugins/trackformats/trackformatsplugin.h"

#include "plugins/trackformats/coco.h"
#include "plugins/trackformats/textformats.h"

namespace loupe::trackformats {

namespace {

QStringList classNames(const LabelSchema &schema)
{
    QStringList classes;
    for (const ClassSpec &c : schema.classes)
        classes << c.name;
    return classes;
}

Written writeCocoFor(const TrackLabels &labels, int camera)
{
    QStringList notes;
    QStringList files = std::size_t(camera) < labels.frameFiles.size()
                            ? labels.frameFiles[std::size_t(camera)]
                            : QStringList{};
    if (files.isEmpty()) {
        for (int f = 0; f < labels.frameCount; ++f)
            files << QStringLiteral("%1.png").arg(f, 10, 10, QLatin1Char('0'));
        notes << QObject::tr("COCO images are named 0000000000.png…: the frames' files are "
                             "not known here (give the sequence).");
    }
    const QSize size = std::size_t(camera) < labels.frameSizes.size()
                           ? labels.frameSizes[std::size_t(camera)]
                           : QSize();
    if (size.isEmpty())
        notes << QObject::tr("COCO images have no size (0 × 0): the frames are not known here "
                             "(give the sequence).");
    QStringList classes = classNames(labels.schema);
    Written w = writeCoco(labels.tracks, camera, files, size, classes);
    w.lost << notes;
    return w;
}

} // namespace

std::vector<TrackFormatInfo> TrackFormatsPlugin::trackFormats() const
{
    return {
        {QStringLiteral("coco"), tr("COCO instances JSON (one camera)"), QStringLiteral(".json"),
         true, false},
        {QStringLiteral("kitti"), tr("KITTI tracking labels (one camera)"), QStringLiteral(".txt"),
         true, false},
        {QStringLiteral("mot"), tr("MOTChallenge gt.txt (one camera)"), QStringLiteral(".txt"),
         true, false},
    };
}

Result<TrackFile> TrackFormatsPlugin::writeTracks(const QString &id, const TrackLabels &labels,
                                                  int camera) const
{
    QString name;
    Written w;
    if (id == QLatin1String("coco")) {
        name = QStringLiteral("COCO");
        w = writeCocoFor(labels, camera);
    } else if (id == QLatin1String("kitti")) {
        name = QStringLiteral("KITTI");
        w = writeKittiTracking(labels.tracks, camera, labels.frameCount);
    } else if (id == QLatin1String("mot")) {
        name = QStringLiteral("MOTChallenge");
        QStringList classes = classNames(labels.schema);
        w = writeMot(labels.tracks, camera, labels.frameCount, classes);
        w.lost << tr("MOT numbers the classes: %1.").arg(classes.join(QStringLiteral(", ")));
    } else {
        return Error{tr("This plugin writes coco, kitti and mot, not \"%1\".").arg(id)};
    }
    TrackFile out{std::move(w.text), {}};
    if (!labels.tags.empty())
        out.lost << tr("%1 has no tags on frames: %n tag(s) were left out.", nullptr,
                       int(labels.tags.size()))
                        .arg(name);
    out.lost << w.lost;
    return out;
}

Result<TrackLabels> TrackFormatsPlugin::readTracks(const QString &id, const QByteArray &,
                                                   QStringList *) const
{
    return Error{tr("Loupe writes %1 but does not read it.").arg(id)};
}

} // namespace loupe::trackformats
