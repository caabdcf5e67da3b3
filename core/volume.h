#pragma once

#include "core/geometry.h"

#include <QString>

#include <array>
#include <cstddef>
#include <cstdint>
#include <memory>
#include <vector>

namespace loupe {

/// Voxel types. Rgb8 is colour: three bytes (red, green, blue) per voxel, as colour DICOM
/// (RGB, or YBR converted to RGB) holds it; every other type is one value per voxel.
enum class ScalarType : std::uint8_t { UInt8, Int16, UInt16, Int32, Float32, Rgb8 };

/// Bytes per voxel of a scalar type.
std::size_t scalarSize(ScalarType type);
/// Values per voxel: 3 for Rgb8, 1 otherwise.
int componentCount(ScalarType type);
const char *scalarTypeName(ScalarType type);

/// Where a voxel grid sits in the patient: the one voxel -> patient (LPS, mm) transform.
///
/// patient = origin + direction * diag(spacing) * (i, j, k)
/// The direction's columns are the unit vectors of the i, j and k axes in LPS. They are
/// orthonormal for ordinary acquisitions; with gantry tilt the k column is oblique.
struct VolumeGeometry {
    std::array<std::int64_t, 3> dims{0, 0, 0}; ///< columns, rows, slices
    Vec3 spacing{1, 1, 1};                     ///< mm between voxel centres along i, j, k
    Vec3 origin{0, 0, 0};                      ///< centre of voxel (0, 0, 0), LPS mm
    Mat3 direction = identity3();              ///< row-major; columns are axis directions

    std::size_t voxelCount() const;
    Vec3 voxelToPatient(const Vec3 &ijk) const;
    Vec3 patientToVoxel(const Vec3 &lps) const;
    /// 4x4 row-major voxel -> patient matrix (the affine of the grid).
    std::array<double, 16> voxelToPatientMatrix() const;
    bool isValid() const;
};

/// A window preset in output (rescaled) units, such as Hounsfield units for CT.
struct WindowPreset {
    QString name;
    double center = 0;
    double width = 1;
};

/// The file (and frame of a multi-frame file) that filled one slice of a volume.
struct SliceSource {
    QString path; ///< empty for a slice no file filled
    int frame = 0;
};

/// What is known about where a volume came from. Display state does not live here.
struct VolumeInfo {
    QString modality;
    QString patientName;
    QString patientId;
    QString studyInstanceUid;
    QString seriesInstanceUid;
    QString seriesDescription;
    QString units;               ///< "HU" for CT, empty when unknown
    double rescaleSlope = 1;     ///< as found in the files; already applied to the voxels
    double rescaleIntercept = 0; ///< as found in the files; already applied to the voxels
    std::vector<WindowPreset> windows;
    /// MONOCHROME1: the files mean higher values to look darker. The values stay as they are;
    /// views invert their grey ramp.
    bool invertGrey = false;
    /// Grid slices that no image filled (missing from the series, or unreadable); they hold
    /// the lowest value until fillMissingSlices() interpolates them.
    std::vector<int> missingSlices;
    /// Where each grid slice (k) came from, for a tag browser; empty when the reader does not
    /// say.
    std::vector<SliceSource> sliceSources;
};

/// One voxel buffer with its geometry: allocated once, filled by a reader, then shared
/// immutably (std::shared_ptr<const Volume>) between views, tools and exporters.
///
/// Voxels are stored with i fastest, then j, then k; values are in output units (rescale
/// already applied).
class Volume {
public:
    /// Allocates a zeroed buffer (page-aligned for large volumes). Returns nullptr when the
    /// geometry is invalid or the memory cannot be had.
    static std::shared_ptr<Volume> allocate(const VolumeGeometry &geometry, ScalarType type);

    const VolumeGeometry &geometry() const { return m_geometry; }
    ScalarType scalarType() const { return m_type; }
    const VolumeInfo &info() const { return m_info; }
    void setInfo(VolumeInfo info) { m_info = std::move(info); }

    std::size_t sizeInBytes() const { return m_bytes; }
    const void *data() const { return m_data.get(); }
    void *mutableData() { return m_data.get(); }
    template <typename T>
    const T *dataAs() const
    {
        return static_cast<const T *>(data());
    }
    template <typename T>
    T *mutableDataAs()
    {
        return static_cast<T *>(mutableData());
    }

    std::size_t index(std::int64_t i, std::int64_t j, std::int64_t k) const
    {
        return static_cast<std::size_t>((k * m_geometry.dims[1] + j) * m_geometry.dims[0] + i);
    }
    /// The voxel's value as double; for checks and tools, not for hot loops. Colour voxels
    /// give their luminance (Rec. 601: 0.299 R + 0.587 G + 0.114 B).
    double valueAt(std::int64_t i, std::int64_t j, std::int64_t k) const;
    /// Component `c` of the voxel (red, green or blue for colour; c = 0 otherwise).
    double componentAt(std::int64_t i, std::int64_t j, std::int64_t k, int c) const;
    bool isColour() const { return m_type == ScalarType::Rgb8; }

    /// Minimum and maximum voxel value (over all components for colour); computed by updateRange()
    /// once the buffer is filled.
    double minimum() const { return m_min; }
    double maximum() const { return m_max; }
    void updateRange();

private:
    Volume() = default;
    struct Free {
        void operator()(void *p) const;
    };

    VolumeGeometry m_geometry;
    ScalarType m_type = ScalarType::Int16;
    VolumeInfo m_info;
    std::size_t m_bytes = 0;
    std::unique_ptr<void, Free> m_data;
    double m_min = 0;
    double m_max = 0;
};

} // namespace loupe
