#pragma once

#include "core/compute/reslice.h"
#include "core/labels/labelmap.h"

#include <array>
#include <optional>
#include <vector>

namespace loupe {

class ComputeBackend;

/// What an edit may write: the label to write (0 erases), segments it must leave alone, and
/// optionally only voxels whose intensity lies in [low, high].
struct EditRule {
    std::uint8_t label = 1;
    std::array<bool, 256> locked{}; ///< locked[l]: voxels holding l are not touched
    std::optional<std::pair<double, double>> range;
    const Volume *intensities = nullptr; ///< needed with a range

    bool allows(const LabelEdit &edit, std::int64_t i, std::int64_t j, std::int64_t k) const;
};

/// Paints a ball of `radiusMm` (millimetres, so it stays round on anisotropic grids) centred
/// on a voxel position. Returns the voxels changed.
std::int64_t paintBall(LabelEdit &edit, const Vec3 &centre, double radiusMm, const EditRule &rule);

/// Paints a disk of `radiusMm` in a slice plane (the plane's own pixels), centred on plane
/// pixel (x, y). Returns the voxels changed.
std::int64_t paintDisk(LabelEdit &edit, const SlicePlane &plane, double x, double y,
                       double radiusMm, const EditRule &rule);

/// Every voxel of the volume whose value lies in [low, high] gets the rule's label. With a
/// compute backend and an int16 volume, the range test runs there (the CUDA kernel when a GPU
/// is in use); the result is the same.
std::int64_t threshold(LabelEdit &edit, const Volume &volume, double low, double high,
                       const EditRule &rule, const ComputeBackend *compute = nullptr);

/// Region growing: the voxels connected (6-neighbourhood in 3D; 4 within `plane` in 2D) to
/// the seeds whose values lie in [low, high]. Seeds outside the range grow nothing.
/// With a compute backend, an int16 volume, growing in 3D and no locked segment, the region
/// is found there (the CUDA kernel when a GPU is in use); the result is the same.
std::int64_t growFromSeeds(LabelEdit &edit, const Volume &volume, const std::vector<Vec3> &seeds,
                           double low, double high, const EditRule &rule,
                           const SlicePlane *plane = nullptr,
                           const ComputeBackend *compute = nullptr);

/// Islands: keeps only the largest 6-connected region of `label` and clears the rest.
/// Returns the voxels cleared.
std::int64_t keepLargestIsland(LabelEdit &edit, std::uint8_t label);

} // namespace loupe
