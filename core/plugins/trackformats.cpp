#include "core/plugins/trackformats.h"

#include "core/plugins/pluginregistry.h"

#include <QObject>

#include <exception>

namespace loupe {

namespace {

QString pluginFailed(const TrackFormats::Entry &e, const char *what)
{
    return QObject::tr("The %1 plugin \"%2\" failed: %3. Report it to whoever made the plugin.")
        .arg(e.info.title, e.pluginId, QString::fromLocal8Bit(what));
}

} // namespace

TrackFormats::TrackFormats(const PluginRegistry &registry)
{
    for (const auto &[record, plugin] : registry.plugins<TrackFormat>()) {
        std::vector<TrackFormatInfo> offered;
        try {
            offered = plugin->trackFormats();
        } catch (...) {
            continue; // a plugin that cannot list its formats offers none
        }
        for (TrackFormatInfo &info : offered)
            if (!info.id.isEmpty() && !find(info.id))
                m_formats.push_back({std::move(info), plugin, record->id});
    }
}

const TrackFormats::Entry *TrackFormats::find(const QString &id) const
{
    for (const Entry &e : m_formats)
        if (e.info.id == id)
            return &e;
    return nullptr;
}

QString TrackFormats::idList() const
{
    QStringList ids;
    for (const Entry &e : m_formats)
        ids << e.info.id;
    return ids.join(QLatin1Char('|'));
}

Result<TrackFile> TrackFormats::write(const QString &id, const TrackLabels &labels,
                                      int camera) const
{
    const Entry *e = find(id);
    if (!e)
        return Error{m_formats.empty()
                         ? QObject::tr("No track format can be written: no track-format plugin "
                                       "is loaded (see loupe-cli plugins).")
                         : QObject::tr("No loaded plugin writes \"%1\"; these do: %2.")
                               .arg(id, idList().replace(QLatin1Char('|'), QStringLiteral(", ")))};
    try {
        return e->plugin->writeTracks(id, labels, camera);
    } catch (const std::exception &x) {
        return Error{pluginFailed(*e, x.what())};
    } catch (...) {
        return Error{pluginFailed(*e, "unknown exception")};
    }
}

Result<TrackLabels> TrackFormats::read(const QByteArray &bytes, QStringList *problems,
                                       QString *format) const
{
    const QByteArray head = bytes.left(4096);
    const Entry *best = nullptr;
    int bestScore = 0;
    QStringList readable;
    for (const Entry &e : m_formats) {
        if (!e.info.reads)
            continue;
        readable << e.info.title;
        int score = 0;
        try {
            score = e.plugin->canReadTracks(e.info.id, head);
        } catch (...) {
            score = 0;
        }
        if (score > bestScore) {
            bestScore = score;
            best = &e;
        }
    }
    if (!best)
        return Error{readable.isEmpty()
                         ? QObject::tr("No track format can be read: no track-format plugin "
                                       "that reads is loaded (see loupe-cli plugins).")
                         : QObject::tr("This is not a track file Loupe reads. It reads: %1.")
                               .arg(readable.join(QStringLiteral("; ")))};
    if (format)
        *format = best->info.id;
    try {
        return best->plugin->readTracks(best->info.id, bytes, problems);
    } catch (const std::exception &x) {
        return Error{pluginFailed(*best, x.what())};
    } catch (...) {
        return Error{pluginFailed(*best, "unknown exception")};
    }
}

} // namespace loupe
