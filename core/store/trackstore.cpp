#include "core/store/trackstore.h"

#include "core/annotations/trackjson.h"
#include "core/store/workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>

#include <map>
#include <set>

namespace loupe::store {

QString trackHeaderKey(qint64 id)
{
    return QStringLiteral("track/%1").arg(id);
}

namespace {

QString keyframeKey(qint64 id, int frame)
{
    return trackHeaderKey(id) + QStringLiteral("/frame/%1").arg(frame);
}

} // namespace

std::vector<Operation> trackChanges(const QString &document, const std::vector<Track> &before,
                                    const std::vector<Track> &now)
{
    std::vector<Operation> ops;
    const auto op = [&](const char *kind, QString key, QByteArray json = {}) {
        ops.push_back(Operation{newOperationId(),
                                document,
                                QString::fromLatin1(kind),
                                std::move(key),
                                std::move(json),
                                {}});
    };
    std::map<qint64, const Track *> was, is;
    for (const Track &t : before)
        was[t.id] = &t;
    for (const Track &t : now)
        is[t.id] = &t;
    for (const auto &[id, t] : is) {
        const Track *old = was.count(id) ? was[id] : nullptr;
        const QByteArray header = trackHeaderToJson(*t);
        if (!old || trackHeaderToJson(*old) != header)
            op("track.put", trackHeaderKey(id), header);
        for (const auto &[frame, k] : t->keyframes) {
            const auto o = old ? old->keyframes.find(frame) : t->keyframes.end();
            if (!old || o == old->keyframes.end() || !(o->second == k))
                op("keyframe.put", keyframeKey(id, frame), keyframeToJson(k));
        }
        if (old)
            for (const auto &[frame, k] : old->keyframes)
                if (!t->keyframes.count(frame))
                    op("keyframe.delete", keyframeKey(id, frame));
    }
    for (const auto &[id, t] : was)
        if (!is.count(id)) {
            for (const auto &[frame, k] : t->keyframes)
                op("keyframe.delete", keyframeKey(id, frame));
            op("track.delete", trackHeaderKey(id));
        }
    return ops;
}

namespace {

/// The tracks entries hold (those with a header), by id.
Result<std::vector<Track>> tracksOf(const Workspace &workspace, const QString &document,
                                    const std::vector<Entry> &entries)
{
    std::map<qint64, Track> tracks;
    for (const Entry &e : entries) {
        const QStringList parts = e.key.split(QLatin1Char('/'));
        bool ok = false;
        const qint64 id = parts.value(1).toLongLong(&ok);
        const auto bad = [&] {
            return Error{QObject::tr("The workspace \"%1\" holds a damaged track entry: %2 of %3.")
                             .arg(workspace.path(), e.key, document)};
        };
        if (!ok)
            return bad();
        if (parts.size() == 2) {
            if (!trackHeaderFromJson(e.json, tracks[id]))
                return bad();
        } else if (parts.size() == 4 && parts[2] == QLatin1String("frame")) {
            Keyframe k;
            if (!keyframeFromJson(e.json, k))
                return bad();
            tracks[id].keyframes[parts[3].toInt()] = k;
        }
    }
    std::vector<Track> out;
    for (auto &[id, t] : tracks)
        if (!t.label.isEmpty()) // a header; keyframes of a removed track are not a track
            out.push_back(std::move(t));
    return out;
}

} // namespace

Result<std::vector<Track>> loadTracks(const Workspace &workspace, const QString &document)
{
    Result<std::vector<Entry>> entries = workspace.entries(document, QStringLiteral("track/"));
    if (!entries.ok())
        return entries.error();
    return tracksOf(workspace, document, entries.value());
}

Result<std::vector<Entry>> trackEntries(const Workspace &workspace, const QString &document,
                                        qint64 id)
{
    const QString header = trackHeaderKey(id);
    Result<std::vector<Entry>> entries = workspace.entries(document, header);
    if (!entries.ok())
        return entries.error();
    std::vector<Entry> mine; // not track 12's entries for track 1
    for (Entry &e : entries.value())
        if (e.key == header || e.key.startsWith(header + QLatin1Char('/')))
            mine.push_back(std::move(e));
    return mine;
}

Result<std::vector<Track>> loadTracks(const Workspace &workspace, const QString &document,
                                      const std::set<qint64> &ids)
{
    std::vector<Entry> mine;
    for (const qint64 id : ids) {
        Result<std::vector<Entry>> entries = trackEntries(workspace, document, id);
        if (!entries.ok())
            return entries.error();
        for (Entry &e : entries.value())
            mine.push_back(std::move(e));
    }
    Result<std::vector<Track>> tracks = tracksOf(workspace, document, mine);
    if (!tracks.ok())
        return tracks.error();
    // A track whose keyframes are not all there yet (or no longer) is not one yet.
    std::vector<Track> whole;
    for (Track &t : tracks.value())
        if (!t.keyframes.empty())
            whole.push_back(std::move(t));
    return whole;
}

int keyframeOf(const QString &key)
{
    const QStringList parts = key.split(QLatin1Char('/'));
    bool ok = false;
    const int frame = parts.value(3).toInt(&ok);
    return parts.size() == 4 && parts[0] == QLatin1String("track") &&
                   parts[2] == QLatin1String("frame") && ok
               ? frame
               : -1;
}

std::optional<std::pair<QString, qint64>> trackThing(const QString &key)
{
    const QStringList parts = key.split(QLatin1Char('/'));
    bool ok = false;
    const qint64 id = parts.value(1).toLongLong(&ok);
    if (!ok || (parts[0] != QLatin1String("track") && parts[0] != QLatin1String("tag")))
        return std::nullopt;
    return std::make_pair(parts[0], id);
}

namespace {

QByteArray tagToJson(const FrameTag &t)
{
    QJsonArray frames;
    for (const int f : t.frames)
        frames.append(f);
    return QJsonDocument(QJsonObject{{QStringLiteral("label"), t.label},
                                     {QStringLiteral("stream"), t.stream},
                                     {QStringLiteral("frames"), frames}})
        .toJson(QJsonDocument::Compact);
}

} // namespace

std::vector<Operation> tagChanges(const QString &document, const std::vector<FrameTag> &before,
                                  const std::vector<FrameTag> &now)
{
    std::vector<Operation> ops;
    std::map<qint64, const FrameTag *> was;
    for (const FrameTag &t : before)
        was[t.id] = &t;
    std::set<qint64> is;
    for (const FrameTag &t : now) {
        is.insert(t.id);
        if (const auto it = was.find(t.id); it == was.end() || !(*it->second == t))
            ops.push_back(Operation{newOperationId(),
                                    document,
                                    QStringLiteral("tag.put"),
                                    QStringLiteral("tag/%1").arg(t.id),
                                    tagToJson(t),
                                    {}});
    }
    for (const auto &[id, t] : was)
        if (!is.count(id))
            ops.push_back(Operation{newOperationId(),
                                    document,
                                    QStringLiteral("tag.delete"),
                                    QStringLiteral("tag/%1").arg(id),
                                    {},
                                    {}});
    return ops;
}

Result<std::vector<FrameTag>> loadTags(const Workspace &workspace, const QString &document,
                                       const std::optional<std::set<qint64>> &ids)
{
    Result<std::vector<Entry>> entries = workspace.entries(document, QStringLiteral("tag/"));
    if (!entries.ok())
        return entries.error();
    std::vector<FrameTag> out;
    for (const Entry &e : entries.value()) {
        if (ids && !ids->count(e.key.section(QLatin1Char('/'), 1).toLongLong()))
            continue;
        FrameTag t;
        bool ok = false;
        t.id = e.key.section(QLatin1Char('/'), 1).toLongLong(&ok);
        const QJsonObject o = QJsonDocument::fromJson(e.json).object();
        t.label = o.value(QStringLiteral("label")).toString();
        t.stream = o.value(QStringLiteral("stream")).toInt(-1);
        for (const QJsonValue f : o.value(QStringLiteral("frames")).toArray())
            t.frames.insert(f.toInt());
        if (!ok || t.label.isEmpty() || t.stream < 0)
            return Error{QObject::tr("The workspace \"%1\" holds a damaged tag entry: %2 of %3.")
                             .arg(workspace.path(), e.key, document)};
        out.push_back(std::move(t));
    }
    return out;
}

} // namespace loupe::store
