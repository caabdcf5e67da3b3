#pragma once

#include <QImage>

#include <cstdint>

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

/// Renders axial slice k of `volume` to an RGBA image through the compute backend (CUDA
/// kernel or its CPU twin), with a grey ramp that MONOCHROME1 volumes invert. Volumes that
/// are not int16 are rounded and clamped to 16 bits for display.
QImage renderAxialSlice(const Volume &volume, int k, Window window, const ComputeBackend &compute);

} // namespace loupe
