#include "app/gui/trackfiles.h"

#include "app/gui/exporttracksdialog.h"
#include "app/gui/uithread.h"
#include "core/annotations/trackdocument.h"
#include "core/sequence/sequence.h"
#include "widgets/sequenceview.h"

#include <QFile>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentRun>

namespace loupe {

TrackFiles::TrackFiles(const PluginRegistry &plugins, SequenceView *view, QObject *parent)
    : QObject(parent), m_formats(plugins), m_view(view)
{
}

ExportTracksDialog *TrackFiles::exportDialog(QWidget *parent, QString &refused) const
{
    const TrackDocument *document = m_view->annotations();
    if (!document || !m_view->sequence()) {
        refused = tr("Open a camera sequence and label it first.");
        return nullptr;
    }
    if (document->tracks().empty() && document->tags().empty()) {
        refused = tr("There are no tracks to export yet: draw some (N on a camera).");
        return nullptr;
    }
    if (m_formats.formats().empty()) {
        refused = tr("No track format can be written: no track-format plugin is loaded. Help → "
                     "Plugins says why; reinstall Loupe if its plugins are missing.");
        return nullptr;
    }
    TrackLabels labels;
    describeSequence(*m_view->sequence(), labels);
    labels.schema = document->schema();
    labels.name = QFileInfo(m_view->sequence()->name).completeBaseName();
    for (const auto &[id, t] : document->tracks())
        labels.tracks.push_back(t);
    for (const auto &[id, t] : document->tags())
        labels.tags.push_back(t);
    const QString suggested = labels.name.isEmpty() ? QStringLiteral("tracks") : labels.name;
    return new ExportTracksDialog(m_formats, std::move(labels), suggested, parent);
}

void TrackFiles::import(const QString &path, bool keepValid)
{
    (void)QtConcurrent::run(
        [self = QPointer<TrackFiles>(this), formats = m_formats, path, keepValid] {
            QFile f(path);
            const bool opened = f.open(QIODevice::ReadOnly);
            const QByteArray bytes = opened ? f.readAll() : QByteArray();
            auto problems = std::make_shared<QStringList>();
            auto read = std::make_shared<Result<TrackLabels>>(
                opened ? formats.read(bytes, keepValid ? problems.get() : nullptr)
                       : Result<TrackLabels>(Error{f.errorString()}));
            // Refused whole: would a reading that leaves broken parts out keep something?
            auto partly = std::make_shared<Result<TrackLabels>>(Error{QString()});
            if (!read->ok() && !keepValid && opened)
                *partly = formats.read(bytes, problems.get());
            onUiThread(self, [path, read, partly, problems](TrackFiles &files) {
                TrackDocument *document = files.m_view->annotations();
                if (!read->ok()) {
                    emit files.imported(
                        false,
                        tr("Nothing was imported from \"%1\": %2").arg(path, read->errorMessage()));
                    if (partly->ok() &&
                        (!partly->value().tracks.empty() || !partly->value().tags.empty()))
                        emit files.partlyValid(
                            path, int(partly->value().tracks.size() + partly->value().tags.size()),
                            *problems);
                    return;
                }
                if (!document || !files.m_view->sequence())
                    return emit files.imported(false, tr("Open the camera sequence the tracks of "
                                                         "\"%1\" belong to first.")
                                                          .arg(path));
                // Cameras by name where the file names them as the sequence does; else by order.
                const auto &streams = files.m_view->sequence()->streams;
                std::vector<TrackChange> changes;
                QStringList skipped;
                for (Track t : read->value().tracks) {
                    const QString camera = read->value().cameras.value(t.stream);
                    for (int s = 0; s < int(streams.size()); ++s)
                        if (streams[std::size_t(s)].name == camera)
                            t.stream = s;
                    if (t.stream < 0 || t.stream >= int(streams.size())) {
                        skipped << QString::number(t.id);
                        continue;
                    }
                    t.id = document->newId();
                    changes.push_back({t.id, std::nullopt, t});
                }
                if (!skipped.isEmpty())
                    return emit files.imported(
                        false, tr("Nothing was imported from \"%1\": tracks %2 are on cameras this "
                                  "sequence does not have.")
                                   .arg(path, skipped.join(QStringLiteral(", "))));
                std::vector<TagChange> tags;
                for (FrameTag t : read->value().tags) {
                    const QString camera = read->value().cameras.value(t.stream);
                    for (int s = 0; s < int(streams.size()); ++s)
                        if (streams[std::size_t(s)].name == camera)
                            t.stream = s;
                    if (t.stream < 0 || t.stream >= int(streams.size()))
                        continue; // said below with the tracks', if any
                    t.id = document->newId();
                    tags.push_back({t.id, std::nullopt, t});
                }
                const int n = int(changes.size()), tagCount = int(tags.size());
                const Result<bool> done =
                    document->apply(tr("Import %1").arg(QFileInfo(path).fileName()),
                                    std::move(changes), std::move(tags));
                if (!done.ok())
                    return emit files.imported(
                        false,
                        tr("Nothing was imported from \"%1\": %2").arg(path, done.errorMessage()));
                QString text = tr("%n track(s) and %1 tag(s) imported from %2.", nullptr, n)
                                   .arg(tagCount)
                                   .arg(path);
                if (!problems->isEmpty())
                    text += QLatin1Char(' ') +
                            tr("Left out as broken: %1").arg(problems->join(QStringLiteral("; ")));
                emit files.imported(true, text);
            });
        });
}

} // namespace loupe
