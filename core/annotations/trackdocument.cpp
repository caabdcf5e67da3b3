#include "core/annotations/trackdocument.h"

#include <QUndoCommand>
#include <QUndoStack>

namespace loupe {

/// One undoable step: the changed tracks before and after.
class TrackStep : public QUndoCommand {
public:
    TrackStep(TrackDocument *document, const QString &what, std::vector<TrackChange> changes,
              std::vector<TagChange> tags)
        : QUndoCommand(what), m_document(document), m_changes(std::move(changes)),
          m_tags(std::move(tags))
    {
    }
    void redo() override { apply(true); }
    void undo() override { apply(false); }

private:
    /// Puts each track and tag back (or forward) where it is still as the step left it (or
    /// found it): one changed since by someone else (a sync) is theirs now and stays.
    void apply(bool forward)
    {
        const auto same = [](const auto *now, const auto &expected) {
            return expected ? now && *now == *expected : now == nullptr;
        };
        std::vector<std::pair<qint64, std::optional<Track>>> tracks;
        for (const TrackChange &c : m_changes)
            if (same(m_document->track(c.id), forward ? c.before : c.after))
                tracks.emplace_back(c.id, forward ? c.after : c.before);
        if (!tracks.empty())
            m_document->put(tracks);
        std::vector<std::pair<qint64, std::optional<FrameTag>>> tags;
        for (const TagChange &c : m_tags)
            if (same(m_document->tag(c.id), forward ? c.before : c.after))
                tags.emplace_back(c.id, forward ? c.after : c.before);
        if (!tags.empty())
            m_document->putTags(tags);
    }
    TrackDocument *m_document;
    std::vector<TrackChange> m_changes;
    std::vector<TagChange> m_tags;
};

TrackDocument::TrackDocument(QObject *parent)
    : QObject(parent), m_undo(std::make_unique<QUndoStack>())
{
}

TrackDocument::~TrackDocument() = default;

void TrackDocument::setSchema(LabelSchema schema)
{
    m_schema = std::move(schema);
    emit schemaChanged();
}

void TrackDocument::reset(std::vector<Track> tracks, std::vector<FrameTag> tags)
{
    m_undo->clear();
    m_tags.clear();
    std::vector<qint64> tagIds;
    for (FrameTag &t : tags) {
        reserveId(t.id);
        tagIds.push_back(t.id);
        m_tags[t.id] = std::move(t);
    }
    emit tagsChanged(tagIds, true);
    m_tracks.clear();
    m_extents.clear();
    std::vector<qint64> ids;
    for (Track &t : tracks) {
        reserveId(t.id);
        ids.push_back(t.id);
        index(t);
        m_tracks[t.id] = std::move(t);
    }
    emit tracksChanged(ids, true);
}

const Track *TrackDocument::track(qint64 id) const
{
    const auto it = m_tracks.find(id);
    return it == m_tracks.end() ? nullptr : &it->second;
}

void TrackDocument::index(const Track &track)
{
    const auto [first, last] = track.span();
    m_extents[track.id] = {track.stream, first, last};
}

std::vector<ShapeAt> TrackDocument::shapesAt(int stream, int frame) const
{
    std::vector<ShapeAt> shapes;
    for (const auto &[id, e] : m_extents) {
        if (e.stream != stream || frame < e.first || (e.last >= 0 && frame > e.last))
            continue;
        const Track &track = m_tracks.at(id);
        if (std::optional<TrackFrame> f = track.at(frame))
            shapes.push_back({id, &track, std::move(*f)});
    }
    return shapes;
}

const FrameTag *TrackDocument::tag(qint64 id) const
{
    const auto it = m_tags.find(id);
    return it == m_tags.end() ? nullptr : &it->second;
}

std::vector<const FrameTag *> TrackDocument::tagsAt(int stream, int frame) const
{
    std::vector<const FrameTag *> out;
    for (const auto &[id, t] : m_tags)
        if (t.stream == stream && t.frames.count(frame))
            out.push_back(&t);
    return out;
}

void TrackDocument::putTags(const std::vector<std::pair<qint64, std::optional<FrameTag>>> &tags)
{
    std::vector<qint64> ids;
    for (const auto &[id, tag] : tags) {
        if (tag)
            m_tags[id] = *tag;
        else
            m_tags.erase(id);
        ids.push_back(id);
    }
    emit tagsChanged(ids);
}

Result<bool> TrackDocument::toggleTag(const QString &label, int stream, int frame)
{
    for (const auto &[id, t] : m_tags)
        if (t.label == label && t.stream == stream) {
            FrameTag after = t;
            const bool set = !after.frames.erase(frame);
            if (set)
                after.frames.insert(frame);
            return apply(set ? tr("Tag %1 at %2").arg(label).arg(frame)
                             : tr("Untag %1 at %2").arg(label).arg(frame),
                         {}, {{id, t, after.frames.empty() ? std::nullopt : std::optional(after)}});
        }
    FrameTag t;
    t.id = newId();
    t.label = label;
    t.stream = stream;
    t.frames.insert(frame);
    return apply(tr("Tag %1 at %2").arg(label).arg(frame), {}, {{t.id, std::nullopt, t}});
}

void TrackDocument::reserveId(qint64 id)
{
    if (trackIdOriginOf(id) == m_origin)
        m_nextId = std::max(m_nextId, trackIdCounterOf(id) + 1);
}

void TrackDocument::setIdOrigin(qint64 origin)
{
    m_origin = origin;
    m_nextId = 1;
    for (const auto &[id, t] : m_tracks)
        reserveId(id);
    for (const auto &[id, t] : m_tags)
        reserveId(id);
}

void TrackDocument::applyRemote(const std::vector<std::pair<qint64, std::optional<Track>>> &tracks,
                                const std::vector<std::pair<qint64, std::optional<FrameTag>>> &tags)
{
    for (const auto &[id, t] : tracks)
        reserveId(id);
    for (const auto &[id, t] : tags)
        reserveId(id);
    if (!tracks.empty())
        put(tracks);
    if (!tags.empty())
        putTags(tags);
}

void TrackDocument::put(const std::vector<std::pair<qint64, std::optional<Track>>> &tracks)
{
    std::vector<qint64> ids;
    for (const auto &[id, track] : tracks) {
        if (track) {
            m_tracks[id] = *track;
            index(*track);
        } else {
            m_tracks.erase(id);
            m_extents.erase(id);
        }
        ids.push_back(id);
    }
    emit tracksChanged(ids);
}

Result<bool> TrackDocument::apply(const QString &what, std::vector<TrackChange> changes,
                                  std::vector<TagChange> tags)
{
    // Each change must start from what is there, and end in what the schema allows.
    const auto refused = [this](const auto &list, auto find, const QString &noun) -> QString {
        for (const auto &c : list) {
            if (bool(find(c.id)) != bool(c.before))
                return c.before ? tr("%1 %2 is gone; nothing was done.").arg(noun).arg(c.id)
                                : tr("%1 %2 exists already; nothing was done.").arg(noun).arg(c.id);
            if (c.after && !m_schema.classes.empty())
                if (const QStringList wrong = m_schema.check(*c.after); !wrong.isEmpty())
                    return wrong.join(QStringLiteral("; "));
        }
        return {};
    };
    QString why = refused(
        changes, [this](qint64 id) { return track(id); }, tr("Track"));
    if (why.isEmpty())
        why = refused(
            tags, [this](qint64 id) { return tag(id); }, tr("Tag"));
    if (!why.isEmpty())
        return Error{why};
    for (const TrackChange &c : changes)
        if (c.after)
            reserveId(c.id);
    for (const TagChange &c : tags)
        if (c.after)
            reserveId(c.id);
    m_undo->push(new TrackStep(this, what, std::move(changes), std::move(tags)));
    return true;
}

Result<bool> TrackDocument::replace(const QString &what, const Track &after)
{
    const Track *before = track(after.id);
    if (!before)
        return Error{tr("There is no track %1.").arg(after.id)};
    return apply(what, {{after.id, *before, after}});
}

Result<qint64> TrackDocument::addTrack(const QString &label, int stream, int frame,
                                       const Shape &shape)
{
    Track t;
    t.id = newId();
    t.label = label;
    t.stream = stream;
    t.keyframes[frame].shape = shape;
    if (const ClassSpec *spec = m_schema.find(label))
        for (const AttributeSpec &a : spec->attributes)
            if (!a.defaultValue.isEmpty())
                (a.perFrame ? t.keyframes[frame].attributes : t.attributes)[a.name] =
                    a.defaultValue;
    if (Result<bool> done = apply(tr("New %1").arg(label), {{t.id, std::nullopt, t}}); !done.ok())
        return Error{done.errorMessage()};
    return t.id;
}

Result<Track> TrackDocument::copyOf(qint64 id) const
{
    const Track *t = track(id);
    if (!t)
        return Error{tr("There is no track %1.").arg(id)};
    return *t;
}

Result<bool> TrackDocument::editKeyframe(qint64 id, int frame, const QString &what,
                                         const std::function<void(Keyframe &)> &edit)
{
    Result<Track> after = copyOf(id);
    if (!after.ok())
        return Error{after.errorMessage()};
    std::optional<Keyframe> k = after->keyframeAt(frame);
    if (!k || k->outside)
        return Error{tr("Track %1 has no shape at frame %2.").arg(id).arg(frame)};
    edit(*k);
    after->keyframes[frame] = std::move(*k);
    return replace(what, after.value());
}

Result<bool> TrackDocument::setKeyframe(qint64 id, int frame, const Keyframe &keyframe,
                                        const QString &what)
{
    Result<Track> after = copyOf(id);
    if (!after.ok())
        return Error{after.errorMessage()};
    after->keyframes[frame] = keyframe;
    return replace(what, after.value());
}

Result<bool> TrackDocument::toggleKeyframe(qint64 id, int frame)
{
    Result<Track> after = copyOf(id);
    if (!after.ok())
        return Error{after.errorMessage()};
    if (const auto k = after->keyframes.find(frame); k != after->keyframes.end()) {
        if (after->keyframes.size() == 1)
            return Error{tr("Frame %1 is the only keyframe of track %2: delete the track "
                            "instead.")
                             .arg(frame)
                             .arg(id)};
        after->keyframes.erase(k);
        return replace(tr("Remove keyframe %1").arg(frame), after.value());
    }
    // Not a keyframe: one holding what is shown there.
    return editKeyframe(id, frame, tr("Keyframe %1").arg(frame), [](Keyframe &) {});
}

Result<bool> TrackDocument::toggleOutside(qint64 id, int frame)
{
    Result<Track> after = copyOf(id);
    if (!after.ok())
        return Error{after.errorMessage()};
    const auto k = after->keyframes.find(frame);
    if (k != after->keyframes.end() && k->second.outside) {
        // Back in view, with the shape it had before it left.
        const auto previous = std::make_reverse_iterator(k);
        k->second.shape = previous != after->keyframes.rend() ? previous->second.shape : Shape{};
        k->second.outside = false;
        return replace(tr("Back in view at %1").arg(frame), after.value());
    }
    return editKeyframe(id, frame, tr("Outside from %1").arg(frame), [](Keyframe &out) {
        out.outside = true;
        out.occluded = false;
    });
}

Result<bool> TrackDocument::setLabel(qint64 id, const QString &label)
{
    Result<Track> after = copyOf(id);
    if (!after.ok())
        return Error{after.errorMessage()};
    after->label = label;
    return replace(tr("Class %1").arg(label), after.value());
}

Result<bool> TrackDocument::setTrackAttribute(qint64 id, const QString &name, const QString &value)
{
    Result<Track> after = copyOf(id);
    if (!after.ok())
        return Error{after.errorMessage()};
    after->attributes[name] = value;
    return replace(tr("Set %1").arg(name), after.value());
}

Result<bool> TrackDocument::setFrameAttribute(qint64 id, int frame, const QString &name,
                                              const QString &value)
{
    return editKeyframe(id, frame, tr("Set %1 from frame %2").arg(name).arg(frame),
                        [&](Keyframe &k) { k.attributes[name] = value; });
}

Result<bool> TrackDocument::setOccluded(qint64 id, int frame, bool occluded)
{
    return editKeyframe(
        id, frame, occluded ? tr("Occluded from %1").arg(frame) : tr("Visible from %1").arg(frame),
        [occluded](Keyframe &k) { k.occluded = occluded; });
}

Result<bool> TrackDocument::removeTrack(qint64 id)
{
    Result<Track> t = copyOf(id);
    if (!t.ok())
        return Error{t.errorMessage()};
    return apply(tr("Delete track %1").arg(id), {{id, t.value(), std::nullopt}});
}

Result<qint64> TrackDocument::split(qint64 id, int frame)
{
    Result<Track> t = copyOf(id);
    if (!t.ok())
        return Error{t.errorMessage()};
    Result<std::pair<Track, Track>> parts = splitTrack(t.value(), frame, newId());
    if (!parts.ok())
        return Error{parts.errorMessage()};
    const qint64 second = parts->second.id;
    if (Result<bool> done =
            apply(tr("Split track %1 at %2").arg(id).arg(frame),
                  {{id, t.value(), parts->first}, {second, std::nullopt, parts->second}});
        !done.ok())
        return Error{done.errorMessage()};
    return second;
}

Result<bool> TrackDocument::merge(qint64 earlier, qint64 later)
{
    const Track *a = track(earlier), *b = track(later);
    if (!a || !b)
        return Error{tr("There is no track %1.").arg(a ? later : earlier)};
    Result<Track> joined = mergeTracks(*a, *b);
    if (!joined.ok())
        return Error{joined.errorMessage()};
    return apply(tr("Merge track %1 into %2").arg(later).arg(earlier),
                 {{earlier, *a, joined.value()}, {later, *b, std::nullopt}});
}

} // namespace loupe
