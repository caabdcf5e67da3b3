#pragma once
// Shrinking 8-bit picture planes by a whole factor, as the area mean of each block: the cheap
// first step of fitting a decoded video frame to its view (libswscale's filtered scaling of a
// full 1080p frame cost more than its decoding's spare time).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace loupe {

/// The largest whole factor, at most `maxFactor`, by which a `width`×`height` picture can
/// shrink (to ⌈width/k⌉×⌈height/k⌉) and still cover `needWidth`×`needHeight`. 1 when it
/// cannot shrink.
int wholeShrinkFactor(int width, int height, int needWidth, int needHeight, int maxFactor = 15);

/// A plane's size shrunk by `factor`: ⌈size/factor⌉.
constexpr int shrunkExtent(int size, int factor)
{
    return (size + factor - 1) / factor;
}

/// Writes into `dst` (shrunkExtent(width)×shrunkExtent(height), `dstStride` bytes a row) the
/// rounded mean of each `factor`×`factor` block of `src`; blocks at the right and bottom edges
/// are clipped to the plane. `factor` is 1 to 15; `scratch` is reused between calls.
void shrinkPlane(const std::uint8_t *src, int width, int height, std::ptrdiff_t srcStride,
                 std::uint8_t *dst, std::ptrdiff_t dstStride, int factor,
                 std::vector<std::uint16_t> &scratch);

/// As shrinkPlane, for pixels of `channels` interleaved bytes (RGB, RGBA): each channel the
/// rounded mean of its block. `channels` is 1 to 4.
void shrinkPixels(const std::uint8_t *src, int width, int height, std::ptrdiff_t srcStride,
                  int channels, std::uint8_t *dst, std::ptrdiff_t dstStride, int factor,
                  std::vector<std::uint16_t> &scratch);

} // namespace loupe
