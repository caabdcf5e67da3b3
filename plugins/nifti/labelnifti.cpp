#include "labelnifti.h"

#include "niftiwriter.h"

#include "core/labels/layers.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>

#include <zlib.h>

#include <cmath>
#include <cstring>

namespace loupe::nifti {

namespace {

QJsonObject conceptJson(const CodedConcept &c)
{
    return {{QStringLiteral("value"), c.value},
            {QStringLiteral("scheme"), c.scheme},
            {QStringLiteral("meaning"), c.meaning}};
}

CodedConcept conceptOf(const QJsonObject &o)
{
    return {o.value(QStringLiteral("value")).toString(),
            o.value(QStringLiteral("scheme")).toString(),
            o.value(QStringLiteral("meaning")).toString()};
}

QString gridText(const std::array<std::int64_t, 3> &dims, const std::array<double, 16> &m)
{
    return QStringLiteral("%1×%2×%3, origin (%4, %5, %6) mm RAS, voxel axes (%7, %8, %9)")
        .arg(dims[0])
        .arg(dims[1])
        .arg(dims[2])
        .arg(m[3], 0, 'f', 2)
        .arg(m[7], 0, 'f', 2)
        .arg(m[11], 0, 'f', 2)
        .arg(std::hypot(m[0], m[4], m[8]), 0, 'f', 3)
        .arg(std::hypot(m[1], m[5], m[9]), 0, 'f', 3)
        .arg(std::hypot(m[2], m[6], m[10]), 0, 'f', 3);
}

} // namespace

QString sidecarPath(const QString &path)
{
    QString base = path;
    for (const char *suffix : {".nii.gz", ".nii"})
        if (base.endsWith(QLatin1String(suffix), Qt::CaseInsensitive)) {
            base.chop(static_cast<int>(std::strlen(suffix)));
            break;
        }
    return base + QStringLiteral(".json");
}

Result<void> writeLabelNifti(const LabelLayers &layers, const Volume &reference,
                             const std::vector<Segment> &segments, const QString &path)
{
    const Result<LabelMap> flat = flattenLayers(layers, segments);
    if (!flat.ok())
        return Error{QStringLiteral("\"%1\" was not written. %2").arg(path, flat.errorMessage())};
    const LabelMap &labels = flat.value();
    std::shared_ptr<Volume> dense = Volume::allocate(reference.geometry(), ScalarType::UInt8);
    if (!dense)
        return Error{QStringLiteral("Not enough memory to write \"%1\".").arg(path)};
    const auto &d = reference.geometry().dims;
    std::uint8_t *out = dense->mutableDataAs<std::uint8_t>();
    for (std::int64_t k = 0; k < d[2]; ++k)
        for (std::int64_t j = 0; j < d[1]; ++j)
            for (std::int64_t i = 0; i < d[0]; ++i)
                out[dense->index(i, j, k)] = labels.at(i, j, k);
    VolumeInfo info = reference.info();
    info.seriesDescription = QStringLiteral("labels");
    dense->setInfo(info);
    dense->updateRange();
    Result<void> written = writeNifti(*dense, path);
    if (!written.ok())
        return written;

    QJsonArray list;
    for (const Segment &s : segments)
        list.append(QJsonObject{
            {QStringLiteral("label"), int(s.label)},
            {QStringLiteral("name"), s.name},
            {QStringLiteral("colour"), QJsonArray{s.colour[0], s.colour[1], s.colour[2]}},
            {QStringLiteral("category"), conceptJson(s.category)},
            {QStringLiteral("type"), conceptJson(s.type)}});
    QSaveFile sidecar(sidecarPath(path));
    const QByteArray json = QJsonDocument(QJsonObject{{QStringLiteral("segments"), list}}).toJson();
    if (!sidecar.open(QIODevice::WriteOnly) || sidecar.write(json) != json.size() ||
        !sidecar.commit())
        return Error{QStringLiteral("Cannot write \"%1\": %2. Check free space and permissions.")
                         .arg(sidecarPath(path), sidecar.errorString())};
    return {};
}

Result<LabelFile> readLabelNifti(const QString &path, const Volume &reference)
{
    // gzread reads plain files too.
    gzFile gz = gzopen(QFile::encodeName(path).constData(), "rb");
    if (!gz)
        return Error{QStringLiteral("Cannot open \"%1\".").arg(path)};
    struct Closer {
        gzFile f;
        ~Closer() { gzclose(f); }
    } closer{gz};
    unsigned char header[352];
    if (gzread(gz, header, sizeof header) != static_cast<int>(sizeof header))
        return Error{QStringLiteral("\"%1\" is too short to be a NIfTI file.").arg(path)};
    std::int32_t sizeofHdr = 0;
    std::memcpy(&sizeofHdr, header, 4);
    if (sizeofHdr != 348 || std::memcmp(header + 344, "n+1", 4) != 0)
        return Error{QStringLiteral("\"%1\" is not a single-file NIfTI-1 image.").arg(path)};
    std::int16_t dim[8], datatype = 0, bitpix = 0;
    float pixdim[8], voxOffset = 0, srow[12], sclSlope = 0, sclInter = 0;
    std::memcpy(dim, header + 40, sizeof dim);
    std::memcpy(&datatype, header + 70, 2);
    std::memcpy(&bitpix, header + 72, 2);
    std::memcpy(pixdim, header + 76, sizeof pixdim);
    std::memcpy(&voxOffset, header + 108, 4);
    std::memcpy(&sclSlope, header + 112, 4);
    std::memcpy(&sclInter, header + 116, 4);
    std::memcpy(srow, header + 280, sizeof srow);

    const auto &g = reference.geometry();
    const std::array<std::int64_t, 3> dims{dim[1], dim[2], dim[3]};
    std::array<double, 16> affine{};
    for (int n = 0; n < 12; ++n)
        affine[static_cast<std::size_t>(n)] = srow[n];
    affine[15] = 1;
    const std::array<double, 16> expected = rasAffine(reference);
    bool same = dims[0] == g.dims[0] && dims[1] == g.dims[1] && dims[2] == g.dims[2] &&
                (dim[0] == 3 || (dim[0] == 4 && dim[4] == 1));
    for (int n = 0; n < 12 && same; ++n)
        same = std::abs(affine[static_cast<std::size_t>(n)] -
                        expected[static_cast<std::size_t>(n)]) < 1e-3;
    if (!same)
        return Error{QStringLiteral("\"%1\" is on another grid than the volume shown, so its "
                                    "labels would not line up.\nThe file: %2\nThe volume: %3")
                         .arg(path, gridText(dims, affine),
                              gridText({g.dims[0], g.dims[1], g.dims[2]}, expected))};
    int bytes = 0;
    switch (datatype) {
    case 2: bytes = 1; break;   // uint8
    case 256: bytes = 1; break; // int8
    case 4: bytes = 2; break;   // int16
    case 512: bytes = 2; break; // uint16
    case 8: bytes = 4; break;   // int32
    default:
        return Error{QStringLiteral("\"%1\" holds datatype %2; label maps must be integers "
                                    "(uint8, int16, uint16 or int32).")
                         .arg(path)
                         .arg(datatype)};
    }
    if (sclSlope != 0 && (sclSlope != 1 || sclInter != 0))
        return Error{QStringLiteral("\"%1\" scales its values (scl_slope %2, scl_inter %3); a "
                                    "label map must store the labels themselves.")
                         .arg(path)
                         .arg(sclSlope)
                         .arg(sclInter)};
    // Skip to the voxels.
    const auto skip = static_cast<long>(voxOffset) - static_cast<long>(sizeof header);
    if (skip < 0 || gzseek(gz, skip, SEEK_CUR) < 0)
        return Error{QStringLiteral("\"%1\" has a damaged header (vox_offset %2).")
                         .arg(path)
                         .arg(voxOffset)};
    const std::size_t count = g.voxelCount();
    std::vector<std::uint8_t> raw(count * static_cast<std::size_t>(bytes));
    std::size_t got = 0;
    while (got < raw.size()) {
        const auto n = static_cast<unsigned>(std::min<std::size_t>(raw.size() - got, 1u << 26));
        const int r = gzread(gz, raw.data() + got, n);
        if (r <= 0)
            break;
        got += static_cast<std::size_t>(r);
    }
    if (got != raw.size())
        return Error{QStringLiteral("\"%1\" is truncated: %2 of %3 voxel bytes.")
                         .arg(path)
                         .arg(got)
                         .arg(raw.size())};

    LabelFile out{{LabelMap(g)}, {}};
    LabelEdit edit(out.layers.front(), QStringLiteral("Read"));
    std::array<bool, 256> found{};
    const auto valueAt = [&](std::size_t n) -> std::int64_t {
        switch (datatype) {
        case 256: return static_cast<std::int8_t>(raw[n]);
        case 4: {
            std::int16_t v;
            std::memcpy(&v, raw.data() + 2 * n, 2);
            return v;
        }
        case 512: {
            std::uint16_t v;
            std::memcpy(&v, raw.data() + 2 * n, 2);
            return v;
        }
        case 8: {
            std::int32_t v;
            std::memcpy(&v, raw.data() + 4 * n, 4);
            return v;
        }
        default: return raw[n];
        }
    };
    for (std::int64_t k = 0; k < g.dims[2]; ++k)
        for (std::int64_t jn = 0; jn < g.dims[1]; ++jn)
            for (std::int64_t i = 0; i < g.dims[0]; ++i) {
                const std::size_t n =
                    static_cast<std::size_t>((k * g.dims[1] + jn) * g.dims[0] + i);
                const std::int64_t v = valueAt(n);
                if (v < 0 || v > 255)
                    return Error{QStringLiteral("\"%1\" holds the value %2; labels must be 0 to "
                                                "255.")
                                     .arg(path)
                                     .arg(v)};
                if (v) {
                    // NIfTI rows run bottom to top (see rasAffine).
                    edit.set(i, g.dims[1] - 1 - jn, k, static_cast<std::uint8_t>(v));
                    found[static_cast<std::size_t>(v)] = true;
                }
            }
    edit.finish();

    QFile sidecar(sidecarPath(path));
    if (sidecar.open(QIODevice::ReadOnly)) {
        const QJsonArray list = QJsonDocument::fromJson(sidecar.readAll())
                                    .object()
                                    .value(QStringLiteral("segments"))
                                    .toArray();
        for (const QJsonValue &v : list) {
            const QJsonObject o = v.toObject();
            Segment s;
            s.label = static_cast<std::uint8_t>(o.value(QStringLiteral("label")).toInt());
            s.name = o.value(QStringLiteral("name")).toString();
            const QJsonArray c = o.value(QStringLiteral("colour")).toArray();
            for (int n = 0; n < 3 && n < c.size(); ++n)
                s.colour[static_cast<std::size_t>(n)] = static_cast<std::uint8_t>(c[n].toInt());
            s.category = conceptOf(o.value(QStringLiteral("category")).toObject());
            s.type = conceptOf(o.value(QStringLiteral("type")).toObject());
            if (s.label)
                out.segments.push_back(s);
        }
    }
    for (int l = 1; l < 256; ++l) {
        const bool listed = std::any_of(out.segments.begin(), out.segments.end(),
                                        [&](const Segment &s) { return s.label == l; });
        if (found[static_cast<std::size_t>(l)] && !listed) {
            Segment s;
            s.label = static_cast<std::uint8_t>(l);
            s.name = QStringLiteral("Label %1").arg(l);
            out.segments.push_back(s);
        }
    }
    return out;
}

} // namespace loupe::nifti
