#pragma once
// Every track format the loaded track-format plugins offer, as one list: what the export dialog
// and `loupe-cli labels convert` write and read through.

#include "core/plugins/interfaces.h"

#include <QString>

#include <vector>

namespace loupe {

class PluginRegistry;

class TrackFormats {
public:
    struct Entry {
        TrackFormatInfo info;
        const TrackFormat *plugin = nullptr; ///< owned by the registry's loaders
        QString pluginId;
    };

    /// The formats of `registry`'s loaded plugins, in discovery order; the first plugin to
    /// offer an id keeps it. The registry must outlive this list.
    explicit TrackFormats(const PluginRegistry &registry);

    const std::vector<Entry> &formats() const { return m_formats; }
    /// Null when no loaded plugin offers `id`.
    const Entry *find(const QString &id) const;
    /// "openlabel|cvat|…", for usage lines.
    QString idList() const;

    /// `labels` in format `id` (see TrackFormat::writeTracks); an unknown id is an error that
    /// lists the known ones. Exceptions from a plugin become errors.
    Result<TrackFile> write(const QString &id, const TrackLabels &labels, int camera) const;
    /// Reads `bytes` with the format most sure of them; none sure is an error that names the
    /// formats read. `format`, when given, is set to the format's id.
    Result<TrackLabels> read(const QByteArray &bytes, QStringList *problems = nullptr,
                             QString *format = nullptr) const;

private:
    std::vector<Entry> m_formats;
};

} // namespace loupe
