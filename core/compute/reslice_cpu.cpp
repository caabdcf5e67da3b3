#include "reslice_cpu.h"

#include <algorithm>
#include <cstddef>

namespace loupe::compute {

namespace {

/// Voxel index of plane pixel (x, y) at depth `s` along `axis`.
inline std::int64_t voxelIndex(Dims d, int axis, std::int64_t x, std::int64_t y, std::int64_t s)
{
    switch (axis) {
    case 2: return (s * d.y + y) * d.x + x;              // i = x, j = y, k = s
    case 1: return ((d.z - 1 - y) * d.y + s) * d.x + x;  // i = x, j = s, k = top-down
    default: return ((d.z - 1 - y) * d.y + x) * d.x + s; // i = s, j = x, k = top-down
    }
}

} // namespace

void planeSize(Dims d, int axis, std::int64_t *width, std::int64_t *height)
{
    *width = axis == 0 ? d.y : d.x;
    *height = axis == 2 ? d.y : d.z;
}

void resliceCpu(const std::int16_t *volume, Dims d, int axis, std::int64_t index, std::int16_t *out)
{
    std::int64_t w = 0, h = 0;
    planeSize(d, axis, &w, &h);
    for (std::int64_t y = 0; y < h; ++y)
        for (std::int64_t x = 0; x < w; ++x)
            out[y * w + x] = volume[voxelIndex(d, axis, x, y, index)];
}

void mipCpu(const std::int16_t *volume, Dims d, int axis, std::int16_t *out)
{
    std::int64_t w = 0, h = 0;
    planeSize(d, axis, &w, &h);
    const std::int64_t depth = axis == 0 ? d.x : axis == 1 ? d.y : d.z;
    for (std::int64_t y = 0; y < h; ++y)
        for (std::int64_t x = 0; x < w; ++x) {
            std::int16_t best = volume[voxelIndex(d, axis, x, y, 0)];
            for (std::int64_t s = 1; s < depth; ++s)
                best = std::max(best, volume[voxelIndex(d, axis, x, y, s)]);
            out[y * w + x] = best;
        }
}

void resliceObliqueCpu(const std::int16_t *volume, Dims d, const ObliquePlane &p,
                       std::int16_t outside, std::int16_t *out)
{
    resliceObliqueRowsCpu(volume, d, p, outside, 0, p.height, out);
}

void resliceObliqueRowsCpu(const std::int16_t *volume, Dims d, const ObliquePlane &p,
                           std::int16_t outside, std::int64_t firstRow, std::int64_t endRow,
                           std::int16_t *out)
{
    for (std::int64_t y = firstRow; y < endRow; ++y)
        for (std::int64_t x = 0; x < p.width; ++x) {
            // Each product and sum rounded on its own, as the CUDA kernel does with __dmul_rn
            // and __dadd_rn (this file is built with -ffp-contract=off).
            const double fx = double(x), fy = double(y);
            double v[3];
            for (int a = 0; a < 3; ++a) {
                const double ax = fx * p.stepX[a];
                const double ay = fy * p.stepY[a];
                v[a] = (p.origin[a] + ax) + ay;
            }
            out[y * p.width + x] = sampleTrilinear(volume, d, v[0], v[1], v[2], outside);
        }
}

} // namespace loupe::compute
