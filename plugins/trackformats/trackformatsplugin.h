#pragma once

#include "core/plugins/interfaces.h"

#include <QObject>

namespace loupe::trackformats {

/// The plugin shell around the one-camera formats Loupe writes but does not read: COCO
/// instances JSON, KITTI tracking labels and MOTChallenge gt.txt.
class TrackFormatsPlugin final : public QObject, public TrackFormat {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LOUPE_TRACK_FORMAT_IID FILE "trackformats.json")
    Q_INTERFACES(loupe::TrackFormat)

public:
    std::vector<TrackFormatInfo> trackFormats() const override;
    Result<TrackFile> writeTracks(const QString &id, const TrackLabels &labels,
                                  int camera) const override;
    int canReadTracks(const QString &, const QByteArray &) const override { return 0; }
    Result<TrackLabels> readTracks(const QString &id, const QByteArray &bytes,
                                   QStringList *problems) const override;
};

} // namespace loupe::trackformats
