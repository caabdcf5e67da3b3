#pragma once

#include "core/compute/reslice.h"

#include <QImage>

#include <cstdint>
#include <vector>

namespace loupe {

class ComputeBackend;
class Volume;

/// Window and level in the volume's output units (HU for CT).
struct Window {
    double center = 0;
    double width = 1;
};

/// The window a volume suggests: its first preset, else its full value range.
Window defaultWindow(const Volume &volume);

/// The window presets a radiologist expects on keys: CT brain, lung, bone and abdomen (in HU),
/// and Auto, which fits the volume's own values (the 1st to the 99th percentile; for MR).
enum class StandardWindow { CtBrain, CtLung, CtBone, CtAbdomen, Auto };
Window presetWindow(StandardWindow preset, const Volume &volume);

/// Windows 16-bit plane values (width × height, row by row) into `image` (RGBA, reused when
/// its size fits) through the compute backend (CUDA kernel or its CPU twin), with a grey ramp
/// that `invertGrey` (MONOCHROME1) reverses.
void windowInto(const std::vector<std::int16_t> &values, int width, int height, Window window,
                bool invertGrey, const ComputeBackend &compute, QImage &image);

/// A plane of a colour (Rgb8) volume as it is: an RGBA image, no window, the nearest voxel's
/// colour (black outside the volume). `image` is reused when its size fits.
void colourPlaneInto(const Volume &volume, const SlicePlane &plane, QImage &image);

/// Axial slice k of `volume` as an RGBA image: windowed grey (extractSlice16, then windowInto),
/// or its own colours for a colour volume.
QImage renderAxialSlice(const Volume &volume, int k, Window window, const ComputeBackend &compute);

} // namespace loupe
