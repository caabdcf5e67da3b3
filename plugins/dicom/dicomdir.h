#pragma once

#include "core/result.h"

#include <QStringList>

namespace loupe::dicom {

/// The image files a DICOMDIR lists (every ReferencedFileID under its patient, study and
/// series records), as paths beside the DICOMDIR. File IDs are matched case-insensitively,
/// since media often store them in another case than the directory says. Errors name the
/// DICOMDIR.
Result<QStringList> filesOfDicomDir(const QString &dicomDirPath);

} // namespace loupe::dicom
