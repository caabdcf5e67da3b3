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

/// Slice `index` as 16-bit values in plane order (row by row, top to bottom). Volumes that
/// are not int16 are rounded and clamped to 16 bits for display.
void extractSlice16(const Volume &volume, SliceOrientation o, int index,
                    std::vector<std::int16_t> &out);

} // namespace loupe
