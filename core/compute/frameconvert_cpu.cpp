#include "core/compute/frameconvert.h"

#include <algorithm>
#include <thread>
#include <vector>

namespace loupe::compute {

void convertFrameCpu(const FramePlanes &frame, int outWidth, int outHeight, std::uint32_t *out,
                     std::size_t outStride, int threads)
{
    const auto rows = [&](int first, int last) {
        for (int y = first; y < last; ++y) {
            auto *line = reinterpret_cast<std::uint32_t *>(reinterpret_cast<std::uint8_t *>(out) +
                                                           static_cast<std::size_t>(y) * outStride);
            for (int x = 0; x < outWidth; ++x)
                line[x] = convertPixel(frame, outWidth, outHeight, x, y);
        }
    };
    threads = std::clamp(threads, 1, std::max(1, outHeight));
    if (threads == 1) {
        rows(0, outHeight);
        return;
    }
    std::vector<std::thread> workers;
    for (int t = 1; t < threads; ++t)
        workers.emplace_back(rows, outHeight * t / threads, outHeight * (t + 1) / threads);
    rows(0, outHeight / threads);
    for (std::thread &w : workers)
        w.join();
}

} // namespace loupe::compute
