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
