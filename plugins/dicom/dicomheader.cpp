#include "dicomheader.h"

#include <QFile>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/oflog/oflog.h>

namespace loupe::dicom {

namespace {

QString stringOf(DcmItem &item, const DcmTagKey &tag)
{
    OFString value;
    if (item.findAndGetOFStringArray(tag, value).good())
        return QString::fromLatin1(value.c_str()).trimmed();
    return {};
}

double doubleOf(DcmItem &item, const DcmTagKey &tag, double fallback, unsigned long pos = 0)
{
    Float64 value = 0;
    return item.findAndGetFloat64(tag, value, pos).good() ? value : fallback;
}

int intOf(DcmItem &item, const DcmTagKey &tag, int fallback)
{
    // Works for US (Rows), IS (InstanceNumber) and friends alike.
    Sint32 s = 0;
    if (item.findAndGetSint32(tag, s).good())
        return s;
    Uint16 u = 0;
    if (item.findAndGetUint16(tag, u).good())
        return u;
    const QString text = stringOf(item, tag);
    bool ok = false;
    const int v = text.toInt(&ok);
    return ok ? v : fallback;
}

} // namespace

bool hasDicomPreamble(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(128))
        return false;
    return file.read(4) == "DICM";
}

Result<SliceHeader> readSliceHeader(const QString &path)
{
    // DCMTK warns on every header read that stops at the pixel data; Loupe reports problems
    // itself, so keep only DCMTK's errors.
    static const bool quiet = (OFLog::configure(OFLogger::ERROR_LOG_LEVEL), true);
    Q_UNUSED(quiet);
    DcmFileFormat format;
    const OFCondition status =
        format.loadFileUntilTag(OFFilename(QFile::encodeName(path).constData()), EXS_Unknown,
                                EGL_noChange, DCM_MaxReadLength, ERM_autoDetect, DCM_PixelData);
    if (status.bad())
        return Error{QStringLiteral("\"%1\" is not a readable DICOM file (%2)")
                         .arg(path, QString::fromLatin1(status.text()))};

    DcmDataset &ds = *format.getDataset();
    SliceHeader h;
    h.path = path;
    const DcmXfer xfer(ds.getOriginalXfer());
    h.transferSyntaxUid = QString::fromLatin1(xfer.getXferID());
    h.encapsulated = xfer.isEncapsulated();
    h.sopInstanceUid = stringOf(ds, DCM_SOPInstanceUID);
    h.seriesInstanceUid = stringOf(ds, DCM_SeriesInstanceUID);
    h.studyInstanceUid = stringOf(ds, DCM_StudyInstanceUID);
    h.frameOfReferenceUid = stringOf(ds, DCM_FrameOfReferenceUID);
    h.modality = stringOf(ds, DCM_Modality);
    h.patientName = stringOf(ds, DCM_PatientName);
    h.patientId = stringOf(ds, DCM_PatientID);
    h.seriesDescription = stringOf(ds, DCM_SeriesDescription);
    h.instanceNumber = intOf(ds, DCM_InstanceNumber, 0);
    h.acquisitionNumber = intOf(ds, DCM_AcquisitionNumber, 0);
    h.rows = intOf(ds, DCM_Rows, 0);
    h.columns = intOf(ds, DCM_Columns, 0);
    h.samplesPerPixel = intOf(ds, DCM_SamplesPerPixel, 1);
    h.bitsAllocated = intOf(ds, DCM_BitsAllocated, 16);
    h.bitsStored = intOf(ds, DCM_BitsStored, h.bitsAllocated);
    h.pixelRepresentation = intOf(ds, DCM_PixelRepresentation, 0);
    h.photometric = stringOf(ds, DCM_PhotometricInterpretation);
    h.numberOfFrames = intOf(ds, DCM_NumberOfFrames, 1);

    Float64 v = 0;
    if (ds.findAndGetFloat64(DCM_ImagePositionPatient, v, 2).good()) {
        h.hasPosition = true;
        for (unsigned long i = 0; i < 3; ++i)
            h.position[i] = doubleOf(ds, DCM_ImagePositionPatient, 0, i);
    }
    if (ds.findAndGetFloat64(DCM_ImageOrientationPatient, v, 5).good()) {
        for (unsigned long i = 0; i < 3; ++i) {
            h.rowDirection[i] = doubleOf(ds, DCM_ImageOrientationPatient, 0, i);
            h.columnDirection[i] = doubleOf(ds, DCM_ImageOrientationPatient, 0, i + 3);
        }
        h.rowDirection = normalized(h.rowDirection);
        h.columnDirection = normalized(h.columnDirection);
    }
    h.pixelSpacingRow = doubleOf(ds, DCM_PixelSpacing, 1, 0);
    h.pixelSpacingColumn = doubleOf(ds, DCM_PixelSpacing, h.pixelSpacingRow, 1);
    h.sliceThickness = doubleOf(ds, DCM_SliceThickness, 0);
    h.rescaleSlope = doubleOf(ds, DCM_RescaleSlope, 1);
    if (h.rescaleSlope == 0)
        h.rescaleSlope = 1;
    h.rescaleIntercept = doubleOf(ds, DCM_RescaleIntercept, 0);
    h.windowCenter = doubleOf(ds, DCM_WindowCenter, 0);
    h.windowWidth = doubleOf(ds, DCM_WindowWidth, 0);
    return h;
}

} // namespace loupe::dicom
