#pragma once

#include "core/volume.h"

#include <cstdint>
#include <vector>

namespace loupe {

/// The three planes of a volume's own grid, shown as radiologists expect for an axial
/// acquisition: axial with the patient's front up, coronal and sagittal with the head up.
enum class SliceOrientation { Axial, Coronal, Sagittal };

/// How a plane maps to the screen: `width` × `height` pixels of `spacingX` × `spacingY` mm.
/// Plane pixel (x, y) has y growing downwards on screen.
struct PlaneGeometry {
    int width = 0;
    int height = 0;
    double spacingX = 1;
    double spacingY = 1;
};

PlaneGeometry planeGeometry(const VolumeGeometry &g, SliceOrientation o);
/// How many slices of that orientation the volume has.
int sliceCount(const VolumeGeometry &g, SliceOrientation o);
/// Voxel (i, j, k) of plane pixel (x, y) of slice `index`.
Vec3 planeToVoxel(const VolumeGeometry &g, SliceOrientation o, int index, double x, double y);
/// Plane pixel (x, y) and slice index of a voxel position, the inverse of planeToVoxel.
Vec3 voxelToPlane(const VolumeGeometry &g, SliceOrientation o, const Vec3 &ijk);
/// The patient direction (LPS unit vector) that screen-right and screen-down point to.
Vec3 screenRight(const VolumeGeometry &g, SliceOrientation o);
Vec3 screenDown(const VolumeGeometry &g, SliceOrientation o);
/// The orientation letter of a patient direction: the dominant axis' letter, such as "L" for
/// +x in LPS, or two letters for oblique directions ("LA").
QString orientationLetters(const Vec3 &lps);

/// Which voxel each pixel of a slice plane shows: axis-aligned planes of the grid, or oblique
/// ones (the crosshair turned). Pixel (x, y) lies at voxel position origin + x stepX + y stepY;
/// stepNormal is one slice further on.
struct SlicePlane {
    int width = 0;
    int height = 0;
    double spacingX = 1; ///< mm per pixel
    double spacingY = 1;
    Vec3 origin{0, 0, 0};
    Vec3 stepX{1, 0, 0};
    Vec3 stepY{0, 1, 0};
    Vec3 stepNormal{0, 0, 1};
    SliceOrientation orientation = SliceOrientation::Axial;
    /// Pixels fall on voxel centres of slice `index` of the grid (the fast path).
    bool axisAligned = true;
    int index = 0;      ///< this plane's slice number
    int sliceCount = 1; ///< how many such slices cover the volume

    Vec3 toVoxel(double x, double y) const { return origin + x * stepX + y * stepY; }
    /// Plane pixel (x, y) of a voxel position, and how many slices it lies off the plane.
    Vec3 toPlane(const Vec3 &voxel) const;
};

/// Slice `index` of the grid in orientation o.
SlicePlane axisPlane(const VolumeGeometry &g, SliceOrientation o, int index);

/// Orientation o's plane turned by `rotation` (patient space) and moved to pass through
/// `throughVoxel`. The plane is square, wide enough for the whole volume at any angle, with the
/// finest voxel spacing as its pixel size (at most 1024 pixels a side); its pixel grid stays
/// put when the point moves within the plane, so only moving off the plane changes the picture.
SlicePlane obliquePlane(const VolumeGeometry &g, SliceOrientation o, const Mat3 &rotation,
                        const Vec3 &throughVoxel);

/// The patient direction (LPS unit vector) of a plane's screen-right and screen-down.
Vec3 screenRight(const VolumeGeometry &g, const SlicePlane &plane);
Vec3 screenDown(const VolumeGeometry &g, const SlicePlane &plane);

/// Samples any plane into 16-bit values (row by row): the grid's own voxels for axis-aligned
/// planes, trilinear interpolation otherwise (the CPU twin of the CUDA kernel for int16
/// volumes). Outside the volume: its minimum. Colour volumes give luminance.
void extractPlane16(const Volume &volume, const SlicePlane &plane, std::vector<std::int16_t> &out);

/// The value at a voxel position: exact on voxel centres, trilinear between them (luminance
/// for colour); NaN outside the volume.
double sampleValue(const Volume &volume, const Vec3 &voxel);

/// Slice `index` as 16-bit values in plane order (row by row, top to bottom). Volumes that
/// are not int16 are rounded and clamped to 16 bits for display.
void extractSlice16(const Volume &volume, SliceOrientation o, int index,
                    std::vector<std::int16_t> &out);

} // namespace loupe
