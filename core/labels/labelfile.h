#pragma once

#include "core/labels/labelmap.h"
#include "core/labels/segment.h"

#include <vector>

namespace loupe {

/// Labels read from a file (DICOM SEG, label NIfTI, …), placed on a volume's grid, with the
/// segments the file describes. Segments that overlap in the file are on different layers
/// (each segment's `layer`).
struct LabelFile {
    LabelLayers layers;
    std::vector<Segment> segments;
};

} // namespace loupe
