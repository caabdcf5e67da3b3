#pragma once

#include "core/plugins/interfaces.h"

#include <QObject>

namespace loupe::openlabel {

/// The plugin shell around the OpenLABEL 1.0 writer and reader: all cameras in one file.
class OpenLabelPlugin final : public QObject, public TrackFormat {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LOUPE_TRACK_FORMAT_IID FILE "openlabel.json")
    Q_INTERFACES(loupe::TrackFormat)

public:
    std::vector<TrackFormatInfo> trackFormats() const override;
    Result<TrackFile> writeTracks(const QString &id, const TrackLabels &labels,
                                  int camera) const override;
    int canReadTracks(const QString &id, const QByteArray &head) const override;
    Result<TrackLabels> readTracks(const QString &id, const QByteArray &bytes,
                                   QStringList *problems) const override;
};

} // namespace loupe::openlabel
