#include "app/demo/dicomwriting.h"

#include <QFile>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

namespace loupe::demo {

QString newUid(const char *root)
{
    char buffer[100];
    dcmGenerateUniqueIdentifier(buffer, root);
    return QString::fromLatin1(buffer);
}

void putPatientAndStudy(DcmItem *ds, const SeriesIds &ids, const QString &modality,
                        const QString &description)
{
    auto put = [ds](const DcmTagKey &tag, const QString &value) {
        ds->putAndInsertString(tag, value.toLatin1().constData());
    };
    put(DCM_SpecificCharacterSet, QStringLiteral("ISO_IR 100"));
    put(DCM_StudyDate, QStringLiteral("20260101"));
    put(DCM_StudyTime, QStringLiteral("120000"));
    put(DCM_ContentDate, QStringLiteral("20260101"));
    put(DCM_ContentTime, QStringLiteral("120000"));
    put(DCM_AccessionNumber, QStringLiteral("LOUPE0001"));
    put(DCM_Modality, modality);
    put(DCM_Manufacturer, QStringLiteral("Loupe"));
    put(DCM_ReferringPhysicianName, QString());
    put(DCM_StudyDescription, QStringLiteral("Loupe demo"));
    put(DCM_SeriesDescription, description);
    put(DCM_PatientName, QStringLiteral("Loupe^Phantom"));
    put(DCM_PatientID, QStringLiteral("LOUPE-DEMO-001"));
    put(DCM_PatientBirthDate, QStringLiteral("19700101"));
    put(DCM_PatientSex, QStringLiteral("O"));
    put(DCM_StudyInstanceUID, ids.study);
    put(DCM_SeriesInstanceUID, ids.series);
    put(DCM_StudyID, QStringLiteral("1"));
    put(DCM_SeriesNumber, QStringLiteral("1"));
    put(DCM_InstanceNumber, QStringLiteral("1"));
    put(DCM_FrameOfReferenceUID, ids.frame);
    put(DCM_PositionReferenceIndicator, QString());
}

QString triplet(const Vec3 &v)
{
    return QStringLiteral("%1\\%2\\%3")
        .arg(v[0], 0, 'f', 4)
        .arg(v[1], 0, 'f', 4)
        .arg(v[2], 0, 'f', 4);
}

Result<void> save(DcmFileFormat &file, const QString &path)
{
    const OFCondition saved =
        file.saveFile(QFile::encodeName(path).constData(), EXS_LittleEndianExplicit);
    if (saved.bad())
        return Error{QStringLiteral("Cannot write \"%1\": %2. Check free space and permissions.")
                         .arg(path, QString::fromLatin1(saved.text()))};
    return {};
}

SeriesIds newSeriesIds()
{
    return {newUid(SITE_STUDY_UID_ROOT), newUid(SITE_SERIES_UID_ROOT),
            newUid(SITE_INSTANCE_UID_ROOT)};
}

} // namespace loupe::demo
