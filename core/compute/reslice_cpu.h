#pragma once

// Qt-free on purpose: gpu/'s standalone check program compiles this file as the reference
// for the reslice and MIP kernels.

#include <cstdint>

// sampleTrilinear below is compiled for the GPU too (gpu/loupegpu.cu includes this header), so
// the kernel and its CPU twin interpolate with the very same code.
#ifdef __CUDACC__
#define LOUPE_HOST_DEVICE __host__ __device__
#else
#define LOUPE_HOST_DEVICE
#endif

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

/// An arbitrary plane through the volume, in voxel coordinates: output pixel (x, y) samples
/// the volume at origin + x * stepX + y * stepY.
struct ObliquePlane {
    double origin[3] = {0, 0, 0};
    double stepX[3] = {1, 0, 0};
    double stepY[3] = {0, 1, 0};
    std::int64_t width = 0;
    std::int64_t height = 0;
};

/// Samples an oblique plane with trilinear interpolation; points outside the volume get
/// `outside`. Bit-identical to the CUDA kernel: positions are computed in double with every
/// product and sum rounded separately (no fused multiply-add), the interpolation weights are
/// quantised to 1/256 and the interpolation itself is integer arithmetic.
void resliceObliqueCpu(const std::int16_t *volume, Dims d, const ObliquePlane &plane,
                       std::int16_t outside, std::int16_t *out);
/// Rows [firstRow, endRow) of the same plane (out still points at row 0): lets callers share
/// a plane between threads with results identical to one call.
void resliceObliqueRowsCpu(const std::int16_t *volume, Dims d, const ObliquePlane &plane,
                           std::int16_t outside, std::int64_t firstRow, std::int64_t endRow,
                           std::int16_t *out);

/// One sample of resliceObliqueCpu at voxel position (px, py, pz), on the CPU and in the CUDA
/// kernel alike. Every floating-point step here is exact or a single rounding, so a fused
/// multiply-add on the GPU gives the same weights.
LOUPE_HOST_DEVICE inline std::int16_t sampleTrilinear(const std::int16_t *volume, Dims d, double px,
                                                      double py, double pz, std::int16_t outside)
{
    if (!(px >= 0 && py >= 0 && pz >= 0 && px <= double(d.x - 1) && py <= double(d.y - 1) &&
          pz <= double(d.z - 1)))
        return outside;
    const auto i0 = static_cast<std::int64_t>(px), j0 = static_cast<std::int64_t>(py),
               k0 = static_cast<std::int64_t>(pz);
    // Fractions to 1/256 (exact: scaling by a power of two, then one rounding).
    const std::int64_t wx = static_cast<std::int64_t>((px - double(i0)) * 256.0 + 0.5);
    const std::int64_t wy = static_cast<std::int64_t>((py - double(j0)) * 256.0 + 0.5);
    const std::int64_t wz = static_cast<std::int64_t>((pz - double(k0)) * 256.0 + 0.5);
    const std::int64_t i1 = i0 + 1 < d.x ? i0 + 1 : i0, j1 = j0 + 1 < d.y ? j0 + 1 : j0,
                       k1 = k0 + 1 < d.z ? k0 + 1 : k0;
    const auto at = [&](std::int64_t i, std::int64_t j, std::int64_t k) -> std::int64_t {
        return volume[(k * d.y + j) * d.x + i];
    };
    const std::int64_t c00 = at(i0, j0, k0) * (256 - wx) + at(i1, j0, k0) * wx;
    const std::int64_t c10 = at(i0, j1, k0) * (256 - wx) + at(i1, j1, k0) * wx;
    const std::int64_t c01 = at(i0, j0, k1) * (256 - wx) + at(i1, j0, k1) * wx;
    const std::int64_t c11 = at(i0, j1, k1) * (256 - wx) + at(i1, j1, k1) * wx;
    const std::int64_t c0 = c00 * (256 - wy) + c10 * wy;
    const std::int64_t c1 = c01 * (256 - wy) + c11 * wy;
    const std::int64_t sum = c0 * (256 - wz) + c1 * wz;                      // weights total 2^24
    return static_cast<std::int16_t>((sum + (std::int64_t{1} << 23)) >> 24); // round half up
}

} // namespace loupe::compute
