#pragma once

#include "dicomheader.h"

#include "core/result.h"

#include <cstdint>
#include <vector>

class DcmDataset;

namespace loupe::dicom {

/// The stored values of one frame of an image, as uncompressed pixel data holds them: one 8-
/// or 16-bit word per pixel (BitsAllocated), before masking, sign extension and rescale.
struct StoredPixels {
    const void *data = nullptr; ///< into the dataset or into `owned`
    std::size_t count = 0;      ///< words available
    std::vector<std::uint8_t> owned;
};

/// Decodes the pixel data of a loaded dataset, whatever its transfer syntax: uncompressed
/// (implicit, explicit little or big endian, deflated: DCMTK reads them natively), RLE, JPEG
/// (baseline, extended, lossless) and JPEG-LS through DCMTK's codecs, and JPEG 2000 through
/// OpenJPEG. Errors name the file and, for an unknown syntax, the syntax.
Result<StoredPixels> decodeStoredPixels(DcmDataset &dataset, const SliceHeader &header, int frame);

} // namespace loupe::dicom
