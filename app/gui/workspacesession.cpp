#include "app/gui/workspacesession.h"

#include "app/gui/uithread.h"

#include "core/annotations/trackdocument.h"
#include "core/labels/segmentation.h"
#include "core/sequence/sequence.h"
#include "core/store/portable.h"
#include "core/store/storewriter.h"
#include "core/store/trackstore.h"
#include "core/store/workspace.h"
#include "core/volume.h"

#include <QCoreApplication>
#include <QCryptographicHash>
#include <QFileInfo>
#include <QThreadPool>
#include <QTimer>

namespace loupe {

namespace {

/// The operations for a step that touched `ids`: each one's state now (found by `find`, null
/// when gone) against `written`, its state as last written, which is brought up to date.
template <typename T, typename Find, typename Diff>
std::vector<store::Operation> journalStep(const std::vector<qint64> &ids,
                                          std::map<qint64, T> &written, Find find, Diff diff)
{
    std::vector<T> before, now;
    for (const qint64 id : ids) {
        if (const auto it = written.find(id); it != written.end())
            before.push_back(it->second);
        if (const T *t = find(id)) {
            now.push_back(*t);
            written[id] = *t;
        } else {
            written.erase(id);
        }
    }
    return diff(before, now);
}

} // namespace

WorkspaceSession::WorkspaceSession(QString path, QObject *parent)
    : QObject(parent), m_path(std::move(path))
{
}

WorkspaceSession::~WorkspaceSession()
{
    m_journals.clear();
    if (m_writer)
        m_writer->waitForSaved(30000);
}

void WorkspaceSession::start()
{
    emit statusChanged(tr("Opening the workspace…"), false);
    QThreadPool::globalInstance()->start([self = QPointer<WorkspaceSession>(this), path = m_path] {
        auto w = std::make_shared<Result<std::unique_ptr<store::Workspace>>>(
            store::Workspace::open(path));
        bool crashed = false;
        QString last, client;
        qint64 edits = 0, datasets = 0;
        if (w->ok()) {
            crashed = w->value()->previousSessionCrashed();
            Result<std::vector<store::DatasetRecord>> seen = w->value()->datasets();
            if (seen.ok() && !seen->empty())
                last = seen->front().location;
            if (Result<store::WorkspaceInfo> info = w->value()->info(); info.ok()) {
                edits = info->operations;
                datasets = info->datasets;
                client = info->clientId;
            }
        }
        onUiThread(self, [w, crashed, last, client, edits, datasets](WorkspaceSession &session) {
            if (!w->ok()) {
                session.m_failure = w->errorMessage();
                emit session.message(tr("%1 Labels are not kept between runs until this is "
                                        "fixed.")
                                         .arg(session.m_failure),
                                     true);
                emit session.statusChanged(tr("Not saving: no workspace"), true);
                emit session.failed(session.m_failure);
                return;
            }
            session.m_clientId = client;
            session.adopt(std::move(w->value()), crashed, last, edits, datasets);
        });
    });
}

void WorkspaceSession::adopt(std::unique_ptr<store::Workspace> workspace, bool crashed,
                             QString last, qint64 edits, qint64 datasets)
{
    m_lastDataset = std::move(last);
    m_writer = std::make_unique<store::StoreWriter>(std::move(workspace));
    connect(m_writer.get(), &store::StoreWriter::pendingChanged, this,
            &WorkspaceSession::updateStatus);
    connect(m_writer.get(), &store::StoreWriter::failed, this, [this](const QString &why) {
        const bool first = m_failure != why;
        m_failure = why;
        if (first)
            emit message(tr("%1 Your edits are kept in memory and saved as soon as the "
                            "workspace can be written again (Loupe tries every 10 s).")
                             .arg(why),
                         true);
        updateStatus();
        // Space may be freed meanwhile: try again, quietly, until it works.
        QTimer::singleShot(10000, this, [this] {
            if (m_writer && m_writer->hasFailed())
                m_writer->retry();
        });
    });
    connect(m_writer.get(), &store::StoreWriter::saved, this, [this] {
        if (!m_failure.isEmpty() && !m_writer->hasFailed()) {
            m_failure.clear();
            emit message(tr("Saving works again; every edit is in the workspace."), false);
        }
    });
    if (crashed)
        emit message(tr("Loupe did not close properly last time. Everything saved before then "
                        "is in the workspace %1: %2 edits of %3 datasets.")
                         .arg(m_path)
                         .arg(edits)
                         .arg(datasets),
                     true);
    updateStatus();
    emit opened();
    for (const auto &[labels, location] : std::exchange(m_waiting, {}))
        if (labels)
            track(labels, location);
}

int WorkspaceSession::pending() const
{
    return m_writer ? m_writer->pending() : 0;
}

bool WorkspaceSession::waitForSaved(int ms)
{
    return m_writer && m_writer->waitForSaved(ms);
}

void WorkspaceSession::updateStatus()
{
    if (!m_writer)
        return;
    const int n = m_writer->pending();
    if (m_writer->hasFailed())
        emit statusChanged(tr("%n edits not saved: the workspace cannot be written", nullptr, n),
                           true);
    else if (n > 0)
        emit statusChanged(tr("Saving %n edits…", nullptr, n), false);
    else
        emit statusChanged(tr("All changes saved"), false);
}

QString WorkspaceSession::fingerprint(const Volume &volume)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    const VolumeGeometry &g = volume.geometry();
    for (std::int64_t d : g.dims)
        hash.addData(QByteArray::number(d) + ' ');
    for (double s : g.spacing)
        hash.addData(QByteArray::number(s, 'g', 9) + ' ');
    hash.addData(volume.info().seriesInstanceUid.toUtf8());
    // Two bytes of every 1994: cheap, and two scans differ there.
    const auto *bytes = static_cast<const char *>(volume.data());
    QByteArray sample;
    for (std::size_t at = 0; at + 1 < volume.sizeInBytes(); at += 1994)
        sample.append(bytes + at, 2);
    hash.addData(sample);
    return QString::fromLatin1(hash.result().toHex().left(32));
}

QString WorkspaceSession::fingerprint(const Sequence &sequence)
{
    QCryptographicHash hash(QCryptographicHash::Sha256);
    for (const Stream &s : sequence.streams) {
        hash.addData(s.name.toUtf8() + ' ' + QByteArray::number(s.frameCount()) + ' ');
        if (!s.timestampsNs.empty())
            hash.addData(QByteArray::number(s.timestampsNs.front()) + ' ' +
                         QByteArray::number(s.timestampsNs.back()) + ' ');
    }
    return QString::fromLatin1(hash.result().toHex().left(32));
}

QString WorkspaceSession::documentOf(const TrackDocument *tracks) const
{
    const auto it = m_trackJournals.find(const_cast<TrackDocument *>(tracks));
    return it == m_trackJournals.end() ? QString() : it->second.document;
}

QString WorkspaceSession::documentOf(const Segmentation *labels) const
{
    const auto it = m_journals.find(const_cast<Segmentation *>(labels));
    return it == m_journals.end() ? QString() : it->second->document();
}

void WorkspaceSession::sequenceOpened(const QString &location, const Sequence &sequence)
{
    remember(location, QStringLiteral("sequence"), fingerprint(sequence));
}

void WorkspaceSession::trackAnnotations(TrackDocument *tracks, const QString &location,
                                        const Sequence &sequence)
{
    if (!tracks || !m_writer || m_trackJournals.count(tracks))
        return;
    const QString document = store::documentOf(fingerprint(sequence), QStringLiteral("tracks"));
    m_trackJournals[tracks].document = document;
    // New tracks get ids no other installation makes.
    if (!m_clientId.isEmpty())
        tracks->setIdOrigin(trackIdOrigin(m_clientId));
    connect(tracks, &QObject::destroyed, this, [this, tracks] { m_trackJournals.erase(tracks); });
    (void)location;
    // Read on the writer's thread (after what is queued), handed back to this one.
    QPointer<TrackDocument> guard(tracks);
    m_writer->post([self = QPointer<WorkspaceSession>(this), guard, document](store::Workspace &w) {
        auto stored = std::make_shared<Result<std::vector<Track>>>(store::loadTracks(w, document));
        auto tags = std::make_shared<Result<std::vector<FrameTag>>>(store::loadTags(w, document));
        onUiThread(self, [guard, stored, tags](WorkspaceSession &session) {
            if (guard)
                session.journalTracks(guard, *stored, *tags);
        });
    });
}

void WorkspaceSession::journalTracks(TrackDocument *tracks,
                                     const Result<std::vector<Track>> &stored,
                                     const Result<std::vector<FrameTag>> &storedTags)
{
    TrackJournal &journal = m_trackJournals[tracks];
    if (!stored.ok() || !storedTags.ok()) {
        emit message(stored.ok() ? storedTags.errorMessage() : stored.errorMessage(), true);
    } else {
        for (const Track &t : stored.value())
            journal.written[t.id] = t;
        for (const FrameTag &t : storedTags.value())
            journal.writtenTags[t.id] = t;
        if (!stored->empty() || !storedTags->empty()) {
            // What was drawn before the workspace answered joins what it kept (under new ids
            // where theirs are taken); nothing is lost.
            for (const auto &[id, t] : journal.written)
                tracks->reserveId(id);
            for (const auto &[id, t] : journal.writtenTags)
                tracks->reserveId(id);
            std::vector<Track> all = stored.value();
            for (const auto &[id, t] : tracks->tracks()) {
                all.push_back(t);
                if (journal.written.count(id) || journal.writtenTags.count(id))
                    all.back().id = tracks->newId();
            }
            std::vector<FrameTag> allTags = storedTags.value();
            for (const auto &[id, t] : tracks->tags()) {
                allTags.push_back(t);
                if (journal.written.count(id) || journal.writtenTags.count(id))
                    allTags.back().id = tracks->newId();
            }
            tracks->reset(std::move(all), std::move(allTags));
            emit message(tr("%n track(s) and %1 tag(s) restored from the workspace.", nullptr,
                            int(stored->size()))
                             .arg(storedTags->size()),
                         false);
        }
    }
    // Every step from now on: the tracks and tags it touched, against what was last written.
    connect(tracks, &TrackDocument::tracksChanged, this,
            [this, tracks](const std::vector<qint64> &ids, bool reset) {
                if (!reset)
                    writeTracks(tracks, ids);
            });
    connect(tracks, &TrackDocument::tagsChanged, this,
            [this, tracks](const std::vector<qint64> &ids, bool reset) {
                if (!reset)
                    writeTags(tracks, ids);
            });
    // What was drawn before the workspace answered.
    std::vector<qint64> drawn, tagged;
    for (const auto &[id, t] : tracks->tracks())
        drawn.push_back(id);
    for (const auto &[id, t] : tracks->tags())
        tagged.push_back(id);
    writeTracks(tracks, drawn);
    writeTags(tracks, tagged);
}

void WorkspaceSession::writeTracks(TrackDocument *tracks, const std::vector<qint64> &ids)
{
    TrackJournal &j = m_trackJournals[tracks];
    if (m_writer)
        submit(journalStep(
            ids, j.written, [tracks](qint64 id) { return tracks->track(id); },
            [&j](const auto &before, const auto &now) {
                return store::trackChanges(j.document, before, now);
            }));
}

void WorkspaceSession::writeTags(TrackDocument *tracks, const std::vector<qint64> &ids)
{
    TrackJournal &j = m_trackJournals[tracks];
    if (m_writer)
        submit(journalStep(
            ids, j.writtenTags, [tracks](qint64 id) { return tracks->tag(id); },
            [&j](const auto &before, const auto &now) {
                return store::tagChanges(j.document, before, now);
            }));
}

void WorkspaceSession::submit(std::vector<store::Operation> ops)
{
    for (store::Operation &op : ops)
        m_writer->submit(std::move(op));
    updateStatus();
}

void WorkspaceSession::saveView(const QString &location, const QByteArray &json)
{
    if (!m_writer || location.isEmpty())
        return;
    m_writer->post([location, json](store::Workspace &w) {
        Result<std::vector<store::DatasetRecord>> all = w.datasets();
        if (all.ok())
            for (const store::DatasetRecord &d : all.value())
                if (d.location == location)
                    (void)w.setViewState(d.id, json);
    });
}

void WorkspaceSession::loadView(const QString &location)
{
    if (!m_writer || location.isEmpty())
        return;
    // Read on the writer's thread, after the dataset was remembered.
    m_writer->post([self = QPointer<WorkspaceSession>(this), location](store::Workspace &w) {
        QByteArray json;
        Result<std::vector<store::DatasetRecord>> all = w.datasets();
        if (all.ok())
            for (const store::DatasetRecord &d : all.value())
                if (d.location == location)
                    if (Result<QByteArray> v = w.viewState(d.id); v.ok())
                        json = v.value();
        onUiThread(self, [location, json](WorkspaceSession &session) {
            emit session.viewLoaded(location, json);
        });
    });
}

void WorkspaceSession::exportPortable(const QString &file, const QString &location)
{
    if (!m_writer) {
        emit transferred(false, tr("There is no workspace to export from: %1").arg(m_failure));
        return;
    }
    m_writer->post([self = QPointer<WorkspaceSession>(this), file, location](store::Workspace &w) {
        std::optional<qint64> dataset;
        bool known = location.isEmpty();
        if (!location.isEmpty())
            if (Result<std::vector<store::DatasetRecord>> all = w.datasets(); all.ok())
                for (const store::DatasetRecord &d : all.value())
                    if (d.location == location) {
                        dataset = d.id;
                        known = true;
                    }
        const Result<store::PortableSummary> done =
            known ? store::exportPortable(w, file, dataset)
                  : Result<store::PortableSummary>(
                        Error{tr("The workspace has nothing of %1 yet.").arg(location)});
        const bool ok = done.ok();
        const QString text =
            ok ? tr("Wrote %1: %n edits.", nullptr, int(done->operations)).arg(file)
               : done.errorMessage();
        onUiThread(self,
                   [ok, text](WorkspaceSession &session) { emit session.transferred(ok, text); });
    });
}

void WorkspaceSession::importPortable(const QString &file)
{
    if (!m_writer) {
        emit transferred(false, tr("There is no workspace to import into: %1").arg(m_failure));
        return;
    }
    m_writer->post([self = QPointer<WorkspaceSession>(this), file](store::Workspace &w) {
        const Result<store::PortableSummary> done = store::importPortable(w, file);
        const bool ok = done.ok();
        const QString text =
            ok ? tr("Imported %1: %2 new edits, %3 already here. Labels of a dataset open now "
                    "show when it is opened again.")
                     .arg(file)
                     .arg(done->operations)
                     .arg(done->skipped)
               : done.errorMessage();
        onUiThread(self,
                   [ok, text](WorkspaceSession &session) { emit session.transferred(ok, text); });
    });
}

void WorkspaceSession::remember(const QString &location, const QString &kind,
                                const QString &fingerprint)
{
    if (!m_writer)
        return;
    store::DatasetRecord d;
    d.location = location;
    d.kind = kind;
    d.fingerprint = fingerprint;
    m_writer->post([d](store::Workspace &w) { (void)w.rememberDataset(d); });
}

void WorkspaceSession::track(Segmentation *labels, const QString &location)
{
    if (!labels || m_journals.count(labels))
        return;
    if (!m_writer) {
        if (m_failure.isEmpty())
            m_waiting.emplace_back(labels, location);
        return;
    }
    const std::shared_ptr<const Volume> volume = labels->volume();
    QPointer<Segmentation> guard(labels);
    // The fingerprint and what the workspace holds for it, on a worker, through a read-only
    // connection of its own (the writer's thread keeps the other).
    QThreadPool::globalInstance()->start(
        [self = QPointer<WorkspaceSession>(this), guard, volume, location, path = m_path] {
            const QString print = fingerprint(*volume);
            const QString document = store::documentOf(print);
            Result<std::unique_ptr<store::Workspace>> reader =
                store::Workspace::open(path, store::Workspace::Access::ReadOnly);
            auto stored = std::make_shared<Result<store::StoredLabels>>(
                reader.ok() ? store::loadLabels(*reader.value(), document, *volume)
                            : Result<store::StoredLabels>(Error{reader.errorMessage()}));
            onUiThread(self, [guard, location, print, document, stored](WorkspaceSession &session) {
                session.restore(guard, location, print, document, *stored);
            });
        });
}

void WorkspaceSession::restore(Segmentation *labels, const QString &location, const QString &print,
                               const QString &document, const Result<store::StoredLabels> &stored)
{
    remember(location, QStringLiteral("volume"), print);
    if (!labels)
        return;
    bool restored = false;
    if (!stored.ok()) {
        emit message(stored.errorMessage(), true);
    } else if (!stored->empty()) {
        if (labels->segments().empty() && !labels->canUndo()) {
            restored = true;
            labels->replaceAll(tr("labels restored from the workspace"), stored->layers,
                               stored->segments);
            emit message(tr("Restored %n segments from the workspace.", nullptr,
                            int(stored->segments.size())),
                         false);
            emit labelsRestored(labels, int(stored->segments.size()));
        } else {
            emit message(tr("The workspace holds labels of this volume, but new ones were made "
                            "before they were read; the new ones are kept."),
                         true);
        }
    }
    // Restored: already stored. Otherwise whatever was made while the workspace was being
    // read is written now.
    journal(labels, document, restored);
}

void WorkspaceSession::journal(Segmentation *labels, const QString &document, bool stored)
{
    m_journals[labels] = std::make_unique<store::LabelJournal>(
        *labels, document, *m_writer,
        stored ? store::LabelJournal::Start::Stored : store::LabelJournal::Start::NotStored);
    connect(labels, &QObject::destroyed, this, [this, labels] { m_journals.erase(labels); });
    emit tracking(labels);
}

QString WorkspaceSession::cacheFolder() const
{
    return store::Workspace::cacheFolderOf(m_path);
}

} // namespace loupe
