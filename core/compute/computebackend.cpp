#include "core/compute/computebackend.h"

#include <QtGlobal>

#ifdef LOUPE_HAVE_CUDA
#include "gpu/loupegpu.h"
#endif

#include <atomic>

namespace loupe {

bool ComputeBackend::builtWithCuda()
{
#ifdef LOUPE_HAVE_CUDA
    return true;
#else
    return false;
#endif
}

ComputeBackend::ComputeBackend(Preference preference)
{
#ifdef LOUPE_HAVE_CUDA
    if (preference == Preference::CpuOnly) {
        m_description = QStringLiteral("CPU (GPU disabled by the user)");
    } else {
        const gpu::DeviceInfo device = gpu::probe();
        m_gpu = device.available;
        m_description = m_gpu ? QStringLiteral("CUDA on %1 (sm_%2%3)")
                                    .arg(QString::fromStdString(device.name))
                                    .arg(device.major)
                                    .arg(device.minor)
                              : QStringLiteral("CPU (no CUDA device: %1)")
                                    .arg(QString::fromStdString(device.reason));
    }
#else
    Q_UNUSED(preference);
    m_description = QStringLiteral("CPU (this build has no CUDA)");
#endif
    qInfo("Loupe: compute on %s", qUtf8Printable(m_description));
}

void ComputeBackend::windowLevelToRgba(const std::int16_t *src, std::size_t count,
                                       const compute::WindowLevelParams &params,
                                       const std::uint32_t *lut, std::uint32_t *dst) const
{
#ifdef LOUPE_HAVE_CUDA
    if (m_gpu) {
        std::string error;
        if (gpu::windowLevelToRgba(src, count, params.lower, params.scale, params.lutSize, lut, dst,
                                   &error))
            return;
        static std::atomic<bool> warned{false};
        if (!warned.exchange(true))
            qWarning("Loupe: CUDA window/level failed (%s); using the CPU", error.c_str());
    }
#endif
    compute::windowLevelToRgbaCpu(src, count, params, lut, dst);
}

void ComputeBackend::thresholdMask(const std::int16_t *volume, std::int64_t count, std::int16_t low,
                                   std::int16_t high, std::uint8_t *mask) const
{
#ifdef LOUPE_HAVE_CUDA
    if (m_gpu) {
        std::string error;
        if (gpu::thresholdMask(volume, count, low, high, mask, &error))
            return;
        static std::atomic<bool> warned{false};
        if (!warned.exchange(true))
            qWarning("Loupe: CUDA threshold failed (%s); using the CPU", error.c_str());
    }
#endif
    compute::thresholdMaskCpu(volume, count, low, high, mask);
}

std::int64_t ComputeBackend::growMask(const std::int16_t *volume, compute::Dims d, std::int64_t x,
                                      std::int64_t y, std::int64_t z, std::int16_t low,
                                      std::int16_t high, std::uint8_t *mask) const
{
#ifdef LOUPE_HAVE_CUDA
    if (m_gpu) {
        std::string error;
        std::int64_t region = 0;
        if (gpu::growMask(volume, d.x, d.y, d.z, x, y, z, low, high, mask, &region, &error))
            return region;
        static std::atomic<bool> warned{false};
        if (!warned.exchange(true))
            qWarning("Loupe: CUDA grow failed (%s); using the CPU", error.c_str());
    }
#endif
    return compute::growMaskCpu(volume, d, x, y, z, low, high, mask);
}

void ComputeBackend::convertFrame(const compute::FramePlanes &frame, int outWidth, int outHeight,
                                  std::uint32_t *out, std::size_t outStride) const
{
#ifdef LOUPE_HAVE_CUDA
    if (m_gpu) {
        std::string error;
        if (gpu::convertFrame(frame, outWidth, outHeight, out, outStride, &error))
            return;
        static std::atomic<bool> warned{false};
        if (!warned.exchange(true))
            qWarning("Loupe: CUDA frame conversion failed (%s); using the CPU", error.c_str());
    }
#endif
    compute::convertFrameCpu(frame, outWidth, outHeight, out, outStride);
}

} // namespace loupe
