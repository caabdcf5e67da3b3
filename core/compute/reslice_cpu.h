#pragma once

// Qt-free on purpose: gpu/'s standalone check program compiles this file as the reference
// for the reslice and MIP kernels.

#include <cstdint>

namespace loupe::compute {

/// Voxel counts along i, j and k; voxels are stored with i fastest.
struct Dims {
    std::int64_t x = 0, y = 0, z = 0;
};

/// Width and height of the plane perpendicular to `axis` (0 = i, 1 = j, 2 = k), in display
/// order: k planes are x = i, y = j; j planes x = i, y = k from the top (k reversed); i planes
/// x = j, y = k reversed. The same layout as the slice views.
void planeSize(Dims d, int axis, std::int64_t *width, std::int64_t *height);

/// The plane at `index` along `axis`, written row by row into `out`.
void resliceCpu(const std::int16_t *volume, Dims d, int axis, std::int64_t index,
                std::int16_t *out);

/// The maximum along `axis` of every ray (maximum intensity projection), same plane layout.
void mipCpu(const std::int16_t *volume, Dims d, int axis, std::int16_t *out);

} // namespace loupe::compute
