#pragma once

#include "core/result.h"

#include <cstddef>
#include <cstdint>
#include <vector>

namespace loupe::dicom {

/// What the decoded frame must look like, from the DICOM header.
struct FrameShape {
    int rows = 0;
    int columns = 0;
    int bitsAllocated = 16; ///< 8 or 16: the layout of the output buffer
    int samples = 1;        ///< 1 (grey) or 3 (colour)
};

/// Decoders for compressed frames that Loupe runs itself rather than through DCMTK: DCMTK has
/// no JPEG 2000 decoder, and its JPEG-LS decoder's CharLS symbols clash with the system CharLS
/// that other libraries (GDCM, through OpenCV) load into the same process.

/// Decodes one JPEG 2000 frame (a raw J2K codestream or a JP2 file) with OpenJPEG, which
/// DCMTK lacks. Writes the samples as uncompressed pixel data would hold them: one 8- or
/// 16-bit word per sample, signed values in two's complement, colour by pixel (R G B R G B…)
/// for three components. An RCT/ICT colour transform in the codestream is undone by the
/// decoder, so colour comes out as RGB. `what` names the file in errors.
Result<std::vector<std::uint8_t>> decodeJpeg2000(const std::uint8_t *data, std::size_t size,
                                                 const FrameShape &shape, const QString &what);

/// Decodes one JPEG-LS frame (lossless or near-lossless) with CharLS, into the same layout
/// (colour by pixel whatever the stream's interleave mode).
Result<std::vector<std::uint8_t>> decodeJpegLs(const std::uint8_t *data, std::size_t size,
                                               const FrameShape &shape, const QString &what);

} // namespace loupe::dicom
