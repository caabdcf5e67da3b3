#include "core/volume.h"

#include <algorithm>
#include <cstdlib>
#include <limits>

namespace loupe {

std::size_t scalarSize(ScalarType type)
{
    switch (type) {
    case ScalarType::UInt8: return 1;
    case ScalarType::Int16:
    case ScalarType::UInt16: return 2;
    case ScalarType::Int32:
    case ScalarType::Float32: return 4;
    case ScalarType::Rgb8: return 3;
    }
    return 1;
}

int componentCount(ScalarType type)
{
    return type == ScalarType::Rgb8 ? 3 : 1;
}

const char *scalarTypeName(ScalarType type)
{
    switch (type) {
    case ScalarType::UInt8: return "uint8";
    case ScalarType::Int16: return "int16";
    case ScalarType::UInt16: return "uint16";
    case ScalarType::Int32: return "int32";
    case ScalarType::Float32: return "float32";
    case ScalarType::Rgb8: return "rgb8";
    }
    return "?";
}

std::size_t VolumeGeometry::voxelCount() const
{
    return static_cast<std::size_t>(dims[0]) * static_cast<std::size_t>(dims[1]) *
           static_cast<std::size_t>(dims[2]);
}

bool VolumeGeometry::isValid() const
{
    return dims[0] > 0 && dims[1] > 0 && dims[2] > 0 && spacing[0] > 0 && spacing[1] > 0 &&
           spacing[2] > 0;
}

Vec3 VolumeGeometry::voxelToPatient(const Vec3 &ijk) const
{
    const Vec3 scaled{ijk[0] * spacing[0], ijk[1] * spacing[1], ijk[2] * spacing[2]};
    return origin + multiply(direction, scaled);
}

Vec3 VolumeGeometry::patientToVoxel(const Vec3 &lps) const
{
    // General inverse: the direction may be oblique (gantry tilt), so no transpose shortcut.
    const Mat3 inv = inverse(direction);
    const Vec3 d = multiply(inv, lps - origin);
    return {d[0] / spacing[0], d[1] / spacing[1], d[2] / spacing[2]};
}

std::array<double, 16> VolumeGeometry::voxelToPatientMatrix() const
{
    std::array<double, 16> out{};
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c)
            out[r * 4 + c] = direction[r * 3 + c] * spacing[c];
        out[r * 4 + 3] = origin[r];
    }
    out[15] = 1;
    return out;
}

void Volume::Free::operator()(void *p) const
{
    std::free(p);
}

std::shared_ptr<Volume> Volume::allocate(const VolumeGeometry &geometry, ScalarType type)
{
    if (!geometry.isValid())
        return nullptr;
    const std::size_t count = geometry.voxelCount();
    const std::size_t size = scalarSize(type);
    if (count > std::numeric_limits<std::size_t>::max() / size)
        return nullptr;
    const std::size_t bytes = count * size;
    // calloc: large blocks come zeroed straight from the OS (mmap), page-aligned, and cost
    // nothing until a reader writes them; no separate pass to clear 200 MB.
    void *p = std::calloc(bytes, 1);
    if (!p)
        return nullptr;
    std::shared_ptr<Volume> volume(new Volume());
    volume->m_geometry = geometry;
    volume->m_type = type;
    volume->m_bytes = bytes;
    volume->m_data.reset(p);
    return volume;
}

double Volume::valueAt(std::int64_t i, std::int64_t j, std::int64_t k) const
{
    const std::size_t at = index(i, j, k);
    switch (m_type) {
    case ScalarType::UInt8: return dataAs<std::uint8_t>()[at];
    case ScalarType::Int16: return dataAs<std::int16_t>()[at];
    case ScalarType::UInt16: return dataAs<std::uint16_t>()[at];
    case ScalarType::Int32: return dataAs<std::int32_t>()[at];
    case ScalarType::Float32: return dataAs<float>()[at];
    case ScalarType::Rgb8: {
        const std::uint8_t *rgb = dataAs<std::uint8_t>() + at * 3;
        return 0.299 * rgb[0] + 0.587 * rgb[1] + 0.114 * rgb[2];
    }
    }
    return 0;
}

double Volume::componentAt(std::int64_t i, std::int64_t j, std::int64_t k, int c) const
{
    if (m_type == ScalarType::Rgb8)
        return dataAs<std::uint8_t>()[index(i, j, k) * 3 + static_cast<std::size_t>(c)];
    return valueAt(i, j, k);
}

namespace {
template <typename T>
std::pair<double, double> rangeOf(const T *p, std::size_t n)
{
    if (n == 0)
        return {0, 0};
    const auto [lo, hi] = std::minmax_element(p, p + n);
    return {static_cast<double>(*lo), static_cast<double>(*hi)};
}
} // namespace

void Volume::updateRange()
{
    const std::size_t n = m_geometry.voxelCount();
    std::pair<double, double> r{0, 0};
    switch (m_type) {
    case ScalarType::UInt8: r = rangeOf(dataAs<std::uint8_t>(), n); break;
    case ScalarType::Int16: r = rangeOf(dataAs<std::int16_t>(), n); break;
    case ScalarType::UInt16: r = rangeOf(dataAs<std::uint16_t>(), n); break;
    case ScalarType::Int32: r = rangeOf(dataAs<std::int32_t>(), n); break;
    case ScalarType::Float32: r = rangeOf(dataAs<float>(), n); break;
    case ScalarType::Rgb8: r = rangeOf(dataAs<std::uint8_t>(), n * 3); break;
    }
    m_min = r.first;
    m_max = r.second;
}

} // namespace loupe
