#pragma once

#include "core/geometry.h"
#include "core/result.h"

#include <QString>

#include <array>
#include <functional>

namespace loupe::demo {

/// A CT phantom written as a real DICOM series: one CT Image Storage file per slice,
/// stored value = HU + 1024 with RescaleIntercept -1024.
///
/// Geometry: axial, head first supine; the grid is centred on the patient origin. Files are
/// named in an order unrelated to position, and InstanceNumber runs from head to feet, so
/// readers must sort by position along the slice normal.
struct CtPhantomSpec {
    std::array<int, 3> dims{256, 256, 200}; ///< columns, rows, slices
    double pixelSpacing = 1.2;              ///< mm, both in-plane directions
    double sliceSpacing = 1.5;              ///< mm between slice positions
    /// Storage: 16-bit signed (the default), or 12 bits stored unsigned in 16 allocated, as
    /// many scanners write CT (values clamped to 0..4095, i.e. -1024..3071 HU).
    bool unsigned12 = false;
};

/// Hounsfield units of the phantom at a patient (LPS, mm) position.
double phantomHu(const Vec3 &lps);

/// Patient position of voxel (i, j, k) in the series a spec describes.
Vec3 phantomVoxelToPatient(const CtPhantomSpec &spec, int i, int j, int k);

/// Writes the phantom as one Enhanced CT Image Storage multi-frame file: orientation, pixel
/// measures and rescale in the shared functional groups, each frame's position in its own
/// per-frame group. Frames are stored in a shuffled order, so readers must use positions.
Result<void> writeEnhancedCtPhantom(const QString &file, const CtPhantomSpec &spec);

/// A multi-frame RT Dose grid over the phantom's volume: 16-bit unsigned, dose in Gy =
/// stored * DoseGridScaling, frames placed by GridFrameOffsetVector (relative, from 0).
/// The dose is 2 Gy inside a 60 mm sphere at the centre, falling off outside.
Result<void> writeDoseGrid(const QString &file, const CtPhantomSpec &spec);
/// The dose in Gy the grid holds at a patient position, before quantisation.
double phantomDose(const Vec3 &lps);
/// DoseGridScaling used by writeDoseGrid.
constexpr double kDoseGridScaling = 0.0001;

/// Writes the series into `dir` (created if needed). `progress(done, total)` is optional.
Result<void> writeCtPhantom(const QString &dir, const CtPhantomSpec &spec,
                            const std::function<void(int, int)> &progress = {});

} // namespace loupe::demo
