#include "app/demo/colourseries.h"

#include "app/demo/dicomwriting.h"

#include <QDir>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>

#include <algorithm>
#include <cmath>
#include <vector>

namespace loupe::demo {

namespace {

std::uint8_t toByte(double v)
{
    return static_cast<std::uint8_t>(std::clamp(std::lround(v), 0L, 255L));
}

using Storage = ColourSeriesSpec::Storage;

const char *photometricOf(Storage s)
{
    switch (s) {
    case Storage::Rgb:
    case Storage::RgbPlanar: return "RGB";
    case Storage::YbrFull: return "YBR_FULL";
    case Storage::YbrFull422: return "YBR_FULL_422";
    case Storage::Grey8: return "MONOCHROME2";
    }
    return "RGB";
}

/// The pixel data of slice k as the spec's storage holds it.
std::vector<std::uint8_t> storedSlice(const ColourSeriesSpec &spec, int k)
{
    const int cols = spec.dims[0], rows = spec.dims[1];
    const std::size_t pixels = static_cast<std::size_t>(cols) * rows;
    std::vector<std::array<std::uint8_t, 3>> rgb(pixels);
    for (int j = 0; j < rows; ++j)
        for (int i = 0; i < cols; ++i)
            rgb[static_cast<std::size_t>(j) * cols + i] = colourAt(spec, i, j, k);

    std::vector<std::uint8_t> out;
    switch (spec.storage) {
    case Storage::Rgb:
        for (const auto &p : rgb)
            out.insert(out.end(), p.begin(), p.end());
        break;
    case Storage::RgbPlanar:
        out.resize(pixels * 3);
        for (std::size_t i = 0; i < pixels; ++i)
            for (std::size_t c = 0; c < 3; ++c)
                out[c * pixels + i] = rgb[i][c];
        break;
    case Storage::YbrFull:
        for (const auto &p : rgb) {
            const auto ybr = rgbToYbr(p);
            out.insert(out.end(), ybr.begin(), ybr.end());
        }
        break;
    case Storage::YbrFull422:
        // Y1 Y2 Cb Cr: each pair of pixels on a row shares the mean of their chroma.
        for (std::size_t i = 0; i + 1 < pixels; i += 2) {
            const auto a = rgbToYbr(rgb[i]), b = rgbToYbr(rgb[i + 1]);
            out.insert(out.end(),
                       {a[0], b[0], toByte((a[1] + b[1]) / 2.0), toByte((a[2] + b[2]) / 2.0)});
        }
        break;
    case Storage::Grey8:
        for (const auto &p : rgb)
            out.push_back(toByte(0.299 * p[0] + 0.587 * p[1] + 0.114 * p[2]));
        break;
    }
    return out;
}

Result<void> writeSlice(const QString &path, const ColourSeriesSpec &spec, const SeriesIds &ids,
                        int k)
{
    DcmFileFormat file;
    DcmDataset *ds = file.getDataset();
    auto put = [ds](const DcmTagKey &tag, const QString &value) {
        ds->putAndInsertString(tag, value.toLatin1().constData());
    };
    const bool grey = spec.storage == Storage::Grey8;
    putPatientAndStudy(ds, ids, QStringLiteral("OT"),
                       grey ? QStringLiteral("Loupe 8-bit grey series")
                            : QStringLiteral("Loupe colour series"));
    put(DCM_SOPClassUID, QString::fromLatin1(UID_SecondaryCaptureImageStorage));
    put(DCM_SOPInstanceUID, newUid(SITE_INSTANCE_UID_ROOT));
    put(DCM_ConversionType, QStringLiteral("WSD"));
    put(DCM_InstanceNumber, QString::number(k + 1));
    // Slices go from the feet up: positions, not names, give the order.
    const double x0 = -(spec.dims[0] - 1) * spec.pixelSpacing / 2;
    const double y0 = -(spec.dims[1] - 1) * spec.pixelSpacing / 2;
    put(DCM_ImagePositionPatient, triplet({x0, y0, k * spec.sliceSpacing}));
    put(DCM_ImageOrientationPatient, QStringLiteral("1\\0\\0\\0\\1\\0"));
    put(DCM_PixelSpacing, QStringLiteral("%1\\%1").arg(spec.pixelSpacing, 0, 'f', 4));
    put(DCM_SliceThickness, QString::number(spec.sliceSpacing, 'f', 3));
    ds->putAndInsertUint16(DCM_SamplesPerPixel, grey ? 1 : 3);
    put(DCM_PhotometricInterpretation, QString::fromLatin1(photometricOf(spec.storage)));
    if (!grey)
        ds->putAndInsertUint16(DCM_PlanarConfiguration, spec.storage == Storage::RgbPlanar ? 1 : 0);
    ds->putAndInsertUint16(DCM_Rows, static_cast<Uint16>(spec.dims[1]));
    ds->putAndInsertUint16(DCM_Columns, static_cast<Uint16>(spec.dims[0]));
    ds->putAndInsertUint16(DCM_BitsAllocated, 8);
    ds->putAndInsertUint16(DCM_BitsStored, 8);
    ds->putAndInsertUint16(DCM_HighBit, 7);
    ds->putAndInsertUint16(DCM_PixelRepresentation, 0);
    const std::vector<std::uint8_t> pixels = storedSlice(spec, k);
    ds->putAndInsertUint8Array(DCM_PixelData, pixels.data(),
                               static_cast<unsigned long>(pixels.size()));
    return save(file, path);
}

} // namespace

std::array<std::uint8_t, 3> colourAt(const ColourSeriesSpec &spec, int i, int j, int k)
{
    const double u = spec.dims[0] > 1 ? double(i) / (spec.dims[0] - 1) : 0;
    const double v = spec.dims[1] > 1 ? double(j) / (spec.dims[1] - 1) : 0;
    const double w = spec.dims[2] > 1 ? double(k) / (spec.dims[2] - 1) : 0;
    const double du = u - 0.5, dv = v - 0.5, dw = w - 0.5;
    if (du * du + dv * dv + dw * dw < 0.3 * 0.3)
        return {240, 200, 40};
    return {toByte(255 * u), toByte(255 * v), toByte(40 + 180 * w)};
}

std::array<std::uint8_t, 3> rgbToYbr(const std::array<std::uint8_t, 3> &c)
{
    const double r = c[0], g = c[1], b = c[2];
    return {toByte(0.299 * r + 0.587 * g + 0.114 * b),
            toByte(-0.168736 * r - 0.331264 * g + 0.5 * b + 128),
            toByte(0.5 * r - 0.418688 * g - 0.081312 * b + 128)};
}

Result<void> writeColourSeries(const QString &dir, const ColourSeriesSpec &spec)
{
    if (spec.dims[0] < 2 || spec.dims[1] < 1 || spec.dims[2] < 1 || spec.dims[0] > 4096 ||
        spec.dims[1] > 4096 || spec.dims[2] > 4096)
        return Error{QStringLiteral("Colour series size %1×%2×%3 is out of range.")
                         .arg(spec.dims[0])
                         .arg(spec.dims[1])
                         .arg(spec.dims[2])};
    if (spec.storage == Storage::YbrFull422 && spec.dims[0] % 2 != 0)
        return Error{QStringLiteral("YBR_FULL_422 needs an even number of columns.")};
    if (!QDir().mkpath(dir))
        return Error{QStringLiteral("Cannot create the folder \"%1\".").arg(dir)};
    const SeriesIds ids = newSeriesIds();
    for (int k = 0; k < spec.dims[2]; ++k) {
        // Names in reverse order of position.
        const QString path = QDir(dir).filePath(
            QStringLiteral("SC%1.dcm").arg(spec.dims[2] - 1 - k, 4, 10, QLatin1Char('0')));
        Result<void> r = writeSlice(path, spec, ids, k);
        if (!r.ok())
            return r;
    }
    return {};
}

} // namespace loupe::demo
