#include "widgets/mprview.h"

#include "widgets/sliceview.h"
#include "widgets/volumeview3d.h"

#include "core/volume.h"

#include <QGridLayout>

namespace loupe {

MprView::MprView(const ComputeBackend &compute, QWidget *parent)
    : QWidget(parent), m_axial(new SliceView(SliceOrientation::Axial, compute, this)),
      m_coronal(new SliceView(SliceOrientation::Coronal, compute, this)),
      m_sagittal(new SliceView(SliceOrientation::Sagittal, compute, this)),
      m_3d(new VolumeView3D(this))
{
    auto *grid = new QGridLayout(this);
    grid->setContentsMargins(0, 0, 0, 0);
    grid->setSpacing(2);
    setLayout(Layout::Grid2x2, Focus::Axial);
    for (SliceView *view : {m_axial, m_coronal, m_sagittal}) {
        connect(view, &SliceView::crosshairMoved, this, [this, view] { followCursor(view); });
        connect(view, &SliceView::windowChanged, this, [this, view] { followWindow(view); });
        connect(view, &SliceView::rotateRequested, this,
                [this, view](const Vec3 &axis, double radians) { rotate(view, axis, radians); });
    }
}

QWidget *MprView::widgetFor(Focus focus) const
{
    switch (focus) {
    case Focus::Axial: return m_axial;
    case Focus::Coronal: return m_coronal;
    case Focus::Sagittal: return m_sagittal;
    case Focus::View3D: return m_3d;
    }
    return m_axial;
}

void MprView::setLayout(Layout layout, Focus focus)
{
    m_layout = layout;
    m_focus = focus;
    auto *grid = static_cast<QGridLayout *>(QWidget::layout());
    QWidget *all[] = {m_axial, m_3d, m_coronal, m_sagittal};
    for (QWidget *w : all)
        grid->removeWidget(w);
    for (int i = 0; i < 3; ++i) {
        grid->setRowStretch(i, 0);
        grid->setColumnStretch(i, 0);
    }
    QWidget *main = widgetFor(focus);
    switch (layout) {
    case Layout::Grid2x2:
        grid->addWidget(m_axial, 0, 0);
        grid->addWidget(m_3d, 0, 1);
        grid->addWidget(m_coronal, 1, 0);
        grid->addWidget(m_sagittal, 1, 1);
        for (QWidget *w : all)
            w->show();
        break;
    case Layout::OnePlusThree: {
        // The focused view large on the left, the other three stacked on the right.
        grid->addWidget(main, 0, 0, 3, 1);
        int row = 0;
        for (QWidget *w : all)
            if (w != main)
                grid->addWidget(w, row++, 1);
        grid->setColumnStretch(0, 3);
        grid->setColumnStretch(1, 1);
        for (QWidget *w : all)
            w->show();
        break;
    }
    case Layout::Single:
        grid->addWidget(main, 0, 0);
        for (QWidget *w : all)
            w->setVisible(w == main);
        break;
    }
}

void MprView::setVolume(std::shared_ptr<const Volume> volume)
{
    for (SliceView *view : {m_axial, m_coronal, m_sagittal}) {
        view->setRotation(identity3());
        view->setVolume(volume);
    }
    updateCrosshairPlanes();
    m_3d->setVolume(std::move(volume));
    emit obliqueChanged(false);
    emit crosshairChanged(m_axial->crosshair());
}

void MprView::followCursor(SliceView *source)
{
    for (SliceView *view : {m_axial, m_coronal, m_sagittal})
        if (view != source)
            view->setCrosshair(source->crosshair());
    if (const auto &volume = m_3d->volume())
        m_3d->setCrosshair(volume->geometry().voxelToPatient(source->crosshair()));
    emit crosshairChanged(source->crosshair());
}

void MprView::rotate(SliceView *source, const Vec3 &axis, double radians)
{
    // The source keeps its plane; the other two turn about its normal, through the crosshair.
    const Mat3 turn = rotationAbout(axis, radians);
    for (SliceView *view : {m_axial, m_coronal, m_sagittal})
        if (view != source)
            view->setRotation(multiply(turn, view->rotation()));
    updateCrosshairPlanes();
    emit obliqueChanged(isOblique());
}

void MprView::setCrosshair(const Vec3 &voxel)
{
    m_axial->setCrosshair(voxel);
    followCursor(m_axial);
}

void MprView::resetRotation()
{
    for (SliceView *view : {m_axial, m_coronal, m_sagittal})
        view->setRotation(identity3());
    updateCrosshairPlanes();
    emit obliqueChanged(false);
}

bool MprView::isRenderPending() const
{
    return m_axial->isRenderPending() || m_coronal->isRenderPending() ||
           m_sagittal->isRenderPending();
}

bool MprView::isOblique() const
{
    for (SliceView *view : {m_axial, m_coronal, m_sagittal})
        if (view->rotation() != identity3())
            return true;
    return false;
}

void MprView::updateCrosshairPlanes()
{
    SliceView *views[] = {m_axial, m_coronal, m_sagittal};
    for (SliceView *view : views) {
        std::vector<Vec3> others;
        for (SliceView *other : views)
            if (other != view)
                others.push_back(other->normal());
        view->setCrosshairPlanes(others);
    }
}

void MprView::setWindow(Window window)
{
    for (SliceView *view : {m_axial, m_coronal, m_sagittal})
        view->setWindow(window);
}

void MprView::followWindow(SliceView *source)
{
    for (SliceView *view : {m_axial, m_coronal, m_sagittal})
        if (view != source)
            view->setWindow(source->window());
}

} // namespace loupe
