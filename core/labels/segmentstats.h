#pragma once

#include "core/labels/labelmap.h"
#include "core/labels/segment.h"

#include <QString>

#include <vector>

namespace loupe {

/// One segment's statistics: its voxels, their volume and intensities.
struct SegmentStats {
    std::uint8_t label = 0;
    QString name;
    std::int64_t voxels = 0;
    double volumeMl = 0; ///< voxels × voxel volume (spacing product), in millilitres
    double mean = 0;
    double stdDev = 0; ///< population standard deviation
    double minimum = 0;
    double maximum = 0;
};

/// Statistics of every segment over `intensities` (the volume the labels belong to), in the
/// segments' order; each segment is counted on its own layer. One pass over the bricks that
/// were written.
std::vector<SegmentStats> segmentStatistics(const LabelLayers &layers, const Volume &intensities,
                                            const std::vector<Segment> &segments);

/// The statistics as CSV (a header row, then one row per segment), with the volume's units.
QString statisticsCsv(const std::vector<SegmentStats> &stats, const QString &units);

} // namespace loupe
