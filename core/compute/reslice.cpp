#include "core/compute/reslice.h"

#include "core/compute/reslice_cpu.h"

#include <algorithm>
#include <cmath>

namespace loupe {

namespace {

/// For each orientation: which voxel axes run along screen x, screen y and through slices,
/// and whether screen y runs against its axis (head up).
struct Axes {
    int x, y, slice;
    bool flipY;
};

Axes axesOf(SliceOrientation o)
{
    switch (o) {
    case SliceOrientation::Axial: return {0, 1, 2, false};
    case SliceOrientation::Coronal: return {0, 2, 1, true};
    case SliceOrientation::Sagittal: return {1, 2, 0, true};
    }
    return {0, 1, 2, false};
}

} // namespace

PlaneGeometry planeGeometry(const VolumeGeometry &g, SliceOrientation o)
{
    const Axes a = axesOf(o);
    return {static_cast<int>(g.dims[a.x]), static_cast<int>(g.dims[a.y]), g.spacing[a.x],
            g.spacing[a.y]};
}

int sliceCount(const VolumeGeometry &g, SliceOrientation o)
{
    return static_cast<int>(g.dims[axesOf(o).slice]);
}

Vec3 planeToVoxel(const VolumeGeometry &g, SliceOrientation o, int index, double x, double y)
{
    const Axes a = axesOf(o);
    Vec3 v{0, 0, 0};
    v[a.x] = x;
    v[a.y] = a.flipY ? double(g.dims[a.y] - 1) - y : y;
    v[a.slice] = index;
    return v;
}

Vec3 voxelToPlane(const VolumeGeometry &g, SliceOrientation o, const Vec3 &ijk)
{
    const Axes a = axesOf(o);
    return {ijk[a.x], a.flipY ? double(g.dims[a.y] - 1) - ijk[a.y] : ijk[a.y], ijk[a.slice]};
}

Vec3 screenRight(const VolumeGeometry &g, SliceOrientation o)
{
    return column(g.direction, axesOf(o).x);
}

Vec3 screenDown(const VolumeGeometry &g, SliceOrientation o)
{
    const Axes a = axesOf(o);
    const Vec3 c = column(g.direction, a.y);
    return a.flipY ? -1.0 * c : c;
}

QString orientationLetters(const Vec3 &d)
{
    static const char *positive = "LPS", *negative = "RAI";
    // Axes by importance; a second letter when the direction leans noticeably.
    int order[3] = {0, 1, 2};
    std::sort(order, order + 3, [&](int a, int b) { return std::abs(d[a]) > std::abs(d[b]); });
    QString out;
    for (int n = 0; n < 2; ++n) {
        const int axis = order[n];
        if (n > 0 && std::abs(d[axis]) < 0.25)
            break;
        out += QLatin1Char(d[axis] >= 0 ? positive[axis] : negative[axis]);
    }
    return out;
}

void extractSlice16(const Volume &volume, SliceOrientation o, int index,
                    std::vector<std::int16_t> &out)
{
    const VolumeGeometry &g = volume.geometry();
    const PlaneGeometry p = planeGeometry(g, o);
    out.resize(static_cast<std::size_t>(p.width) * p.height);
    if (volume.scalarType() == ScalarType::Int16) {
        // The CPU twin of the CUDA reslice kernel (gpu/check compares them).
        compute::resliceCpu(volume.dataAs<std::int16_t>(), {g.dims[0], g.dims[1], g.dims[2]},
                            axesOf(o).slice, index, out.data());
        return;
    }
    for (int y = 0; y < p.height; ++y)
        for (int x = 0; x < p.width; ++x) {
            const Vec3 v = planeToVoxel(g, o, index, x, y);
            const double value =
                volume.valueAt(std::int64_t(v[0]), std::int64_t(v[1]), std::int64_t(v[2]));
            out[static_cast<std::size_t>(y) * p.width + x] =
                static_cast<std::int16_t>(std::clamp(std::round(value), -32768.0, 32767.0));
        }
}

} // namespace loupe
