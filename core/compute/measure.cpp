#include "core/compute/measure.h"

#include <algorithm>
#include <cmath>
#include <limits>

namespace loupe {

double planeDistanceMm(const SlicePlane &p, QPointF a, QPointF b)
{
    const double dx = (b.x() - a.x()) * p.spacingX, dy = (b.y() - a.y()) * p.spacingY;
    return std::sqrt(dx * dx + dy * dy);
}

RoiStats ellipseStats(const Volume &volume, const SlicePlane &p, QPointF a, QPointF b)
{
    const double cx = (a.x() + b.x()) / 2, cy = (a.y() + b.y()) / 2;
    const double rx = std::abs(b.x() - a.x()) / 2, ry = std::abs(b.y() - a.y()) / 2;
    RoiStats s;
    if (rx <= 0 || ry <= 0)
        return s;
    double sum = 0, sumSquares = 0;
    s.minimum = std::numeric_limits<double>::max();
    s.maximum = std::numeric_limits<double>::lowest();
    const int x0 = std::max(0, int(std::floor(cx - rx))),
              x1 = std::min(p.width - 1, int(std::ceil(cx + rx)));
    const int y0 = std::max(0, int(std::floor(cy - ry))),
              y1 = std::min(p.height - 1, int(std::ceil(cy + ry)));
    for (int y = y0; y <= y1; ++y)
        for (int x = x0; x <= x1; ++x) {
            const double ex = (x - cx) / rx, ey = (y - cy) / ry;
            if (ex * ex + ey * ey > 1.0)
                continue;
            const double value = sampleValue(volume, p.toVoxel(x, y));
            if (std::isnan(value))
                continue;
            sum += value;
            sumSquares += value * value;
            s.minimum = std::min(s.minimum, value);
            s.maximum = std::max(s.maximum, value);
            ++s.count;
        }
    if (s.count == 0)
        return RoiStats{};
    s.mean = sum / double(s.count);
    s.stdDev = std::sqrt(std::max(0.0, sumSquares / double(s.count) - s.mean * s.mean));
    s.areaMm2 = double(s.count) * p.spacingX * p.spacingY;
    return s;
}

} // namespace loupe
