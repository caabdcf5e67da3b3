#pragma once

#include "core/labels/labelmap.h"
#include "core/labels/labelops.h"
#include "core/labels/layers.h"
#include "core/labels/segment.h"

#include <QObject>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <vector>

namespace loupe {

/// The segmentation of one volume: its label maps, its segments, and the undo history. Tools
/// change it only through edit(), one undo step per call (or per stroke, see beginStroke()).
///
/// Labels are one per voxel on each layer. Segments share layer 0 until one is made to overlap
/// another (a logical operation, moveToOwnLayer(), or a SEG whose segments overlap): it then
/// sits on a further layer, and edits of it leave the other layers alone.
///
/// Views read snapshot(): the bricks as they are between edits (bricks never change after an
/// edit ends, so a snapshot can be read on any thread).
class Segmentation : public QObject {
    Q_OBJECT
public:
    explicit Segmentation(std::shared_ptr<const Volume> volume, QObject *parent = nullptr);

    const std::shared_ptr<const Volume> &volume() const { return m_volume; }
    const LabelLayers &layers() const { return m_layers; }
    /// The layer segment `label` is on (0 for an unknown label).
    std::uint8_t layerOf(std::uint8_t label) const;
    /// The segment a voxel shows (the topmost layer's label there; 0: none).
    std::uint8_t labelAt(std::int64_t i, std::int64_t j, std::int64_t k) const
    {
        return topLabelAt(m_layers, i, j, k);
    }
    const std::vector<Segment> &segments() const { return m_segments; }
    const Segment *segment(std::uint8_t label) const;

    /// Adds a segment with the next free label; its colour and codes from the terminology
    /// entry whose type is `typeMeaning` (or the next colour of a palette). Returns its label,
    /// 0 when all 255 are used.
    std::uint8_t addSegment(const QString &name, const QString &typeMeaning = QString());
    /// Removes a segment and clears its voxels (one undo step).
    void removeSegment(std::uint8_t label);
    void renameSegment(std::uint8_t label, const QString &name);
    void setColour(std::uint8_t label, std::array<std::uint8_t, 3> colour);
    void setVisible(std::uint8_t label, bool visible);
    void setLocked(std::uint8_t label, bool locked);
    /// Merges segment `from` into `into` (one undo step); `from` is removed from the list.
    void mergeSegments(std::uint8_t into, std::uint8_t from);
    /// Moves a segment to `position` in the list (the drawing order).
    void moveSegment(std::uint8_t label, int position);
    /// Segment `a` becomes a ∪ b, a ∩ b or a \ b; b and every other segment stay (on a
    /// worker, one undo step; `a` moves to another layer where it comes to overlap).
    void combineSegments(std::uint8_t a, LogicalOp op, std::uint8_t b);
    /// Puts a segment on a layer of its own, so that painting it leaves the others alone and
    /// it may overlap them (on a worker, one undo step; no voxel changes).
    void moveToOwnLayer(std::uint8_t label);

    /// The segment tools paint with.
    std::uint8_t currentLabel() const { return m_current; }
    void setCurrentLabel(std::uint8_t label);
    /// An edit rule for the current segment: its label, the locked segments left alone.
    EditRule ruleFor(std::uint8_t label) const;

    /// Replaces every label and segment (an import), as one undo step for the labels. Each
    /// segment's `layer` names its layer in `layers`.
    void replaceAll(const QString &description, const LabelLayers &layers,
                    const std::vector<Segment> &segments);
    /// Labels changed since the last markSaved() (or since the start).
    bool isModified() const { return m_revision != m_savedRevision; }
    void markSaved() { m_savedRevision = m_revision; }

    /// Applies `change` to layer `layer` (-1: the current segment's) as one undo step named
    /// `description`.
    void edit(const QString &description, const std::function<void(LabelEdit &)> &change,
              int layer = -1);
    /// Like edit(), for work over the whole volume: `change` runs on a worker against a copy of
    /// the labels (brick pointers only), and the bricks it changed replace the live ones as one
    /// undo step when it is done; then editDone() carries `change`'s message. While one
    /// runs, isBusy() is true and further edits are refused (the tools say so).
    void editInBackground(const QString &description, std::function<QString(LabelEdit &)> change);
    /// Where segments end up on a layer other than their own: label → layer.
    using Placements = std::map<std::uint8_t, std::uint8_t>;
    /// Like editInBackground(), across layers: `change` edits a copy of all of them and says
    /// which segments it moved to which layer.
    /// `then` runs on this thread once the step is in.
    void editLayersInBackground(const QString &description,
                                std::function<QString(LayerEditor &, Placements &)> change,
                                std::function<void()> then = {});
    bool isBusy() const { return m_busy; }

    /// A stroke: edits between beginStroke() and endStroke() become one undo step (each one
    /// still ends, so views see it at once).
    void beginStroke();
    void endStroke();

    /// One brick of others' changes (a sync): its layer, its index, its labels (null: empty).
    struct RemoteBrick {
        std::uint8_t layer = 0;
        std::size_t index = 0;
        std::shared_ptr<const LabelMap::Brick> brick;
    };
    /// Writes others' changes in, not as an undo step: the bricks replace the live ones (and
    /// leave the undo history: undo never puts someone else's brick back), segments are put
    /// (or removed, where none). Refused (false) while a background edit runs: try again after.
    bool applyRemote(const std::vector<RemoteBrick> &bricks,
                     const std::vector<std::pair<std::uint8_t, std::optional<Segment>>> &segments);

    bool canUndo() const { return m_history.canUndo(); }
    bool canRedo() const { return m_history.canRedo(); }
    QString undo();
    QString redo();
    std::size_t undoMemoryBytes() const { return m_history.memoryBytes(); }

    /// The bricks now, for a view to draw from on another thread.
    LabelLayers snapshot() const { return m_layers; }
    /// Edits so far; a view redraws when it changes.
    quint64 revision() const { return m_revision; }

    /// Fill opacity of segments in the slice views, 0..1.
    double opacity() const { return m_opacity; }
    void setOpacity(double opacity);

signals:
    /// A background edit started or ended.
    void busyChanged(bool busy);
    /// A background edit is in, with what it says about itself.
    void editDone(const QString &message);
    /// Labels changed (an edit, undo or redo).
    void labelsChanged();
    /// The list of segments or one's name, colour, visibility or lock changed.
    void segmentsChanged();
    void currentChanged(std::uint8_t label);
    void displayChanged();

private:
    void touched();
    /// Sets one field of a segment, saying so when it changed (`display`: the views redraw).
    template <typename Field>
    void changeSegment(std::uint8_t label, Field Segment::*field, const Field &value, bool display);
    /// After undo or redo: a removed segment whose voxels came back is listed again.
    void restoreRemoved();
    /// After undo or redo: a segment whose voxels went back to another layer follows them.
    void followLayers();
    /// The layer that holds `label`'s voxels, or -1.
    int layerHolding(std::uint8_t label) const;
    /// While a background edit runs: says so (editDone) and returns true.
    bool refuseWhileBusy();
    /// The bricks `which` names ((layer, brick)) of `from` replace the live ones (a brick of a
    /// layer `from` lacks: empty), layers added as `from` has them: one undo step.
    void adoptBricks(const QString &description, const LabelLayers &from,
                     const std::vector<std::pair<std::uint8_t, std::size_t>> &which);
    /// Keeps a finished change as an undo step (within a stroke, merged into its step).
    void commit(LabelChange change);

    std::shared_ptr<const Volume> m_volume;
    LabelLayers m_layers;
    std::vector<Segment> m_segments;
    std::vector<Segment> m_removed; ///< deleted or merged away, for undo
    LabelHistory m_history;
    std::uint8_t m_current = 0;
    bool m_inStroke = false;
    bool m_strokeHasStep = false;
    quint64 m_revision = 0;
    quint64 m_savedRevision = 0;
    double m_opacity = 0.5;
    bool m_busy = false;
};

} // namespace loupe
