#include "segment_cpu.h"

#include <vector>

namespace loupe::compute {

void thresholdMaskCpu(const std::int16_t *volume, std::int64_t count, std::int16_t low,
                      std::int16_t high, std::uint8_t *mask)
{
    for (std::int64_t n = 0; n < count; ++n)
        mask[n] = volume[n] >= low && volume[n] <= high ? 1 : 0;
}

std::int64_t growMaskCpu(const std::int16_t *volume, Dims d, std::int64_t sx, std::int64_t sy,
                         std::int64_t sz, std::int16_t low, std::int16_t high, std::uint8_t *mask)
{
    const std::int64_t count = d.x * d.y * d.z;
    for (std::int64_t n = 0; n < count; ++n)
        mask[n] = 0;
    if (sx < 0 || sy < 0 || sz < 0 || sx >= d.x || sy >= d.y || sz >= d.z)
        return 0;
    const std::int64_t seed = (sz * d.y + sy) * d.x + sx;
    if (volume[seed] < low || volume[seed] > high)
        return 0;
    std::vector<std::int64_t> stack{seed};
    mask[seed] = 1;
    std::int64_t region = 0;
    while (!stack.empty()) {
        const std::int64_t n = stack.back();
        stack.pop_back();
        ++region;
        const std::int64_t x = n % d.x, y = (n / d.x) % d.y, z = n / (d.x * d.y);
        const std::int64_t next[6] = {x > 0 ? n - 1 : -1,         x + 1 < d.x ? n + 1 : -1,
                                      y > 0 ? n - d.x : -1,       y + 1 < d.y ? n + d.x : -1,
                                      z > 0 ? n - d.x * d.y : -1, z + 1 < d.z ? n + d.x * d.y : -1};
        for (std::int64_t m : next) {
            if (m < 0 || mask[m] || volume[m] < low || volume[m] > high)
                continue;
            mask[m] = 1;
            stack.push_back(m);
        }
    }
    return region;
}

} // namespace loupe::compute
