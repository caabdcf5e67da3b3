#include "plugins/cvat/cvatplugin.h"

#include "plugins/cvat/cvatxml.h"

#include <algorithm>

namespace loupe::cvat {

std::vector<TrackFormatInfo> CvatPlugin::trackFormats() const
{
    return {{QStringLiteral("cvat"), tr("CVAT XML 1.1 for video (one camera)"),
             QStringLiteral(".xml"), true, true}};
}

Result<TrackFile> CvatPlugin::writeTracks(const QString &, const TrackLabels &labels,
                                          int camera) const
{
    TrackFile out;
    std::vector<Track> mine;
    for (const Track &t : labels.tracks)
        if (t.stream == camera)
            mine.push_back(t);
    out.bytes = write({labels.name, labels.frameCount, labels.schema, std::move(mine), labels.tags},
                      camera);
    const auto elsewhere = [camera](const auto &item) { return item.stream != camera; };
    if (std::any_of(labels.tracks.begin(), labels.tracks.end(), elsewhere) ||
        std::any_of(labels.tags.begin(), labels.tags.end(), elsewhere))
        out.lost << tr("CVAT holds one camera: only %1 was written; the tracks and tags of the "
                       "other cameras were left out.")
                        .arg(labels.cameras.value(camera, QString::number(camera)));
    return out;
}

int CvatPlugin::canReadTracks(const QString &, const QByteArray &head) const
{
    const QByteArray h = head.trimmed();
    if (!h.startsWith('<'))
        return 0;
    // Any XML may be CVAT gone wrong: reading it says on which line.
    return h.contains("<annotations") ? 90 : 20;
}

Result<TrackLabels> CvatPlugin::readTracks(const QString &, const QByteArray &bytes,
                                           QStringList *problems) const
{
    Result<Annotations> a = read(bytes, problems);
    if (!a.ok())
        return Error{a.errorMessage()};
    TrackLabels out;
    out.name = a->name;
    out.tracks = std::move(a->tracks);
    out.frameCount = a->frameCount;
    out.schema = std::move(a->schema);
    out.tags = std::move(a->tags);
    out.cameras << QStringLiteral("camera");
    return out;
}

} // namespace loupe::cvat
