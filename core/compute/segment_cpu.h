#pragma once

// Qt-free on purpose: gpu/'s standalone check program compiles this file as the reference
// for the threshold and grow kernels.

#include "reslice_cpu.h"

#include <cstdint>

namespace loupe::compute {

/// mask[n] = 1 where low <= volume[n] <= high, else 0.
void thresholdMaskCpu(const std::int16_t *volume, std::int64_t count, std::int16_t low,
                      std::int16_t high, std::uint8_t *mask);

/// Region growing: mask = the voxels 6-connected to the seed whose values lie in [low, high]
/// (all 0 when the seed's own value is outside). Returns the voxels in the region.
std::int64_t growMaskCpu(const std::int16_t *volume, Dims d, std::int64_t seedX, std::int64_t seedY,
                         std::int64_t seedZ, std::int16_t low, std::int16_t high,
                         std::uint8_t *mask);

} // namespace loupe::compute
