#include "core/labels/layers.h"

#include <QObject>

namespace loupe {

LayerEditor::LayerEditor(LabelLayers &layers, QString description)
    : m_layers(layers), m_description(std::move(description))
{
    m_layers.reserve(256); // edits hold references into it: adding a layer must not move them
}

LabelEdit &LayerEditor::edit(std::uint8_t layer)
{
    if (layer == m_layers.size())
        m_layers.emplace_back(m_layers.front().geometry());
    auto &e = m_edits[layer];
    if (!e)
        e = std::make_unique<LabelEdit>(m_layers.at(layer), m_description, layer);
    return *e;
}

std::uint8_t LayerEditor::freeLayerFor(const LabelMap &mask, std::uint8_t label,
                                       std::uint8_t first) const
{
    for (std::size_t l = first; l < m_layers.size(); ++l) {
        const LabelMap &layer = m_layers[l];
        bool clear = true;
        mask.forEachWrittenVoxel(
            [&](std::int64_t i, std::int64_t j, std::int64_t k, std::uint8_t in) {
                if (clear && in) {
                    const std::uint8_t there = layer.at(i, j, k);
                    clear = there == 0 || there == label;
                }
            });
        if (clear)
            return static_cast<std::uint8_t>(l);
    }
    return static_cast<std::uint8_t>(m_layers.size());
}

LabelChange LayerEditor::finish()
{
    LabelChange all;
    all.description = m_description;
    for (auto &[layer, e] : m_edits) {
        LabelChange c = e->finish();
        for (auto &saved : c.before)
            all.before.push_back(std::move(saved));
    }
    m_edits.clear();
    return all;
}

LabelMap segmentMask(const LabelLayers &layers, const Segment &s)
{
    LabelMap mask(layers.front().geometry());
    LabelEdit e(mask, QString());
    layers.at(s.layer).forEachWrittenVoxel(
        [&](std::int64_t i, std::int64_t j, std::int64_t k, std::uint8_t l) {
            if (l == s.label)
                e.set(i, j, k, 1);
        });
    e.finish();
    return mask;
}

namespace {

/// Whether layer `l` holds any label but `label`.
bool holdsOthers(const LabelMap &layer, std::uint8_t label)
{
    const auto h = layer.histogram();
    for (std::size_t v = 1; v < h.size(); ++v)
        if (v != label && h[v] > 0)
            return true;
    return false;
}

} // namespace

std::uint8_t placeSegment(LayerEditor &editor, const Segment &s, const LabelMap &mask,
                          bool ownLayer)
{
    std::uint8_t to = static_cast<std::uint8_t>(editor.layers().size());
    if (ownLayer && !holdsOthers(editor.layers().at(s.layer), s.label)) {
        to = s.layer; // already alone
    } else if (ownLayer) {
        for (std::size_t l = 0; l < editor.layers().size(); ++l)
            if (!holdsOthers(editor.layers()[l], s.label)) {
                to = static_cast<std::uint8_t>(l);
                break;
            }
    } else {
        // Its own layer first: moving is the exception.
        to = editor.freeLayerFor(mask, s.label, s.layer) == s.layer
                 ? s.layer
                 : editor.freeLayerFor(mask, s.label);
    }
    // Out of the layer it leaves (or, staying, out of the voxels the mask lacks)...
    LabelEdit &from = editor.edit(s.layer);
    from.map().forEachWrittenVoxel(
        [&](std::int64_t i, std::int64_t j, std::int64_t k, std::uint8_t l) {
            if (l == s.label && (to != s.layer || !mask.at(i, j, k)))
                from.set(i, j, k, 0);
        });
    // ...and into the mask's voxels on the layer it is on now.
    LabelEdit &into = editor.edit(to);
    mask.forEachWrittenVoxel([&](std::int64_t i, std::int64_t j, std::int64_t k, std::uint8_t in) {
        if (in)
            into.set(i, j, k, s.label);
    });
    return to;
}

LabelMap combinedMask(const LabelLayers &layers, const Segment &a, LogicalOp op, const Segment &b)
{
    const LabelMap &bLayer = layers.at(b.layer);
    LabelMap mask(layers.front().geometry());
    {
        LabelEdit e(mask, QString());
        layers.at(a.layer).forEachWrittenVoxel(
            [&](std::int64_t i, std::int64_t j, std::int64_t k, std::uint8_t l) {
                if (l != a.label)
                    return;
                const bool inB = bLayer.at(i, j, k) == b.label;
                if (op == LogicalOp::Union || (op == LogicalOp::Intersect) == inB)
                    e.set(i, j, k, 1);
            });
        if (op == LogicalOp::Union)
            bLayer.forEachWrittenVoxel(
                [&](std::int64_t i, std::int64_t j, std::int64_t k, std::uint8_t l) {
                    if (l == b.label)
                        e.set(i, j, k, 1);
                });
        e.finish();
    }
    return mask;
}

Result<LabelMap> flattenLayers(const LabelLayers &layers, const std::vector<Segment> &segments)
{
    LabelMap flat = layers.front();
    LabelEdit e(flat, QString());
    for (std::size_t l = 1; l < layers.size(); ++l) {
        std::uint8_t clashA = 0, clashB = 0;
        layers[l].forEachWrittenVoxel(
            [&](std::int64_t i, std::int64_t j, std::int64_t k, std::uint8_t label) {
                if (!label || clashA)
                    return;
                const std::uint8_t there = e.at(i, j, k);
                if (there && there != label) {
                    clashA = there;
                    clashB = label;
                    return;
                }
                e.set(i, j, k, label);
            });
        if (clashA) {
            const auto name = [&](std::uint8_t label) {
                for (const Segment &s : segments)
                    if (s.label == label)
                        return s.name;
                return QObject::tr("label %1").arg(label);
            };
            return Error{QObject::tr("Segments \"%1\" and \"%2\" overlap, and this format holds "
                                     "one label per voxel. Save as DICOM SEG, which keeps "
                                     "overlapping segments, or subtract one from the other first.")
                             .arg(name(clashA), name(clashB))};
        }
    }
    e.finish();
    return flat;
}

LabelLayers packSegments(const std::vector<LabelMap> &maps, std::vector<Segment> &segments)
{
    LabelLayers layers{LabelMap(maps.empty() ? VolumeGeometry{} : maps.front().geometry())};
    LayerEditor editor(layers, QString());
    for (std::size_t n = 0; n < maps.size() && n < segments.size(); ++n) {
        Segment &s = segments[n];
        s.layer = editor.freeLayerFor(maps[n], s.label);
        LabelEdit &e = editor.edit(s.layer);
        maps[n].forEachWrittenVoxel(
            [&](std::int64_t i, std::int64_t j, std::int64_t k, std::uint8_t in) {
                if (in)
                    e.set(i, j, k, s.label);
            });
    }
    editor.finish();
    return layers;
}

std::uint8_t topLabelAt(const LabelLayers &layers, std::int64_t i, std::int64_t j, std::int64_t k)
{
    if (layers.empty() || !layers.front().contains(i, j, k))
        return 0;
    for (auto layer = layers.rbegin(); layer != layers.rend(); ++layer)
        if (const std::uint8_t l = layer->at(i, j, k))
            return l;
    return 0;
}

} // namespace loupe
