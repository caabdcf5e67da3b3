#pragma once

#include "core/result.h"

#include <QString>

#include <array>
#include <cstdint>

namespace loupe::demo {

/// A colour slice series (Secondary Capture, 8 bits per sample) with full image-plane geometry,
/// for colour decoding tests and the demo: a red–green gradient across each slice, blue rising
/// from slice to slice, and a yellow ball in the middle.
///
/// The same picture in every storage Loupe must read: RGB by pixel or by plane, YBR_FULL,
/// YBR_FULL_422 (two pixels share chroma), or its luminance as 8-bit MONOCHROME2 (the input
/// that JPEG baseline needs).
struct ColourSeriesSpec {
    enum class Storage { Rgb, RgbPlanar, YbrFull, YbrFull422, Grey8 };
    std::array<int, 3> dims{64, 48, 10}; ///< columns (even for YBR_FULL_422), rows, slices
    double pixelSpacing = 0.8;
    double sliceSpacing = 2.0;
    Storage storage = Storage::Rgb;
};

/// The colour of voxel (i, j, k): the truth every storage encodes.
std::array<std::uint8_t, 3> colourAt(const ColourSeriesSpec &spec, int i, int j, int k);
/// Full-range YCbCr of a colour (DICOM PS3.3 C.7.6.3.1.2), rounded.
std::array<std::uint8_t, 3> rgbToYbr(const std::array<std::uint8_t, 3> &rgb);

/// Writes the series into `dir` (created if needed), one file per slice, names shuffled.
Result<void> writeColourSeries(const QString &dir, const ColourSeriesSpec &spec);

} // namespace loupe::demo
