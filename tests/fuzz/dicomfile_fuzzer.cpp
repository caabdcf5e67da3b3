// libFuzzer target: one DICOM file's bytes through the reader's parsing and decoding.
// Built by the "fuzz" preset (clang, AddressSanitizer, UBSan); run with scripts/fuzz.

#include "plugins/dicom/dicomfuzz.h"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    loupe::dicom::decodeAnyFile(data, size);
    return 0;
}
