#include "widgets/slicerender.h"

#include "core/compute/computebackend.h"
#include "core/compute/reslice.h"
#include "core/volume.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <vector>

namespace loupe {

Window defaultWindow(const Volume &volume)
{
    const VolumeInfo &info = volume.info();
    if (!info.windows.empty())
        return {info.windows.front().center, info.windows.front().width};
    return {(volume.minimum() + volume.maximum()) / 2, volume.maximum() - volume.minimum()};
}

Window presetWindow(StandardWindow preset, const Volume &volume)
{
    switch (preset) {
    case StandardWindow::CtBrain: return {40, 80};
    case StandardWindow::CtLung: return {-600, 1500};
    case StandardWindow::CtBone: return {400, 1800};
    case StandardWindow::CtAbdomen: return {50, 400};
    case StandardWindow::Auto: break;
    }
    // Auto: the 1st to the 99th percentile of up to a million evenly spread voxels.
    const auto &d = volume.geometry().dims;
    const std::size_t count = volume.geometry().voxelCount();
    const std::size_t step = std::max<std::size_t>(1, count / 1000000);
    std::vector<double> values;
    values.reserve(count / step + 1);
    for (std::size_t n = 0; n < count; n += step) {
        const auto i = static_cast<std::int64_t>(n % static_cast<std::size_t>(d[0]));
        const auto j = static_cast<std::int64_t>((n / static_cast<std::size_t>(d[0])) %
                                                 static_cast<std::size_t>(d[1]));
        const auto k = static_cast<std::int64_t>(n / static_cast<std::size_t>(d[0] * d[1]));
        values.push_back(volume.valueAt(i, j, k));
    }
    if (values.empty())
        return defaultWindow(volume);
    const auto at = [&](double q) {
        const auto n = static_cast<std::ptrdiff_t>(q * double(values.size() - 1));
        std::nth_element(values.begin(), values.begin() + n, values.end());
        return values[static_cast<std::size_t>(n)];
    };
    const double low = at(0.01), high = at(0.99);
    return {(low + high) / 2, std::max(1.0, high - low)};
}

void windowInto(const std::vector<std::int16_t> &values, int width, int height, Window window,
                bool invertGrey, const ComputeBackend &compute, QImage &image)
{
    std::array<std::uint32_t, 256> lut{};
    compute::makeGreyLut(lut.data(), static_cast<int>(lut.size()));
    if (invertGrey)
        std::reverse(lut.begin(), lut.end()); // MONOCHROME1: high values dark
    if (image.width() != width || image.height() != height ||
        image.format() != QImage::Format_RGBA8888)
        image = QImage(width, height, QImage::Format_RGBA8888);
    compute.windowLevelToRgba(values.data(), values.size(),
                              compute::makeWindowLevelParams(window.center, window.width, 256),
                              lut.data(), reinterpret_cast<std::uint32_t *>(image.bits()));
}

void colourPlaneInto(const Volume &volume, const SlicePlane &p, QImage &image)
{
    if (image.width() != p.width || image.height() != p.height ||
        image.format() != QImage::Format_RGBA8888)
        image = QImage(p.width, p.height, QImage::Format_RGBA8888);
    const auto &d = volume.geometry().dims;
    const std::uint8_t *rgb = volume.dataAs<std::uint8_t>();
    for (int y = 0; y < p.height; ++y) {
        std::uint8_t *line = image.scanLine(y);
        for (int x = 0; x < p.width; ++x) {
            const Vec3 v = p.toVoxel(x, y);
            const std::int64_t i = std::lround(v[0]), j = std::lround(v[1]), k = std::lround(v[2]);
            const bool inside = i >= 0 && j >= 0 && k >= 0 && i < d[0] && j < d[1] && k < d[2];
            const std::uint8_t *voxel = inside ? rgb + volume.index(i, j, k) * 3 : nullptr;
            for (int c = 0; c < 3; ++c)
                line[4 * x + c] = voxel ? voxel[c] : 0;
            line[4 * x + 3] = 255;
        }
    }
}

QImage renderAxialSlice(const Volume &volume, int k, Window window, const ComputeBackend &compute)
{
    const VolumeGeometry &g = volume.geometry();
    k = std::clamp(k, 0, static_cast<int>(g.dims[2] - 1));
    if (volume.isColour()) {
        QImage image;
        colourPlaneInto(volume, axisPlane(g, SliceOrientation::Axial, k), image);
        return image;
    }
    std::vector<std::int16_t> values;
    extractSlice16(volume, SliceOrientation::Axial, k, values);
    QImage image;
    windowInto(values, static_cast<int>(g.dims[0]), static_cast<int>(g.dims[1]), window,
               volume.info().invertGrey, compute, image);
    return image;
}

} // namespace loupe
