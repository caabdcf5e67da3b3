#pragma once

#include "core/plugins/interfaces.h"
#include "core/result.h"

#include <vector>

namespace loupe::dicom {

/// Every attribute of a DICOM file for the tag browser: file meta information, then the
/// dataset, in file order, sequences opened item by item. Large values (pixel data, long
/// binary) are named by size and never loaded.
Result<std::vector<MetadataEntry>> listAttributes(const QString &path);

} // namespace loupe::dicom
