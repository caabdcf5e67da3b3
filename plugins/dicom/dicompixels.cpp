#include "dicompixels.h"

#include "dicomdecode.h"

#include "core/progress.h"

#include <QFile>
#include <QtConcurrent/QtConcurrentMap>

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>

#include <atomic>
#include <cmath>
#include <limits>
#include <map>
#include <mutex>
#include <numeric>

namespace loupe::dicom {

namespace {

bool rescaleIsIntegral(const SliceHeader &h)
{
    return h.rescaleSlope == 1.0 && h.rescaleIntercept == std::floor(h.rescaleIntercept);
}

/// Stored value of pixel i, with bits above BitsStored masked and sign extended.
inline double storedValue(const void *pixels, std::size_t i, const SliceHeader &h)
{
    const int bits = h.bitsStored;
    if (h.bitsAllocated == 8) {
        const std::uint8_t raw = static_cast<const std::uint8_t *>(pixels)[i];
        const std::uint32_t v = raw & ((1u << bits) - 1u);
        if (h.pixelRepresentation == 1 && (v & (1u << (bits - 1))))
            return static_cast<double>(static_cast<std::int32_t>(v) - (1 << bits));
        return v;
    }
    const std::uint16_t raw = static_cast<const std::uint16_t *>(pixels)[i];
    const std::uint32_t v = bits >= 16 ? raw : (raw & ((1u << bits) - 1u));
    if (h.pixelRepresentation == 1 && (v & (1u << (bits - 1))))
        return static_cast<double>(static_cast<std::int32_t>(v) - (1 << bits));
    return v;
}

inline std::uint8_t clampByte(double v)
{
    return static_cast<std::uint8_t>(std::clamp(std::floor(v + 0.5), 0.0, 255.0));
}

/// YCbCr (full range, as YBR_FULL and YBR_FULL_422 store it) to RGB, as DICOM PS3.3 C.7.6.3.1.2
/// defines it.
inline void ybrToRgb(int y, int cb, int cr, std::uint8_t *rgb)
{
    const double b = cb - 128.0, r = cr - 128.0;
    rgb[0] = clampByte(y + 1.402 * r);
    rgb[1] = clampByte(y - (0.114 * 1.772 / 0.587) * b - (0.299 * 1.402 / 0.587) * r);
    rgb[2] = clampByte(y + 1.772 * b);
}

/// Writes a decoded colour frame as RGB, pixel by pixel, into plane k of an Rgb8 volume.
Result<void> readColourFrame(DcmDataset &dataset, const SliceHeader &h, Volume &volume,
                             std::int64_t k)
{
    const QString unsupported =
        QStringLiteral("\"%1\" uses a colour format this version of Loupe cannot read (%2)");
    if (h.bitsAllocated != 8)
        return Error{unsupported.arg(h.path, QStringLiteral("%1-bit colour").arg(h.bitsAllocated))};
    if (volume.scalarType() != ScalarType::Rgb8)
        return Error{QStringLiteral("\"%1\" is a colour image in a greyscale series.").arg(h.path)};
    Result<StoredPixels> stored = decodeStoredPixels(dataset, h, h.frame);
    if (!stored.ok())
        return stored.error();
    const auto *in = static_cast<const std::uint8_t *>(stored->data);
    const QString &photometric = stored->photometric;
    const std::size_t pixels = static_cast<std::size_t>(h.rows) * h.columns;
    std::uint8_t *out = volume.mutableDataAs<std::uint8_t>() + volume.index(0, 0, k) * 3;

    if (photometric == QLatin1String("YBR_FULL_422")) {
        // Two pixels share one chroma pair: Y1 Y2 Cb Cr.
        for (std::size_t i = 0; i < pixels; i += 2) {
            const std::uint8_t *p = in + i * 2;
            ybrToRgb(p[0], p[2], p[3], out + i * 3);
            if (i + 1 < pixels)
                ybrToRgb(p[1], p[2], p[3], out + (i + 1) * 3);
        }
        return {};
    }
    const bool ybr = photometric == QLatin1String("YBR_FULL");
    if (!ybr && photometric != QLatin1String("RGB") && photometric != QLatin1String("YBR_RCT") &&
        photometric != QLatin1String("YBR_ICT"))
        return Error{unsupported.arg(
            h.path, QStringLiteral("photometric interpretation %1")
                        .arg(photometric.isEmpty() ? QStringLiteral("(none)") : photometric))};
    const bool planar = stored->planarConfiguration == 1;
    for (std::size_t i = 0; i < pixels; ++i) {
        const std::uint8_t a = planar ? in[i] : in[i * 3];
        const std::uint8_t b = planar ? in[pixels + i] : in[i * 3 + 1];
        const std::uint8_t c = planar ? in[2 * pixels + i] : in[i * 3 + 2];
        if (ybr) {
            ybrToRgb(a, b, c, out + i * 3);
        } else {
            out[i * 3] = a;
            out[i * 3 + 1] = b;
            out[i * 3 + 2] = c;
        }
    }
    return {};
}

} // namespace

Result<void> readFrame(DcmFileFormat &format, const SliceHeader &h, Volume &volume, std::int64_t k,
                       std::atomic<bool> &overflow)
{
    const QString unsupported =
        QStringLiteral("\"%1\" uses a pixel format this version of Loupe cannot read yet (%2)");
    if (h.samplesPerPixel == 3)
        return readColourFrame(*format.getDataset(), h, volume, k);
    if (volume.isColour())
        return Error{QStringLiteral("\"%1\" is a greyscale image in a colour series.").arg(h.path)};
    if (h.samplesPerPixel != 1)
        return Error{
            unsupported.arg(h.path, QStringLiteral("%1 samples per pixel").arg(h.samplesPerPixel))};
    if (h.bitsAllocated != 8 && h.bitsAllocated != 16)
        return Error{
            unsupported.arg(h.path, QStringLiteral("%1 bits allocated").arg(h.bitsAllocated))};
    Result<StoredPixels> stored = decodeStoredPixels(*format.getDataset(), h, h.frame);
    if (!stored.ok())
        return stored.error();
    const void *pixels = stored->data;
    const std::size_t count = static_cast<std::size_t>(h.rows) * h.columns;

    const std::size_t offset = volume.index(0, 0, k);
    if (volume.scalarType() == ScalarType::Int16 && h.bitsAllocated == 16 && h.bitsStored == 16) {
        // The common case (16-bit words, all bits used): integer arithmetic, no per-pixel
        // masking or sign extension.
        auto *out = volume.mutableDataAs<std::int16_t>() + offset;
        const auto intercept = static_cast<std::int32_t>(h.rescaleIntercept);
        const bool isSigned = h.pixelRepresentation == 1;
        std::int32_t lo = 0, hi = 0;
        for (std::size_t i = 0; i < count; ++i) {
            const std::uint16_t raw = static_cast<const std::uint16_t *>(pixels)[i];
            const std::int32_t v =
                (isSigned ? std::int32_t(std::int16_t(raw)) : std::int32_t(raw)) + intercept;
            lo = std::min(lo, v);
            hi = std::max(hi, v);
            out[i] = static_cast<std::int16_t>(v);
        }
        if (lo < -32768 || hi > 32767)
            overflow = true;
    } else if (volume.scalarType() == ScalarType::Int16) {
        auto *out = volume.mutableDataAs<std::int16_t>() + offset;
        const double intercept = h.rescaleIntercept;
        bool outside = false;
        for (std::size_t i = 0; i < count; ++i) {
            const double v = storedValue(pixels, i, h) + intercept;
            // Out of range: no cast (that would be undefined); the volume is read again as
            // float32.
            const bool bad = !(v >= -32768.0 && v <= 32767.0);
            outside |= bad;
            out[i] = bad ? std::int16_t{0} : static_cast<std::int16_t>(v);
        }
        if (outside)
            overflow = true;
    } else {
        auto *out = volume.mutableDataAs<float>() + offset;
        constexpr double kFloatMax = std::numeric_limits<float>::max();
        for (std::size_t i = 0; i < count; ++i) {
            // A hostile slope could leave float's range; clamp rather than cast out of range.
            const double v = storedValue(pixels, i, h) * h.rescaleSlope + h.rescaleIntercept;
            out[i] = static_cast<float>(std::isnan(v) ? 0.0 : std::clamp(v, -kFloatMax, kFloatMax));
        }
    }
    return {};
}

namespace {

/// Loads one file and decodes the frames of it that the plan uses (`slices`: indices into
/// plan.slices). A multi-frame file is read once for all its frames.
void readFile(const VolumePlan &plan, const std::vector<std::size_t> &slices, Volume &volume,
              std::atomic<bool> &overflow, std::vector<std::pair<std::size_t, QString>> &failures)
{
    const QString &path = plan.slices[slices.front()].path;
    DcmFileFormat format;
    const OFCondition loaded = format.loadFile(OFFilename(QFile::encodeName(path).constData()));
    for (std::size_t i : slices) {
        Result<void> r =
            loaded.good()
                ? readFrame(format, plan.slices[i], volume, plan.sliceIndex[i], overflow)
                : Result<void>(Error{QStringLiteral("Cannot read the pixels of \"%1\": the file is "
                                                    "damaged or truncated (%2).")
                                         .arg(path, QString::fromLatin1(loaded.text()))});
        if (!r.ok())
            failures.emplace_back(i, r.errorMessage());
    }
}

/// Fills every grid slice without a decoded image (missing from the series, or unreadable)
/// with the lowest value of the slices that were read, so gaps show as empty.
template <typename T>
void fillGaps(Volume &volume, const std::vector<int> &present)
{
    const VolumeGeometry &g = volume.geometry();
    const std::size_t sliceSize = static_cast<std::size_t>(g.dims[0]) * g.dims[1];
    std::vector<bool> has(static_cast<std::size_t>(g.dims[2]), false);
    T low = std::numeric_limits<T>::max();
    for (int k : present) {
        has[static_cast<std::size_t>(k)] = true;
        const T *slice = volume.dataAs<T>() + volume.index(0, 0, k);
        low = std::min(low, *std::min_element(slice, slice + sliceSize));
    }
    for (std::int64_t k = 0; k < g.dims[2]; ++k) {
        if (!has[static_cast<std::size_t>(k)]) {
            T *slice = volume.mutableDataAs<T>() + volume.index(0, 0, k);
            std::fill(slice, slice + sliceSize, low);
        }
    }
}

} // namespace

ScalarType outputTypeFor(const VolumePlan &plan)
{
    // Integral rescale: int16. The header's bit depth may allow values that would not fit
    // (signed 16-bit with intercept -1024), but real data rarely uses that range; the read
    // checks every value and falls back to float32 when one does not fit.
    for (const SliceHeader &h : plan.slices)
        if (h.samplesPerPixel == 3)
            return ScalarType::Rgb8;
    for (const SliceHeader &h : plan.slices) {
        if (!rescaleIsIntegral(h) || h.bitsStored > 16 || std::abs(h.rescaleIntercept) > 65536.0)
            return ScalarType::Float32;
    }
    return ScalarType::Int16;
}

namespace {

Result<VolumeRead> readVolumeAs(const VolumePlan &plan, ScalarType type, const VolumeInfo &info,
                                Progress &progress, bool preview, bool *overflowed)
{
    std::shared_ptr<Volume> volume = Volume::allocate(plan.geometry, type);
    if (!volume) {
        return Error{QStringLiteral("Not enough memory for the %1×%2×%3 volume of series %4.")
                         .arg(plan.geometry.dims[0])
                         .arg(plan.geometry.dims[1])
                         .arg(plan.geometry.dims[2])
                         .arg(plan.seriesInstanceUid)};
    }

    // One task per file: the slices (frames) each file holds.
    std::map<QString, std::vector<std::size_t>> byFile;
    for (std::size_t i = 0; i < plan.slices.size(); ++i)
        byFile[plan.slices[i].path].push_back(i);
    volume->setInfo(info);
    std::atomic<qint64> done{0};
    std::mutex mutex;
    std::vector<std::pair<std::size_t, QString>> failures;
    std::atomic<bool> overflow{false};
    const qint64 total = static_cast<qint64>(plan.slices.size());

    // Progressive: the middle slice's file first, shown while the others are read.
    const QString *previewFile = nullptr;
    if (preview && !plan.slices.empty()) {
        const std::size_t middle = plan.slices.size() / 2;
        previewFile = &plan.slices[middle].path;
        const std::vector<std::size_t> &slices = byFile[*previewFile];
        readFile(plan, slices, *volume, overflow, failures);
        done += static_cast<qint64>(slices.size());
        const bool middleRead = std::none_of(failures.begin(), failures.end(),
                                             [&](const auto &f) { return f.first == middle; });
        if (middleRead && !overflow)
            progress.preview(volume, plan.sliceIndex[middle]);
    }

    std::vector<const std::vector<std::size_t> *> tasks;
    for (const auto &[path, slices] : byFile)
        if (!previewFile || path != *previewFile)
            tasks.push_back(&slices);

    QtConcurrent::blockingMap(tasks, [&](const std::vector<std::size_t> *slices) {
        if (progress.isCanceled() || overflow.load())
            return;
        // One bad file costs its slices, not the series: they become gaps, and are named.
        std::vector<std::pair<std::size_t, QString>> bad;
        readFile(plan, *slices, *volume, overflow, bad);
        if (!bad.empty()) {
            std::lock_guard lock(mutex);
            failures.insert(failures.end(), bad.begin(), bad.end());
        }
        done += static_cast<qint64>(slices->size());
        progress.report(done, total, QStringLiteral("Reading slices"));
    });

    if (progress.isCanceled())
        return Error{QStringLiteral("Reading was canceled.")};
    if (overflow) {
        *overflowed = true;
        return Error{QStringLiteral("values out of int16 range")};
    }
    if (failures.size() == plan.slices.size())
        return Error{failures.front().second};

    VolumeRead out;
    std::sort(failures.begin(), failures.end());
    std::vector<int> present;
    std::size_t f = 0;
    for (std::size_t i = 0; i < plan.slices.size(); ++i) {
        if (f < failures.size() && failures[f].first == i) {
            out.warnings << QStringLiteral("%1 Slice %2 is left empty.")
                                .arg(failures[f].second)
                                .arg(plan.sliceIndex[i] + 1);
            ++f;
            continue;
        }
        present.push_back(plan.sliceIndex[i]);
    }
    if (static_cast<std::int64_t>(present.size()) < plan.geometry.dims[2]) {
        std::vector<bool> has(static_cast<std::size_t>(plan.geometry.dims[2]), false);
        for (int k : present)
            has[static_cast<std::size_t>(k)] = true;
        VolumeInfo withGaps = volume->info();
        for (std::size_t k = 0; k < has.size(); ++k)
            if (!has[k])
                withGaps.missingSlices.push_back(static_cast<int>(k));
        volume->setInfo(std::move(withGaps));
        if (volume->scalarType() == ScalarType::Int16)
            fillGaps<std::int16_t>(*volume, present);
        else if (volume->scalarType() == ScalarType::Float32)
            fillGaps<float>(*volume, present);
        // Colour gaps stay black: the buffer starts zeroed.
    }
    volume->updateRange();
    out.volume = std::move(volume);
    return out;
}

} // namespace

Result<VolumeRead> readVolume(const VolumePlan &plan, VolumeInfo info, Progress &progress,
                              bool preview)
{
    const ScalarType type = outputTypeFor(plan);
    bool overflowed = false;
    Result<VolumeRead> result = readVolumeAs(plan, type, info, progress, preview, &overflowed);
    if (overflowed)
        result = readVolumeAs(plan, ScalarType::Float32, info, progress, false, &overflowed);
    return result;
}

} // namespace loupe::dicom
