#pragma once

// Qt-free on purpose: gpu/'s standalone check program compiles this file as the reference
// that every CUDA kernel must match bit for bit.

#include <cstddef>
#include <cstdint>

namespace loupe::compute {

/// Parameters of a window/level + colour lookup, precomputed once per call so that the CPU
/// and GPU evaluate exactly the same float operations.
struct WindowLevelParams {
    float lower = 0; ///< value mapped to the first LUT entry: center - width / 2
    float scale = 1; ///< LUT entries per unit of value: (lutSize - 1) / width
    int lutSize = 256;
};

/// Makes the parameters for a window centre and width in value units (width < 1 counts as 1).
WindowLevelParams makeWindowLevelParams(double center, double width, int lutSize);

/// LUT index of one value: round((value - lower) * scale), clamped to [0, lutSize - 1].
/// Rounding is half-up; no fused multiply-add (the file is built with -ffp-contract=off).
int windowLevelIndex(std::int16_t value, const WindowLevelParams &p);

/// Maps `count` signed 16-bit values to RGBA8888 through `lut` (lutSize entries, each the
/// four bytes R, G, B, A in memory order). The CPU twin of the CUDA kernel.
void windowLevelToRgbaCpu(const std::int16_t *src, std::size_t count,
                          const WindowLevelParams &params, const std::uint32_t *lut,
                          std::uint32_t *dst);

/// A grey ramp of `size` entries, opaque, in RGBA8888 memory order.
void makeGreyLut(std::uint32_t *lut, int size);

} // namespace loupe::compute
