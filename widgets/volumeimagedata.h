#pragma once

#include <vtkSmartPointer.h>

#include <array>
#include <memory>

class vtkImageData;
class vtkMatrix4x4;

namespace loupe {

class Volume;

/// Wraps a Volume's voxels as vtkImageData without copying them (colour volumes are copied
/// once to RGBA, alpha = luminance, the layout VTK's ray caster needs). The image's grid is in
/// voxel-aligned coordinates (origin 0, the volume's spacing); `placement` rotates and moves
/// it into patient LPS space. The caller keeps the Volume alive as long as the image is used.
struct VolumeImage {
    vtkSmartPointer<vtkImageData> image;
    vtkSmartPointer<vtkMatrix4x4> placement;
};

VolumeImage wrapVolume(const Volume &volume);

} // namespace loupe
