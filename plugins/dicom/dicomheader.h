#pragma once

#include "core/geometry.h"
#include "core/result.h"

#include <QString>

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
    int instanceNumber = 0;
    int acquisitionNumber = 0;
    int rows = 0;
    int columns = 0;
    int samplesPerPixel = 1;
    int bitsAllocated = 16;
    int bitsStored = 16;
    int pixelRepresentation = 0; ///< 1 = signed
    QString photometric;
    int numberOfFrames = 1;
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

/// True when the file starts with a DICOM preamble ("DICM" at byte 128).
bool hasDicomPreamble(const QString &path);

/// Reads a file's header up to the pixel data. Errors name the file.
Result<SliceHeader> readSliceHeader(const QString &path);

} // namespace loupe::dicom
