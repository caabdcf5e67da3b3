#include "core/compute/reslice.h"

#include "core/compute/reslice_cpu.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <numeric>

#include <QtConcurrent/QtConcurrentMap>

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

Vec3 SlicePlane::toPlane(const Vec3 &voxel) const
{
    return multiply(inverse(fromColumns(stepX, stepY, stepNormal)), voxel - origin);
}

SlicePlane axisPlane(const VolumeGeometry &g, SliceOrientation o, int index)
{
    const PlaneGeometry p = planeGeometry(g, o);
    SlicePlane plane;
    plane.orientation = o;
    plane.width = p.width;
    plane.height = p.height;
    plane.spacingX = p.spacingX;
    plane.spacingY = p.spacingY;
    plane.origin = planeToVoxel(g, o, index, 0, 0);
    plane.stepX = planeToVoxel(g, o, index, 1, 0) - plane.origin;
    plane.stepY = planeToVoxel(g, o, index, 0, 1) - plane.origin;
    plane.stepNormal = planeToVoxel(g, o, index + 1, 0, 0) - plane.origin;
    plane.axisAligned = true;
    plane.index = index;
    plane.sliceCount = sliceCount(g, o);
    return plane;
}

SlicePlane obliquePlane(const VolumeGeometry &g, SliceOrientation o, const Mat3 &rotation,
                        const Vec3 &throughVoxel)
{
    const Vec3 zero = g.voxelToPatient(planeToVoxel(g, o, 0, 0, 0));
    const Vec3 normal0 = normalized(g.voxelToPatient(planeToVoxel(g, o, 1, 0, 0)) - zero);
    const Vec3 right = multiply(rotation, screenRight(g, o));
    const Vec3 down = multiply(rotation, screenDown(g, o));
    const Vec3 normal = multiply(rotation, normal0);

    // Square, as wide as the volume's diagonal, at the finest spacing.
    const Vec3 last{double(g.dims[0] - 1), double(g.dims[1] - 1), double(g.dims[2] - 1)};
    const Vec3 centre = g.voxelToPatient(0.5 * last);
    const double diagonal =
        std::max(norm(g.voxelToPatient(last) - g.voxelToPatient({0, 0, 0})), 1.0);
    double spacing = std::min({g.spacing[0], g.spacing[1], g.spacing[2]});
    int size = static_cast<int>(std::ceil(diagonal / spacing)) + 1;
    if (size > 1024) {
        size = 1024;
        spacing = diagonal / 1023.0;
    }
    const double half = (size - 1) / 2.0;
    // The plane through the point, its pixel grid centred on the volume's centre.
    const double depth = dot(g.voxelToPatient(throughVoxel) - centre, normal);
    const Vec3 planeCentre = centre + depth * normal;
    const Vec3 originPatient = planeCentre - (half * spacing) * right - (half * spacing) * down;

    SlicePlane plane;
    plane.orientation = o;
    plane.width = plane.height = size;
    plane.spacingX = plane.spacingY = spacing;
    const Vec3 c = g.patientToVoxel(centre);
    plane.origin = g.patientToVoxel(originPatient);
    plane.stepX = g.patientToVoxel(centre + spacing * right) - c;
    plane.stepY = g.patientToVoxel(centre + spacing * down) - c;
    plane.stepNormal = g.patientToVoxel(centre + spacing * normal) - c;
    plane.axisAligned = false;
    plane.sliceCount = size;
    plane.index = std::clamp(static_cast<int>(std::lround(depth / spacing + half)), 0, size - 1);
    return plane;
}

Vec3 screenRight(const VolumeGeometry &g, const SlicePlane &p)
{
    return normalized(g.voxelToPatient(p.origin + p.stepX) - g.voxelToPatient(p.origin));
}

Vec3 screenDown(const VolumeGeometry &g, const SlicePlane &p)
{
    return normalized(g.voxelToPatient(p.origin + p.stepY) - g.voxelToPatient(p.origin));
}

double sampleValue(const Volume &volume, const Vec3 &v)
{
    const auto &d = volume.geometry().dims;
    constexpr double eps = 1e-6;
    for (int a = 0; a < 3; ++a)
        if (!(v[a] >= -eps && v[a] <= double(d[a] - 1) + eps))
            return std::numeric_limits<double>::quiet_NaN();
    const Vec3 c{std::clamp(v[0], 0.0, double(d[0] - 1)), std::clamp(v[1], 0.0, double(d[1] - 1)),
                 std::clamp(v[2], 0.0, double(d[2] - 1))};
    const Vec3 r{std::round(c[0]), std::round(c[1]), std::round(c[2])};
    if (std::abs(c[0] - r[0]) < eps && std::abs(c[1] - r[1]) < eps && std::abs(c[2] - r[2]) < eps)
        return volume.valueAt(std::int64_t(r[0]), std::int64_t(r[1]), std::int64_t(r[2]));
    const auto i0 = std::int64_t(std::floor(c[0])), j0 = std::int64_t(std::floor(c[1])),
               k0 = std::int64_t(std::floor(c[2]));
    const std::int64_t i1 = std::min(i0 + 1, d[0] - 1), j1 = std::min(j0 + 1, d[1] - 1),
                       k1 = std::min(k0 + 1, d[2] - 1);
    const double fx = c[0] - double(i0), fy = c[1] - double(j0), fz = c[2] - double(k0);
    const auto at = [&](std::int64_t i, std::int64_t j, std::int64_t k) {
        return volume.valueAt(i, j, k);
    };
    const double c0 = (at(i0, j0, k0) * (1 - fx) + at(i1, j0, k0) * fx) * (1 - fy) +
                      (at(i0, j1, k0) * (1 - fx) + at(i1, j1, k0) * fx) * fy;
    const double c1 = (at(i0, j0, k1) * (1 - fx) + at(i1, j0, k1) * fx) * (1 - fy) +
                      (at(i0, j1, k1) * (1 - fx) + at(i1, j1, k1) * fx) * fy;
    return c0 * (1 - fz) + c1 * fz;
}

void extractPlane16(const Volume &volume, const SlicePlane &plane, std::vector<std::int16_t> &out)
{
    if (plane.axisAligned) {
        extractSlice16(volume, plane.orientation, plane.index, out);
        return;
    }
    out.resize(static_cast<std::size_t>(plane.width) * plane.height);
    const auto low = static_cast<std::int16_t>(std::clamp(volume.minimum(), -32768.0, 32767.0));
    const VolumeGeometry &g = volume.geometry();
    if (volume.scalarType() == ScalarType::Int16) {
        // The CPU twin of the CUDA oblique kernel (gpu/check compares them).
        compute::ObliquePlane p;
        for (int a = 0; a < 3; ++a) {
            p.origin[a] = plane.origin[a];
            p.stepX[a] = plane.stepX[a];
            p.stepY[a] = plane.stepY[a];
        }
        p.width = plane.width;
        p.height = plane.height;
        // Bands of rows on all cores; the same result as one call.
        const compute::Dims d{g.dims[0], g.dims[1], g.dims[2]};
        std::vector<int> bands(16);
        std::iota(bands.begin(), bands.end(), 0);
        const std::int64_t rows = (p.height + 15) / 16;
        QtConcurrent::blockingMap(bands, [&](int band) {
            const std::int64_t first = band * rows;
            compute::resliceObliqueRowsCpu(volume.dataAs<std::int16_t>(), d, p, low, first,
                                           std::min(p.height, first + rows), out.data());
        });
        return;
    }
    for (int y = 0; y < plane.height; ++y)
        for (int x = 0; x < plane.width; ++x) {
            const double value = sampleValue(volume, plane.toVoxel(x, y));
            out[static_cast<std::size_t>(y) * plane.width + x] =
                std::isnan(value)
                    ? low
                    : static_cast<std::int16_t>(std::clamp(std::round(value), -32768.0, 32767.0));
        }
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
