#pragma once

#include "core/geometry.h"
#include "core/result.h"

#include <QString>

#include <vector>

class DcmDataset;
class DcmFileFormat;

namespace loupe::dicom {

/// What the reader needs of one image file, read without its pixel data.
struct SliceHeader {
    QString path;
    QString transferSyntaxUid;
    bool encapsulated = false; ///< compressed pixel data (JPEG, RLE, ...)
    QString sopInstanceUid;
    QString seriesInstanceUid;
    QString studyInstanceUid;
    QString frameOfReferenceUid;
    QString modality;
    QString patientName;
    QString patientId;
    QString seriesDescription;
    QString doseUnits; ///< RT dose: "GY" or "RELATIVE"
    int instanceNumber = 0;
    int acquisitionNumber = 0;
    int rows = 0;
    int columns = 0;
    int samplesPerPixel = 1;
    int bitsAllocated = 16;
    int bitsStored = 16;
    int pixelRepresentation = 0; ///< 1 = signed
    QString photometric;
    int planarConfiguration = 0; ///< colour: 0 by pixel, 1 by plane
    int numberOfFrames = 1;
    int frame = 0; ///< which frame of the file this header describes (0 for single-frame)
    bool hasPosition = false;
    Vec3 position{0, 0, 0};        ///< ImagePositionPatient, LPS mm
    Vec3 rowDirection{1, 0, 0};    ///< first triplet of ImageOrientationPatient
    Vec3 columnDirection{0, 1, 0}; ///< second triplet
    double pixelSpacingRow = 1;    ///< between rows (mm), PixelSpacing[0]
    double pixelSpacingColumn = 1; ///< between columns (mm), PixelSpacing[1]
    double sliceThickness = 0;
    double rescaleSlope = 1;
    double rescaleIntercept = 0;
    double windowCenter = 0;
    double windowWidth = 0; ///< 0 when the file has none

    Vec3 normal() const { return normalized(cross(rowDirection, columnDirection)); }
};

/// Keeps DCMTK's own logging quiet (once per process): Loupe reports problems itself.
void quietDcmtkLogs();

/// True when the file starts with a DICOM preamble ("DICM" at byte 128).
bool hasDicomPreamble(const QString &path);

/// Reads a file's header up to the pixel data (frame 0's view of it for multi-frame files).
/// When `keep` is given the parsed file stays in it. Errors name the file.
Result<SliceHeader> readSliceHeader(const QString &path, DcmFileFormat *keep = nullptr);

/// The header of an already parsed dataset; `path` only names it in messages.
SliceHeader headerOf(DcmDataset &dataset, const QString &path);
/// One header per frame of an already parsed dataset (see readFrameHeaders).
std::vector<SliceHeader> frameHeadersOf(DcmDataset &dataset, const QString &path);

/// One header per frame: a single-frame file gives one; a multi-frame file gives each frame
/// its own position, orientation, spacing and rescale (enhanced functional groups, RT dose
/// grid offsets and dose scaling, or a plain stack along the slice normal).
Result<std::vector<SliceHeader>> readFrameHeaders(const QString &path);

} // namespace loupe::dicom
