#pragma once

// Loupe's CUDA kernels behind a plain C++ API: no Qt, no CUDA headers. Every function has a
// CPU twin in core/compute that gives the same result; loupe::ComputeBackend chooses.

#include "core/compute/frameconvert.h"

#include <cstddef>
#include <cstdint>
#include <string>

namespace loupe::gpu {

struct DeviceInfo {
    bool available = false;
    std::string name;   ///< device name when available
    std::string reason; ///< why not, when unavailable (the CUDA error text)
    int major = 0;      ///< compute capability
    int minor = 0;
};

/// Asks the CUDA runtime for device 0. Any error (no driver, driver too old, no device)
/// means "not available", with the runtime's message as the reason.
DeviceInfo probe();

/// Window/level + colour lookup of 16-bit values to RGBA8888 on the device. Same parameters
/// and same result as loupe::compute::windowLevelToRgbaCpu. Returns false with `error` set
/// when a CUDA call fails.
bool windowLevelToRgba(const std::int16_t *src, std::size_t count, float lower, float scale,
                       int lutSize, const std::uint32_t *lut, std::uint32_t *dst,
                       std::string *error);

/// The plane at `index` perpendicular to `axis` (0 = i, 1 = j, 2 = k) of an int16 volume
/// (dims x, y, z; i fastest), in the slice views' layout; and the maximum intensity
/// projection along `axis`. Same results as loupe::compute::resliceCpu and mipCpu. The volume
/// is uploaded for the call; `out` holds the plane (see compute::planeSize).
bool reslice(const std::int16_t *volume, std::int64_t x, std::int64_t y, std::int64_t z, int axis,
             std::int64_t index, std::int16_t *out, std::string *error);
bool mip(const std::int16_t *volume, std::int64_t x, std::int64_t y, std::int64_t z, int axis,
         std::int16_t *out, std::string *error);

/// An oblique plane sampled with trilinear interpolation: pixel (x, y) samples voxel position
/// origin + x * stepX + y * stepY (each a triplet i, j, k); outside the volume, `outside`.
/// Same result, bit for bit, as loupe::compute::resliceObliqueCpu.
bool resliceOblique(const std::int16_t *volume, std::int64_t x, std::int64_t y, std::int64_t z,
                    const double origin[3], const double stepX[3], const double stepY[3],
                    std::int64_t width, std::int64_t height, std::int16_t outside,
                    std::int16_t *out, std::string *error);

/// mask = 1 where low <= value <= high: the twin of compute::thresholdMaskCpu.
bool thresholdMask(const std::int16_t *volume, std::int64_t count, std::int16_t low,
                   std::int16_t high, std::uint8_t *mask, std::string *error);

/// The voxels 6-connected to the seed within [low, high], by parallel front propagation until
/// nothing changes: the same region as compute::growMaskCpu. `region` gets its size.
bool growMask(const std::int16_t *volume, std::int64_t x, std::int64_t y, std::int64_t z,
              std::int64_t seedX, std::int64_t seedY, std::int64_t seedZ, std::int16_t low,
              std::int16_t high, std::uint8_t *mask, std::int64_t *region, std::string *error);

/// A decoded camera frame scaled (area averaging) and converted to RGB32 at outWidth ×
/// outHeight into `out` (`outStride` bytes a row): the kernel running compute::convertPixel,
/// the twin of compute::convertFrameCpu, bit for bit. Device buffers are kept per thread and
/// reused.
bool convertFrame(const compute::FramePlanes &frame, int outWidth, int outHeight,
                  std::uint32_t *out, std::size_t outStride, std::string *error);

} // namespace loupe::gpu
