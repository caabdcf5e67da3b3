#pragma once

#include "core/compute/reslice.h"

#include <QPointF>

namespace loupe {

/// Statistics of the voxels whose centres lie inside an ellipse drawn on a slice.
struct RoiStats {
    std::int64_t count = 0;
    double areaMm2 = 0; ///< count × pixel area
    double mean = 0;
    double stdDev = 0; ///< population standard deviation
    double minimum = 0;
    double maximum = 0;
};

/// Distance in millimetres between two points of a slice plane (plane pixel coordinates).
double planeDistanceMm(const SlicePlane &plane, QPointF a, QPointF b);

/// The ellipse inscribed in the rectangle with corners `a` and `b` (plane pixel coordinates)
/// on a plane: count, area, mean, standard deviation, minimum and maximum of the values at its
/// pixel centres (the voxels themselves on axis-aligned planes, interpolated on oblique ones;
/// pixels outside the volume do not count).
RoiStats ellipseStats(const Volume &volume, const SlicePlane &plane, QPointF a, QPointF b);

} // namespace loupe
