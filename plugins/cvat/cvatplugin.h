#pragma once

#include "core/plugins/interfaces.h"

#include <QObject>

namespace loupe::cvat {

/// The plugin shell around the CVAT XML 1.1 writer (video, one camera) and reader (video and
/// images).
class CvatPlugin final : public QObject, public TrackFormat {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LOUPE_TRACK_FORMAT_IID FILE "cvat.json")
    Q_INTERFACES(loupe::TrackFormat)

public:
    std::vector<TrackFormatInfo> trackFormats() const override;
    Result<TrackFile> writeTracks(const QString &id, const TrackLabels &labels,
                                  int camera) const override;
    int canReadTracks(const QString &id, const QByteArray &head) const override;
    Result<TrackLabels> readTracks(const QString &id, const QByteArray &bytes,
                                   QStringList *problems) const override;
};

} // namespace loupe::cvat
