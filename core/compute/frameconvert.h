#pragma once

// Decoded camera frames (a codec's YUV planes, or packed RGB/BGR) to display pixels at view
// size: scaling (area averaging) and colour conversion in one pass, in integer arithmetic so
// that the CUDA kernel (gpu/) and the CPU twin here give the same pixels, bit for bit. Plain
// C++: no Qt, no CUDA headers.

#include <cstddef>
#include <cstdint>

#if defined(__CUDACC__)
#define LOUPE_HOST_DEVICE __host__ __device__
#else
#define LOUPE_HOST_DEVICE
#endif

namespace loupe::compute {

/// How a decoded frame's bytes are laid out.
enum class PixelLayout : std::uint8_t {
    Yuv420, ///< planar Y, U, V; chroma halved both ways (H.264's usual yuv420p)
    Yuv422, ///< planar; chroma halved across
    Yuv444, ///< planar; chroma full size
    Nv12,   ///< Y plane, then one plane of interleaved U, V; chroma halved both ways
    Rgb24,  ///< packed R, G, B
    Bgr24,  ///< packed B, G, R (OpenCV's order)
    Gray8,  ///< one plane of grey
};

/// The YUV → RGB matrix (ITU-R BT.601 or BT.709) and range (video 16–235 or full 0–255).
enum class YuvMatrix : std::uint8_t { Bt601, Bt709 };

/// A decoded frame: up to three planes (pointers into memory the caller owns: host memory
/// for the CPU, device memory inside the kernel).
struct FramePlanes {
    PixelLayout layout = PixelLayout::Yuv420;
    YuvMatrix matrix = YuvMatrix::Bt601;
    bool fullRange = false;
    int width = 0, height = 0;
    const std::uint8_t *data[3] = {nullptr, nullptr, nullptr};
    int stride[3] = {0, 0, 0}; ///< bytes a row
};

/// Planes a layout has (1 to 3).
LOUPE_HOST_DEVICE inline int planeCount(PixelLayout layout)
{
    switch (layout) {
    case PixelLayout::Yuv420:
    case PixelLayout::Yuv422:
    case PixelLayout::Yuv444: return 3;
    case PixelLayout::Nv12: return 2;
    default: return 1;
    }
}

/// Rows of plane `plane` (chroma planes of 4:2:0 and NV12 have half, rounded up).
LOUPE_HOST_DEVICE inline int planeRows(const FramePlanes &f, int plane)
{
    const bool halfHigh = f.layout == PixelLayout::Yuv420 || f.layout == PixelLayout::Nv12;
    return plane > 0 && halfHigh ? (f.height + 1) / 2 : f.height;
}

/// Bytes of plane `plane` as laid out (stride × rows): what an upload copies.
inline std::size_t planeBytes(const FramePlanes &f, int plane)
{
    return static_cast<std::size_t>(f.stride[plane]) *
           static_cast<std::size_t>(planeRows(f, plane));
}

namespace detail {

/// The source columns (or rows) output pixel `o` of `outSize` averages: [first, last).
LOUPE_HOST_DEVICE inline void span(int o, int outSize, int inSize, int &first, int &last)
{
    first = static_cast<int>(static_cast<std::int64_t>(o) * inSize / outSize);
    last = static_cast<int>(static_cast<std::int64_t>(o + 1) * inSize / outSize);
    if (last <= first)
        last = first + 1;
    if (last > inSize)
        last = inSize;
}

/// Mean of channel `channel` of `bytesPerPixel`-byte pixels over columns [x0, x1) and rows
/// [y0, y1) of a plane, rounded to nearest.
LOUPE_HOST_DEVICE inline int mean(const std::uint8_t *plane, int stride, int bytesPerPixel,
                                  int channel, int x0, int x1, int y0, int y1)
{
    std::uint32_t sum = 0;
    for (int y = y0; y < y1; ++y) {
        const std::uint8_t *row = plane + static_cast<std::ptrdiff_t>(y) * stride + channel;
        for (int x = x0; x < x1; ++x)
            sum += row[x * bytesPerPixel];
    }
    const std::uint32_t count = static_cast<std::uint32_t>((x1 - x0) * (y1 - y0));
    return static_cast<int>((sum + count / 2) / count);
}

LOUPE_HOST_DEVICE inline int clampByte(int v)
{
    return v < 0 ? 0 : (v > 255 ? 255 : v);
}

LOUPE_HOST_DEVICE inline std::uint32_t rgb32(int r, int g, int b)
{
    return 0xff000000u | (static_cast<std::uint32_t>(r) << 16) |
           (static_cast<std::uint32_t>(g) << 8) | static_cast<std::uint32_t>(b);
}

/// Y, U, V (means) to 0xffRRGGBB with 16.16 fixed-point coefficients.
LOUPE_HOST_DEVICE inline std::uint32_t yuvToRgb32(int y, int u, int v, YuvMatrix matrix,
                                                  bool fullRange)
{
    // Coefficients × 65536: luma scale, V → R, U → G, V → G, U → B.
    int ky, rv, gu, gv, bu;
    if (matrix == YuvMatrix::Bt709) {
        if (fullRange) {
            ky = 65536;
            rv = 103206;
            gu = 12276;
            gv = 30679;
            bu = 121609;
        } else {
            ky = 76309;
            rv = 117489;
            gu = 13975;
            gv = 34925;
            bu = 138438;
        }
    } else {
        if (fullRange) {
            ky = 65536;
            rv = 91881;
            gu = 22554;
            gv = 46802;
            bu = 116130;
        } else {
            ky = 76309;
            rv = 104597;
            gu = 25675;
            gv = 53279;
            bu = 132201;
        }
    }
    const int luma = ky * (fullRange ? y : y - 16) + 32768;
    u -= 128;
    v -= 128;
    return rgb32(clampByte((luma + rv * v) >> 16), clampByte((luma - gu * u - gv * v) >> 16),
                 clampByte((luma + bu * u) >> 16));
}

} // namespace detail

/// Output pixel (x, y) of `outWidth` × `outHeight`: the mean of the source pixels it covers,
/// converted to 0xffRRGGBB (QImage::Format_RGB32). The one definition the CPU twin and the
/// CUDA kernel both run.
LOUPE_HOST_DEVICE inline std::uint32_t convertPixel(const FramePlanes &f, int outWidth,
                                                    int outHeight, int x, int y)
{
    int x0, x1, y0, y1;
    detail::span(x, outWidth, f.width, x0, x1);
    detail::span(y, outHeight, f.height, y0, y1);
    switch (f.layout) {
    case PixelLayout::Rgb24:
    case PixelLayout::Bgr24: {
        const int r = f.layout == PixelLayout::Rgb24 ? 0 : 2;
        return detail::rgb32(detail::mean(f.data[0], f.stride[0], 3, r, x0, x1, y0, y1),
                             detail::mean(f.data[0], f.stride[0], 3, 1, x0, x1, y0, y1),
                             detail::mean(f.data[0], f.stride[0], 3, 2 - r, x0, x1, y0, y1));
    }
    case PixelLayout::Gray8: {
        const int g = detail::mean(f.data[0], f.stride[0], 1, 0, x0, x1, y0, y1);
        return detail::rgb32(g, g, g);
    }
    default: break;
    }
    const int luma = detail::mean(f.data[0], f.stride[0], 1, 0, x0, x1, y0, y1);
    // The chroma samples under the same area.
    const bool halfAcross = f.layout != PixelLayout::Yuv444;
    const bool halfDown = f.layout == PixelLayout::Yuv420 || f.layout == PixelLayout::Nv12;
    const int cx0 = halfAcross ? x0 / 2 : x0, cx1 = halfAcross ? (x1 + 1) / 2 : x1;
    const int cy0 = halfDown ? y0 / 2 : y0, cy1 = halfDown ? (y1 + 1) / 2 : y1;
    int u, v;
    if (f.layout == PixelLayout::Nv12) {
        u = detail::mean(f.data[1], f.stride[1], 2, 0, cx0, cx1, cy0, cy1);
        v = detail::mean(f.data[1], f.stride[1], 2, 1, cx0, cx1, cy0, cy1);
    } else {
        u = detail::mean(f.data[1], f.stride[1], 1, 0, cx0, cx1, cy0, cy1);
        v = detail::mean(f.data[2], f.stride[2], 1, 0, cx0, cx1, cy0, cy1);
    }
    return detail::yuvToRgb32(luma, u, v, f.matrix, f.fullRange);
}

/// Every output pixel on the CPU: `out` has `outStride` bytes a row. The twin of
/// gpu::convertFrame. Rows are split over `threads` threads (1: the calling thread only).
void convertFrameCpu(const FramePlanes &frame, int outWidth, int outHeight, std::uint32_t *out,
                     std::size_t outStride, int threads = 1);

} // namespace loupe::compute
