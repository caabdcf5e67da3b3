#include "plugins/trackexport/trackexport.h"

#include "core/sequence/sequence.h"
#include "plugins/cvat/cvatxml.h"
#include "plugins/openlabel/openlabel.h"
#include "plugins/trackformats/coco.h"
#include "plugins/trackformats/textformats.h"

#include <QFileInfo>
#include <QObject>

namespace loupe::trackexport {

std::vector<Format> formats()
{
    return {Format::OpenLabel, Format::Cvat, Format::Coco, Format::Kitti, Format::Mot};
}

QString formatId(Format format)
{
    switch (format) {
    case Format::OpenLabel: return QStringLiteral("openlabel");
    case Format::Cvat: return QStringLiteral("cvat");
    case Format::Kitti: return QStringLiteral("kitti");
    case Format::Mot: return QStringLiteral("mot");
    case Format::Coco: return QStringLiteral("coco");
    }
    return {};
}

std::optional<Format> formatFromId(const QString &id)
{
    for (const Format f : formats())
        if (formatId(f) == id)
            return f;
    return std::nullopt;
}

QString formatTitle(Format format)
{
    switch (format) {
    case Format::OpenLabel: return QObject::tr("ASAM OpenLABEL 1.0 JSON (all cameras)");
    case Format::Cvat: return QObject::tr("CVAT XML 1.1 for video (one camera)");
    case Format::Kitti: return QObject::tr("KITTI tracking labels (one camera)");
    case Format::Mot: return QObject::tr("MOTChallenge gt.txt (one camera)");
    case Format::Coco: return QObject::tr("COCO instances JSON (one camera)");
    }
    return {};
}

QString fileSuffix(Format format)
{
    switch (format) {
    case Format::OpenLabel:
    case Format::Coco: return QStringLiteral(".json");
    case Format::Cvat: return QStringLiteral(".xml");
    case Format::Kitti:
    case Format::Mot: return QStringLiteral(".txt");
    }
    return {};
}

bool oneCamera(Format format)
{
    return format != Format::OpenLabel;
}

Written write(const Labels &labels, Format format, int camera)
{
    Written out;
    if (!labels.tags.empty() &&
        (format == Format::Kitti || format == Format::Mot || format == Format::Coco))
        out.lost << QObject::tr("%1 has no tags on frames: %n tag(s) were left out.", nullptr,
                                int(labels.tags.size()))
                        .arg(formatTitle(format).section(QLatin1Char(' '), 0, 0));
    const auto others = [&] {
        const auto elsewhere = [camera](const auto &item) { return item.stream != camera; };
        if (std::any_of(labels.tracks.begin(), labels.tracks.end(), elsewhere) ||
            std::any_of(labels.tags.begin(), labels.tags.end(), elsewhere))
            out.lost << QObject::tr("%1 holds one camera: only %2 was written; the tracks "
                                    "and tags of the other cameras were left out.")
                            .arg(formatTitle(format).section(QLatin1Char(' '), 0, 0),
                                 labels.cameras.value(camera, QString::number(camera)));
    };
    switch (format) {
    case Format::OpenLabel: {
        const openlabel::Written w = openlabel::write(
            {labels.cameras, labels.frameCount, labels.frameTimes, labels.tracks, labels.tags});
        out.bytes = w.json;
        out.lost << w.lost;
        break;
    }
    case Format::Cvat: {
        std::vector<Track> mine;
        for (const Track &t : labels.tracks)
            if (t.stream == camera)
                mine.push_back(t);
        out.bytes =
            cvat::write({labels.name, labels.frameCount, labels.schema, mine, labels.tags}, camera);
        others();
        break;
    }
    case Format::Kitti: {
        const trackformats::Written w =
            trackformats::writeKittiTracking(labels.tracks, camera, labels.frameCount);
        out.bytes = w.text;
        out.lost << w.lost;
        break;
    }
    case Format::Mot: {
        QStringList classes;
        for (const ClassSpec &c : labels.schema.classes)
            classes << c.name;
        const trackformats::Written w =
            trackformats::writeMot(labels.tracks, camera, labels.frameCount, classes);
        out.bytes = w.text;
        out.lost << w.lost;
        out.lost
            << QObject::tr("MOT numbers the classes: %1.").arg(classes.join(QStringLiteral(", ")));
        break;
    }
    case Format::Coco: {
        QStringList classes;
        for (const ClassSpec &c : labels.schema.classes)
            classes << c.name;
        QStringList files = std::size_t(camera) < labels.frameFiles.size()
                                ? labels.frameFiles[std::size_t(camera)]
                                : QStringList{};
        if (files.isEmpty()) {
            for (int f = 0; f < labels.frameCount; ++f)
                files << QStringLiteral("%1.png").arg(f, 10, 10, QLatin1Char('0'));
            out.lost << QObject::tr("COCO images are named 0000000000.png…: the frames' files "
                                    "are not known here (give the sequence).");
        }
        const QSize size = std::size_t(camera) < labels.frameSizes.size()
                               ? labels.frameSizes[std::size_t(camera)]
                               : QSize();
        if (size.isEmpty())
            out.lost << QObject::tr("COCO images have no size (0 × 0): the frames are not "
                                    "known here (give the sequence).");
        const trackformats::Written w =
            trackformats::writeCoco(labels.tracks, camera, files, size, classes);
        out.bytes = w.text;
        out.lost = w.lost + out.lost;
        break;
    }
    }
    return out;
}

void describe(const Sequence &sequence, Labels &labels)
{
    labels.cameras.clear();
    labels.frameFiles.clear();
    labels.frameSizes.clear();
    for (const Stream &stream : sequence.streams) {
        labels.cameras << stream.name;
        QStringList files;
        for (int f = 0; f < stream.frameCount(); ++f)
            files << QFileInfo(stream.source->frameName(f)).fileName();
        labels.frameFiles.push_back(files);
        labels.frameSizes.push_back(stream.frameSize);
    }
    labels.frameTimes.clear();
    labels.frameCount = 0;
    if (sequence.streams.empty())
        return;
    const Stream &first = sequence.streams.front();
    labels.frameCount = first.frameCount();
    for (const qint64 ns : first.timestampsNs)
        labels.frameTimes.push_back(double(ns - first.timestampsNs.front()) / 1e9);
}

Result<Labels> read(const QByteArray &bytes, QStringList *problems)
{
    Labels out;
    if (bytes.trimmed().startsWith('<')) {
        Result<cvat::Annotations> a = cvat::read(bytes, problems);
        if (!a.ok())
            return Error{a.errorMessage()};
        out.name = a->name;
        out.tracks = std::move(a->tracks);
        out.frameCount = a->frameCount;
        out.schema = std::move(a->schema);
        out.tags = std::move(a->tags);
        out.cameras << QStringLiteral("camera");
        return out;
    }
    Result<openlabel::Annotations> a = openlabel::read(bytes, problems);
    if (!a.ok())
        return Error{a.errorMessage()};
    out.tracks = std::move(a->tracks);
    out.frameCount = a->frameCount;
    out.cameras = a->streams;
    out.frameTimes = std::move(a->frameTimes);
    out.tags = std::move(a->tags);
    return out;
}

} // namespace loupe::trackexport
