#include "widgets/slicepreview.h"

#include "core/compute/computebackend.h"
#include "core/volume.h"
#include "widgets/imagecanvas.h"
#include "widgets/slicerender.h"
#include "widgets/slicerenderer.h"

#include <QComboBox>
#include <QLabel>
#include <QSlider>
#include <QVBoxLayout>

#include <algorithm>
#include <cmath>

namespace loupe {

SlicePreview::SlicePreview(const ComputeBackend &compute, QWidget *parent)
    : QWidget(parent), m_compute(compute), m_picture(new ImageCanvas(this)),
      m_slider(new QSlider(Qt::Horizontal, this)), m_presets(new QComboBox(this)),
      m_caption(new QLabel(this)), m_renderer(new SliceRenderer(compute, this))
{
    connect(m_renderer, &SliceRenderer::frameReady, this,
            [this](const QImage &image) { onFrame(image); });
    m_picture->setPlaceholder(tr("No volume"));
    m_slider->setEnabled(false);
    m_slider->setToolTip(tr("Slice (k)"));
    m_presets->setToolTip(tr("Window preset"));
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_picture, 1);
    layout->addWidget(m_slider);
    layout->addWidget(m_presets);
    layout->addWidget(m_caption);
    connect(m_slider, &QSlider::valueChanged, this, &SlicePreview::redraw);
    connect(m_presets, &QComboBox::currentIndexChanged, this, &SlicePreview::redraw);
}

SlicePreview::~SlicePreview() = default;

void SlicePreview::showPreview(std::shared_ptr<const Volume> volume, int slice)
{
    setVolume(std::move(volume));
    m_preview = true;
    const QSignalBlocker blockSlider(m_slider);
    m_slider->setValue(slice);
    m_slider->setEnabled(false);
    m_presets->setEnabled(false);
    redraw();
}

void SlicePreview::setVolume(std::shared_ptr<const Volume> volume)
{
    m_volume = std::move(volume);
    m_preview = false;
    m_presets->setEnabled(true);
    const QSignalBlocker blockSlider(m_slider);
    const QSignalBlocker blockPresets(m_presets);
    m_presets->clear();
    if (!m_volume) {
        m_slider->setEnabled(false);
        m_image = QImage();
        m_picture->setPlaceholder(tr("No volume"));
        m_caption->clear();
        return;
    }
    const VolumeInfo &info = m_volume->info();
    for (const WindowPreset &w : info.windows)
        m_presets->addItem(
            QStringLiteral("%1 (C %2, W %3)").arg(w.name).arg(w.center).arg(w.width));
    m_presets->addItem(tr("Full range"));
    const auto dims = m_volume->geometry().dims;
    m_slider->setRange(0, static_cast<int>(dims[2] - 1));
    m_slider->setValue(static_cast<int>(dims[2] / 2));
    m_slider->setEnabled(true);
    redraw();
}

void SlicePreview::setSlice(int k)
{
    m_slider->setValue(k);
}
int SlicePreview::slice() const
{
    return m_slider->value();
}

void SlicePreview::redraw()
{
    if (!m_volume)
        return;
    const VolumeGeometry &g = m_volume->geometry();
    const int k = std::clamp(m_slider->value(), 0, static_cast<int>(g.dims[2] - 1));
    const VolumeInfo &info = m_volume->info();
    const int preset = m_presets->currentIndex();
    Window window{(m_volume->minimum() + m_volume->maximum()) / 2,
                  m_volume->maximum() - m_volume->minimum()};
    if (preset >= 0 && preset < static_cast<int>(info.windows.size()))
        window = {info.windows[static_cast<std::size_t>(preset)].center,
                  info.windows[static_cast<std::size_t>(preset)].width};
    m_renderer->request(
        {m_volume, axisPlane(g, SliceOrientation::Axial, k), window, nullptr, std::nullopt, {}});
    const QString where =
        m_preview ? tr("loading the rest…")
        : m_volume->isColour()
            ? tr("colour")
            : tr("windowed on the %1").arg(m_compute.gpuInUse() ? tr("GPU") : tr("CPU"));
    m_caption->setText(tr("Slice %1 of %2 · %3").arg(k + 1).arg(g.dims[2]).arg(where));
}

void SlicePreview::onFrame(const QImage &image)
{
    if (!m_volume)
        return; // cleared while the image was drawn
    m_image = image;
    m_picture->setImage(m_image);
    emit rendered();
}

bool SlicePreview::isRenderPending() const
{
    return m_renderer->isBusy();
}

} // namespace loupe
