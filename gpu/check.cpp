// Runs every Loupe CUDA kernel on the GPU and on its CPU twin, and fails on any difference.
// Exit codes: 0 all equal, 1 a difference or a CUDA error, 77 no device (skipped).
// With --bench, also prints timings as JSON (CPU twin as the reference, same run).

#include "core/compute/frameconvert.h"
#include "gpu/loupegpu.h"
#include "reslice_cpu.h"
#include "segment_cpu.h"
#include "windowlevel_cpu.h"

#include <algorithm>
#include <chrono>
#include <cmath>
#include <cstdio>
#include <cstring>
#include <random>
#include <string>
#include <vector>

namespace {

using loupe::compute::WindowLevelParams;

struct Case {
    double center;
    double width;
    int lutSize;
};

bool compareWindowLevel(const std::vector<std::int16_t> &values, const Case &c,
                        const std::vector<std::uint32_t> &lut)
{
    const WindowLevelParams p = loupe::compute::makeWindowLevelParams(c.center, c.width, c.lutSize);
    std::vector<std::uint32_t> cpu(values.size()), gpu(values.size(), 0xDEADBEEF);
    loupe::compute::windowLevelToRgbaCpu(values.data(), values.size(), p, lut.data(), cpu.data());
    std::string error;
    if (!loupe::gpu::windowLevelToRgba(values.data(), values.size(), p.lower, p.scale, p.lutSize,
                                       lut.data(), gpu.data(), &error)) {
        std::printf("FAIL window/level C=%g W=%g lut=%d: %s\n", c.center, c.width, c.lutSize,
                    error.c_str());
        return false;
    }
    std::size_t differences = 0;
    std::size_t first = 0;
    for (std::size_t i = 0; i < values.size(); ++i) {
        if (cpu[i] != gpu[i] && differences++ == 0)
            first = i;
    }
    if (differences) {
        std::printf("FAIL window/level C=%g W=%g lut=%d: %zu of %zu differ, first value %d: "
                    "cpu %08x gpu %08x\n",
                    c.center, c.width, c.lutSize, differences, values.size(), values[first],
                    cpu[first], gpu[first]);
        return false;
    }
    std::printf("ok   window/level C=%g W=%g lut=%d (%zu values)\n", c.center, c.width, c.lutSize,
                values.size());
    return true;
}

/// Reslices every plane of every axis, and the MIP along every axis, on both and compares.
bool compareResliceAndMip()
{
    const loupe::compute::Dims d{37, 29, 23}; // odd sizes: partial thread blocks everywhere
    std::vector<std::int16_t> volume(static_cast<std::size_t>(d.x * d.y * d.z));
    std::mt19937 rng(99);
    std::uniform_int_distribution<int> dist(-32768, 32767);
    for (auto &v : volume)
        v = static_cast<std::int16_t>(dist(rng));
    bool ok = true;
    for (int axis = 0; axis < 3; ++axis) {
        std::int64_t w = 0, h = 0;
        loupe::compute::planeSize(d, axis, &w, &h);
        std::vector<std::int16_t> cpu(static_cast<std::size_t>(w * h)), gpu(cpu.size());
        const std::int64_t depth = axis == 0 ? d.x : axis == 1 ? d.y : d.z;
        std::string error;
        int differing = 0;
        for (std::int64_t index = 0; index < depth; ++index) {
            loupe::compute::resliceCpu(volume.data(), d, axis, index, cpu.data());
            if (!loupe::gpu::reslice(volume.data(), d.x, d.y, d.z, axis, index, gpu.data(),
                                     &error)) {
                std::printf("FAIL reslice axis %d: %s\n", axis, error.c_str());
                return false;
            }
            differing += cpu != gpu;
        }
        std::printf("%s reslice axis %d (%lld planes)\n", differing ? "FAIL" : "ok  ", axis,
                    static_cast<long long>(depth));
        loupe::compute::mipCpu(volume.data(), d, axis, cpu.data());
        if (!loupe::gpu::mip(volume.data(), d.x, d.y, d.z, axis, gpu.data(), &error)) {
            std::printf("FAIL mip axis %d: %s\n", axis, error.c_str());
            return false;
        }
        std::printf("%s mip axis %d\n", cpu == gpu ? "ok  " : "FAIL", axis);
        ok = ok && differing == 0 && cpu == gpu;
    }
    return ok;
}

/// A random oblique plane through a random volume: origin and steps anywhere, so that some
/// pixels fall outside, some on the last voxel, and fractions take every value.
loupe::compute::ObliquePlane randomPlane(std::mt19937 &rng, loupe::compute::Dims d)
{
    std::uniform_real_distribution<double> unit(-1.0, 1.0);
    loupe::compute::ObliquePlane p;
    const double size[3] = {double(d.x), double(d.y), double(d.z)};
    for (int a = 0; a < 3; ++a) {
        p.origin[a] = size[a] * (0.5 + 0.6 * unit(rng));
        p.stepX[a] = unit(rng);
        p.stepY[a] = unit(rng);
    }
    p.width = 61;
    p.height = 47;
    return p;
}

/// Oblique reslicing of many random planes, and the axis-aligned planes sampled obliquely.
bool compareOblique()
{
    const loupe::compute::Dims d{37, 29, 23};
    std::vector<std::int16_t> volume(static_cast<std::size_t>(d.x * d.y * d.z));
    std::mt19937 rng(2026);
    std::uniform_int_distribution<int> dist(-32768, 32767);
    for (auto &v : volume)
        v = static_cast<std::int16_t>(dist(rng));
    int differing = 0, planes = 0;
    std::string error;
    for (int n = 0; n < 200; ++n, ++planes) {
        loupe::compute::ObliquePlane p = randomPlane(rng, d);
        if (n == 0) { // exactly on voxel centres: must reproduce the volume's values
            p = {};
            p.origin[2] = 11;
            p.width = d.x;
            p.height = d.y;
        }
        std::vector<std::int16_t> cpu(static_cast<std::size_t>(p.width * p.height)),
            gpu(cpu.size());
        loupe::compute::resliceObliqueCpu(volume.data(), d, p, -32768, cpu.data());
        if (!loupe::gpu::resliceOblique(volume.data(), d.x, d.y, d.z, p.origin, p.stepX, p.stepY,
                                        p.width, p.height, -32768, gpu.data(), &error)) {
            std::printf("FAIL oblique reslice: %s\n", error.c_str());
            return false;
        }
        differing += cpu != gpu;
        if (n == 0 && !std::equal(cpu.begin(), cpu.end(), volume.begin() + 11 * d.x * d.y)) {
            std::printf("FAIL oblique reslice on voxel centres differs from the volume\n");
            return false;
        }
    }
    std::printf("%s oblique reslice (%d random planes, %d differ)\n", differing ? "FAIL" : "ok  ",
                planes, differing);
    return differing == 0;
}

/// A smooth random field (sums of a few blobs) so that ranges give several regions.
std::vector<std::int16_t> blobs(loupe::compute::Dims d, unsigned seed)
{
    std::vector<std::int16_t> v(static_cast<std::size_t>(d.x * d.y * d.z));
    std::mt19937 rng(seed);
    std::uniform_real_distribution<double> pos(0, 1);
    double cx[6], cy[6], cz[6];
    for (int b = 0; b < 6; ++b) {
        cx[b] = pos(rng) * d.x;
        cy[b] = pos(rng) * d.y;
        cz[b] = pos(rng) * d.z;
    }
    for (std::int64_t z = 0; z < d.z; ++z)
        for (std::int64_t y = 0; y < d.y; ++y)
            for (std::int64_t x = 0; x < d.x; ++x) {
                double f = 0;
                for (int b = 0; b < 6; ++b) {
                    const double r2 = (x - cx[b]) * (x - cx[b]) + (y - cy[b]) * (y - cy[b]) +
                                      (z - cz[b]) * (z - cz[b]);
                    f += 1000 * std::exp(-r2 / 60.0);
                }
                v[static_cast<std::size_t>((z * d.y + y) * d.x + x)] =
                    static_cast<std::int16_t>(f - 500 + (rng() % 7));
            }
    return v;
}

/// Threshold and grow from seeds, on the GPU and the CPU twins.
bool compareSegmentation()
{
    const loupe::compute::Dims d{41, 37, 29};
    bool ok = true;
    int grows = 0, differing = 0;
    for (unsigned volumeSeed = 1; volumeSeed <= 4; ++volumeSeed) {
        const std::vector<std::int16_t> v = blobs(d, volumeSeed);
        std::vector<std::uint8_t> cpu(v.size()), gpu(v.size());
        std::string error;
        const std::pair<int, int> ranges[] = {{0, 400}, {-100, 200}, {200, 2000}, {-600, -300}};
        for (const auto &[lo, hi] : ranges) {
            loupe::compute::thresholdMaskCpu(v.data(), std::int64_t(v.size()), std::int16_t(lo),
                                             std::int16_t(hi), cpu.data());
            if (!loupe::gpu::thresholdMask(v.data(), std::int64_t(v.size()), std::int16_t(lo),
                                           std::int16_t(hi), gpu.data(), &error)) {
                std::printf("FAIL threshold: %s\n", error.c_str());
                return false;
            }
            ok = ok && cpu == gpu;
            std::mt19937 rng(volumeSeed * 31 + unsigned(lo + 1000));
            for (int s = 0; s < 5; ++s, ++grows) {
                const std::int64_t x = rng() % d.x, y = rng() % d.y, z = rng() % d.z;
                const std::int64_t a = loupe::compute::growMaskCpu(
                    v.data(), d, x, y, z, std::int16_t(lo), std::int16_t(hi), cpu.data());
                std::int64_t b = 0;
                if (!loupe::gpu::growMask(v.data(), d.x, d.y, d.z, x, y, z, std::int16_t(lo),
                                          std::int16_t(hi), gpu.data(), &b, &error)) {
                    std::printf("FAIL grow: %s\n", error.c_str());
                    return false;
                }
                differing += (a != b || cpu != gpu);
            }
        }
    }
    std::printf("%s threshold (16 cases) and grow from seed (%d cases, %d differ)\n",
                ok && differing == 0 ? "ok  " : "FAIL", grows, differing);
    return ok && differing == 0;
}

/// A decoded frame of random bytes in `layout`, with rows padded as decoders pad them.
struct RandomFrame {
    std::vector<std::uint8_t> bytes[3];
    loupe::compute::FramePlanes planes;
    RandomFrame(loupe::compute::PixelLayout layout, int width, int height, std::mt19937 &rng)
    {
        using loupe::compute::PixelLayout;
        planes.layout = layout;
        planes.width = width;
        planes.height = height;
        const int chromaWidth = layout == PixelLayout::Yuv444 ? width : (width + 1) / 2;
        for (int p = 0; p < loupe::compute::planeCount(layout); ++p) {
            int rowBytes = p == 0 ? width : chromaWidth;
            if (layout == PixelLayout::Rgb24 || layout == PixelLayout::Bgr24)
                rowBytes = width * 3;
            if (layout == PixelLayout::Nv12 && p == 1)
                rowBytes = chromaWidth * 2;
            planes.stride[p] = (rowBytes + 63) / 64 * 64 + 64 * (p + 1) % 128;
            bytes[p].resize(loupe::compute::planeBytes(planes, p));
            for (auto &b : bytes[p])
                b = static_cast<std::uint8_t>(rng());
            planes.data[p] = bytes[p].data();
        }
    }
};

bool compareFrameConversion()
{
    using loupe::compute::PixelLayout;
    using loupe::compute::YuvMatrix;
    std::mt19937 rng(11);
    struct Size {
        int w, h, outW, outH;
    };
    const Size sizes[] = {{64, 48, 64, 48},        {97, 41, 97, 41},      {1920, 1080, 640, 360},
                          {1920, 1080, 641, 361},  {1279, 721, 300, 169}, {33, 17, 1, 1},
                          {3840, 2160, 1160, 653}, {101, 57, 100, 56}};
    const PixelLayout layouts[] = {PixelLayout::Yuv420, PixelLayout::Yuv422, PixelLayout::Yuv444,
                                   PixelLayout::Nv12,   PixelLayout::Rgb24,  PixelLayout::Bgr24,
                                   PixelLayout::Gray8};
    bool ok = true;
    for (const PixelLayout layout : layouts)
        for (const Size &size : sizes)
            for (int variant = 0; variant < 4; ++variant) {
                RandomFrame frame(layout, size.w, size.h, rng);
                frame.planes.matrix = variant % 2 ? YuvMatrix::Bt709 : YuvMatrix::Bt601;
                frame.planes.fullRange = variant >= 2;
                const std::size_t stride = static_cast<std::size_t>(size.outW) * 4 + 16;
                std::vector<std::uint32_t> cpu(stride / 4 * size.outH, 0u), gpu(cpu.size(), 0u);
                loupe::compute::convertFrameCpu(frame.planes, size.outW, size.outH, cpu.data(),
                                                stride);
                std::string error;
                if (!loupe::gpu::convertFrame(frame.planes, size.outW, size.outH, gpu.data(),
                                              stride, &error)) {
                    std::printf("convertFrame failed: %s\n", error.c_str());
                    return false;
                }
                std::size_t differ = 0;
                for (int y = 0; y < size.outH; ++y)
                    for (int x = 0; x < size.outW; ++x)
                        differ += cpu[y * stride / 4 + x] != gpu[y * stride / 4 + x];
                if (differ) {
                    std::printf("frame conversion layout %d %dx%d -> %dx%d variant %d: %zu "
                                "pixels differ\n",
                                static_cast<int>(layout), size.w, size.h, size.outW, size.outH,
                                variant, differ);
                    ok = false;
                }
            }
    std::printf("frame conversion: %s\n", ok ? "equal" : "DIFFERENT");
    return ok;
}

double seconds(std::chrono::steady_clock::time_point since)
{
    return std::chrono::duration<double>(std::chrono::steady_clock::now() - since).count();
}

void bench()
{
    const std::size_t count = 512 * 512;
    const int repeats = 200;
    std::vector<std::int16_t> slice(count);
    std::mt19937 rng(7);
    std::uniform_int_distribution<int> dist(-1024, 3071);
    for (auto &v : slice)
        v = static_cast<std::int16_t>(dist(rng));
    std::vector<std::uint32_t> lut(256), out(count);
    loupe::compute::makeGreyLut(lut.data(), 256);
    const WindowLevelParams p = loupe::compute::makeWindowLevelParams(40, 400, 256);

    auto t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < repeats; ++r)
        loupe::compute::windowLevelToRgbaCpu(slice.data(), count, p, lut.data(), out.data());
    const double cpu = seconds(t0) / repeats;
    std::string error;
    loupe::gpu::windowLevelToRgba(slice.data(), count, p.lower, p.scale, 256, lut.data(),
                                  out.data(), &error); // warm-up
    t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < repeats; ++r)
        loupe::gpu::windowLevelToRgba(slice.data(), count, p.lower, p.scale, 256, lut.data(),
                                      out.data(), &error);
    const double gpu = seconds(t0) / repeats;
    std::printf("{\"bench\": \"window_level_512x512\", \"cpu_twin_ms\": %.4f, \"gpu_ms\": %.4f, "
                "\"gpu_over_cpu\": %.3f, \"note\": \"gpu includes host-device copies\"}\n",
                cpu * 1e3, gpu * 1e3, gpu / cpu);

    // A 1080p H.264-style frame (4:2:0) for a 640x360 view and at full size: CPU twin on one
    // thread against the kernel (with the upload of the planes and the download of the pixels).
    {
        std::mt19937 frameRng(5);
        RandomFrame frame(loupe::compute::PixelLayout::Yuv420, 1920, 1080, frameRng);
        for (const auto &[w, h] : {std::pair{640, 360}, std::pair{1920, 1080}}) {
            std::vector<std::uint32_t> pixels(static_cast<std::size_t>(w) * h);
            const int frames = 50;
            auto t = std::chrono::steady_clock::now();
            for (int r = 0; r < frames; ++r)
                loupe::compute::convertFrameCpu(frame.planes, w, h, pixels.data(),
                                                static_cast<std::size_t>(w) * 4);
            const double frameCpu = seconds(t) / frames;
            loupe::gpu::convertFrame(frame.planes, w, h, pixels.data(),
                                     static_cast<std::size_t>(w) * 4, &error); // warm-up
            t = std::chrono::steady_clock::now();
            for (int r = 0; r < frames; ++r)
                loupe::gpu::convertFrame(frame.planes, w, h, pixels.data(),
                                         static_cast<std::size_t>(w) * 4, &error);
            const double frameGpu = seconds(t) / frames;
            std::printf("{\"bench\": \"frame_yuv420_1920x1080_to_%dx%d\", \"cpu_twin_ms\": %.4f, "
                        "\"gpu_ms\": %.4f, \"gpu_over_cpu\": %.3f, \"note\": \"gpu includes "
                        "host-device copies\"}\n",
                        w, h, frameCpu * 1e3, frameGpu * 1e3, frameGpu / frameCpu);
        }
    }

    // MIP of a 512x512x400 volume along each axis: CPU twin against the kernel (with upload).
    const loupe::compute::Dims d{512, 512, 400};
    std::vector<std::int16_t> volume(static_cast<std::size_t>(d.x * d.y * d.z));
    for (auto &v : volume)
        v = static_cast<std::int16_t>(dist(rng));
    for (int axis = 0; axis < 3; ++axis) {
        std::int64_t w = 0, h = 0;
        loupe::compute::planeSize(d, axis, &w, &h);
        std::vector<std::int16_t> plane(static_cast<std::size_t>(w * h));
        t0 = std::chrono::steady_clock::now();
        loupe::compute::mipCpu(volume.data(), d, axis, plane.data());
        const double mipCpu = seconds(t0);
        t0 = std::chrono::steady_clock::now();
        loupe::gpu::mip(volume.data(), d.x, d.y, d.z, axis, plane.data(), &error);
        const double mipGpu = seconds(t0);
        std::printf(
            "{\"bench\": \"mip_512x512x400_axis%d\", \"cpu_twin_ms\": %.2f, \"gpu_ms\": %.2f, "
            "\"gpu_over_cpu\": %.3f, \"note\": \"gpu includes uploading 200 MB\"}\n",
            axis, mipCpu * 1e3, mipGpu * 1e3, mipGpu / mipCpu);
    }

    // One 724x724 oblique plane (the diagonal of a 512x512 slice) through the same volume,
    // tilted 30 degrees, against the CPU twin (the GPU time includes the upload).
    loupe::compute::ObliquePlane q;
    const double cosT = std::cos(0.5236), sinT = std::sin(0.5236);
    q.width = q.height = 724;
    q.stepX[0] = 0.7071;
    q.stepX[1] = 0.7071;
    q.stepX[2] = 0;
    q.stepY[0] = 0.7071 * cosT;
    q.stepY[1] = -0.7071 * cosT;
    q.stepY[2] = sinT * 0.55;
    q.origin[0] = 0;
    q.origin[1] = 256;
    q.origin[2] = 50;
    std::vector<std::int16_t> plane(724 * 724);
    t0 = std::chrono::steady_clock::now();
    for (int r = 0; r < 20; ++r)
        loupe::compute::resliceObliqueCpu(volume.data(), d, q, -1024, plane.data());
    const double obliqueCpu = seconds(t0) / 20;
    t0 = std::chrono::steady_clock::now();
    loupe::gpu::resliceOblique(volume.data(), d.x, d.y, d.z, q.origin, q.stepX, q.stepY, q.width,
                               q.height, -1024, plane.data(), &error);
    const double obliqueGpu = seconds(t0);
    std::printf("{\"bench\": \"oblique_724x724_in_512x512x400\", \"cpu_twin_ms\": %.2f, "
                "\"gpu_ms\": %.2f, \"gpu_over_cpu\": %.3f, \"note\": \"gpu includes uploading "
                "200 MB\"}\n",
                obliqueCpu * 1e3, obliqueGpu * 1e3, obliqueGpu / obliqueCpu);

    // Grow from a seed through a large connected region of a 512x512x400 volume.
    {
        const loupe::compute::Dims g{512, 512, 400};
        std::vector<std::int16_t> body(static_cast<std::size_t>(g.x * g.y * g.z));
        for (std::int64_t z = 0; z < g.z; ++z)
            for (std::int64_t y = 0; y < g.y; ++y)
                for (std::int64_t x = 0; x < g.x; ++x) {
                    const double dx = (x - 256) / 200.0, dy = (y - 256) / 150.0;
                    body[static_cast<std::size_t>((z * g.y + y) * g.x + x)] =
                        dx * dx + dy * dy <= 1 ? std::int16_t(40 + (x * 7 + y * 3 + z) % 20)
                                               : std::int16_t(-1000);
                }
        std::vector<std::uint8_t> mask(body.size());
        t0 = std::chrono::steady_clock::now();
        const std::int64_t cpuRegion =
            loupe::compute::growMaskCpu(body.data(), g, 256, 256, 200, 0, 100, mask.data());
        const double growCpu = seconds(t0);
        std::int64_t gpuRegion = 0;
        t0 = std::chrono::steady_clock::now();
        loupe::gpu::growMask(body.data(), g.x, g.y, g.z, 256, 256, 200, 0, 100, mask.data(),
                             &gpuRegion, &error);
        const double growGpu = seconds(t0);
        std::printf("{\"bench\": \"grow_from_seed_512x512x400\", \"region_voxels\": %lld, "
                    "\"cpu_twin_ms\": %.1f, \"gpu_ms\": %.1f, \"gpu_over_cpu\": %.3f, "
                    "\"same_region\": %s}\n",
                    static_cast<long long>(cpuRegion), growCpu * 1e3, growGpu * 1e3,
                    growGpu / growCpu, cpuRegion == gpuRegion ? "true" : "false");
    }
}

} // namespace

int main(int argc, char **argv)
{
    const bool wantBench = argc > 1 && std::strcmp(argv[1], "--bench") == 0;
    const loupe::gpu::DeviceInfo device = loupe::gpu::probe();
    if (!device.available) {
        std::printf("SKIP: no CUDA device (%s); the CPU twins are used and tested instead\n",
                    device.reason.c_str());
        return 77;
    }
    std::printf("device: %s (sm_%d%d)\n", device.name.c_str(), device.major, device.minor);

    // Every 16-bit value once, plus a large random buffer to cover many blocks.
    std::vector<std::int16_t> all(65536);
    for (int i = 0; i < 65536; ++i)
        all[i] = static_cast<std::int16_t>(i - 32768);
    std::vector<std::int16_t> random(5'000'000);
    std::mt19937 rng(42);
    std::uniform_int_distribution<int> dist(-32768, 32767);
    for (auto &v : random)
        v = static_cast<std::int16_t>(dist(rng));

    std::vector<std::uint32_t> grey(256), colour(4096);
    loupe::compute::makeGreyLut(grey.data(), 256);
    for (auto &c : colour)
        c = static_cast<std::uint32_t>(rng());

    const Case cases[] = {{40, 400, 256},  {-600, 1500, 256},    {400, 1800, 256},
                          {0.5, 1, 256},   {1000.25, 3.7, 4096}, {-32768, 65535, 4096},
                          {12.3, 0.2, 256}};
    bool ok = true;
    for (const Case &c : cases) {
        ok &= compareWindowLevel(all, c, c.lutSize == 256 ? grey : colour);
        ok &= compareWindowLevel(random, c, c.lutSize == 256 ? grey : colour);
    }
    ok &= compareResliceAndMip();
    ok &= compareOblique();
    ok &= compareSegmentation();
    ok &= compareFrameConversion();
    if (wantBench)
        bench();
    std::printf("%s\n", ok ? "all kernels match their CPU twins" : "MISMATCH");
    return ok ? 0 : 1;
}
