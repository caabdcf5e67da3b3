#pragma once

#include "core/labels/labelops.h"

namespace loupe {

/// Grows (mm > 0) or shrinks (mm < 0) a segment by a margin in millimetres (an ellipsoid in
/// voxels on anisotropic grids). Growing writes only where the rule allows. Returns the voxels
/// changed.
std::int64_t margin(LabelEdit &edit, std::uint8_t label, double mm, const EditRule &rule);

/// Majority smoothing: each voxel in reach of the segment takes the segment when more than
/// half of its 3×3×3 neighbourhood holds it, and leaves it otherwise (a binary median).
std::int64_t medianSmooth(LabelEdit &edit, std::uint8_t label, const EditRule &rule);

/// Closing: grow by `mm`, then shrink by `mm`; fills gaps and notches narrower than 2 mm.
std::int64_t closing(LabelEdit &edit, std::uint8_t label, double mm, const EditRule &rule);

/// Merge (union): every voxel of `from` joins `into` (0 clears them); `from` is left empty.
/// Both on the edit's layer (one label per voxel there), so this is their union; across layers
/// see combinedMask() and placeSegment() in layers.h.
std::int64_t mergeInto(LabelEdit &edit, std::uint8_t into, std::uint8_t from);

/// Islands: removes the 6-connected regions of `label` smaller than `minVoxels`.
std::int64_t removeSmallIslands(LabelEdit &edit, std::uint8_t label, std::int64_t minVoxels);

/// Fill between slices: where `label` is drawn on some slices along `axis` (0 i, 1 j, 2 k)
/// and not on those between, interpolates its shape between each pair of drawn slices
/// (shape-based interpolation of signed distance maps). Returns the voxels filled.
std::int64_t fillBetweenSlices(LabelEdit &edit, std::uint8_t label, int axis, const EditRule &rule);

} // namespace loupe
