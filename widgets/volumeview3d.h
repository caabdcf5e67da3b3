#pragma once

#include <QWidget>

#include <vtkSmartPointer.h>

#include <memory>

class vtkVolume;

namespace loupe {

class Volume;
class VtkOpenGLWidget;

/// A 3D view of one Volume by GPU ray casting, with a transfer function chosen from the
/// data (a CT preset for Hounsfield units). Interaction: left drag rotates, right drag or
/// wheel zooms, middle drag (or Shift + left) pans, 'r' resets the camera.
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
    void setPreset(Preset preset);
    Preset preset() const { return m_preset; }
    /// The preset in effect for the current volume (Automatic resolved).
    Preset effectivePreset() const;

    VtkOpenGLWidget *renderWidget() const { return m_view; }
    /// True once a frame showing the current volume has been drawn.
    bool hasRenderedVolume() const { return m_renderedVolume; }

signals:
    /// The first frame showing a newly set volume was drawn.
    void volumeRendered();

private:
    void onFrame();
    void applyPreset();

    VtkOpenGLWidget *m_view = nullptr;
    std::shared_ptr<const Volume> m_volume;
    vtkSmartPointer<vtkVolume> m_actor;
    Preset m_preset = Preset::Automatic;
    bool m_renderedVolume = false;
    quint64 m_frameAtSet = 0;
};

} // namespace loupe
