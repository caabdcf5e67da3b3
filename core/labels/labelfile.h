#pragma once

#include "core/labels/labelmap.h"
#include "core/labels/segment.h"

#include <vector>

namespace loupe {

/// Labels read from a file (DICOM SEG, label NIfTI, …), placed on a volume's grid, with the
/// segments the file describes.
struct LabelFile {
    LabelMap labels;
    std::vector<Segment> segments;
};

} // namespace loupe
