#pragma once

#include "core/compute/frameconvert.h"
#include "core/compute/segment_cpu.h"
#include "core/compute/windowlevel_cpu.h"

#include <QString>

#include <cstddef>
#include <cstdint>

namespace loupe {

/// Chooses, once, between the CUDA kernels and their CPU twins, and runs them.
///
/// The one place the choice is made. Created by the application's context; the GPU is used
/// when Loupe was built with CUDA, a device answers, and it was not disabled. Any CUDA error
/// at start (no driver, driver too old, no device) means the CPU path, logged once.
class ComputeBackend {
public:
    enum class Preference { Auto, CpuOnly };
    explicit ComputeBackend(Preference preference = Preference::Auto);

    bool gpuInUse() const { return m_gpu; }
    /// For people: "CUDA on NVIDIA H100 (sm_90)" or "CPU (no CUDA device: ...)".
    QString description() const { return m_description; }
    /// Whether this build contains the CUDA kernels at all.
    static bool builtWithCuda();

    /// Window/level + colour lookup of a 16-bit slice to RGBA8888. Falls back to the CPU twin
    /// if a kernel fails at run time (and says so once).
    void windowLevelToRgba(const std::int16_t *src, std::size_t count,
                           const compute::WindowLevelParams &params, const std::uint32_t *lut,
                           std::uint32_t *dst) const;

    /// mask = 1 where low <= value <= high (compute::thresholdMaskCpu or its kernel).
    void thresholdMask(const std::int16_t *volume, std::int64_t count, std::int16_t low,
                       std::int16_t high, std::uint8_t *mask) const;
    /// The voxels 6-connected to the seed within [low, high] (compute::growMaskCpu or its
    /// kernel); returns the region's size.
    std::int64_t growMask(const std::int16_t *volume, compute::Dims d, std::int64_t seedX,
                          std::int64_t seedY, std::int64_t seedZ, std::int16_t low,
                          std::int16_t high, std::uint8_t *mask) const;

    /// A decoded camera frame scaled and converted to RGB32 at outWidth × outHeight
    /// (compute::convertFrameCpu or its kernel: the same pixels either way).
    void convertFrame(const compute::FramePlanes &frame, int outWidth, int outHeight,
                      std::uint32_t *out, std::size_t outStride) const;

private:
    bool m_gpu = false;
    QString m_description;
};

} // namespace loupe
