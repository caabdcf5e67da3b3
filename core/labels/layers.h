#pragma once

#include "core/labels/labelmap.h"
#include "core/labels/segment.h"
#include "core/result.h"

#include <map>
#include <memory>
#include <vector>

namespace loupe {

/// Edits several layers of a segmentation as one change: the live ones, or a copy (brick
/// pointers only) that a worker edits while the live ones are shown.
class LayerEditor {
public:
    /// Edits `layers`, which must outlive the editor.
    LayerEditor(LabelLayers &layers, QString description);
    LayerEditor(const LayerEditor &) = delete;
    LayerEditor &operator=(const LayerEditor &) = delete;

    const LabelLayers &layers() const { return m_layers; }
    /// The edit of layer `layer`; `layer` == layers().size() adds an empty layer first.
    LabelEdit &edit(std::uint8_t layer);
    /// The first layer, from `first` on, that holds nothing but `label` where `mask` is set (a
    /// new one when none does).
    std::uint8_t freeLayerFor(const LabelMap &mask, std::uint8_t label,
                              std::uint8_t first = 0) const;
    /// Ends every edit: one change naming each brick and its layer.
    LabelChange finish();

private:
    LabelLayers &m_layers;
    QString m_description;
    std::map<std::uint8_t, std::unique_ptr<LabelEdit>> m_edits;
};

/// The voxels of segment `s` as a mask (1 where it is).
LabelMap segmentMask(const LabelLayers &layers, const Segment &s);

/// Gives segment `s` exactly the voxels of `mask`, leaving every other segment as it is: it
/// stays on its layer when nothing else there is in the way, else moves to the first layer
/// where nothing is (a new one if need be). `ownLayer`: only a layer that holds no other
/// segment at all will do. Returns the layer it is on now.
std::uint8_t placeSegment(LayerEditor &editor, const Segment &s, const LabelMap &mask,
                          bool ownLayer = false);

enum class LogicalOp { Union, Intersect, Subtract };

/// The voxels of a ∪ b, a ∩ b or a \ b, as a mask (1 where they are).
LabelMap combinedMask(const LabelLayers &layers, const Segment &a, LogicalOp op, const Segment &b);

/// For a file that holds one label per voxel: every layer in one map. Fails, naming the two
/// segments, when two overlap.
Result<LabelMap> flattenLayers(const LabelLayers &layers, const std::vector<Segment> &segments);

/// Segments read one map each (maps[n] holds 1 where segments[n] is) put onto as few layers
/// as keep them apart: a segment goes on the first layer where it meets nothing. Sets each
/// segment's layer.
LabelLayers packSegments(const std::vector<LabelMap> &maps, std::vector<Segment> &segments);

/// The segment a voxel shows: the label on the topmost layer that has one there (0: none).
std::uint8_t topLabelAt(const LabelLayers &layers, std::int64_t i, std::int64_t j, std::int64_t k);

} // namespace loupe
