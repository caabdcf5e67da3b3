#pragma once

#include "core/compute/reslice.h"
#include "core/labels/labelmap.h"

#include <QImage>

#include <array>
#include <cstdint>

namespace loupe {

class Segmentation;

/// What a slice picture needs to show segments, taken on the UI thread and drawn on a worker:
/// the bricks of every layer as they are, each label's colour (alpha 0: hidden) and the fill
/// opacity.
struct LabelOverlay {
    LabelLayers layers; ///< a copy: brick pointers, immutable, safe on the worker
    std::array<std::array<std::uint8_t, 4>, 256> colours{}; ///< RGBA per label
    double opacity = 0.5;

    static LabelOverlay of(const Segmentation &segmentation);
};

/// Blends the segments on a plane into an RGBA picture of that plane: each pixel's label
/// filled at the overlay's opacity, and its outline (pixels next to another label) opaque.
/// Layers are drawn in order, so where segments overlap both show, the later on top.
void drawLabels(const LabelOverlay &overlay, const SlicePlane &plane, QImage &image);

} // namespace loupe
