#pragma once
// The tracks of one sequence being edited: every edit is an undoable step that replaces
// whole tracks (a track is small; a step keeps the tracks before and after, no more), and
// each step is announced with the ids it touched so views redraw and the store journals
// only those.

#include "core/annotations/schema.h"
#include "core/annotations/track.h"
#include "core/result.h"

#include <QObject>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

class QUndoStack;

namespace loupe {

/// One track's change in a step: absent before (added), absent after (removed), or both.
struct TrackChange {
    qint64 id = 0;
    std::optional<Track> before, after;
};

/// One frame tag's change in a step, as TrackChange.
struct TagChange {
    qint64 id = 0;
    std::optional<FrameTag> before, after;
};

/// A track's shape at a frame, as views draw it.
struct ShapeAt {
    qint64 id = 0;
    const Track *track = nullptr;
    TrackFrame frame;
};

class TrackDocument : public QObject {
    Q_OBJECT
public:
    explicit TrackDocument(QObject *parent = nullptr);
    ~TrackDocument() override;

    /// Replaces the schema (schemaChanged() follows); not an undoable step. Check first that
    /// the tracks keep to it (see LabelSchema::check).
    void setSchema(LabelSchema schema);
    const LabelSchema &schema() const { return m_schema; }

    /// Replaces all tracks and tags, not as an undoable step (a load); the undo history is
    /// cleared.
    void reset(std::vector<Track> tracks, std::vector<FrameTag> tags = {});
    const std::map<qint64, FrameTag> &tags() const { return m_tags; }
    const FrameTag *tag(qint64 id) const;
    /// The tags set on `stream`'s frame `frame`.
    std::vector<const FrameTag *> tagsAt(int stream, int frame) const;
    const std::map<qint64, Track> &tracks() const { return m_tracks; }
    const Track *track(qint64 id) const;
    /// The shapes of `stream`'s tracks at `frame`, in id order.
    std::vector<ShapeAt> shapesAt(int stream, int frame) const;
    /// An id no track or tag has had in this document: this installation's origin (see
    /// trackIdOrigin) above a counter.
    qint64 newId() { return trackId(m_origin, m_nextId++); }
    /// Sets the origin of new ids (0 until a workspace gives one); the counter goes on after
    /// the highest id of that origin in the document.
    void setIdOrigin(qint64 origin);
    qint64 idOrigin() const { return m_origin; }
    /// Counts `id` as taken (one kept elsewhere): newId() passes it.
    void reserveId(qint64 id);

    /// Writes others' changes in (from a sync), not as a step: the undo history stays, and a
    /// step undoes or redoes only the tracks and tags still as it left them.
    void applyRemote(const std::vector<std::pair<qint64, std::optional<Track>>> &tracks,
                     const std::vector<std::pair<qint64, std::optional<FrameTag>>> &tags);

    QUndoStack *undoStack() const { return m_undo.get(); }

    // Edits: each is one undoable step named for Edit → Undo. An error (nothing changed) when
    // the track is unknown or the result breaks the schema.
    Result<qint64> addTrack(const QString &label, int stream, int frame, const Shape &shape);
    /// Sets the keyframe at `frame` (a new one, or replacing one).
    Result<bool> setKeyframe(qint64 id, int frame, const Keyframe &keyframe, const QString &what);
    /// K: makes `frame` a keyframe holding the shape shown there; or, if it is one (and not the
    /// track's only one), removes it.
    Result<bool> toggleKeyframe(qint64 id, int frame);
    /// O: the object leaves the view at `frame` (or, if it was outside there, comes back).
    Result<bool> toggleOutside(qint64 id, int frame);
    Result<bool> setLabel(qint64 id, const QString &label);
    Result<bool> setTrackAttribute(qint64 id, const QString &name, const QString &value);
    /// A per-frame attribute from `frame` on (a keyframe there keeps it).
    Result<bool> setFrameAttribute(qint64 id, int frame, const QString &name, const QString &value);
    /// Occluded (or not) from `frame` on: a keyframe there holds it.
    Result<bool> setOccluded(qint64 id, int frame, bool occluded);
    Result<bool> removeTrack(qint64 id);
    Result<qint64> split(qint64 id, int frame);
    Result<bool> merge(qint64 earlier, qint64 later);
    /// Tag class `label` on `stream`'s frame `frame`: set, or cleared where it is set.
    Result<bool> toggleTag(const QString &label, int stream, int frame);
    /// Several changes as one step (a tracker's accepted proposals, a paste, an import).
    Result<bool> apply(const QString &what, std::vector<TrackChange> changes,
                       std::vector<TagChange> tags = {});

signals:
    /// After every step, its undo and its redo: the tracks that changed (added, edited or
    /// removed). After reset(): all, with `reset` true.
    void tracksChanged(const std::vector<qint64> &ids, bool reset = false);
    void schemaChanged();
    /// After every step that changed tags, its undo and redo; after reset() (`reset` true).
    void tagsChanged(const std::vector<qint64> &ids, bool reset = false);

private:
    friend class TrackStep;
    /// Puts `tracks` in (or takes them out, where absent) without a step.
    void put(const std::vector<std::pair<qint64, std::optional<Track>>> &tracks);
    void putTags(const std::vector<std::pair<qint64, std::optional<FrameTag>>> &tags);
    Result<bool> replace(const QString &what, const Track &after);
    /// A copy of track `id` to edit, or why not.
    Result<Track> copyOf(qint64 id) const;
    /// `edit` on the keyframe at `frame` (made from what is shown there if need be), as a step.
    Result<bool> editKeyframe(qint64 id, int frame, const QString &what,
                              const std::function<void(Keyframe &)> &edit);

    LabelSchema m_schema;
    std::map<qint64, Track> m_tracks;
    std::map<qint64, FrameTag> m_tags;
    /// Per track: its camera and the frames it may have a shape in (see Track::span), so that
    /// a frame's shapes are found without interpolating every track.
    struct Extent {
        int stream = 0, first = 0, last = -1;
    };
    std::map<qint64, Extent> m_extents;
    void index(const Track &track);
    qint64 m_origin = 0;
    qint64 m_nextId = 1; ///< the counter of the next id of m_origin
    std::unique_ptr<QUndoStack> m_undo;
};

} // namespace loupe
