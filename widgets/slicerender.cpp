#include "widgets/slicerender.h"

#include "core/compute/computebackend.h"
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

QImage renderAxialSlice(const Volume &volume, int k, Window window, const ComputeBackend &compute)
{
    const VolumeGeometry &g = volume.geometry();
    k = std::clamp(k, 0, static_cast<int>(g.dims[2] - 1));
    const std::size_t count = static_cast<std::size_t>(g.dims[0]) * g.dims[1];

    std::vector<std::int16_t> scratch;
    const std::int16_t *values = nullptr;
    if (volume.scalarType() == ScalarType::Int16) {
        values = volume.dataAs<std::int16_t>() + volume.index(0, 0, k);
    } else {
        scratch.resize(count);
        for (std::size_t i = 0; i < count; ++i) {
            const auto i64 = static_cast<std::int64_t>(i);
            const double v = std::round(volume.valueAt(i64 % g.dims[0], i64 / g.dims[0], k));
            scratch[i] = static_cast<std::int16_t>(std::clamp(v, -32768.0, 32767.0));
        }
        values = scratch.data();
    }

    std::array<std::uint32_t, 256> lut{};
    compute::makeGreyLut(lut.data(), static_cast<int>(lut.size()));
    if (volume.info().invertGrey)
        std::reverse(lut.begin(), lut.end()); // MONOCHROME1: high values dark

    QImage image(static_cast<int>(g.dims[0]), static_cast<int>(g.dims[1]), QImage::Format_RGBA8888);
    compute.windowLevelToRgba(values, count,
                              compute::makeWindowLevelParams(window.center, window.width, 256),
                              lut.data(), reinterpret_cast<std::uint32_t *>(image.bits()));
    return image;
}

} // namespace loupe
