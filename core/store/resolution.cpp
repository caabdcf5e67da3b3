#include "core/store/resolution.h"

#include "core/annotations/track.h"
#include "core/store/sqlitedb.h"
#include "core/store/trackstore.h"
#include "core/store/workspace.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>

#include <algorithm>
#include <map>

namespace loupe::store {

namespace {

/// "keyframe" of "keyframe.put".
QString thingOf(const ConflictRecord &record, const std::optional<ThingState> &a,
                const std::optional<ThingState> &b)
{
    for (const auto *s : {&a, &b})
        if (*s)
            return (*s)->kind.section(QLatin1Char('.'), 0, 0);
    return record.key.section(QLatin1Char('/'), 0, 0);
}

/// An operation that makes the thing `state` (deleted when none), resolving `conflict`.
Result<Operation> become(const Workspace &workspace, const Conflict &conflict,
                         const std::optional<ThingState> &state)
{
    Operation op;
    op.id = newOperationId();
    op.document = conflict.record.document;
    op.key = conflict.record.key;
    op.resolves = conflict.record.id;
    if (!state || state->isDelete()) {
        op.kind =
            thingOf(conflict.record, conflict.kept, conflict.current) + QStringLiteral(".delete");
        return op;
    }
    op.kind = state->kind;
    op.json = state->json;
    if (!state->blobHash.isEmpty()) {
        Result<QByteArray> bytes = workspace.blob(state->blobHash);
        if (!bytes.ok())
            return bytes.error();
        op.blob = bytes.value();
    }
    return op;
}

Result<QByteArray> bytesOf(const Workspace &workspace, const std::optional<ThingState> &state)
{
    if (!state || state->isDelete() || state->blobHash.isEmpty())
        return QByteArray();
    return workspace.blob(state->blobHash);
}

/// A new track id of `origin` in `document`: past every id of that origin there.
Result<qint64> newTrackId(const Workspace &workspace, const QString &document, qint64 origin)
{
    Result<Statement> s = workspace.database().prepare(
        QStringLiteral("SELECT key FROM entries WHERE document = ? AND (key LIKE 'track/%' OR "
                       "key LIKE 'tag/%')"));
    if (!s.ok())
        return s.error();
    s->bind(1, document);
    qint64 next = 1;
    if (Result<void> r = s->forEachRow([&](const Statement &row) {
            const auto thing = trackThing(row.text(0));
            if (thing && trackIdOriginOf(thing->second) == origin)
                next = std::max(next, trackIdCounterOf(thing->second) + 1);
        });
        !r.ok())
        return r.error();
    return trackId(origin, next);
}

/// Both: the current track, with every kept edit, as a new track; each conflict Current.
Result<std::vector<Operation>> keepBoth(const Workspace &workspace,
                                        const std::vector<Conflict> &conflicts, qint64 origin)
{
    const QString document = conflicts.front().record.document;
    const auto thing = trackThing(conflicts.front().record.key);
    for (const Conflict &c : conflicts) {
        const auto t = trackThing(c.record.key);
        if (!t || t->first != QLatin1String("track") || c.record.document != document ||
            t->second != thing->second)
            return Error{QObject::tr("Keeping both works for the conflicts of one track.")};
        if (!c.kept)
            return Error{QObject::tr("The edit kept in conflict %1 has not reached this "
                                     "workspace yet; sync, then try again.")
                             .arg(c.record.id)};
    }
    const QString header = trackHeaderKey(thing->second);
    Result<std::vector<Entry>> entries = trackEntries(workspace, document, thing->second);
    if (!entries.ok())
        return entries.error();
    std::map<QString, ThingState> copy; ///< the track's things, by key, with the kept edits
    for (const Entry &e : entries.value())
        copy[e.key] = ThingState{e.kind, e.json, e.blobHash};
    for (const Conflict &c : conflicts) {
        if (c.kept->isDelete())
            copy.erase(c.record.key);
        else
            copy[c.record.key] = *c.kept;
    }
    const bool hasKeyframe = std::any_of(copy.begin(), copy.end(),
                                         [](const auto &kv) { return keyframeOf(kv.first) >= 0; });
    if (!copy.count(header) || !hasKeyframe)
        return Error{QObject::tr("The kept edits leave no track to keep beside the current one "
                                 "(they remove it); keep the current one or the edit instead.")};
    Result<qint64> id = newTrackId(workspace, document, origin);
    if (!id.ok())
        return id.error();
    const QString newHeader = trackHeaderKey(id.value());
    std::vector<Operation> ops;
    for (const auto &[key, state] : copy) {
        QByteArray json = state.json;
        if (key == header) {
            // The header names its track.
            QJsonObject o = QJsonDocument::fromJson(json).object();
            o[QStringLiteral("id")] = id.value();
            json = QJsonDocument(o).toJson(QJsonDocument::Compact);
        }
        ops.push_back(Operation{
            newOperationId(), document, state.kind, newHeader + key.mid(header.size()), json, {}});
    }
    for (const Conflict &c : conflicts) {
        Result<Operation> op = become(workspace, c, c.current);
        if (!op.ok())
            return op.error();
        ops.push_back(std::move(op.value()));
    }
    return ops;
}

} // namespace

bool canResolve(const QString &key, Resolution resolution)
{
    switch (resolution) {
    case Resolution::Current:
    case Resolution::Kept: return true;
    case Resolution::Both: return key.startsWith(QLatin1String("track/"));
    case Resolution::Union: return key.startsWith(QLatin1String("brick/"));
    }
    return false;
}

Result<std::vector<Operation>> resolve(const Workspace &workspace,
                                       const std::vector<Conflict> &conflicts,
                                       Resolution resolution, qint64 idOrigin)
{
    if (conflicts.empty())
        return std::vector<Operation>{};
    for (const Conflict &c : conflicts)
        if (!canResolve(c.record.key, resolution))
            return Error{QObject::tr("Conflict %1 (%2) cannot be resolved that way.")
                             .arg(c.record.id)
                             .arg(c.record.key)};
    if (resolution == Resolution::Both)
        return keepBoth(workspace, conflicts, idOrigin);
    std::vector<Operation> ops;
    for (const Conflict &c : conflicts) {
        if (resolution != Resolution::Current && !c.kept)
            return Error{QObject::tr("The edit kept in conflict %1 has not reached this "
                                     "workspace yet; sync, then try again.")
                             .arg(c.record.id)};
        if (resolution == Resolution::Union) {
            // Voxel by voxel: the current label where there is one, else the kept edit's.
            Result<QByteArray> current = bytesOf(workspace, c.current);
            Result<QByteArray> kept = bytesOf(workspace, c.kept);
            if (!current.ok() || !kept.ok())
                return current.ok() ? kept.error() : current.error();
            QByteArray merged = current->isEmpty() ? kept.value() : current.value();
            if (!kept->isEmpty() && !current->isEmpty()) {
                if (kept->size() != current->size())
                    return Error{QObject::tr("The two versions of %1 differ in size; keep one "
                                             "of them instead.")
                                     .arg(c.record.key)};
                for (qsizetype i = 0; i < merged.size(); ++i)
                    if (merged[i] == 0)
                        merged[i] = kept.value()[i];
            }
            Operation op{
                newOperationId(), c.record.document, QStringLiteral("brick.put"), c.record.key, {},
                merged,           c.record.id};
            if (merged.isEmpty())
                op.kind = QStringLiteral("brick.delete");
            ops.push_back(std::move(op));
            continue;
        }
        Result<Operation> op =
            become(workspace, c, resolution == Resolution::Current ? c.current : c.kept);
        if (!op.ok())
            return op.error();
        ops.push_back(std::move(op.value()));
    }
    return ops;
}

} // namespace loupe::store
