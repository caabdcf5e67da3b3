#include "gpu/loupegpu.h"

#include "core/compute/frameconvert.h"
#include "core/compute/reslice_cpu.h"

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

/// Copies `count` voxels to a device buffer already made for them.
bool upload(const DeviceBuffer<std::int16_t> &device, const std::int16_t *host, std::size_t count,
            std::string *error)
{
    if (!device.get())
        return check(cudaErrorMemoryAllocation, "cudaMalloc", error);
    return check(
        cudaMemcpy(device.get(), host, count * sizeof(std::int16_t), cudaMemcpyHostToDevice),
        "copy volume to device", error);
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

__device__ inline std::int64_t voxelIndex(std::int64_t dx, std::int64_t dy, std::int64_t dz,
                                          int axis, std::int64_t x, std::int64_t y, std::int64_t s)
{
    // The same mapping as loupe::compute's CPU twin (reslice_cpu.cpp).
    if (axis == 2)
        return (s * dy + y) * dx + x;
    if (axis == 1)
        return ((dz - 1 - y) * dy + s) * dx + x;
    return ((dz - 1 - y) * dy + x) * dx + s;
}

__global__ void resliceKernel(const std::int16_t *__restrict__ volume, std::int64_t dx,
                              std::int64_t dy, std::int64_t dz, int axis, std::int64_t index,
                              std::int64_t width, std::int64_t height,
                              std::int16_t *__restrict__ out)
{
    const std::int64_t x = blockIdx.x * static_cast<std::int64_t>(blockDim.x) + threadIdx.x;
    const std::int64_t y = blockIdx.y * static_cast<std::int64_t>(blockDim.y) + threadIdx.y;
    if (x < width && y < height)
        out[y * width + x] = volume[voxelIndex(dx, dy, dz, axis, x, y, index)];
}

__global__ void mipKernel(const std::int16_t *__restrict__ volume, std::int64_t dx, std::int64_t dy,
                          std::int64_t dz, int axis, std::int64_t depth, std::int64_t width,
                          std::int64_t height, std::int16_t *__restrict__ out)
{
    const std::int64_t x = blockIdx.x * static_cast<std::int64_t>(blockDim.x) + threadIdx.x;
    const std::int64_t y = blockIdx.y * static_cast<std::int64_t>(blockDim.y) + threadIdx.y;
    if (x >= width || y >= height)
        return;
    std::int16_t best = volume[voxelIndex(dx, dy, dz, axis, x, y, 0)];
    for (std::int64_t s = 1; s < depth; ++s) {
        const std::int16_t v = volume[voxelIndex(dx, dy, dz, axis, x, y, s)];
        best = v > best ? v : best;
    }
    out[y * width + x] = best;
}

struct Triplet {
    double v[3];
};

__global__ void obliqueKernel(const std::int16_t *__restrict__ volume, std::int64_t dx,
                              std::int64_t dy, std::int64_t dz, Triplet origin, Triplet stepX,
                              Triplet stepY, std::int64_t width, std::int64_t height,
                              std::int16_t outside, std::int16_t *__restrict__ out)
{
    const std::int64_t x = blockIdx.x * static_cast<std::int64_t>(blockDim.x) + threadIdx.x;
    const std::int64_t y = blockIdx.y * static_cast<std::int64_t>(blockDim.y) + threadIdx.y;
    if (x >= width || y >= height)
        return;
    double p[3];
    for (int a = 0; a < 3; ++a) // rounded one operation at a time, like the CPU twin
        p[a] = __dadd_rn(__dadd_rn(origin.v[a], __dmul_rn(double(x), stepX.v[a])),
                         __dmul_rn(double(y), stepY.v[a]));
    out[y * width + x] = compute::sampleTrilinear(volume, {dx, dy, dz}, p[0], p[1], p[2], outside);
}

void planeOf(std::int64_t x, std::int64_t y, std::int64_t z, int axis, std::int64_t *w,
             std::int64_t *h)
{
    *w = axis == 0 ? y : x;
    *h = axis == 2 ? y : z;
}

/// Uploads the volume, runs `launch(grid, block, deviceVolume, deviceOut)` over a w × h plane,
/// downloads the plane.
template <typename Launch>
bool runPlane(const std::int16_t *volume, std::int64_t x, std::int64_t y, std::int64_t z,
              std::int64_t w, std::int64_t h, std::int16_t *out, std::string *error, Launch launch)
{
    const std::size_t voxels = static_cast<std::size_t>(x * y * z),
                      plane = static_cast<std::size_t>(w * h);
    DeviceBuffer<std::int16_t> dVolume(voxels), dOut(plane);
    if (!dVolume.get() || !dOut.get())
        return check(cudaErrorMemoryAllocation, "cudaMalloc", error);
    if (!upload(dVolume, volume, voxels, error))
        return false;
    const dim3 block(16, 16);
    const dim3 grid(static_cast<unsigned>((w + 15) / 16), static_cast<unsigned>((h + 15) / 16));
    launch(grid, block, dVolume.get(), dOut.get());
    if (!check(cudaGetLastError(), "kernel launch", error))
        return false;
    return check(cudaMemcpy(out, dOut.get(), plane * sizeof(std::int16_t), cudaMemcpyDeviceToHost),
                 "copy plane from device", error);
}

} // namespace

bool reslice(const std::int16_t *volume, std::int64_t x, std::int64_t y, std::int64_t z, int axis,
             std::int64_t index, std::int16_t *out, std::string *error)
{
    std::int64_t w = 0, h = 0;
    planeOf(x, y, z, axis, &w, &h);
    return runPlane(volume, x, y, z, w, h, out, error,
                    [&](dim3 grid, dim3 block, const std::int16_t *v, std::int16_t *o) {
                        resliceKernel<<<grid, block>>>(v, x, y, z, axis, index, w, h, o);
                    });
}

bool mip(const std::int16_t *volume, std::int64_t x, std::int64_t y, std::int64_t z, int axis,
         std::int16_t *out, std::string *error)
{
    const std::int64_t depth = axis == 0 ? x : axis == 1 ? y : z;
    std::int64_t w = 0, h = 0;
    planeOf(x, y, z, axis, &w, &h);
    return runPlane(volume, x, y, z, w, h, out, error,
                    [&](dim3 grid, dim3 block, const std::int16_t *v, std::int16_t *o) {
                        mipKernel<<<grid, block>>>(v, x, y, z, axis, depth, w, h, o);
                    });
}

bool resliceOblique(const std::int16_t *volume, std::int64_t x, std::int64_t y, std::int64_t z,
                    const double origin[3], const double stepX[3], const double stepY[3],
                    std::int64_t width, std::int64_t height, std::int16_t outside,
                    std::int16_t *out, std::string *error)
{
    const Triplet o{{origin[0], origin[1], origin[2]}}, sx{{stepX[0], stepX[1], stepX[2]}},
        sy{{stepY[0], stepY[1], stepY[2]}};
    return runPlane(volume, x, y, z, width, height, out, error,
                    [&](dim3 grid, dim3 block, const std::int16_t *v, std::int16_t *p) {
                        obliqueKernel<<<grid, block>>>(v, x, y, z, o, sx, sy, width, height,
                                                       outside, p);
                    });
}

namespace {

__global__ void thresholdKernel(const std::int16_t *__restrict__ volume, std::int64_t count,
                                std::int16_t low, std::int16_t high,
                                std::uint8_t *__restrict__ mask)
{
    const std::int64_t stride = static_cast<std::int64_t>(blockDim.x) * gridDim.x;
    for (std::int64_t n = blockIdx.x * static_cast<std::int64_t>(blockDim.x) + threadIdx.x;
         n < count; n += stride)
        mask[n] = volume[n] >= low && volume[n] <= high ? 1 : 0;
}

/// One step of growing: every voxel in range next to the region joins it.
__global__ void growKernel(const std::uint8_t *__restrict__ inRange, std::int64_t dx,
                           std::int64_t dy, std::int64_t dz, std::uint8_t *__restrict__ mask,
                           int *changed)
{
    const std::int64_t count = dx * dy * dz;
    const std::int64_t stride = static_cast<std::int64_t>(blockDim.x) * gridDim.x;
    for (std::int64_t n = blockIdx.x * static_cast<std::int64_t>(blockDim.x) + threadIdx.x;
         n < count; n += stride) {
        if (mask[n] || !inRange[n])
            continue;
        const std::int64_t x = n % dx, y = (n / dx) % dy, z = n / (dx * dy);
        const bool next = (x > 0 && mask[n - 1]) || (x + 1 < dx && mask[n + 1]) ||
                          (y > 0 && mask[n - dx]) || (y + 1 < dy && mask[n + dx]) ||
                          (z > 0 && mask[n - dx * dy]) || (z + 1 < dz && mask[n + dx * dy]);
        if (next) {
            mask[n] = 1;
            *changed = 1;
        }
    }
}

} // namespace

bool thresholdMask(const std::int16_t *volume, std::int64_t count, std::int16_t low,
                   std::int16_t high, std::uint8_t *mask, std::string *error)
{
    DeviceBuffer<std::int16_t> dVolume(static_cast<std::size_t>(count));
    DeviceBuffer<std::uint8_t> dMask(static_cast<std::size_t>(count));
    if (!dVolume.get() || !dMask.get())
        return check(cudaErrorMemoryAllocation, "cudaMalloc", error);
    if (!upload(dVolume, volume, static_cast<std::size_t>(count), error))
        return false;
    thresholdKernel<<<1024, 256>>>(dVolume.get(), count, low, high, dMask.get());
    if (!check(cudaGetLastError(), "kernel launch", error))
        return false;
    return check(
        cudaMemcpy(mask, dMask.get(), static_cast<std::size_t>(count), cudaMemcpyDeviceToHost),
        "copy mask from device", error);
}

bool growMask(const std::int16_t *volume, std::int64_t x, std::int64_t y, std::int64_t z,
              std::int64_t sx, std::int64_t sy, std::int64_t sz, std::int16_t low,
              std::int16_t high, std::uint8_t *mask, std::int64_t *region, std::string *error)
{
    const std::int64_t count = x * y * z;
    *region = 0;
    for (std::int64_t n = 0; n < count; ++n)
        mask[n] = 0;
    if (sx < 0 || sy < 0 || sz < 0 || sx >= x || sy >= y || sz >= z)
        return true;
    const std::int64_t seed = (sz * y + sy) * x + sx;
    if (volume[seed] < low || volume[seed] > high)
        return true;
    DeviceBuffer<std::int16_t> dVolume(static_cast<std::size_t>(count));
    DeviceBuffer<std::uint8_t> dRange(static_cast<std::size_t>(count)),
        dMask(static_cast<std::size_t>(count));
    DeviceBuffer<int> dChanged(1);
    if (!dVolume.get() || !dRange.get() || !dMask.get() || !dChanged.get())
        return check(cudaErrorMemoryAllocation, "cudaMalloc", error);
    if (!upload(dVolume, volume, static_cast<std::size_t>(count), error) ||
        !check(cudaMemset(dMask.get(), 0, static_cast<std::size_t>(count)), "clear mask", error))
        return false;
    thresholdKernel<<<1024, 256>>>(dVolume.get(), count, low, high, dRange.get());
    const std::uint8_t one = 1;
    if (!check(cudaMemcpy(dMask.get() + seed, &one, 1, cudaMemcpyHostToDevice), "seed", error))
        return false;
    // Fronts move one voxel per step at worst; many steps move much further, since a step
    // sees the voxels it already set.
    for (int changed = 1; changed;) {
        changed = 0;
        if (!check(cudaMemcpy(dChanged.get(), &changed, sizeof changed, cudaMemcpyHostToDevice),
                   "reset flag", error))
            return false;
        for (int inner = 0; inner < 8; ++inner)
            growKernel<<<1024, 256>>>(dRange.get(), x, y, z, dMask.get(), dChanged.get());
        if (!check(cudaMemcpy(&changed, dChanged.get(), sizeof changed, cudaMemcpyDeviceToHost),
                   "read flag", error))
            return false;
    }
    if (!check(
            cudaMemcpy(mask, dMask.get(), static_cast<std::size_t>(count), cudaMemcpyDeviceToHost),
            "copy mask from device", error))
        return false;
    for (std::int64_t n = 0; n < count; ++n)
        *region += mask[n];
    return true;
}

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

namespace {

__global__ void convertFrameKernel(compute::FramePlanes frame, int outWidth, int outHeight,
                                   std::uint32_t *__restrict__ out)
{
    const int x = blockIdx.x * blockDim.x + threadIdx.x;
    const int y = blockIdx.y * blockDim.y + threadIdx.y;
    if (x < outWidth && y < outHeight)
        out[static_cast<std::size_t>(y) * outWidth + x] =
            compute::convertPixel(frame, outWidth, outHeight, x, y);
}

/// Device memory that grows as needed and stays: one set a thread, reused frame after frame.
struct FrameBuffers {
    void *plane[3] = {nullptr, nullptr, nullptr};
    std::size_t planeSize[3] = {0, 0, 0};
    void *out = nullptr;
    std::size_t outSize = 0;
    ~FrameBuffers()
    {
        for (void *p : plane)
            cudaFree(p);
        cudaFree(out);
    }
    static bool reserve(void *&buffer, std::size_t &size, std::size_t wanted)
    {
        if (size >= wanted)
            return true;
        cudaFree(buffer);
        buffer = nullptr;
        size = 0;
        if (cudaMalloc(&buffer, wanted) != cudaSuccess)
            return false;
        size = wanted;
        return true;
    }
};

} // namespace

bool convertFrame(const compute::FramePlanes &frame, int outWidth, int outHeight,
                  std::uint32_t *out, std::size_t outStride, std::string *error)
{
    if (outWidth <= 0 || outHeight <= 0 || frame.width <= 0 || frame.height <= 0)
        return true;
    thread_local FrameBuffers buffers;
    compute::FramePlanes device = frame;
    for (int p = 0; p < compute::planeCount(frame.layout); ++p) {
        const std::size_t bytes = compute::planeBytes(frame, p);
        if (!FrameBuffers::reserve(buffers.plane[p], buffers.planeSize[p], bytes))
            return check(cudaErrorMemoryAllocation, "cudaMalloc", error);
        if (!check(cudaMemcpy(buffers.plane[p], frame.data[p], bytes, cudaMemcpyHostToDevice),
                   "copy frame to device", error))
            return false;
        device.data[p] = static_cast<const std::uint8_t *>(buffers.plane[p]);
    }
    const std::size_t outBytes = static_cast<std::size_t>(outWidth) * outHeight * 4;
    if (!FrameBuffers::reserve(buffers.out, buffers.outSize, outBytes))
        return check(cudaErrorMemoryAllocation, "cudaMalloc", error);
    const dim3 block(32, 8);
    const dim3 grid((outWidth + block.x - 1) / block.x, (outHeight + block.y - 1) / block.y);
    convertFrameKernel<<<grid, block>>>(device, outWidth, outHeight,
                                        static_cast<std::uint32_t *>(buffers.out));
    if (!check(cudaGetLastError(), "kernel launch", error))
        return false;
    return check(cudaMemcpy2D(out, outStride, buffers.out, static_cast<std::size_t>(outWidth) * 4,
                              static_cast<std::size_t>(outWidth) * 4, outHeight,
                              cudaMemcpyDeviceToHost),
                 "copy frame from device", error);
}

} // namespace loupe::gpu
