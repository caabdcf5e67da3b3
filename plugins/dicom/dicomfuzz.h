#pragma once

#include <cstddef>
#include <cstdint>

namespace loupe::dicom {

/// Parses one file's bytes the way the reader does (header, frames, functional groups) and
/// decodes every frame into a scratch volume. The entry point of the libFuzzer target and of
/// the mutated-corpus test: it must return for any input, never crash or hang. Returns the
/// number of frames decoded. Sizes are capped (4096 × 4096 pixels, 256 frames) so that a
/// hostile header cannot ask for gigabytes.
int decodeAnyFile(const std::uint8_t *data, std::size_t size);

} // namespace loupe::dicom
