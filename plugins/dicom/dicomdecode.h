#pragma once

#include "dicomheader.h"

#include "core/result.h"

#include <cstdint>
#include <vector>

class DcmDataset;

namespace loupe::dicom {

/// The stored values of one frame of an image, as uncompressed pixel data holds them: one 8-
/// or 16-bit word per sample (BitsAllocated), before masking, sign extension and rescale.
struct StoredPixels {
    const void *data = nullptr; ///< into the dataset or into `owned`
    std::size_t count = 0;      ///< words available
    std::vector<std::uint8_t> owned;
    /// What the decoded words are, which for colour may differ from the header's: DCMTK's JPEG
    /// decoder turns YBR_FULL_422 into RGB, RLE comes out plane by plane, and JPEG 2000 and
    /// JPEG-LS come out as RGB, pixel by pixel.
    QString photometric;
    int planarConfiguration = 0; ///< 0: R G B R G B…; 1: all R, then all G, then all B
};

/// Words one frame of uncompressed pixel data holds: rows × columns × samples, except for
/// YBR_FULL_422 and YBR_PARTIAL_422, where two pixels share one pair of chroma samples.
std::size_t wordsPerFrame(int rows, int columns, int samples, const QString &photometric);

/// Decodes the pixel data of a loaded dataset, whatever its transfer syntax: uncompressed
/// (implicit, explicit little or big endian, deflated: DCMTK reads them natively), RLE, JPEG
/// (baseline, extended, lossless) and JPEG-LS through DCMTK's codecs, and JPEG 2000 through
/// OpenJPEG. Errors name the file and, for an unknown syntax, the syntax.
Result<StoredPixels> decodeStoredPixels(DcmDataset &dataset, const SliceHeader &header, int frame);

} // namespace loupe::dicom
