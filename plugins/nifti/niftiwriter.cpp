#include "niftiwriter.h"

#include "core/volume.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>

#include <zlib.h>

#include <cmath>
#include <cstring>
#include <vector>

namespace loupe::nifti {

namespace {

#pragma pack(push, 1)
/// The NIfTI-1 header, field for field (348 bytes), followed by 4 extension bytes.
struct Header {
    std::int32_t sizeof_hdr = 348;
    char data_type[10] = {};
    char db_name[18] = {};
    std::int32_t extents = 0;
    std::int16_t session_error = 0;
    char regular = 'r';
    char dim_info = 0;
    std::int16_t dim[8] = {};
    float intent_p1 = 0, intent_p2 = 0, intent_p3 = 0;
    std::int16_t intent_code = 0;
    std::int16_t datatype = 0;
    std::int16_t bitpix = 0;
    std::int16_t slice_start = 0;
    float pixdim[8] = {};
    float vox_offset = 352;
    float scl_slope = 1;
    float scl_inter = 0;
    std::int16_t slice_end = 0;
    char slice_code = 0;
    char xyzt_units = 2 | 8; // millimetres, seconds
    float cal_max = 0, cal_min = 0;
    float slice_duration = 0;
    float toffset = 0;
    std::int32_t glmax = 0, glmin = 0;
    char descrip[80] = {};
    char aux_file[24] = {};
    std::int16_t qform_code = 1; // scanner anatomical
    std::int16_t sform_code = 1;
    float quatern_b = 0, quatern_c = 0, quatern_d = 0;
    float qoffset_x = 0, qoffset_y = 0, qoffset_z = 0;
    float srow_x[4] = {}, srow_y[4] = {}, srow_z[4] = {};
    char intent_name[16] = {};
    char magic[4] = {'n', '+', '1', '\0'};
    char extension[4] = {0, 0, 0, 0};
};
#pragma pack(pop)
static_assert(sizeof(Header) == 352, "NIfTI-1 header plus extension flag is 352 bytes");

std::pair<std::int16_t, std::int16_t> datatypeOf(ScalarType t)
{
    switch (t) {
    case ScalarType::UInt8: return {2, 8};
    case ScalarType::Int16: return {4, 16};
    case ScalarType::Int32: return {8, 32};
    case ScalarType::Float32: return {16, 32};
    case ScalarType::UInt16: return {512, 16};
    case ScalarType::Rgb8: return {128, 24}; // NIFTI_TYPE_RGB24: R G B per voxel
    }
    return {0, 0};
}

/// NIfTI's quaternion of the rotation part of the affine (after taking out spacing and the
/// sign of the determinant, which goes to qfac = pixdim[0]).
void setQuaternion(Header &h, const std::array<double, 16> &m, const Vec3 &spacing)
{
    double r[3][3];
    for (int row = 0; row < 3; ++row)
        for (int c = 0; c < 3; ++c)
            r[row][c] = m[row * 4 + c] / spacing[c];
    const double det = r[0][0] * (r[1][1] * r[2][2] - r[1][2] * r[2][1]) -
                       r[0][1] * (r[1][0] * r[2][2] - r[1][2] * r[2][0]) +
                       r[0][2] * (r[1][0] * r[2][1] - r[1][1] * r[2][0]);
    double qfac = 1;
    if (det < 0) {
        qfac = -1;
        for (auto &row : r)
            row[2] = -row[2];
    }
    double a = r[0][0] + r[1][1] + r[2][2] + 1, b, c, d;
    if (a > 0.5) {
        a = 0.5 * std::sqrt(a);
        b = 0.25 * (r[2][1] - r[1][2]) / a;
        c = 0.25 * (r[0][2] - r[2][0]) / a;
        d = 0.25 * (r[1][0] - r[0][1]) / a;
    } else {
        const double xd = 1 + r[0][0] - (r[1][1] + r[2][2]);
        const double yd = 1 + r[1][1] - (r[0][0] + r[2][2]);
        const double zd = 1 + r[2][2] - (r[0][0] + r[1][1]);
        if (xd > 1) {
            b = 0.5 * std::sqrt(xd);
            c = 0.25 * (r[0][1] + r[1][0]) / b;
            d = 0.25 * (r[0][2] + r[2][0]) / b;
            a = 0.25 * (r[2][1] - r[1][2]) / b;
        } else if (yd > 1) {
            c = 0.5 * std::sqrt(yd);
            b = 0.25 * (r[0][1] + r[1][0]) / c;
            d = 0.25 * (r[1][2] + r[2][1]) / c;
            a = 0.25 * (r[0][2] - r[2][0]) / c;
        } else {
            d = 0.5 * std::sqrt(zd);
            b = 0.25 * (r[0][2] + r[2][0]) / d;
            c = 0.25 * (r[1][2] + r[2][1]) / d;
            a = 0.25 * (r[1][0] - r[0][1]) / d;
        }
        if (a < 0) {
            b = -b;
            c = -c;
            d = -d;
        }
    }
    h.quatern_b = static_cast<float>(b);
    h.quatern_c = static_cast<float>(c);
    h.quatern_d = static_cast<float>(d);
    h.pixdim[0] = static_cast<float>(qfac);
}

/// Voxels in NIfTI order: each slice's rows bottom to top.
std::vector<char> flippedVoxels(const Volume &volume)
{
    const VolumeGeometry &g = volume.geometry();
    const std::size_t rowBytes =
        static_cast<std::size_t>(g.dims[0]) * scalarSize(volume.scalarType());
    std::vector<char> out(volume.sizeInBytes());
    const char *in = static_cast<const char *>(volume.data());
    for (std::int64_t k = 0; k < g.dims[2]; ++k)
        for (std::int64_t j = 0; j < g.dims[1]; ++j) {
            const std::size_t from =
                volume.index(0, g.dims[1] - 1 - j, k) * scalarSize(volume.scalarType());
            const std::size_t to = volume.index(0, j, k) * scalarSize(volume.scalarType());
            std::memcpy(out.data() + to, in + from, rowBytes);
        }
    return out;
}

} // namespace

std::array<double, 16> rasAffine(const Volume &volume)
{
    const VolumeGeometry &g = volume.geometry();
    std::array<double, 16> m = g.voxelToPatientMatrix(); // LPS
    // Flip rows: NIfTI j' = rows - 1 - j.
    const double last = static_cast<double>(g.dims[1] - 1);
    for (int r = 0; r < 3; ++r) {
        m[r * 4 + 3] += last * m[r * 4 + 1];
        m[r * 4 + 1] = -m[r * 4 + 1];
    }
    // LPS -> RAS: negate x and y.
    for (int c = 0; c < 4; ++c) {
        m[0 * 4 + c] = -m[0 * 4 + c];
        m[1 * 4 + c] = -m[1 * 4 + c];
    }
    return m;
}

Result<void> writeNifti(const Volume &volume, const QString &path)
{
    const VolumeGeometry &g = volume.geometry();
    Header h;
    const auto [datatype, bitpix] = datatypeOf(volume.scalarType());
    h.datatype = datatype;
    h.bitpix = bitpix;
    h.dim[0] = 3;
    for (int a = 0; a < 3; ++a) {
        if (g.dims[a] > 32767)
            return Error{
                QStringLiteral("Cannot write \"%1\": NIfTI-1 holds at most 32767 voxels per "
                               "axis, and this volume has %2.")
                    .arg(path)
                    .arg(g.dims[a])};
        h.dim[a + 1] = static_cast<std::int16_t>(g.dims[a]);
        h.pixdim[a + 1] = static_cast<float>(g.spacing[a]);
    }
    for (int a = 4; a < 8; ++a)
        h.dim[a] = 1;
    const std::array<double, 16> m = rasAffine(volume);
    for (int c = 0; c < 4; ++c) {
        h.srow_x[c] = static_cast<float>(m[0 * 4 + c]);
        h.srow_y[c] = static_cast<float>(m[1 * 4 + c]);
        h.srow_z[c] = static_cast<float>(m[2 * 4 + c]);
    }
    h.qoffset_x = static_cast<float>(m[3]);
    h.qoffset_y = static_cast<float>(m[7]);
    h.qoffset_z = static_cast<float>(m[11]);
    setQuaternion(h, m, g.spacing);
    h.cal_min = static_cast<float>(volume.minimum());
    h.cal_max = static_cast<float>(volume.maximum());
    const QByteArray description = ("Loupe " + volume.info().seriesDescription.toUtf8()).left(79);
    std::memcpy(h.descrip, description.constData(), static_cast<std::size_t>(description.size()));

    const std::vector<char> voxels = flippedVoxels(volume);
    const bool gzip = path.endsWith(QStringLiteral(".gz"), Qt::CaseInsensitive);
    const auto failed = [&](const QString &why) {
        return Error{QStringLiteral("Cannot write \"%1\": %2. Check free space and permissions.")
                         .arg(path, why)};
    };

    if (!gzip) {
        // QSaveFile: a crash or full disk never leaves a half-written file under the name.
        QSaveFile file(path);
        if (!file.open(QIODevice::WriteOnly))
            return failed(file.errorString());
        if (file.write(reinterpret_cast<const char *>(&h), sizeof h) != sizeof h ||
            file.write(voxels.data(), static_cast<qint64>(voxels.size())) !=
                static_cast<qint64>(voxels.size()) ||
            !file.commit())
            return failed(file.errorString());
        return {};
    }

    const QString partial = path + QStringLiteral(".partial");
    gzFile gz = gzopen(QFile::encodeName(partial).constData(), "wb6");
    if (!gz)
        return failed(QStringLiteral("the file cannot be created"));
    bool ok = gzwrite(gz, &h, sizeof h) == static_cast<int>(sizeof h);
    const std::size_t chunk = 1 << 24;
    for (std::size_t at = 0; ok && at < voxels.size(); at += chunk) {
        const auto n = static_cast<unsigned>(std::min(chunk, voxels.size() - at));
        ok = gzwrite(gz, voxels.data() + at, n) == static_cast<int>(n);
    }
    ok = (gzclose(gz) == Z_OK) && ok;
    if (!ok) {
        QFile::remove(partial);
        return failed(QStringLiteral("writing failed"));
    }
    QFile::remove(path);
    if (!QFile::rename(partial, path)) {
        QFile::remove(partial);
        return failed(QStringLiteral("the finished file could not be renamed into place"));
    }
    return {};
}

} // namespace loupe::nifti
