#include "gpu/loupegpu.h"

#include <cuda_runtime.h>

namespace loupe::gpu {

namespace {

// Device memory that frees itself.
template <typename T>
class DeviceBuffer {
public:
    explicit DeviceBuffer(std::size_t count)
    {
        if (cudaMalloc(&m_ptr, count * sizeof(T) + 1) != cudaSuccess)
            m_ptr = nullptr;
    }
    ~DeviceBuffer() { cudaFree(m_ptr); }
    DeviceBuffer(const DeviceBuffer &) = delete;
    DeviceBuffer &operator=(const DeviceBuffer &) = delete;
    T *get() const { return static_cast<T *>(m_ptr); }

private:
    void *m_ptr = nullptr;
};

bool check(cudaError_t status, const char *what, std::string *error)
{
    if (status == cudaSuccess)
        return true;
    if (error)
        *error = std::string(what) + ": " + cudaGetErrorString(status);
    return false;
}

__global__ void windowLevelKernel(const std::int16_t *__restrict__ src, std::size_t count,
                                  float lower, float scale, int lutSize,
                                  const std::uint32_t *__restrict__ lut,
                                  std::uint32_t *__restrict__ dst)
{
    const std::size_t stride = static_cast<std::size_t>(blockDim.x) * gridDim.x;
    for (std::size_t i = blockIdx.x * static_cast<std::size_t>(blockDim.x) + threadIdx.x; i < count;
         i += stride) {
        // Explicitly rounded operations: no FMA contraction, so this matches the CPU twin.
        const float t = __fmul_rn(__fsub_rn(static_cast<float>(src[i]), lower), scale);
        int index;
        if (!(t > 0.0f))
            index = 0;
        else if (t >= static_cast<float>(lutSize - 1))
            index = lutSize - 1;
        else
            index = static_cast<int>(__fadd_rn(t, 0.5f));
        dst[i] = lut[index];
    }
}

} // namespace

DeviceInfo probe()
{
    DeviceInfo info;
    int count = 0;
    const cudaError_t status = cudaGetDeviceCount(&count);
    if (status != cudaSuccess) {
        info.reason = cudaGetErrorString(status);
        cudaGetLastError(); // clear the sticky error so later calls start clean
        return info;
    }
    if (count == 0) {
        info.reason = "no CUDA device found";
        return info;
    }
    cudaDeviceProp props{};
    if (cudaGetDeviceProperties(&props, 0) != cudaSuccess || cudaSetDevice(0) != cudaSuccess ||
        cudaFree(nullptr) != cudaSuccess) {
        info.reason = cudaGetErrorString(cudaGetLastError());
        return info;
    }
    info.available = true;
    info.name = props.name;
    info.major = props.major;
    info.minor = props.minor;
    return info;
}

bool windowLevelToRgba(const std::int16_t *src, std::size_t count, float lower, float scale,
                       int lutSize, const std::uint32_t *lut, std::uint32_t *dst,
                       std::string *error)
{
    if (count == 0)
        return true;
    DeviceBuffer<std::int16_t> dSrc(count);
    DeviceBuffer<std::uint32_t> dDst(count);
    DeviceBuffer<std::uint32_t> dLut(static_cast<std::size_t>(lutSize));
    if (!dSrc.get() || !dDst.get() || !dLut.get())
        return check(cudaErrorMemoryAllocation, "cudaMalloc", error);
    if (!check(cudaMemcpy(dSrc.get(), src, count * sizeof(std::int16_t), cudaMemcpyHostToDevice),
               "copy to device", error) ||
        !check(cudaMemcpy(dLut.get(), lut, lutSize * sizeof(std::uint32_t), cudaMemcpyHostToDevice),
               "copy LUT to device", error))
        return false;
    const int block = 256;
    const std::size_t wanted = (count + block - 1) / block;
    const int grid = static_cast<int>(wanted < 65535 ? wanted : 65535);
    windowLevelKernel<<<grid, block>>>(dSrc.get(), count, lower, scale, lutSize, dLut.get(),
                                       dDst.get());
    if (!check(cudaGetLastError(), "kernel launch", error))
        return false;
    return check(cudaMemcpy(dst, dDst.get(), count * sizeof(std::uint32_t), cudaMemcpyDeviceToHost),
                 "copy from device", error);
}

} // namespace loupe::gpu
