#pragma once

#include "core/dataset.h"
#include "core/result.h"

#include <QStringList>

namespace loupe {
class Progress;
}

namespace loupe::dicom {

/// Reads DICOM image series from a file, a folder (recursively) or a DICOMDIR.
class DicomReader {
public:
    /// 0..100; see DatasetReader::canRead.
    int canRead(const QString &path) const;
    Result<Dataset> read(const QString &path, Progress &progress) const;

    /// The files a read of `path` would look at: every file under a folder, the files a
    /// DICOMDIR lists, or the siblings of a single file (to find the rest of its series).
    static QStringList candidateFiles(const QString &path, QString *seriesOfFile = nullptr);
};

} // namespace loupe::dicom
