#include "widgets/labeloverlay.h"

#include "core/labels/segmentation.h"

#include <cmath>
#include <vector>

namespace loupe {

LabelOverlay LabelOverlay::of(const Segmentation &segmentation)
{
    LabelOverlay o{segmentation.snapshot(), {}, 0.5};
    o.opacity = segmentation.opacity();
    for (const Segment &s : segmentation.segments())
        o.colours[s.label] = {s.colour[0], s.colour[1], s.colour[2],
                              static_cast<std::uint8_t>(s.visible ? 255 : 0)};
    return o;
}

namespace {

void drawLayer(const LabelOverlay &overlay, const LabelMap &layer, const SlicePlane &plane,
               QImage &image)
{
    // The label under each pixel (nearest voxel), then fill and outline.
    std::vector<std::uint8_t> labels(static_cast<std::size_t>(plane.width) * plane.height);
    bool any = false;
    for (int y = 0; y < plane.height; ++y)
        for (int x = 0; x < plane.width; ++x) {
            const Vec3 v = plane.toVoxel(x, y);
            const std::int64_t i = std::lround(v[0]), j = std::lround(v[1]), k = std::lround(v[2]);
            const std::uint8_t l = layer.contains(i, j, k) ? layer.at(i, j, k) : 0;
            labels[static_cast<std::size_t>(y) * plane.width + x] = l;
            any = any || (l && overlay.colours[l][3]);
        }
    if (!any)
        return;
    const int fill = static_cast<int>(std::lround(overlay.opacity * 256));
    for (int y = 0; y < plane.height; ++y) {
        std::uint8_t *line = image.scanLine(y);
        for (int x = 0; x < plane.width; ++x) {
            const std::size_t at = static_cast<std::size_t>(y) * plane.width + x;
            const std::uint8_t l = labels[at];
            const auto &c = overlay.colours[l];
            if (!l || !c[3])
                continue;
            const bool edge = x == 0 || y == 0 || x == plane.width - 1 || y == plane.height - 1 ||
                              labels[at - 1] != l || labels[at + 1] != l ||
                              labels[at - plane.width] != l || labels[at + plane.width] != l;
            const int a = edge ? 256 : fill;
            for (int ch = 0; ch < 3; ++ch)
                line[4 * x + ch] =
                    static_cast<std::uint8_t>((line[4 * x + ch] * (256 - a) + c[ch] * a) >> 8);
        }
    }
}

} // namespace

void drawLabels(const LabelOverlay &overlay, const SlicePlane &plane, QImage &image)
{
    if (image.width() != plane.width || image.height() != plane.height ||
        image.format() != QImage::Format_RGBA8888)
        return;
    for (const LabelMap &layer : overlay.layers)
        drawLayer(overlay, layer, plane, image);
}

} // namespace loupe
