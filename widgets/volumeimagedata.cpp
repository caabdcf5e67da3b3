#include "widgets/volumeimagedata.h"

#include "core/volume.h"

#include <vtkFloatArray.h>
#include <vtkImageData.h>
#include <vtkIntArray.h>
#include <vtkMatrix4x4.h>
#include <vtkPointData.h>
#include <vtkShortArray.h>
#include <vtkUnsignedCharArray.h>
#include <vtkUnsignedShortArray.h>

namespace loupe {

namespace {

template <typename ArrayType, typename T>
vtkSmartPointer<vtkDataArray> borrow(const Volume &volume)
{
    auto array = vtkSmartPointer<ArrayType>::New();
    // save = 1: VTK must not free the buffer; the Volume owns it. VTK's API is not const,
    // but nothing in Loupe's pipeline writes through it.
    array->SetArray(const_cast<T *>(volume.dataAs<T>()),
                    static_cast<vtkIdType>(volume.geometry().voxelCount()), 1);
    array->SetName("voxels");
    return array;
}

/// Colour voxels as RGBA, alpha = luminance: VTK's ray caster takes colour straight from the
/// data only with four components ("dependent components"), and the alpha drives opacity.
/// A copy, owned by the array.
vtkSmartPointer<vtkDataArray> rgbaOf(const Volume &volume)
{
    auto array = vtkSmartPointer<vtkUnsignedCharArray>::New();
    array->SetNumberOfComponents(4);
    const std::size_t n = volume.geometry().voxelCount();
    array->SetNumberOfTuples(static_cast<vtkIdType>(n));
    const std::uint8_t *in = volume.dataAs<std::uint8_t>();
    std::uint8_t *out = array->GetPointer(0);
    for (std::size_t i = 0; i < n; ++i, in += 3, out += 4) {
        out[0] = in[0];
        out[1] = in[1];
        out[2] = in[2];
        out[3] = static_cast<std::uint8_t>((299 * in[0] + 587 * in[1] + 114 * in[2] + 500) / 1000);
    }
    array->SetName("voxels");
    return array;
}

} // namespace

VolumeImage wrapVolume(const Volume &volume)
{
    const VolumeGeometry &g = volume.geometry();
    VolumeImage out;
    out.image = vtkSmartPointer<vtkImageData>::New();
    out.image->SetDimensions(static_cast<int>(g.dims[0]), static_cast<int>(g.dims[1]),
                             static_cast<int>(g.dims[2]));
    out.image->SetSpacing(g.spacing[0], g.spacing[1], g.spacing[2]);
    out.image->SetOrigin(0, 0, 0);

    vtkSmartPointer<vtkDataArray> scalars;
    switch (volume.scalarType()) {
    case ScalarType::UInt8: scalars = borrow<vtkUnsignedCharArray, std::uint8_t>(volume); break;
    case ScalarType::Int16: scalars = borrow<vtkShortArray, std::int16_t>(volume); break;
    case ScalarType::UInt16: scalars = borrow<vtkUnsignedShortArray, std::uint16_t>(volume); break;
    case ScalarType::Int32: scalars = borrow<vtkIntArray, std::int32_t>(volume); break;
    case ScalarType::Float32: scalars = borrow<vtkFloatArray, float>(volume); break;
    case ScalarType::Rgb8: scalars = rgbaOf(volume); break;
    }
    out.image->GetPointData()->SetScalars(scalars);

    // Grid (spacing already applied by the image) -> patient: direction columns + origin.
    out.placement = vtkSmartPointer<vtkMatrix4x4>::New();
    out.placement->Identity();
    for (int r = 0; r < 3; ++r) {
        for (int c = 0; c < 3; ++c)
            out.placement->SetElement(r, c, g.direction[r * 3 + c]);
        out.placement->SetElement(r, 3, g.origin[r]);
    }
    return out;
}

} // namespace loupe
