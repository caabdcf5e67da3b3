#pragma once

// What every object the demo generator writes has in common: UIDs, the patient and study
// modules, and saving. Internal to loupe_demo.

#include "core/geometry.h"
#include "core/result.h"

#include <QString>

class DcmFileFormat;
class DcmItem;

namespace loupe::demo {

struct SeriesIds {
    QString study, series, frame;
};

/// A new UID under one of DCMTK's site roots (SITE_STUDY_UID_ROOT and so on).
QString newUid(const char *root);
/// New study, series and frame-of-reference UIDs.
SeriesIds newSeriesIds();

/// Patient and study attributes shared by every object the generator writes.
void putPatientAndStudy(DcmItem *ds, const SeriesIds &ids, const QString &modality,
                        const QString &description);

/// "x\y\z" with four decimals, as ImagePositionPatient holds it.
QString triplet(const Vec3 &v);

/// Saves as explicit little endian; the error names the file and says what to check.
Result<void> save(DcmFileFormat &file, const QString &path);

} // namespace loupe::demo
