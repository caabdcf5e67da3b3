#include "widgets/mprview.h"

#include "widgets/sliceview.h"
#include "widgets/volumeview3d.h"

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
    grid->addWidget(m_axial, 0, 0);
    grid->addWidget(m_3d, 0, 1);
    grid->addWidget(m_coronal, 1, 0);
    grid->addWidget(m_sagittal, 1, 1);
    for (SliceView *view : {m_axial, m_coronal, m_sagittal}) {
        connect(view, &SliceView::cursorMoved, this, [this, view] { followCursor(view); });
        connect(view, &SliceView::windowChanged, this, [this, view] { followWindow(view); });
    }
}

void MprView::setVolume(std::shared_ptr<const Volume> volume)
{
    for (SliceView *view : {m_axial, m_coronal, m_sagittal})
        view->setVolume(volume);
    m_3d->setVolume(std::move(volume));
}

void MprView::followCursor(SliceView *source)
{
    for (SliceView *view : {m_axial, m_coronal, m_sagittal})
        if (view != source)
            view->setCursor(source->cursor());
}

void MprView::followWindow(SliceView *source)
{
    for (SliceView *view : {m_axial, m_coronal, m_sagittal})
        if (view != source)
            view->setWindow(source->window());
}

} // namespace loupe
