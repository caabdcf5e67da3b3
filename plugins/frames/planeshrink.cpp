#include "plugins/frames/planeshrink.h"

#include <algorithm>
#include <cstring>

// Built with -O3 (see CMakeLists.txt): the sums vectorise, which makes this several times
// faster than at -O2.

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

/// The sums of each byte column over K rows in one pass (K known when compiled).
template <int K>
void columnSumsOf(const std::uint8_t *__restrict row, std::ptrdiff_t stride, int bytes,
                  std::uint16_t *__restrict sums)
{
    for (int x = 0; x < bytes; ++x) {
        std::uint16_t s = row[x];
        for (int r = 1; r < K; ++r)
            s = static_cast<std::uint16_t>(s + row[r * stride + x]);
        sums[x] = s;
    }
}

/// The sums of each byte column over `rows` rows.
void columnSums(const std::uint8_t *row, std::ptrdiff_t stride, int bytes, int rows,
                std::uint16_t *sums)
{
    switch (rows) {
    case 2: return columnSumsOf<2>(row, stride, bytes, sums);
    case 3: return columnSumsOf<3>(row, stride, bytes, sums);
    case 4: return columnSumsOf<4>(row, stride, bytes, sums);
    default: break;
    }
    for (int x = 0; x < bytes; ++x)
        sums[x] = row[x];
    for (int r = 1; r < rows; ++r) {
        row += stride;
        for (int x = 0; x < bytes; ++x)
            sums[x] = static_cast<std::uint16_t>(sums[x] + row[x]);
    }
}

/// Pixel x of `out` is pixel k × x of `in`, `channels` bytes each. Kept scalar: vectorised,
/// GCC assembles each vector through the stack, and the store-forwarding stall made this a
/// quarter of the shrinking.
#if defined(__GNUC__) && !defined(__clang__)
__attribute__((optimize("no-tree-vectorize")))
#endif
void everyKth(const std::uint8_t *in, std::uint8_t *out, int count, int k, int channels)
{
    if (channels == 1) {
        for (int x = 0; x < count; ++x)
            out[x] = in[k * x];
        return;
    }
    for (int x = 0; x < count; ++x)
        for (int c = 0; c < channels; ++c)
            out[channels * x + c] = in[channels * k * x + c];
}

/// The means of whole K-pixel groups of column sums over K rows, K known when compiled. The
/// mean of every window of K pixels is taken first, whichever byte it starts at: contiguous
/// work that vectorises (the sums fit 16 bits and the division becomes a multiplication),
/// where the K-strided groups alone did not; then every Kth pixel is kept. `means` holds
/// K × count × channels bytes.
template <int K>
void meansOfFullBlocks(const std::uint16_t *__restrict sums, std::uint8_t *out, int count,
                       int channels, std::uint8_t *__restrict means)
{
    static_assert(K * K * 255 + K * K / 2 < 65536);
    const int windows = (K * (count - 1) + 1) * channels;
    for (int x = 0; x < windows; ++x) {
        std::uint16_t s = K * K / 2;
        for (int i = 0; i < K; ++i)
            s = static_cast<std::uint16_t>(s + sums[x + i * channels]);
        means[x] = static_cast<std::uint8_t>(s / std::uint16_t(K * K));
    }
    everyKth(means, out, count, K, channels);
}

#if defined(__GNUC__) && (defined(__x86_64__) || defined(__i386__))
#define LOUPE_SHRINK_DIRECT 1
/// One row of whole K×K blocks of a one-byte plane, each the rounded mean of its K rows and K
/// columns, written straight (no column sums kept). With SSSE3 GCC vectorises the K-strided
/// loads (shuffles), which makes this about 1.7 times as fast as the column sums for K = 3;
/// without it, it is slower, so it is used only where the CPU has SSSE3 (see below).
template <int K>
__attribute__((target("ssse3"))) void directBlocks(const std::uint8_t *__restrict row,
                                                   std::ptrdiff_t stride, int count,
                                                   std::uint8_t *__restrict out)
{
    static_assert(K * K * 255 + K * K / 2 < 65536);
    for (int x = 0; x < count; ++x) {
        std::uint16_t s = K * K / 2;
        for (int r = 0; r < K; ++r)
            for (int i = 0; i < K; ++i)
                s = static_cast<std::uint16_t>(s + row[r * stride + K * x + i]);
        out[x] = static_cast<std::uint8_t>(s / std::uint16_t(K * K));
    }
}

/// Whether this CPU runs directBlocks (asked once).
bool haveSsse3()
{
    static const bool have = __builtin_cpu_supports("ssse3");
    return have;
}

/// The whole blocks of one output row straight from the plane, where that is the fast way;
/// false where it is not (then the column sums do it).
bool directRow(const std::uint8_t *row, std::ptrdiff_t stride, int count, int k, std::uint8_t *out)
{
    if (!haveSsse3())
        return false;
    switch (k) {
    case 2: directBlocks<2>(row, stride, count, out); return true;
    case 3: directBlocks<3>(row, stride, count, out); return true;
    case 4: directBlocks<4>(row, stride, count, out); return true;
    default: return false;
    }
}
#endif

} // namespace

void shrinkPixels(const std::uint8_t *src, int width, int height, std::ptrdiff_t srcStride,
                  int channels, std::uint8_t *dst, std::ptrdiff_t dstStride, int factor,
                  std::vector<std::uint16_t> &scratch)
{
    const int k = factor, bytes = width * channels;
    const int outWidth = shrunkExtent(width, k), outHeight = shrunkExtent(height, k);
    if (k == 1) {
        for (int y = 0; y < height; ++y)
            std::memcpy(dst + y * dstStride, src + y * srcStride, std::size_t(bytes));
        return;
    }
    // The column sums (at most 15 × 255: fits 16 bits), then (as bytes) the windows' means.
    scratch.resize(std::size_t(bytes) + std::size_t(bytes) / 2 + 1);
    std::uint16_t *sums = scratch.data();
    auto *means = reinterpret_cast<std::uint8_t *>(scratch.data() + bytes);
    for (int y = 0; y < outHeight; ++y) {
        const int top = y * k, rows = std::min(height - top, k);
#ifdef LOUPE_SHRINK_DIRECT
        // One-byte planes: whole blocks straight, then the last partial block from its sums.
        const int full = width / k;
        if (channels == 1 && rows == k && full > 0 &&
            directRow(src + top * srcStride, srcStride, full, k, dst + y * dstStride)) {
            if (full < outWidth) {
                const int left = full * k, columns = width - left;
                columnSums(src + top * srcStride + left, srcStride, columns, rows, sums);
                std::uint32_t t = 0;
                for (int i = 0; i < columns; ++i)
                    t += sums[i];
                const std::uint32_t n = std::uint32_t(rows * columns);
                dst[y * dstStride + full] = static_cast<std::uint8_t>((t + n / 2) / n);
            }
            continue;
        }
#endif
        columnSums(src + top * srcStride, srcStride, bytes, rows, sums);
        std::uint8_t *out = dst + y * dstStride;
        int x = 0;
        if (rows == k) {
            const int full = width / k;
            switch (k) {
            case 2:
                meansOfFullBlocks<2>(sums, out, full, channels, means);
                x = full;
                break;
            case 3:
                meansOfFullBlocks<3>(sums, out, full, channels, means);
                x = full;
                break;
            case 4:
                meansOfFullBlocks<4>(sums, out, full, channels, means);
                x = full;
                break;
            default: break;
            }
        }
        for (; x < outWidth; ++x) {
            const int left = x * k, columns = std::min(width - left, k);
            const std::uint32_t n = std::uint32_t(rows * columns);
            for (int c = 0; c < channels; ++c) {
                std::uint32_t s = 0;
                for (int i = 0; i < columns; ++i)
                    s += sums[(left + i) * channels + c];
                out[x * channels + c] = static_cast<std::uint8_t>((s + n / 2) / n);
            }
        }
    }
}

void shrinkPlane(const std::uint8_t *src, int width, int height, std::ptrdiff_t srcStride,
                 std::uint8_t *dst, std::ptrdiff_t dstStride, int factor,
                 std::vector<std::uint16_t> &scratch)
{
    shrinkPixels(src, width, height, srcStride, 1, dst, dstStride, factor, scratch);
}

} // namespace loupe
