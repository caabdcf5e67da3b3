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

/// ImagePositionPatient and ImageOrientationPatient, where `item` has them.
void readPlane(DcmItem &item, SliceHeader &h)
{
    Float64 v = 0;
    if (item.findAndGetFloat64(DCM_ImagePositionPatient, v, 2).good()) {
        h.hasPosition = true;
        for (unsigned long i = 0; i < 3; ++i)
            h.position[i] = doubleOf(item, DCM_ImagePositionPatient, 0, i);
    }
    if (item.findAndGetFloat64(DCM_ImageOrientationPatient, v, 5).good()) {
        for (unsigned long i = 0; i < 3; ++i) {
            h.rowDirection[i] = doubleOf(item, DCM_ImageOrientationPatient, 0, i);
            h.columnDirection[i] = doubleOf(item, DCM_ImageOrientationPatient, 0, i + 3);
        }
        h.rowDirection = normalized(h.rowDirection);
        h.columnDirection = normalized(h.columnDirection);
    }
}

void readPixelMeasures(DcmItem &item, SliceHeader &h)
{
    Float64 v = 0;
    if (item.findAndGetFloat64(DCM_PixelSpacing, v, 0).good()) {
        h.pixelSpacingRow = doubleOf(item, DCM_PixelSpacing, 1, 0);
        h.pixelSpacingColumn = doubleOf(item, DCM_PixelSpacing, h.pixelSpacingRow, 1);
    }
    h.sliceThickness = doubleOf(item, DCM_SliceThickness, h.sliceThickness);
}

void readValueTransform(DcmItem &item, SliceHeader &h)
{
    h.rescaleSlope = doubleOf(item, DCM_RescaleSlope, h.rescaleSlope);
    if (h.rescaleSlope == 0)
        h.rescaleSlope = 1;
    h.rescaleIntercept = doubleOf(item, DCM_RescaleIntercept, h.rescaleIntercept);
    h.windowCenter = doubleOf(item, DCM_WindowCenter, h.windowCenter);
    h.windowWidth = doubleOf(item, DCM_WindowWidth, h.windowWidth);
}

/// The first item of sequence `tag` in the frame's own functional groups, else in the shared
/// ones: how enhanced multi-frame objects say what applies to a frame.
DcmItem *functionalGroup(DcmItem *perFrame, DcmItem *shared, const DcmTagKey &tag)
{
    DcmItem *item = nullptr;
    if (perFrame && perFrame->findAndGetSequenceItem(tag, item, 0).good() && item)
        return item;
    if (shared && shared->findAndGetSequenceItem(tag, item, 0).good() && item)
        return item;
    return nullptr;
}

/// One header per frame of a multi-frame object: enhanced CT/MR/PET (functional groups),
/// RT dose (GridFrameOffsetVector, DoseGridScaling), or a plain stack along the normal.
std::vector<SliceHeader> expandFrames(DcmDataset &ds, const SliceHeader &base)
{
    std::vector<SliceHeader> frames;
    DcmItem *shared = nullptr;
    ds.findAndGetSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0);
    DcmItem *firstPerFrame = nullptr;
    const bool enhanced =
        ds.findAndGetSequenceItem(DCM_PerFrameFunctionalGroupsSequence, firstPerFrame, 0).good();

    std::vector<double> offsets;
    const bool dose = !enhanced && base.modality == QLatin1String("RTDOSE");
    if (!enhanced) {
        DcmElement *grid = nullptr;
        if (ds.findAndGetElement(DCM_GridFrameOffsetVector, grid).good() && grid) {
            for (unsigned long i = 0; i < grid->getVM(); ++i) {
                Float64 v = 0;
                grid->getFloat64(v, i);
                offsets.push_back(v);
            }
        }
    }
    // GridFrameOffsetVector is relative to the first frame when it starts at 0, else it holds
    // absolute positions along the normal.
    const double originAlong = dot(base.position, base.normal());
    const bool relative = offsets.empty() || offsets.front() == 0.0;
    const double doseScaling = doubleOf(ds, DCM_DoseGridScaling, 1.0);
    double stackStep = base.sliceThickness > 0 ? base.sliceThickness : 1.0;
    stackStep = doubleOf(ds, DCM_SpacingBetweenSlices, stackStep);

    for (int f = 0; f < base.numberOfFrames; ++f) {
        SliceHeader h = base;
        h.frame = f;
        if (enhanced) {
            DcmItem *perFrame = nullptr;
            ds.findAndGetSequenceItem(DCM_PerFrameFunctionalGroupsSequence, perFrame, f);
            if (DcmItem *position = functionalGroup(perFrame, shared, DCM_PlanePositionSequence))
                readPlane(*position, h);
            if (DcmItem *orientation =
                    functionalGroup(perFrame, shared, DCM_PlaneOrientationSequence))
                readPlane(*orientation, h);
            if (DcmItem *measures = functionalGroup(perFrame, shared, DCM_PixelMeasuresSequence))
                readPixelMeasures(*measures, h);
            if (DcmItem *transform =
                    functionalGroup(perFrame, shared, DCM_PixelValueTransformationSequence))
                readValueTransform(*transform, h);
            if (DcmItem *voi = functionalGroup(perFrame, shared, DCM_FrameVOILUTSequence))
                readValueTransform(*voi, h);
        } else {
            double along = f * stackStep;
            if (static_cast<std::size_t>(f) < offsets.size())
                along = relative ? offsets[static_cast<std::size_t>(f)]
                                 : offsets[static_cast<std::size_t>(f)] - originAlong;
            h.position = base.position + along * base.normal();
            if (dose)
                h.rescaleSlope = doseScaling;
        }
        frames.push_back(std::move(h));
    }
    return frames;
}

} // namespace

void quietDcmtkLogs()
{
    // DCMTK warns on every header read that stops at the pixel data, and logs every problem
    // it meets; Loupe reports problems itself, with the file's name.
    static const bool quiet = (OFLog::configure(OFLogger::FATAL_LOG_LEVEL), true);
    Q_UNUSED(quiet);
}

bool hasDicomPreamble(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly) || !file.seek(128))
        return false;
    return file.read(4) == "DICM";
}

std::vector<SliceHeader> frameHeadersOf(DcmDataset &ds, const QString &path)
{
    SliceHeader base = headerOf(ds, path);
    if (base.numberOfFrames <= 1)
        return {std::move(base)};
    return expandFrames(ds, base);
}

Result<std::vector<SliceHeader>> readFrameHeaders(const QString &path)
{
    DcmFileFormat format;
    Result<SliceHeader> base = readSliceHeader(path, &format);
    if (!base.ok())
        return base.error();
    if (base->numberOfFrames <= 1)
        return std::vector<SliceHeader>{std::move(base).value()};
    return expandFrames(*format.getDataset(), base.value());
}

Result<SliceHeader> readSliceHeader(const QString &path, DcmFileFormat *keep)
{
    quietDcmtkLogs();
    DcmFileFormat local;
    DcmFileFormat &format = keep ? *keep : local;
    const OFCondition status =
        format.loadFileUntilTag(OFFilename(QFile::encodeName(path).constData()), EXS_Unknown,
                                EGL_noChange, DCM_MaxReadLength, ERM_autoDetect, DCM_PixelData);
    if (status.bad())
        return Error{QStringLiteral("\"%1\" is not a readable DICOM file (%2)")
                         .arg(path, QString::fromLatin1(status.text()))};
    return headerOf(*format.getDataset(), path);
}

SliceHeader headerOf(DcmDataset &ds, const QString &path)
{
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
    h.doseUnits = stringOf(ds, DCM_DoseUnits);
    h.instanceNumber = intOf(ds, DCM_InstanceNumber, 0);
    h.acquisitionNumber = intOf(ds, DCM_AcquisitionNumber, 0);
    h.rows = intOf(ds, DCM_Rows, 0);
    h.columns = intOf(ds, DCM_Columns, 0);
    h.samplesPerPixel = intOf(ds, DCM_SamplesPerPixel, 1);
    h.bitsAllocated = intOf(ds, DCM_BitsAllocated, 16);
    h.bitsStored = intOf(ds, DCM_BitsStored, h.bitsAllocated);
    // BitsStored outside 1..BitsAllocated is a broken header; all allocated bits count then.
    if (h.bitsStored < 1 || h.bitsStored > h.bitsAllocated)
        h.bitsStored = h.bitsAllocated;
    h.pixelRepresentation = intOf(ds, DCM_PixelRepresentation, 0);
    h.photometric = stringOf(ds, DCM_PhotometricInterpretation);
    h.planarConfiguration = intOf(ds, DCM_PlanarConfiguration, 0);
    h.numberOfFrames = intOf(ds, DCM_NumberOfFrames, 1);

    readPlane(ds, h);
    readPixelMeasures(ds, h);
    readValueTransform(ds, h);
    return h;
}

} // namespace loupe::dicom
