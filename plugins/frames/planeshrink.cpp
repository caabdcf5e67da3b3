#include "plugins/frames/planeshrink.h"

#include <algorithm>
#include <cstring>

// Built with -O3 (see CMakeLists.txt): the row sums vectorise, which makes this several
// times faster than at -O2.

namespace loupe {

int wholeShrinkFactor(int width, int height, int needWidth, int needHeight, int maxFactor)
{
    int factor = 1;
    for (int k = 2; k <= maxFactor; ++k)
        if (shrunkExtent(width, k) >= needWidth && shrunkExtent(height, k) >= needHeight)
            factor = k;
    return factor;
}

namespace {

/// Means of whole K-wide groups of column sums over K rows, K known when compiled so the
/// division is a multiplication.
template <int K>
void meansOfFullBlocks(const std::uint16_t *sums, std::uint8_t *out, int count)
{
    for (int x = 0; x < count; ++x) {
        std::uint32_t s = 0;
        for (int i = 0; i < K; ++i)
            s += sums[K * x + i];
        out[x] = static_cast<std::uint8_t>((s + K * K / 2) / (K * K));
    }
}

} // namespace

void shrinkPlane(const std::uint8_t *src, int width, int height, std::ptrdiff_t srcStride,
                 std::uint8_t *dst, std::ptrdiff_t dstStride, int factor,
                 std::vector<std::uint16_t> &scratch)
{
    const int k = factor;
    const int outWidth = shrunkExtent(width, k), outHeight = shrunkExtent(height, k);
    if (k == 1) {
        for (int y = 0; y < height; ++y)
            std::memcpy(dst + y * dstStride, src + y * srcStride, std::size_t(width));
        return;
    }
    scratch.resize(std::size_t(width));
    std::uint16_t *sums = scratch.data();
    for (int y = 0; y < outHeight; ++y) {
        // Column sums over the block's rows (at most 15 × 255: fits 16 bits).
        const int top = y * k, rows = std::min(height - top, k);
        const std::uint8_t *row = src + top * srcStride;
        for (int x = 0; x < width; ++x)
            sums[x] = row[x];
        for (int r = 1; r < rows; ++r) {
            row += srcStride;
            for (int x = 0; x < width; ++x)
                sums[x] = static_cast<std::uint16_t>(sums[x] + row[x]);
        }
        std::uint8_t *out = dst + y * dstStride;
        int x = 0;
        if (rows == k) {
            const int full = width / k;
            switch (k) {
            case 2:
                meansOfFullBlocks<2>(sums, out, full);
                x = full;
                break;
            case 3:
                meansOfFullBlocks<3>(sums, out, full);
                x = full;
                break;
            case 4:
                meansOfFullBlocks<4>(sums, out, full);
                x = full;
                break;
            default: break;
            }
        }
        for (; x < outWidth; ++x) {
            const int left = x * k, columns = std::min(width - left, k);
            std::uint32_t s = 0;
            for (int c = 0; c < columns; ++c)
                s += sums[left + c];
            const std::uint32_t n = std::uint32_t(rows * columns);
            out[x] = static_cast<std::uint8_t>((s + n / 2) / n);
        }
    }
}

} // namespace loupe
