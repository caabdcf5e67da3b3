#pragma once

#include <QImage>
#include <QWidget>

#include <memory>

class QComboBox;
class QLabel;
class QSlider;

namespace loupe {

class ComputeBackend;
class ImageCanvas;
class SliceRenderer;
class Volume;

/// One axial slice of a volume, windowed through the compute backend (CUDA kernel or its
/// CPU twin), with a slice slider and the volume's window presets. A first look at the data
/// until the full slice views land.
class SlicePreview : public QWidget {
    Q_OBJECT
public:
    explicit SlicePreview(const ComputeBackend &compute, QWidget *parent = nullptr);
    ~SlicePreview() override;

    void setVolume(std::shared_ptr<const Volume> volume);
    /// Shows one slice of a volume that is still being read (progressive loading): the slider
    /// stays disabled until setVolume() gives the finished volume.
    void showPreview(std::shared_ptr<const Volume> volume, int slice);
    bool isPreview() const { return m_preview; }
    void setSlice(int k);
    int slice() const;
    /// The RGBA image shown now (empty without a volume). Drawn on a worker thread: after a
    /// change the new image arrives a moment later (rendered()).
    const QImage &image() const { return m_image; }
    bool isRenderPending() const;

signals:
    /// A new image is shown.
    void rendered();

private:
    void redraw();
    void onFrame(const QImage &image);

    const ComputeBackend &m_compute;
    std::shared_ptr<const Volume> m_volume;
    bool m_preview = false;
    ImageCanvas *m_picture = nullptr;
    QSlider *m_slider = nullptr;
    QComboBox *m_presets = nullptr;
    QLabel *m_caption = nullptr;
    QImage m_image;
    SliceRenderer *m_renderer;
};

} // namespace loupe
