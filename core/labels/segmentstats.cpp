#include "core/labels/segmentstats.h"

#include <algorithm>
#include <array>
#include <cmath>
#include <limits>

namespace loupe {

std::vector<SegmentStats> segmentStatistics(const LabelLayers &layers, const Volume &intensities,
                                            const std::vector<Segment> &segments)
{
    struct Sums {
        std::int64_t n = 0;
        double sum = 0, squares = 0;
        double lo = std::numeric_limits<double>::max(), hi = std::numeric_limits<double>::lowest();
    };
    std::array<Sums, 256> sums{};
    std::array<int, 256> layerOf;
    layerOf.fill(-1);
    for (const Segment &seg : segments)
        layerOf[seg.label] = seg.layer;
    for (std::size_t layer = 0; layer < layers.size(); ++layer)
        layers[layer].forEachWrittenVoxel(
            [&](std::int64_t i, std::int64_t j, std::int64_t k, std::uint8_t l) {
                if (!l || layerOf[l] != static_cast<int>(layer))
                    return;
                const double v = intensities.valueAt(i, j, k);
                Sums &t = sums[l];
                ++t.n;
                t.sum += v;
                t.squares += v * v;
                t.lo = std::min(t.lo, v);
                t.hi = std::max(t.hi, v);
            });
    const auto &sp = layers.front().geometry().spacing;
    const double voxelMl = sp[0] * sp[1] * sp[2] / 1000.0;
    std::vector<SegmentStats> out;
    for (const Segment &seg : segments) {
        const Sums &t = sums[seg.label];
        SegmentStats st;
        st.label = seg.label;
        st.name = seg.name;
        st.voxels = t.n;
        st.volumeMl = double(t.n) * voxelMl;
        if (t.n > 0) {
            st.mean = t.sum / double(t.n);
            st.stdDev = std::sqrt(std::max(0.0, t.squares / double(t.n) - st.mean * st.mean));
            st.minimum = t.lo;
            st.maximum = t.hi;
        }
        out.push_back(st);
    }
    return out;
}

QString statisticsCsv(const std::vector<SegmentStats> &stats, const QString &units)
{
    const QString u = units.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(units);
    QString csv =
        QStringLiteral("label,segment,voxels,volume (mL),mean%1,std dev%1,min%1,max%1\n").arg(u);
    for (const SegmentStats &s : stats) {
        QString name = s.name;
        name.replace(QLatin1Char('"'), QStringLiteral("\"\""));
        csv += QStringLiteral("%1,\"%2\",%3,%4,%5,%6,%7,%8\n")
                   .arg(s.label)
                   .arg(name)
                   .arg(s.voxels)
                   .arg(s.volumeMl, 0, 'f', 4)
                   .arg(s.mean, 0, 'f', 3)
                   .arg(s.stdDev, 0, 'f', 3)
                   .arg(s.minimum, 0, 'g', 8)
                   .arg(s.maximum, 0, 'g', 8);
    }
    return csv;
}

} // namespace loupe
