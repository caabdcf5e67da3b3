#include "core/compute/resample.h"

#include "core/progress.h"

#include <QtConcurrent/QtConcurrentMap>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <cstring>
#include <limits>
#include <numeric>
#include <vector>

namespace loupe {

namespace {

template <typename T>
T fromDouble(double v)
{
    if constexpr (std::is_floating_point_v<T>)
        return static_cast<T>(v);
    else
        return static_cast<T>(std::clamp(std::round(v), double(std::numeric_limits<T>::lowest()),
                                         double(std::numeric_limits<T>::max())));
}

double trilinear(const Volume &v, const Vec3 &c, int component, double outside)
{
    const auto &d = v.geometry().dims;
    const double x = c[0], y = c[1], z = c[2];
    if (x < 0 || y < 0 || z < 0 || x > d[0] - 1 || y > d[1] - 1 || z > d[2] - 1)
        return outside;
    const auto i0 = static_cast<std::int64_t>(std::floor(x)),
               j0 = static_cast<std::int64_t>(std::floor(y)),
               k0 = static_cast<std::int64_t>(std::floor(z));
    const std::int64_t i1 = std::min(i0 + 1, d[0] - 1), j1 = std::min(j0 + 1, d[1] - 1),
                       k1 = std::min(k0 + 1, d[2] - 1);
    const double fx = x - i0, fy = y - j0, fz = z - k0;
    const auto at = [&](std::int64_t i, std::int64_t j, std::int64_t k) {
        return v.componentAt(i, j, k, component);
    };
    const double c00 = at(i0, j0, k0) * (1 - fx) + at(i1, j0, k0) * fx;
    const double c10 = at(i0, j1, k0) * (1 - fx) + at(i1, j1, k0) * fx;
    const double c01 = at(i0, j0, k1) * (1 - fx) + at(i1, j0, k1) * fx;
    const double c11 = at(i0, j1, k1) * (1 - fx) + at(i1, j1, k1) * fx;
    return (c00 * (1 - fy) + c10 * fy) * (1 - fz) + (c01 * (1 - fy) + c11 * fy) * fz;
}

template <typename T>
void store(Volume &out, std::size_t at, double value)
{
    out.mutableDataAs<T>()[at] = fromDouble<T>(value);
}

void storeAny(Volume &out, std::size_t at, int component, double value)
{
    switch (out.scalarType()) {
    case ScalarType::Rgb8:
        store<std::uint8_t>(out, at * 3 + static_cast<std::size_t>(component), value);
        break;
    case ScalarType::UInt8: store<std::uint8_t>(out, at, value); break;
    case ScalarType::Int16: store<std::int16_t>(out, at, value); break;
    case ScalarType::UInt16: store<std::uint16_t>(out, at, value); break;
    case ScalarType::Int32: store<std::int32_t>(out, at, value); break;
    case ScalarType::Float32: store<float>(out, at, value); break;
    }
}

/// Runs `perSlice(k)` for every output slice on all cores; false when canceled.
template <typename F>
bool forEachSlice(std::int64_t slices, Progress *progress, F perSlice)
{
    std::vector<std::int64_t> ks(static_cast<std::size_t>(slices));
    std::iota(ks.begin(), ks.end(), std::int64_t{0});
    std::atomic<qint64> done{0};
    QtConcurrent::blockingMap(ks, [&](std::int64_t k) {
        if (progress && progress->isCanceled())
            return;
        perSlice(k);
        if (progress)
            progress->report(++done, slices, QStringLiteral("Resampling"));
    });
    return !(progress && progress->isCanceled());
}

} // namespace

bool isSheared(const VolumeGeometry &g)
{
    const Vec3 normal = normalized(cross(column(g.direction, 0), column(g.direction, 1)));
    return std::abs(dot(column(g.direction, 2), normal)) < 1.0 - 1e-6;
}

std::shared_ptr<Volume> resampleToOrthogonal(const Volume &in, Progress *progress)
{
    const VolumeGeometry &g = in.geometry();
    const Vec3 ci = column(g.direction, 0), cj = column(g.direction, 1);
    const Vec3 normal = normalized(cross(ci, cj));
    VolumeGeometry og = g;
    og.spacing[2] = g.spacing[2] * std::abs(dot(column(g.direction, 2), normal));
    const Vec3 ck = dot(column(g.direction, 2), normal) >= 0 ? normal : -1.0 * normal;
    og.direction = {ci[0], cj[0], ck[0], ci[1], cj[1], ck[1], ci[2], cj[2], ck[2]};
    std::shared_ptr<Volume> out = Volume::allocate(og, in.scalarType());
    if (!out)
        return nullptr;
    out->setInfo(in.info());
    const double outside = in.minimum();
    const int components = componentCount(in.scalarType());
    const bool finished = forEachSlice(og.dims[2], progress, [&](std::int64_t k) {
        for (std::int64_t j = 0; j < og.dims[1]; ++j)
            for (std::int64_t i = 0; i < og.dims[0]; ++i) {
                const Vec3 p = og.voxelToPatient({double(i), double(j), double(k)});
                for (int c = 0; c < components; ++c)
                    storeAny(*out, out->index(i, j, k), c,
                             trilinear(in, g.patientToVoxel(p), c, in.isColour() ? 0 : outside));
            }
    });
    if (!finished)
        return nullptr;
    out->updateRange();
    return out;
}

std::shared_ptr<Volume> fillMissingSlices(const Volume &in, Progress *progress)
{
    const VolumeGeometry &g = in.geometry();
    std::shared_ptr<Volume> out = Volume::allocate(g, in.scalarType());
    if (!out)
        return nullptr;
    VolumeInfo info = in.info();
    std::vector<bool> missing(static_cast<std::size_t>(g.dims[2]), false);
    for (int k : info.missingSlices)
        if (k >= 0 && k < g.dims[2])
            missing[static_cast<std::size_t>(k)] = true;
    info.missingSlices.clear();
    out->setInfo(info);
    const std::size_t sliceBytes =
        static_cast<std::size_t>(g.dims[0]) * g.dims[1] * scalarSize(in.scalarType());
    const bool finished = forEachSlice(g.dims[2], progress, [&](std::int64_t k) {
        auto *dst = static_cast<char *>(out->mutableData()) +
                    out->index(0, 0, k) * scalarSize(in.scalarType());
        if (!missing[static_cast<std::size_t>(k)]) {
            std::memcpy(dst,
                        static_cast<const char *>(in.data()) +
                            in.index(0, 0, k) * scalarSize(in.scalarType()),
                        sliceBytes);
            return;
        }
        std::int64_t below = k - 1, above = k + 1;
        while (below >= 0 && missing[static_cast<std::size_t>(below)])
            --below;
        while (above < g.dims[2] && missing[static_cast<std::size_t>(above)])
            ++above;
        for (std::int64_t j = 0; j < g.dims[1]; ++j)
            for (std::int64_t i = 0; i < g.dims[0]; ++i)
                for (int c = 0; c < componentCount(in.scalarType()); ++c) {
                    double v = 0;
                    if (below >= 0 && above < g.dims[2]) {
                        const double t = double(k - below) / double(above - below);
                        v = in.componentAt(i, j, below, c) * (1 - t) +
                            in.componentAt(i, j, above, c) * t;
                    } else {
                        v = in.componentAt(i, j, below >= 0 ? below : above, c);
                    }
                    storeAny(*out, out->index(i, j, k), c, v);
                }
    });
    if (!finished)
        return nullptr;
    out->updateRange();
    return out;
}

} // namespace loupe
