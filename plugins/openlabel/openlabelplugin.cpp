#include "plugins/openlabel/openlabelplugin.h"

#include "plugins/openlabel/openlabel.h"

namespace loupe::openlabel {

std::vector<TrackFormatInfo> OpenLabelPlugin::trackFormats() const
{
    return {{QStringLiteral("openlabel"), tr("ASAM OpenLABEL 1.0 JSON (all cameras)"),
             QStringLiteral(".json"), false, true}};
}

Result<TrackFile> OpenLabelPlugin::writeTracks(const QString &, const TrackLabels &labels,
                                               int) const
{
    Written w =
        write({labels.cameras, labels.frameCount, labels.frameTimes, labels.tracks, labels.tags});
    return TrackFile{std::move(w.json), std::move(w.lost)};
}

int OpenLabelPlugin::canReadTracks(const QString &, const QByteArray &head) const
{
    const QByteArray h = head.trimmed();
    if (!h.startsWith('{'))
        return 0;
    // Any JSON object may be OpenLABEL gone wrong: reading it says where it goes wrong.
    return h.contains("\"openlabel\"") ? 90 : 20;
}

Result<TrackLabels> OpenLabelPlugin::readTracks(const QString &, const QByteArray &bytes,
                                                QStringList *problems) const
{
    Result<Annotations> a = read(bytes, problems);
    if (!a.ok())
        return Error{a.errorMessage()};
    TrackLabels out;
    out.tracks = std::move(a->tracks);
    out.frameCount = a->frameCount;
    out.cameras = a->streams;
    out.frameTimes = std::move(a->frameTimes);
    out.tags = std::move(a->tags);
    return out;
}

} // namespace loupe::openlabel
