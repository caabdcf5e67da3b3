#include "windowlevel_cpu.h"

namespace loupe::compute {

WindowLevelParams makeWindowLevelParams(double center, double width, int lutSize)
{
    if (width < 1)
        width = 1;
    if (lutSize < 2)
        lutSize = 2;
    WindowLevelParams p;
    p.lower = static_cast<float>(center - width / 2.0);
    p.scale = static_cast<float>((lutSize - 1) / width);
    p.lutSize = lutSize;
    return p;
}

int windowLevelIndex(std::int16_t value, const WindowLevelParams &p)
{
    // Two separately rounded float operations, then +0.5 and truncation: the kernel does the
    // same with __fsub_rn/__fmul_rn/__fadd_rn so the results agree bit for bit.
    const float t = (static_cast<float>(value) - p.lower) * p.scale;
    if (!(t > 0.0f))
        return 0;
    const float last = static_cast<float>(p.lutSize - 1);
    if (t >= last)
        return p.lutSize - 1;
    return static_cast<int>(t + 0.5f);
}

void windowLevelToRgbaCpu(const std::int16_t *src, std::size_t count,
                          const WindowLevelParams &params, const std::uint32_t *lut,
                          std::uint32_t *dst)
{
    for (std::size_t i = 0; i < count; ++i)
        dst[i] = lut[windowLevelIndex(src[i], params)];
}

void makeGreyLut(std::uint32_t *lut, int size)
{
    for (int i = 0; i < size; ++i) {
        const std::uint32_t g = static_cast<std::uint32_t>((i * 255 + (size - 1) / 2) / (size - 1));
        // Bytes R, G, B, A in memory order, read as a little-endian 32-bit word.
        lut[i] = g | (g << 8) | (g << 16) | (0xFFu << 24);
    }
}

} // namespace loupe::compute
