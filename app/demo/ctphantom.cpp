#include "app/demo/ctphantom.h"

#include "app/demo/dicomwriting.h"

#include <QDir>
#include <QFile>
#include <QtConcurrent/QtConcurrentMap>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <numeric>
#include <random>
#include <vector>

namespace loupe::demo {

namespace {

// Inside an axis-aligned ellipsoid with centre c and semi-axes r (mm).
bool inEllipsoid(const Vec3 &p, const Vec3 &c, const Vec3 &r)
{
    const double x = (p[0] - c[0]) / r[0], y = (p[1] - c[1]) / r[1], z = (p[2] - c[2]) / r[2];
    return x * x + y * y + z * z <= 1.0;
}

// Inside an elliptic cylinder along z, between z0 and z1.
bool inCylinder(const Vec3 &p, double cx, double cy, double rx, double ry, double z0, double z1)
{
    const double x = (p[0] - cx) / rx, y = (p[1] - cy) / ry;
    return p[2] >= z0 && p[2] <= z1 && x * x + y * y <= 1.0;
}

/// Stored values (HU + 1024, clamped to 12 bits when the spec says so) of slice k, row by row.
void storedSlice(const CtPhantomSpec &spec, int k, Sint16 *out)
{
    for (int j = 0; j < spec.dims[1]; ++j)
        for (int i = 0; i < spec.dims[0]; ++i) {
            long stored = std::lround(phantomHu(phantomVoxelToPatient(spec, i, j, k))) + 1024;
            if (spec.unsigned12)
                stored = std::clamp(stored, 0L, 4095L);
            out[static_cast<std::size_t>(j) * spec.dims[0] + i] = static_cast<Sint16>(stored);
        }
}

/// The Image Pixel module for greyscale 16-bit words.
void putGreyPixelModule(DcmItem *ds, int rows, int cols, int bitsStored, bool isSigned)
{
    ds->putAndInsertUint16(DCM_SamplesPerPixel, 1);
    ds->putAndInsertString(DCM_PhotometricInterpretation, "MONOCHROME2");
    ds->putAndInsertUint16(DCM_Rows, static_cast<Uint16>(rows));
    ds->putAndInsertUint16(DCM_Columns, static_cast<Uint16>(cols));
    ds->putAndInsertUint16(DCM_BitsAllocated, 16);
    ds->putAndInsertUint16(DCM_BitsStored, static_cast<Uint16>(bitsStored));
    ds->putAndInsertUint16(DCM_HighBit, static_cast<Uint16>(bitsStored - 1));
    ds->putAndInsertUint16(DCM_PixelRepresentation, isSigned ? 1 : 0);
}

Result<void> writeSlice(const QString &path, const CtPhantomSpec &spec, const SeriesIds &ids, int k)
{
    const int cols = spec.dims[0], rows = spec.dims[1], slices = spec.dims[2];
    std::vector<Sint16> pixels(static_cast<std::size_t>(cols) * rows);
    storedSlice(spec, k, pixels.data());
    const Vec3 position = phantomVoxelToPatient(spec, 0, 0, k);

    DcmFileFormat file;
    DcmDataset *ds = file.getDataset();
    auto put = [ds](const DcmTagKey &tag, const QString &value) {
        return ds->putAndInsertString(tag, value.toLatin1().constData());
    };
    putPatientAndStudy(ds, ids, QStringLiteral("CT"), QStringLiteral("Loupe CT phantom"));
    put(DCM_ImageType, QStringLiteral("ORIGINAL\\PRIMARY\\AXIAL"));
    put(DCM_SOPClassUID, QString::fromLatin1(UID_CTImageStorage));
    put(DCM_SOPInstanceUID, newUid(SITE_INSTANCE_UID_ROOT));
    put(DCM_SliceThickness, QString::number(spec.sliceSpacing, 'f', 3));
    put(DCM_KVP, QStringLiteral("120"));
    put(DCM_PatientPosition, QStringLiteral("HFS"));
    put(DCM_AcquisitionNumber, QStringLiteral("1"));
    // Instance numbers run head to feet, the reverse of position order.
    put(DCM_InstanceNumber, QString::number(slices - k));
    put(DCM_ImagePositionPatient, triplet(position));
    put(DCM_ImageOrientationPatient, QStringLiteral("1\\0\\0\\0\\1\\0"));
    put(DCM_SliceLocation, QString::number(position[2], 'f', 4));
    putGreyPixelModule(ds, rows, cols, spec.unsigned12 ? 12 : 16, !spec.unsigned12);
    put(DCM_PixelSpacing, QStringLiteral("%1\\%1").arg(spec.pixelSpacing, 0, 'f', 4));
    put(DCM_WindowCenter, QStringLiteral("40"));
    put(DCM_WindowWidth, QStringLiteral("400"));
    put(DCM_RescaleIntercept, QStringLiteral("-1024"));
    put(DCM_RescaleSlope, QStringLiteral("1"));
    put(DCM_RescaleType, QStringLiteral("HU"));
    ds->putAndInsertUint16Array(DCM_PixelData, reinterpret_cast<const Uint16 *>(pixels.data()),
                                static_cast<unsigned long>(pixels.size()));

    return save(file, path);
}

/// The start of a multi-frame object: patient, study, new series, SOP class and instance.
void startMultiFrame(DcmDataset *ds, const QString &modality, const QString &description,
                     const char *sopClass, int frames)
{
    putPatientAndStudy(ds, newSeriesIds(), modality, description);
    ds->putAndInsertString(DCM_SOPClassUID, sopClass);
    ds->putAndInsertString(DCM_SOPInstanceUID,
                           newUid(SITE_INSTANCE_UID_ROOT).toLatin1().constData());
    ds->putAndInsertString(DCM_NumberOfFrames, QByteArray::number(frames).constData());
}

} // namespace

Result<void> writeEnhancedCtPhantom(const QString &path, const CtPhantomSpec &spec)
{
    const int cols = spec.dims[0], rows = spec.dims[1], frames = spec.dims[2];
    DcmFileFormat file;
    DcmDataset *ds = file.getDataset();
    startMultiFrame(ds, QStringLiteral("CT"), QStringLiteral("Loupe enhanced CT phantom"),
                    UID_EnhancedCTImageStorage, frames);
    ds->putAndInsertString(DCM_ImageType, "ORIGINAL\\PRIMARY\\AXIAL\\NONE");
    putGreyPixelModule(ds, rows, cols, spec.unsigned12 ? 12 : 16, !spec.unsigned12);

    DcmItem *shared = nullptr, *group = nullptr;
    ds->findOrCreateSequenceItem(DCM_SharedFunctionalGroupsSequence, shared, 0);
    shared->findOrCreateSequenceItem(DCM_PixelMeasuresSequence, group, 0);
    group->putAndInsertString(
        DCM_PixelSpacing,
        QStringLiteral("%1\\%1").arg(spec.pixelSpacing, 0, 'f', 4).toLatin1().constData());
    group->putAndInsertString(DCM_SliceThickness,
                              QByteArray::number(spec.sliceSpacing, 'f', 3).constData());
    shared->findOrCreateSequenceItem(DCM_PlaneOrientationSequence, group, 0);
    group->putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
    shared->findOrCreateSequenceItem(DCM_PixelValueTransformationSequence, group, 0);
    group->putAndInsertString(DCM_RescaleIntercept, "-1024");
    group->putAndInsertString(DCM_RescaleSlope, "1");
    group->putAndInsertString(DCM_RescaleType, "HU");

    // Frame f shows slice order[f]: stored shuffled, placed by its own position.
    std::vector<int> order(static_cast<std::size_t>(frames));
    std::iota(order.begin(), order.end(), 0);
    std::shuffle(order.begin(), order.end(), std::mt19937(777));
    std::vector<Sint16> pixels(static_cast<std::size_t>(cols) * rows * frames);
    for (int f = 0; f < frames; ++f) {
        const int k = order[static_cast<std::size_t>(f)];
        DcmItem *perFrame = nullptr, *position = nullptr, *content = nullptr;
        ds->findOrCreateSequenceItem(DCM_PerFrameFunctionalGroupsSequence, perFrame, f);
        perFrame->findOrCreateSequenceItem(DCM_PlanePositionSequence, position, 0);
        position->putAndInsertString(
            DCM_ImagePositionPatient,
            triplet(phantomVoxelToPatient(spec, 0, 0, k)).toLatin1().constData());
        perFrame->findOrCreateSequenceItem(DCM_FrameContentSequence, content, 0);
        content->putAndInsertUint32(DCM_InStackPositionNumber, static_cast<Uint32>(k + 1));
        storedSlice(spec, k, pixels.data() + static_cast<std::size_t>(f) * cols * rows);
    }
    ds->putAndInsertUint16Array(DCM_PixelData, reinterpret_cast<const Uint16 *>(pixels.data()),
                                static_cast<unsigned long>(pixels.size()));
    return save(file, path);
}

double phantomDose(const Vec3 &p)
{
    const double r = norm(p);
    return r <= 60 ? 2.0 : 2.0 * std::exp(-(r - 60) / 25.0);
}

Result<void> writeDoseGrid(const QString &path, const CtPhantomSpec &spec)
{
    const int cols = spec.dims[0], rows = spec.dims[1], frames = spec.dims[2];
    DcmFileFormat file;
    DcmDataset *ds = file.getDataset();
    startMultiFrame(ds, QStringLiteral("RTDOSE"), QStringLiteral("Loupe dose grid"),
                    UID_RTDoseStorage, frames);
    ds->putAndInsertString(DCM_ImagePositionPatient,
                           triplet(phantomVoxelToPatient(spec, 0, 0, 0)).toLatin1().constData());
    ds->putAndInsertString(DCM_ImageOrientationPatient, "1\\0\\0\\0\\1\\0");
    ds->putAndInsertString(
        DCM_PixelSpacing,
        QStringLiteral("%1\\%1").arg(spec.pixelSpacing, 0, 'f', 4).toLatin1().constData());
    QStringList offsets;
    for (int k = 0; k < frames; ++k)
        offsets << QString::number(k * spec.sliceSpacing, 'f', 3);
    ds->putAndInsertString(DCM_GridFrameOffsetVector,
                           offsets.join(QLatin1Char('\\')).toLatin1().constData());
    ds->putAndInsertTagKey(DCM_FrameIncrementPointer, DCM_GridFrameOffsetVector);
    ds->putAndInsertString(DCM_DoseUnits, "GY");
    ds->putAndInsertString(DCM_DoseType, "PHYSICAL");
    ds->putAndInsertString(DCM_DoseSummationType, "PLAN");
    ds->putAndInsertString(DCM_DoseGridScaling,
                           QByteArray::number(kDoseGridScaling, 'g', 6).constData());
    putGreyPixelModule(ds, rows, cols, 16, false);
    std::vector<Uint16> pixels(static_cast<std::size_t>(cols) * rows * frames);
    for (int k = 0; k < frames; ++k)
        for (int j = 0; j < rows; ++j)
            for (int i = 0; i < cols; ++i)
                pixels[(static_cast<std::size_t>(k) * rows + j) * cols + i] =
                    static_cast<Uint16>(std::lround(
                        phantomDose(phantomVoxelToPatient(spec, i, j, k)) / kDoseGridScaling));
    ds->putAndInsertUint16Array(DCM_PixelData, pixels.data(),
                                static_cast<unsigned long>(pixels.size()));
    return save(file, path);
}

double phantomHu(const Vec3 &p)
{
    // Torso: an elliptic body, capped at both ends so the 3D view shows a closed shape.
    const Vec3 body{0, 0, 0}, bodyR{140, 100, 150};
    if (!inEllipsoid(p, body, bodyR))
        return -1000; // air
    if (!inEllipsoid(p, body, {bodyR[0] - 6, bodyR[1] - 6, bodyR[2] - 6}))
        return -90; // subcutaneous fat layer
    // Spine: a column of cortical bone with a softer core, posterior (+y in LPS).
    if (inCylinder(p, 0, 62, 16, 16, -140, 140))
        return inCylinder(p, 0, 62, 10, 10, -140, 140) ? 300 : 900;
    // Ribs: thin bone rings every 25 mm in the upper half.
    for (double z = 10; z <= 120; z += 25) {
        if (std::abs(p[2] - z) < 4 && inEllipsoid({p[0], p[1], 0}, {0, 0, 0}, {128, 90, 1}) &&
            !inEllipsoid({p[0], p[1], 0}, {0, 0, 0}, {120, 82, 1}))
            return 700;
    }
    // Lungs, left and right (patient left is +x in LPS), in the upper half.
    if (inEllipsoid(p, {60, 0, 60}, {45, 55, 70}) || inEllipsoid(p, {-60, 0, 60}, {45, 55, 70}))
        return inEllipsoid(p, {55, -10, 80}, {8, 8, 8}) ? 30 : -820; // with a nodule
    // Heart with contrast-filled chambers.
    if (inEllipsoid(p, {-10, -25, 40}, {40, 35, 40}))
        return inEllipsoid(p, {-10, -25, 40}, {20, 18, 20}) ? 250 : 45;
    // Liver, kidneys and an aorta in the lower half.
    if (inCylinder(p, -10, 35, 12, 12, -120, 100))
        return 200;
    if (inEllipsoid(p, {-50, -5, -50}, {55, 45, 45}))
        return inEllipsoid(p, {-60, -10, -40}, {12, 12, 12}) ? 120 : 60; // lesion
    if (inEllipsoid(p, {70, 40, -70}, {20, 25, 35}) || inEllipsoid(p, {-70, 40, -70}, {20, 25, 35}))
        return 35;
    return 40; // soft tissue
}

Vec3 phantomVoxelToPatient(const CtPhantomSpec &spec, int i, int j, int k)
{
    const double x0 = -(spec.dims[0] - 1) * spec.pixelSpacing / 2;
    const double y0 = -(spec.dims[1] - 1) * spec.pixelSpacing / 2;
    const double z0 = -(spec.dims[2] - 1) * spec.sliceSpacing / 2;
    return {x0 + i * spec.pixelSpacing, y0 + j * spec.pixelSpacing, z0 + k * spec.sliceSpacing};
}

Result<void> writeCtPhantom(const QString &dir, const CtPhantomSpec &spec,
                            const std::function<void(int, int)> &progress)
{
    if (spec.dims[0] < 1 || spec.dims[1] < 1 || spec.dims[2] < 1 || spec.dims[0] > 4096 ||
        spec.dims[1] > 4096 || spec.dims[2] > 10000)
        return Error{QStringLiteral("Phantom size %1×%2×%3 is out of range (1–4096 in-plane, "
                                    "1–10000 slices).")
                         .arg(spec.dims[0])
                         .arg(spec.dims[1])
                         .arg(spec.dims[2])};
    if (!QDir().mkpath(dir))
        return Error{QStringLiteral("Cannot create the folder \"%1\".").arg(dir)};

    const SeriesIds ids = newSeriesIds();
    std::vector<int> slices(static_cast<std::size_t>(spec.dims[2]));
    std::iota(slices.begin(), slices.end(), 0);
    // Write in a shuffled order too, so that neither names nor creation order follow position.
    std::shuffle(slices.begin(), slices.end(), std::mt19937(12345));
    std::mutex mutex;
    QString firstError;
    std::atomic<int> done{0};
    QtConcurrent::blockingMap(slices, [&](int k) {
        // File names follow a permutation of the slice index, not the position: multiplying
        // by a prime that does not divide the count permutes 0..count-1.
        const long long prime = spec.dims[2] % 7919 == 0 ? 7907 : 7919;
        const long long name = (static_cast<long long>(k) * prime) % spec.dims[2];
        const QString path =
            QDir(dir).filePath(QStringLiteral("IM%1.dcm").arg(name, 5, 10, QLatin1Char('0')));
        Result<void> r = writeSlice(path, spec, ids, k);
        std::lock_guard lock(mutex);
        if (!r.ok() && firstError.isEmpty())
            firstError = r.errorMessage();
        if (progress)
            progress(++done, spec.dims[2]);
    });
    if (!firstError.isEmpty())
        return Error{firstError};
    return {};
}

} // namespace loupe::demo
