#pragma once

#include "core/geometry.h"
#include "widgets/slicerender.h"

#include <QWidget>

#include <memory>

namespace loupe {

class ComputeBackend;
class SliceView;
class Volume;
class VolumeView3D;

/// The radiologist's views: axial, coronal, sagittal and 3D, laid out 2×2, one large with
/// three beside it (1+3), or one alone (1×1). The three slice views share one crosshair (a
/// click in one moves the others to that point) and one window/level. Turning the crosshair in
/// one view turns the other two views' planes about its normal (oblique reslicing).
class MprView : public QWidget {
    Q_OBJECT
public:
    enum class Layout { Grid2x2, OnePlusThree, Single };
    /// Which view is the large one in 1+3 and the only one in 1×1.
    enum class Focus { Axial, Coronal, Sagittal, View3D };

    explicit MprView(const ComputeBackend &compute, QWidget *parent = nullptr);

    void setVolume(std::shared_ptr<const Volume> volume);
    SliceView *axial() const { return m_axial; }
    SliceView *coronal() const { return m_coronal; }
    SliceView *sagittal() const { return m_sagittal; }
    VolumeView3D *view3D() const { return m_3d; }

    void setLayout(Layout layout, Focus focus);
    /// Sets the window of every slice view.
    void setWindow(Window window);
    /// Moves the crosshair of every view (and the 3D view's) to a voxel position.
    void setCrosshair(const Vec3 &voxel);
    /// Back to the grid's own planes after the crosshair was turned.
    void resetRotation();
    bool isOblique() const;
    /// A slice view is still making its picture for the latest change.
    bool isRenderPending() const;
    Layout layoutMode() const { return m_layout; }
    Focus focus() const { return m_focus; }

signals:
    /// The crosshair was turned (oblique planes) or reset.
    void obliqueChanged(bool oblique);
    /// The crosshair moved (or a volume was set), in voxel coordinates.
    void crosshairChanged(const loupe::Vec3 &voxel);

private:
    void followCursor(SliceView *source);
    void rotate(SliceView *source, const Vec3 &axis, double radians);
    void updateCrosshairPlanes();
    void followWindow(SliceView *source);

    QWidget *widgetFor(Focus focus) const;

    Layout m_layout = Layout::Grid2x2;
    Focus m_focus = Focus::Axial;
    SliceView *m_axial;
    SliceView *m_coronal;
    SliceView *m_sagittal;
    VolumeView3D *m_3d;
};

} // namespace loupe
