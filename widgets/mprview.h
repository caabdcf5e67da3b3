#pragma once

#include <QWidget>

#include <memory>

namespace loupe {

class ComputeBackend;
class SliceView;
class Volume;
class VolumeView3D;

/// The radiologist's 2×2 layout: axial, 3D, coronal and sagittal. The three slice views share
/// one crosshair (a click in one moves the others to that point) and one window/level.
class MprView : public QWidget {
    Q_OBJECT
public:
    explicit MprView(const ComputeBackend &compute, QWidget *parent = nullptr);

    void setVolume(std::shared_ptr<const Volume> volume);
    SliceView *axial() const { return m_axial; }
    SliceView *coronal() const { return m_coronal; }
    SliceView *sagittal() const { return m_sagittal; }
    VolumeView3D *view3D() const { return m_3d; }

private:
    void followCursor(SliceView *source);
    void followWindow(SliceView *source);

    SliceView *m_axial;
    SliceView *m_coronal;
    SliceView *m_sagittal;
    VolumeView3D *m_3d;
};

} // namespace loupe
