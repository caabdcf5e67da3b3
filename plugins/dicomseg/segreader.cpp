#include "segreader.h"

#include "core/labels/layers.h"

#include <QFile>
#include <QStringList>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmiod/cielabutil.h>

#include <algorithm>
#include <cmath>
#include <map>

namespace loupe::dicomseg {

namespace {

/// The item of `sequence` inside `item` (first), or nullptr.
DcmItem *firstItem(DcmItem *item, const DcmTagKey &sequence)
{
    DcmItem *out = nullptr;
    if (!item || item->findAndGetSequenceItem(sequence, out, 0).bad())
        return nullptr;
    return out;
}

/// A functional group's item: per-frame first, else shared.
DcmItem *group(DcmItem *perFrame, DcmItem *shared, const DcmTagKey &sequence)
{
    if (DcmItem *i = firstItem(perFrame, sequence))
        return i;
    return firstItem(shared, sequence);
}

bool vec3(DcmItem *item, const DcmTagKey &tag, int first, Vec3 &out)
{
    if (!item)
        return false;
    for (int n = 0; n < 3; ++n) {
        Float64 v = 0;
        if (item->findAndGetFloat64(tag, v, static_cast<unsigned long>(first + n)).bad())
            return false;
        out[static_cast<std::size_t>(n)] = v;
    }
    return true;
}

CodedConcept codeOf(DcmItem *parent, const DcmTagKey &sequence)
{
    CodedConcept c;
    if (DcmItem *i = firstItem(parent, sequence)) {
        OFString v, s, m;
        i->findAndGetOFString(DCM_CodeValue, v);
        i->findAndGetOFString(DCM_CodingSchemeDesignator, s);
        i->findAndGetOFString(DCM_CodeMeaning, m);
        c = {QString::fromUtf8(v.c_str()), QString::fromUtf8(s.c_str()),
             QString::fromUtf8(m.c_str())};
    }
    return c;
}

} // namespace

Result<LabelFile> readSeg(const QString &path, const Volume &reference)
{
    DcmFileFormat file;
    if (file.loadFile(OFFilename(QFile::encodeName(path).constData())).bad())
        return Error{
            QStringLiteral("Cannot read \"%1\": it is not a readable DICOM file.").arg(path)};
    DcmDataset *ds = file.getDataset();
    OFString sopClass, type;
    ds->findAndGetOFString(DCM_SOPClassUID, sopClass);
    if (sopClass != UID_SegmentationStorage)
        return Error{QStringLiteral("\"%1\" is not a DICOM Segmentation (SOP class %2).")
                         .arg(path, QString::fromLatin1(sopClass.c_str()))};
    ds->findAndGetOFString(DCM_SegmentationType, type);
    Uint16 rows = 0, columns = 0, bits = 0, maxFraction = 255;
    Sint32 frames = 0;
    ds->findAndGetUint16(DCM_Rows, rows);
    ds->findAndGetUint16(DCM_Columns, columns);
    ds->findAndGetUint16(DCM_BitsAllocated, bits);
    ds->findAndGetSint32(DCM_NumberOfFrames, frames);
    ds->findAndGetUint16(DCM_MaximumFractionalValue, maxFraction);
    const bool fractional = type == "FRACTIONAL";
    if ((!fractional && bits != 1) || (fractional && bits != 8))
        return Error{QStringLiteral("\"%1\": a %2 segmentation with %3 bits allocated is not "
                                    "readable.")
                         .arg(path, QString::fromLatin1(type.c_str()))
                         .arg(bits)};
    const VolumeGeometry &g = reference.geometry();
    if (rows != g.dims[1] || columns != g.dims[0])
        return Error{QStringLiteral("\"%1\" has frames of %2×%3 pixels, but the volume shown has "
                                    "%4×%5: it belongs to another series.")
                         .arg(path)
                         .arg(columns)
                         .arg(rows)
                         .arg(g.dims[0])
                         .arg(g.dims[1])};

    // Segments: number -> label, in order.
    LabelFile out{{LabelMap(g)}, {}};
    std::map<Uint16, std::uint8_t> labelOf;
    DcmSequenceOfItems *segments = nullptr;
    if (ds->findAndGetSequence(DCM_SegmentSequence, segments).good() && segments) {
        for (unsigned long n = 0; n < segments->card() && n < 255; ++n) {
            DcmItem *item = segments->getItem(n);
            Uint16 number = 0;
            OFString name;
            item->findAndGetUint16(DCM_SegmentNumber, number);
            item->findAndGetOFString(DCM_SegmentLabel, name);
            Segment s;
            s.label = static_cast<std::uint8_t>(n + 1);
            s.name = QString::fromUtf8(name.c_str());
            s.category = codeOf(item, DCM_SegmentedPropertyCategoryCodeSequence);
            s.type = codeOf(item, DCM_SegmentedPropertyTypeCodeSequence);
            Uint16 lab[3];
            if (item->findAndGetUint16(DCM_RecommendedDisplayCIELabValue, lab[0], 0).good() &&
                item->findAndGetUint16(DCM_RecommendedDisplayCIELabValue, lab[1], 1).good() &&
                item->findAndGetUint16(DCM_RecommendedDisplayCIELabValue, lab[2], 2).good()) {
                double r = 0, gr = 0, b = 0;
                IODCIELabUtil::dicomLab2RGB(r, gr, b, lab[0], lab[1], lab[2]);
                s.colour = {static_cast<std::uint8_t>(std::lround(std::clamp(r, 0.0, 1.0) * 255)),
                            static_cast<std::uint8_t>(std::lround(std::clamp(gr, 0.0, 1.0) * 255)),
                            static_cast<std::uint8_t>(std::lround(std::clamp(b, 0.0, 1.0) * 255))};
            }
            labelOf[number] = s.label;
            out.segments.push_back(s);
        }
    }

    const Uint8 *pixels = nullptr;
    unsigned long length = 0;
    if (ds->findAndGetUint8Array(DCM_PixelData, pixels, &length).bad() || !pixels)
        return Error{QStringLiteral("\"%1\" has no pixel data.").arg(path)};
    const std::size_t perFrame = std::size_t(rows) * columns;
    const std::size_t needed =
        fractional ? perFrame * std::size_t(frames) : (perFrame * std::size_t(frames) + 7) / 8;
    if (length < needed)
        return Error{QStringLiteral("\"%1\" is truncated: %2 of %3 pixel bytes.")
                         .arg(path)
                         .arg(length)
                         .arg(needed)};

    DcmItem *shared = firstItem(ds, DCM_SharedFunctionalGroupsSequence);
    DcmSequenceOfItems *perFrameGroups = nullptr;
    ds->findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, perFrameGroups);
    if (!perFrameGroups || perFrameGroups->card() < static_cast<unsigned long>(frames))
        return Error{QStringLiteral("\"%1\" lacks per-frame positions.").arg(path)};
    const Vec3 row = column(g.direction, 0), col = column(g.direction, 1);
    QStringList missing;
    // Each segment into a map of its own first: segments may overlap (packed into layers below).
    std::vector<LabelMap> maps(out.segments.size(), LabelMap(g));
    for (Sint32 f = 0; f < frames; ++f) {
        DcmItem *fg = perFrameGroups->getItem(static_cast<unsigned long>(f));
        Vec3 ipp{0, 0, 0}, r{0, 0, 0}, c{0, 0, 0};
        if (!vec3(group(fg, shared, DCM_PlanePositionSequence), DCM_ImagePositionPatient, 0, ipp) ||
            !vec3(group(fg, shared, DCM_PlaneOrientationSequence), DCM_ImageOrientationPatient, 0,
                  r) ||
            !vec3(group(fg, shared, DCM_PlaneOrientationSequence), DCM_ImageOrientationPatient, 3,
                  c))
            return Error{QStringLiteral("\"%1\": frame %2 has no plane position or orientation.")
                             .arg(path)
                             .arg(f + 1)};
        Uint16 number = 0;
        if (DcmItem *id = firstItem(fg, DCM_SegmentIdentificationSequence))
            id->findAndGetUint16(DCM_ReferencedSegmentNumber, number);
        const auto found = labelOf.find(number);
        if (found == labelOf.end())
            return Error{QStringLiteral("\"%1\": frame %2 refers to segment %3, which the file "
                                        "does not describe.")
                             .arg(path)
                             .arg(f + 1)
                             .arg(number)};
        const Vec3 v = g.patientToVoxel(ipp);
        const long k = std::lround(v[2]);
        const bool onGrid = std::abs(v[0]) < 0.01 && std::abs(v[1]) < 0.01 &&
                            std::abs(v[2] - double(k)) < 0.01 && k >= 0 && k < g.dims[2] &&
                            norm(r - row) < 1e-3 && norm(c - col) < 1e-3;
        if (!onGrid) {
            missing << QStringLiteral("(%1, %2, %3)")
                           .arg(ipp[0], 0, 'f', 2)
                           .arg(ipp[1], 0, 'f', 2)
                           .arg(ipp[2], 0, 'f', 2);
            continue;
        }
        LabelEdit edit(maps[found->second - 1u], QString());
        for (std::size_t p = 0; p < perFrame; ++p) {
            bool set = false;
            if (fractional) {
                set = pixels[std::size_t(f) * perFrame + p] * 2 >= maxFraction;
            } else {
                const std::size_t bit = std::size_t(f) * perFrame + p;
                set = (pixels[bit / 8] >> (bit % 8)) & 1;
            }
            if (set)
                edit.set(static_cast<std::int64_t>(p % columns),
                         static_cast<std::int64_t>(p / columns), k, 1);
        }
        edit.finish();
    }
    out.layers = packSegments(maps, out.segments);
    if (!missing.isEmpty()) {
        OFString series;
        if (DcmItem *ref = firstItem(ds, DCM_ReferencedSeriesSequence))
            ref->findAndGetOFString(DCM_SeriesInstanceUID, series);
        return Error{QStringLiteral("\"%1\" does not match the volume shown: %2 frame(s) lie off "
                                    "its slices (positions %3). It refers to series %4; open that "
                                    "series and import it there.")
                         .arg(path)
                         .arg(missing.size())
                         .arg(missing.mid(0, 5).join(QStringLiteral(", ")) +
                              (missing.size() > 5 ? QStringLiteral(", …") : QString()))
                         .arg(series.empty() ? QStringLiteral("(none named)")
                                             : QString::fromLatin1(series.c_str()))};
    }
    return out;
}

Result<VolumeGeometry> segGrid(const QString &path)
{
    DcmFileFormat file;
    if (file.loadFile(OFFilename(QFile::encodeName(path).constData()), EXS_Unknown, EGL_noChange,
                      1024)
            .bad())
        return Error{
            QStringLiteral("Cannot read \"%1\": it is not a readable DICOM file.").arg(path)};
    DcmDataset *ds = file.getDataset();
    Uint16 rows = 0, columns = 0;
    ds->findAndGetUint16(DCM_Rows, rows);
    ds->findAndGetUint16(DCM_Columns, columns);
    DcmItem *shared = firstItem(ds, DCM_SharedFunctionalGroupsSequence);
    DcmSequenceOfItems *perFrame = nullptr;
    ds->findAndGetSequence(DCM_PerFrameFunctionalGroupsSequence, perFrame);
    if (!perFrame || perFrame->card() == 0 || rows == 0 || columns == 0)
        return Error{QStringLiteral("\"%1\" has no frames to place.").arg(path)};
    Vec3 row{1, 0, 0}, col{0, 1, 0};
    DcmItem *first = perFrame->getItem(0);
    if (!vec3(group(first, shared, DCM_PlaneOrientationSequence), DCM_ImageOrientationPatient, 0,
              row) ||
        !vec3(group(first, shared, DCM_PlaneOrientationSequence), DCM_ImageOrientationPatient, 3,
              col))
        return Error{QStringLiteral("\"%1\" has no plane orientation.").arg(path)};
    Float64 spacingRow = 1, spacingColumn = 1;
    if (DcmItem *m = group(first, shared, DCM_PixelMeasuresSequence)) {
        m->findAndGetFloat64(DCM_PixelSpacing, spacingRow, 0);
        m->findAndGetFloat64(DCM_PixelSpacing, spacingColumn, 1);
    }
    const Vec3 normal = normalized(cross(row, col));
    std::vector<std::pair<double, Vec3>> positions;
    for (unsigned long f = 0; f < perFrame->card(); ++f) {
        Vec3 p{0, 0, 0};
        if (!vec3(group(perFrame->getItem(f), shared, DCM_PlanePositionSequence),
                  DCM_ImagePositionPatient, 0, p))
            return Error{QStringLiteral("\"%1\": frame %2 has no position.").arg(path).arg(f + 1)};
        positions.emplace_back(dot(p, normal), p);
    }
    std::sort(positions.begin(), positions.end(),
              [](const auto &a, const auto &b) { return a.first < b.first; });
    double step = 0;
    for (std::size_t n = 1; n < positions.size(); ++n) {
        const double d = positions[n].first - positions[n - 1].first;
        if (d > 1e-3 && (step == 0 || d < step))
            step = d;
    }
    VolumeGeometry g;
    const double span = positions.back().first - positions.front().first;
    const auto slices = step > 0 ? static_cast<std::int64_t>(std::lround(span / step)) + 1 : 1;
    if (slices > 4096)
        return Error{QStringLiteral("\"%1\": its frames do not lie on a regular grid.").arg(path)};
    g.dims = {columns, rows, slices};
    g.spacing = {spacingColumn, spacingRow, step > 0 ? step : 1.0};
    g.origin = positions.front().second;
    g.direction = fromColumns(row, col, normal);
    return g;
}

} // namespace loupe::dicomseg
