#include "widgets/volumeview3d.h"

#include "widgets/volumeimagedata.h"
#include "widgets/vtkopenglwidget.h"

#include "core/labels/segmentation.h"
#include "core/volume.h"
#include "widgets/segmentsurfaces.h"

#include <QTimer>

#include <QVBoxLayout>

#include <algorithm>

#include <vtkActor.h>
#include <vtkBoxRepresentation.h>
#include <vtkBoxWidget2.h>
#include <vtkCallbackCommand.h>
#include <vtkCamera.h>
#include <vtkCellArray.h>
#include <vtkColorTransferFunction.h>
#include <vtkGPUVolumeRayCastMapper.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkImageData.h>
#include <vtkLookupTable.h>
#include <vtkMatrix4x4.h>
#include <vtkPiecewiseFunction.h>
#include <vtkPlane.h>
#include <vtkPlaneCollection.h>
#include <vtkPlanes.h>
#include <vtkPoints.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkVolume.h>
#include <vtkVolumeProperty.h>

namespace loupe {

namespace {

/// Skin translucent, soft tissue faint, bone opaque: the classic CT look.
void applyCtPreset(vtkColorTransferFunction *color, vtkPiecewiseFunction *opacity)
{
    color->AddRGBPoint(-1000, 0.0, 0.0, 0.0);
    color->AddRGBPoint(-500, 0.55, 0.25, 0.15);
    color->AddRGBPoint(-100, 0.88, 0.60, 0.50);
    color->AddRGBPoint(100, 0.95, 0.75, 0.65);
    color->AddRGBPoint(300, 1.0, 0.92, 0.80);
    color->AddRGBPoint(1500, 1.0, 1.0, 0.95);
    // Skin and fat faint enough to see organs and bone through them.
    opacity->AddPoint(-1000, 0.0);
    opacity->AddPoint(-400, 0.0);
    opacity->AddPoint(-150, 0.008);
    opacity->AddPoint(100, 0.02);
    opacity->AddPoint(180, 0.25);
    opacity->AddPoint(400, 0.7);
    opacity->AddPoint(1500, 0.9);
}

/// Bone only: everything below dense tissue is transparent.
void applyBonePreset(vtkColorTransferFunction *color, vtkPiecewiseFunction *opacity)
{
    color->AddRGBPoint(150, 0.85, 0.75, 0.6);
    color->AddRGBPoint(400, 1.0, 0.95, 0.85);
    color->AddRGBPoint(1500, 1.0, 1.0, 1.0);
    opacity->AddPoint(-1000, 0.0);
    opacity->AddPoint(150, 0.0);
    opacity->AddPoint(300, 0.5);
    opacity->AddPoint(1500, 0.9);
}

/// Maximum intensity projection: a grey ramp over the value range, fully opaque.
void applyMipPreset(double lo, double hi, vtkColorTransferFunction *color,
                    vtkPiecewiseFunction *opacity)
{
    color->AddRGBPoint(lo, 0, 0, 0);
    color->AddRGBPoint(hi, 1, 1, 1);
    opacity->AddPoint(lo, 1.0);
    opacity->AddPoint(hi, 1.0);
}

/// For data without known units: a ramp over the upper part of the value range.
void applyRangePreset(double lo, double hi, vtkColorTransferFunction *color,
                      vtkPiecewiseFunction *opacity)
{
    const double span = hi > lo ? hi - lo : 1.0;
    color->AddRGBPoint(lo, 0, 0, 0);
    color->AddRGBPoint(lo + 0.5 * span, 0.8, 0.6, 0.4);
    color->AddRGBPoint(hi, 1, 1, 1);
    opacity->AddPoint(lo, 0);
    opacity->AddPoint(lo + 0.2 * span, 0);
    opacity->AddPoint(hi, 0.8);
}

} // namespace

VolumeView3D::VolumeView3D(QWidget *parent) : QWidget(parent), m_view(new VtkOpenGLWidget(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_view);
    connect(m_view, &VtkOpenGLWidget::frameRendered, this, &VolumeView3D::onFrame);

    // The crosshair: three lines, drawn over the volume.
    m_cursorLines = vtkSmartPointer<vtkPolyData>::New();
    auto cursorMapper = vtkSmartPointer<vtkPolyDataMapper>::New();
    cursorMapper->SetInputData(m_cursorLines);
    m_cursor = vtkSmartPointer<vtkActor>::New();
    m_cursor->SetMapper(cursorMapper);
    m_cursor->GetProperty()->SetColor(90 / 255.0, 220 / 255.0, 120 / 255.0);
    m_cursor->GetProperty()->SetLineWidth(2);
    m_cursor->GetProperty()->LightingOff();
    m_cursor->VisibilityOff();
    m_cursor->PickableOff();
    // On a layer of its own above the volume, sharing the camera: the crosshair stays visible
    // inside an opaque rendering (MIP, dense bone).
    m_overlay = vtkSmartPointer<vtkRenderer>::New();
    m_overlay->SetLayer(1);
    m_overlay->InteractiveOff();
    m_overlay->SetActiveCamera(m_view->renderer()->GetActiveCamera());
    m_overlay->AddActor(m_cursor);
    m_view->renderWindow()->SetNumberOfLayers(2);
    m_view->renderWindow()->AddRenderer(m_overlay);

    // Segment surfaces: one actor, coloured by label through a lookup table.
    m_surfaces = new SegmentSurfaces(this);
    m_segmentColours = vtkSmartPointer<vtkLookupTable>::New();
    m_segmentColours->SetNumberOfTableValues(256);
    m_segmentColours->SetTableRange(0, 255);
    m_segmentColours->Build();
    auto surfaceMapper = vtkSmartPointer<vtkPolyDataMapper>::New();
    surfaceMapper->SetLookupTable(m_segmentColours);
    surfaceMapper->SetScalarRange(0, 255);
    surfaceMapper->SetColorModeToMapScalars();
    surfaceMapper->ScalarVisibilityOn();
    m_surfaceActor = vtkSmartPointer<vtkActor>::New();
    m_surfaceActor->SetMapper(surfaceMapper);
    m_surfaceActor->VisibilityOff();
    m_view->renderer()->AddActor(m_surfaceActor);
    m_surfaceDelay = new QTimer(this);
    m_surfaceDelay->setSingleShot(true);
    m_surfaceDelay->setInterval(60); // a stroke's dabs become one update
    connect(m_surfaceDelay, &QTimer::timeout, this, &VolumeView3D::requestSurfaces);
    connect(m_surfaces, &SegmentSurfaces::surfaceReady, this, &VolumeView3D::showSurfaces);

    // The clipping box: its faces are dragged; it does not turn, so it stays a box in the
    // patient's axes.
    m_boxShape = vtkSmartPointer<vtkBoxRepresentation>::New();
    m_boxShape->SetPlaceFactor(1.0);
    m_boxShape->HandlesOn();
    m_box = vtkSmartPointer<vtkBoxWidget2>::New();
    m_box->SetInteractor(m_view->interactor());
    m_box->SetDefaultRenderer(m_view->renderer());
    m_box->SetRepresentation(m_boxShape);
    m_box->RotationEnabledOff();
    auto moved = vtkSmartPointer<vtkCallbackCommand>::New();
    moved->SetClientData(this);
    moved->SetCallback([](vtkObject *, unsigned long, void *self, void *) {
        static_cast<VolumeView3D *>(self)->applyClipping();
    });
    m_box->AddObserver(vtkCommand::InteractionEvent, moved);
}

VolumeView3D::~VolumeView3D() = default;

void VolumeView3D::setVolume(std::shared_ptr<const Volume> volume)
{
    vtkRenderer *renderer = m_view->renderer();
    if (m_actor)
        renderer->RemoveVolume(m_actor);
    m_actor = nullptr;
    m_volume = std::move(volume);
    m_renderedVolume = false;
    m_frameAtSet = m_view->framesRendered();

    if (m_volume) {
        const VolumeImage wrapped = wrapVolume(*m_volume);
        auto mapper = vtkSmartPointer<vtkGPUVolumeRayCastMapper>::New();
        mapper->SetInputData(wrapped.image);
        // Half a voxel between samples: no wood-grain artefacts on thin shells.
        const auto &spacing = m_volume->geometry().spacing;
        mapper->SetAutoAdjustSampleDistances(0);
        mapper->SetSampleDistance(0.5 * std::min({spacing[0], spacing[1], spacing[2]}));

        m_actor = vtkSmartPointer<vtkVolume>::New();
        m_actor->SetMapper(mapper);
        m_actor->SetUserMatrix(wrapped.placement);
        applyPreset();
        renderer->AddVolume(m_actor);
        const auto b = volumeBounds();
        double bounds[6] = {b[0], b[1], b[2], b[3], b[4], b[5]};
        m_boxShape->PlaceWidget(bounds);
        if (m_clipping)
            m_box->On();
        applyClipping();
        const auto &d = m_volume->geometry().dims;
        m_crosshair = m_volume->geometry().voxelToPatient(
            {double(d[0] / 2), double(d[1] / 2), double(d[2] / 2)});
        resetCamera();
    } else if (m_clipping) {
        m_box->Off();
    }
    updateCursor();
    m_view->update();
}

vtkActor *VolumeView3D::surfaceActor() const
{
    return m_surfaceActor.Get();
}

void VolumeView3D::setSegmentation(const Segmentation *segmentation)
{
    for (const auto &link : m_segmentationLinks)
        disconnect(link);
    m_segmentationLinks.clear();
    m_segmentation = segmentation;
    if (segmentation)
        for (auto signal : {&Segmentation::labelsChanged, &Segmentation::segmentsChanged,
                            &Segmentation::displayChanged})
            m_segmentationLinks.push_back(
                connect(segmentation, signal, m_surfaceDelay, qOverload<>(&QTimer::start)));
    requestSurfaces();
}

void VolumeView3D::requestSurfaces()
{
    if (!m_segmentation || !m_volume || m_segmentation->volume() != m_volume) {
        m_surfaceActor->VisibilityOff();
        m_view->update();
        return;
    }
    for (const Segment &s : m_segmentation->segments())
        m_segmentColours->SetTableValue(s.label, s.colour[0] / 255.0, s.colour[1] / 255.0,
                                        s.colour[2] / 255.0, 1.0);
    m_surfaces->request(m_segmentation->snapshot(), m_volume->geometry().spacing,
                        m_segmentation->segments());
}

void VolumeView3D::showSurfaces()
{
    vtkPolyData *surface = m_surfaces->surface();
    static_cast<vtkPolyDataMapper *>(m_surfaceActor->GetMapper())->SetInputData(surface);
    m_surfaceActor->SetVisibility(m_volume && surface && surface->GetNumberOfPoints() > 0);
    if (m_actor)
        m_surfaceActor->SetUserMatrix(m_actor->GetUserMatrix());
    m_view->update();
}

std::array<double, 6> VolumeView3D::volumeBounds() const
{
    if (!m_actor)
        return {0, 0, 0, 0, 0, 0};
    double b[6];
    m_actor->GetBounds(b);
    return {b[0], b[1], b[2], b[3], b[4], b[5]};
}

void VolumeView3D::setCrosshair(const Vec3 &lps)
{
    m_crosshair = lps;
    updateCursor();
    m_view->update();
}

void VolumeView3D::updateCursor()
{
    m_cursor->SetVisibility(m_actor != nullptr);
    if (!m_actor)
        return;
    // One line along each patient axis through the crosshair, across the volume.
    const auto b = volumeBounds();
    auto points = vtkSmartPointer<vtkPoints>::New();
    auto lines = vtkSmartPointer<vtkCellArray>::New();
    for (int axis = 0; axis < 3; ++axis) {
        Vec3 from = m_crosshair, to = m_crosshair;
        from[axis] = b[2 * axis];
        to[axis] = b[2 * axis + 1];
        const vtkIdType ids[2] = {points->InsertNextPoint(from.data()),
                                  points->InsertNextPoint(to.data())};
        lines->InsertNextCell(2, ids);
    }
    m_cursorLines->SetPoints(points);
    m_cursorLines->SetLines(lines);
    m_cursorLines->Modified();
}

void VolumeView3D::setClippingBoxEnabled(bool on)
{
    m_clipping = on;
    if (m_actor)
        m_box->SetEnabled(on ? 1 : 0);
    applyClipping();
    m_view->update();
}

void VolumeView3D::setClipBounds(const std::array<double, 6> &bounds)
{
    double b[6] = {bounds[0], bounds[1], bounds[2], bounds[3], bounds[4], bounds[5]};
    m_boxShape->PlaceWidget(b);
    applyClipping();
    m_view->update();
}

std::array<double, 6> VolumeView3D::clipBounds() const
{
    const double *b = m_boxShape->GetBounds();
    return {b[0], b[1], b[2], b[3], b[4], b[5]};
}

void VolumeView3D::applyClipping()
{
    if (!m_actor)
        return;
    auto *mapper = static_cast<vtkGPUVolumeRayCastMapper *>(m_actor->GetMapper());
    if (!m_clipping) {
        mapper->RemoveAllClippingPlanes();
        return;
    }
    // The box's six faces in world (patient) coordinates. The representation's normals point
    // out of the box; the mapper keeps the side a normal points to, so they are turned in.
    auto faces = vtkSmartPointer<vtkPlanes>::New();
    m_boxShape->GetPlanes(faces);
    auto inward = vtkSmartPointer<vtkPlaneCollection>::New();
    for (int n = 0; n < faces->GetNumberOfPlanes(); ++n) {
        vtkPlane *face = faces->GetPlane(n);
        auto plane = vtkSmartPointer<vtkPlane>::New();
        plane->SetOrigin(face->GetOrigin());
        const double *normal = face->GetNormal();
        plane->SetNormal(-normal[0], -normal[1], -normal[2]);
        inward->AddItem(plane);
    }
    mapper->SetClippingPlanes(inward);
    m_view->update();
}

VolumeView3D::Preset VolumeView3D::effectivePreset() const
{
    if (m_preset != Preset::Automatic)
        return m_preset;
    return m_volume && m_volume->info().units == QLatin1String("HU") ? Preset::CtSoftTissue
                                                                     : Preset::MrDefault;
}

void VolumeView3D::setPreset(Preset preset)
{
    m_preset = preset;
    applyPreset();
    m_view->update();
}

void VolumeView3D::applyPreset()
{
    if (!m_actor || !m_volume)
        return;
    auto color = vtkSmartPointer<vtkColorTransferFunction>::New();
    auto opacity = vtkSmartPointer<vtkPiecewiseFunction>::New();
    const Preset preset = effectivePreset();
    const double lo = m_volume->minimum(), hi = m_volume->maximum();
    switch (preset) {
    case Preset::CtBone: applyBonePreset(color, opacity); break;
    case Preset::Mip: applyMipPreset(lo, hi, color, opacity); break;
    case Preset::MrDefault: applyRangePreset(lo, hi, color, opacity); break;
    case Preset::Automatic:
    case Preset::CtSoftTissue: applyCtPreset(color, opacity); break;
    }
    auto *mapper = static_cast<vtkGPUVolumeRayCastMapper *>(m_actor->GetMapper());
    if (preset == Preset::Mip)
        mapper->SetBlendModeToMaximumIntensity();
    else
        mapper->SetBlendModeToComposite();

    auto property = vtkSmartPointer<vtkVolumeProperty>::New();
    if (m_volume->isColour()) {
        // Colour comes from the voxels; opacity follows their luminance (the alpha component).
        mapper->SetBlendModeToComposite();
        property->IndependentComponentsOff();
        opacity->RemoveAllPoints();
        opacity->AddPoint(0, 0.0);
        opacity->AddPoint(20, 0.0);
        opacity->AddPoint(255, 0.8);
    }
    property->SetColor(color);
    property->SetScalarOpacity(opacity);
    property->SetInterpolationTypeToLinear();
    property->SetShade(preset != Preset::Mip);
    property->SetAmbient(0.3);
    property->SetDiffuse(0.7);
    property->SetSpecular(0.2);
    m_actor->SetProperty(property);
}

VolumeView3D::CameraPose VolumeView3D::camera() const
{
    vtkCamera *camera = m_view->renderer()->GetActiveCamera();
    CameraPose pose;
    camera->GetPosition(pose.position.data());
    camera->GetFocalPoint(pose.focalPoint.data());
    camera->GetViewUp(pose.viewUp.data());
    pose.viewAngle = camera->GetViewAngle();
    return pose;
}

void VolumeView3D::setCamera(const CameraPose &pose)
{
    vtkCamera *camera = m_view->renderer()->GetActiveCamera();
    camera->SetPosition(pose.position.data());
    camera->SetFocalPoint(pose.focalPoint.data());
    camera->SetViewUp(pose.viewUp.data());
    camera->SetViewAngle(pose.viewAngle);
    m_view->renderer()->ResetCameraClippingRange();
    m_view->update();
}

void VolumeView3D::resetCamera()
{
    vtkRenderer *renderer = m_view->renderer();
    vtkCamera *camera = renderer->GetActiveCamera();
    // Patient LPS: anterior is -Y and superior is +Z. Look at the patient's front, head up,
    // turned a little so the view reads as 3D.
    camera->SetFocalPoint(0, 0, 0);
    camera->SetPosition(0, -1, 0);
    camera->SetViewUp(0, 0, 1);
    camera->Azimuth(30);
    camera->Elevation(15);
    renderer->ResetCamera();
    renderer->ResetCameraClippingRange();
    m_view->update();
}

void VolumeView3D::onFrame()
{
    if (m_volume && !m_renderedVolume && m_view->framesRendered() > m_frameAtSet) {
        m_renderedVolume = true;
        emit volumeRendered();
    }
}

} // namespace loupe
