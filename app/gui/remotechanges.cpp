// WorkspaceSession: what a sync brings into the open documents (others' changes), and the
// conflicts it leaves for people to resolve.

#include "app/gui/workspacesession.h"

#include "app/gui/uithread.h"
#include "core/annotations/trackdocument.h"
#include "core/labels/segmentation.h"
#include "core/store/storewriter.h"
#include "core/store/trackstore.h"
#include "core/store/workspace.h"

#include <QTimer>

namespace loupe {

namespace {

/// By id: the state loaded, or none where the thing is gone.
template <typename T>
std::map<qint64, std::optional<T>> byId(const std::set<qint64> &ids, const std::vector<T> &loaded)
{
    std::map<qint64, std::optional<T>> out;
    for (const qint64 id : ids)
        out[id] = std::nullopt;
    for (const T &t : loaded)
        out[t.id] = t;
    return out;
}

/// What `written` holds for `ids` now.
template <typename T>
std::map<qint64, std::optional<T>> snapshotOf(const std::set<qint64> &ids,
                                              const std::map<qint64, T> &written)
{
    std::map<qint64, std::optional<T>> out;
    for (const qint64 id : ids) {
        const auto it = written.find(id);
        out[id] = it == written.end() ? std::nullopt : std::optional<T>(it->second);
    }
    return out;
}

/// The changes to make `written` (and the document) what was loaded: only where `written` is
/// still as it was when the read was asked for (an edit made meanwhile is newer, and stays)
/// and the document differs.
template <typename T, typename Find>
std::vector<std::pair<qint64, std::optional<T>>>
takeRemote(const std::map<qint64, std::optional<T>> &loaded,
           const std::map<qint64, std::optional<T>> &asked, std::map<qint64, T> &written, Find find)
{
    std::vector<std::pair<qint64, std::optional<T>>> changes;
    for (const auto &[id, state] : loaded) {
        const auto w = written.find(id);
        const std::optional<T> now =
            w == written.end() ? std::nullopt : std::optional<T>(w->second);
        if (now != asked.at(id))
            continue;
        const T *shown = find(id);
        if (state ? shown && *shown == *state : !shown)
            continue;
        if (state)
            written[id] = *state;
        else
            written.erase(id);
        changes.emplace_back(id, state);
    }
    return changes;
}

} // namespace

void WorkspaceSession::applyPulled(const std::vector<std::pair<QString, QString>> &things)
{
    for (const auto &[labels, journal] : m_journals) {
        QStringList keys;
        for (const auto &[document, key] : things)
            if (document == journal->document() && (store::brickOf(key) || store::segmentOf(key)))
                keys << key;
        if (!keys.isEmpty())
            refreshLabels(labels, keys);
    }
    for (const auto &[tracks, journal] : m_trackJournals) {
        std::set<qint64> ids, tagIds;
        for (const auto &[document, key] : things)
            if (document == journal.document)
                if (const auto thing = store::trackThing(key))
                    (thing->first == QLatin1String("track") ? ids : tagIds).insert(thing->second);
        if (!ids.empty() || !tagIds.empty())
            refreshTracks(tracks, ids, tagIds);
    }
}

void WorkspaceSession::refreshTracks(TrackDocument *tracks, const std::set<qint64> &ids,
                                     const std::set<qint64> &tagIds)
{
    if (!m_writer)
        return;
    const TrackJournal &j = m_trackJournals[tracks];
    auto asked = std::make_shared<std::pair<std::map<qint64, std::optional<Track>>,
                                            std::map<qint64, std::optional<FrameTag>>>>(
        snapshotOf(ids, j.written), snapshotOf(tagIds, j.writtenTags));
    // Read on the writer's thread, after the edits queued so far.
    m_writer->post([self = QPointer<WorkspaceSession>(this),
                    guard = QPointer<TrackDocument>(tracks), document = j.document, ids, tagIds,
                    asked](store::Workspace &w) {
        auto loaded =
            std::make_shared<Result<std::vector<Track>>>(store::loadTracks(w, document, ids));
        auto tags = std::make_shared<Result<std::vector<FrameTag>>>(
            tagIds.empty() ? Result<std::vector<FrameTag>>(std::vector<FrameTag>{})
                           : store::loadTags(w, document, tagIds));
        onUiThread(self, [guard, ids, tagIds, asked, loaded, tags](WorkspaceSession &session) {
            if (!guard || !session.m_trackJournals.count(guard))
                return;
            if (!loaded->ok() || !tags->ok())
                return emit session.message(
                    loaded->ok() ? tags->errorMessage() : loaded->errorMessage(), true);
            TrackJournal &journal = session.m_trackJournals[guard];
            const auto trackChanges =
                takeRemote(byId(ids, loaded->value()), asked->first, journal.written,
                           [&](qint64 id) { return guard->track(id); });
            const auto tagChanges =
                takeRemote(byId(tagIds, tags->value()), asked->second, journal.writtenTags,
                           [&](qint64 id) { return guard->tag(id); });
            if (!trackChanges.empty() || !tagChanges.empty())
                guard->applyRemote(trackChanges, tagChanges);
        });
    });
}

void WorkspaceSession::refreshLabels(Segmentation *labels, const QStringList &keys)
{
    if (!m_writer)
        return;
    // The bricks as they are now: one an edit replaces before the answer comes stays.
    const auto brickNow = [](const Segmentation &s, std::uint8_t layer, std::size_t index) {
        return layer < s.layers().size() && index < s.layers()[layer].brickCount()
                   ? s.layers()[layer].brick(index)
                   : nullptr;
    };
    using Brick = std::shared_ptr<const LabelMap::Brick>;
    auto asked = std::make_shared<std::map<std::pair<std::uint8_t, std::size_t>, Brick>>();
    for (const QString &key : keys)
        if (const auto b = store::brickOf(key))
            (*asked)[*b] = brickNow(*labels, b->first, b->second);
    m_writer->post([self = QPointer<WorkspaceSession>(this), guard = QPointer<Segmentation>(labels),
                    document = m_journals.at(labels)->document(), keys, asked,
                    brickNow](store::Workspace &w) {
        auto things =
            std::make_shared<Result<store::LabelThings>>(store::loadLabelThings(w, document, keys));
        onUiThread(self, [guard, asked, things, keys, brickNow](WorkspaceSession &session) {
            if (!things->ok())
                return emit session.message(things->errorMessage(), true);
            if (!guard || !session.m_journals.count(guard))
                return;
            std::vector<Segmentation::RemoteBrick> fresh;
            for (const Segmentation::RemoteBrick &b : things->value().bricks)
                if (brickNow(*guard, b.layer, b.index) == asked->at({b.layer, b.index}))
                    fresh.push_back(b);
            bool taken = true;
            session.m_journals.at(guard)->takeRemote(
                [&] { taken = guard->applyRemote(fresh, things->value().segments); });
            if (!taken) // a background edit runs: again in a moment
                QTimer::singleShot(500, &session,
                                   [self = QPointer<WorkspaceSession>(&session), guard, keys] {
                                       if (self && guard && self->m_journals.count(guard))
                                           self->refreshLabels(guard, keys);
                                   });
        });
    });
}

void WorkspaceSession::readConflicts()
{
    if (!m_writer)
        return emit conflictsRead({}, tr("The workspace is not open."));
    m_writer->post([self = QPointer<WorkspaceSession>(this)](store::Workspace &w) {
        auto open = std::make_shared<Result<std::vector<store::Conflict>>>(store::openConflicts(w));
        onUiThread(self, [open](WorkspaceSession &session) {
            emit session.conflictsRead(open->ok() ? open->value() : std::vector<store::Conflict>{},
                                       open->ok() ? QString() : open->errorMessage());
        });
    });
}

void WorkspaceSession::resolve(const std::vector<store::Conflict> &conflicts,
                               store::Resolution resolution)
{
    if (!m_writer)
        return emit resolved(false, tr("The workspace is not open."));
    const qint64 origin = m_clientId.isEmpty() ? 0 : trackIdOrigin(m_clientId);
    m_writer->post([self = QPointer<WorkspaceSession>(this), conflicts, resolution,
                    origin](store::Workspace &w) {
        Result<std::vector<store::Operation>> ops =
            store::resolve(w, conflicts, resolution, origin);
        Result<qint64> kept = ops.ok() ? w.commit(ops.value()) : Result<qint64>(ops.error());
        auto things = std::make_shared<std::vector<std::pair<QString, QString>>>();
        if (kept.ok())
            for (const store::Operation &op : ops.value())
                things->emplace_back(op.document, op.key);
        const QString why = kept.ok() ? QString() : kept.errorMessage();
        const int count = int(conflicts.size());
        onUiThread(self, [things, why, count](WorkspaceSession &session) {
            if (!why.isEmpty())
                return emit session.resolved(false, why);
            session.applyPulled(*things);
            emit session.resolved(true, tr("%n conflict(s) resolved; the resolution is pushed "
                                           "with the next sync.",
                                           nullptr, count));
        });
    });
}

} // namespace loupe
