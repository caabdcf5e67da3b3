#pragma once

#include "core/geometry.h"

#include <QPointer>
#include <QWidget>

#include <vtkSmartPointer.h>

#include <array>
#include <memory>

class vtkActor;
class vtkLookupTable;
class vtkBoxRepresentation;
class vtkBoxWidget2;
class vtkPolyData;
class vtkRenderer;
class vtkVolume;

namespace loupe {

class Segmentation;
class SegmentSurfaces;
class Volume;
class VtkOpenGLWidget;

/// A 3D view of one Volume by GPU ray casting, with a transfer function chosen from the
/// data (a CT preset for Hounsfield units). Interaction: left drag rotates, right drag or
/// wheel zooms, middle drag (or Shift + left) pans, 'r' resets the camera. The slice views'
/// crosshair shows as three green lines through the volume; a clipping box (its faces dragged
/// with the left button) cuts the volume away outside it.
class VolumeView3D : public QWidget {
    Q_OBJECT
public:
    /// How the volume is rendered. Automatic picks CT soft tissue for Hounsfield units and
    /// MR default otherwise.
    enum class Preset { Automatic, CtSoftTissue, CtBone, Mip, MrDefault };

    explicit VolumeView3D(QWidget *parent = nullptr);
    ~VolumeView3D() override;

    /// Shows `volume` (nullptr clears the view) and frames it from the patient's front.
    void setVolume(std::shared_ptr<const Volume> volume);
    const std::shared_ptr<const Volume> &volume() const { return m_volume; }
    void resetCamera();
    /// Where the camera is, for keeping a view: patient millimetres, and the zoom.
    struct CameraPose {
        Vec3 position{0, 0, 0};
        Vec3 focalPoint{0, 0, 0};
        Vec3 viewUp{0, 0, 1};
        double viewAngle = 30; ///< degrees
    };
    CameraPose camera() const;
    void setCamera(const CameraPose &pose);
    void setPreset(Preset preset);
    Preset preset() const { return m_preset; }
    /// The preset in effect for the current volume (Automatic resolved).
    Preset effectivePreset() const;

    /// The crosshair, in patient (LPS) millimetres.
    void setCrosshair(const Vec3 &lps);
    const Vec3 &crosshair() const { return m_crosshair; }

    /// The clipping box: shown and cutting, or neither. It starts around the whole volume.
    void setClippingBoxEnabled(bool on);
    bool clippingBoxEnabled() const { return m_clipping; }
    /// The box in patient millimetres: x min, x max, y min, y max, z min, z max.
    void setClipBounds(const std::array<double, 6> &bounds);
    std::array<double, 6> clipBounds() const;
    /// The volume's extent in patient millimetres, in the same order.
    std::array<double, 6> volumeBounds() const;

    /// Segment surfaces to show with the volume (nullptr: none); recomputed on a worker after
    /// each edit.
    void setSegmentation(const Segmentation *segmentation);
    SegmentSurfaces *surfaces() const { return m_surfaces; }
    /// The actor showing the segment surfaces.
    vtkActor *surfaceActor() const;

    VtkOpenGLWidget *renderWidget() const { return m_view; }
    /// True once a frame showing the current volume has been drawn.
    bool hasRenderedVolume() const { return m_renderedVolume; }

signals:
    /// The first frame showing a newly set volume was drawn.
    void volumeRendered();

private:
    void onFrame();
    void applyPreset();
    void applyClipping();
    void updateCursor();
    void requestSurfaces();
    void showSurfaces();

    VtkOpenGLWidget *m_view = nullptr;
    std::shared_ptr<const Volume> m_volume;
    vtkSmartPointer<vtkVolume> m_actor;
    vtkSmartPointer<vtkBoxWidget2> m_box;
    vtkSmartPointer<vtkBoxRepresentation> m_boxShape;
    vtkSmartPointer<vtkPolyData> m_cursorLines;
    vtkSmartPointer<vtkActor> m_cursor;
    vtkSmartPointer<vtkRenderer> m_overlay; ///< the crosshair's layer
    Vec3 m_crosshair{0, 0, 0};
    SegmentSurfaces *m_surfaces = nullptr;
    vtkSmartPointer<vtkActor> m_surfaceActor;
    vtkSmartPointer<vtkLookupTable> m_segmentColours;
    QPointer<const Segmentation> m_segmentation;
    std::vector<QMetaObject::Connection> m_segmentationLinks;
    class QTimer *m_surfaceDelay = nullptr;
    bool m_clipping = false;
    Preset m_preset = Preset::Automatic;
    bool m_renderedVolume = false;
    quint64 m_frameAtSet = 0;
};

} // namespace loupe
