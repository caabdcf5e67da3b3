#include "widgets/slicerender.h"

#include "core/compute/computebackend.h"
#include "core/compute/reslice.h"
#include "core/volume.h"

#include <algorithm>
#include <array>
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

QImage renderAxialSlice(const Volume &volume, int k, Window window, const ComputeBackend &compute)
{
    const VolumeGeometry &g = volume.geometry();
    k = std::clamp(k, 0, static_cast<int>(g.dims[2] - 1));
    std::vector<std::int16_t> values;
    extractSlice16(volume, SliceOrientation::Axial, k, values);
    QImage image;
    windowInto(values, static_cast<int>(g.dims[0]), static_cast<int>(g.dims[1]), window,
               volume.info().invertGrey, compute, image);
    return image;
}

} // namespace loupe
