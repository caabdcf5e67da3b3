#pragma once

#include <QImage>
#include <QThreadPool>
#include <QWidget>

#include <atomic>
#include <memory>
#include <vector>

namespace loupe {

struct Stream;

/// A strip of thumbnails of one camera, evenly spaced over the sequence, with the playhead
/// drawn across it; a click asks for the frame under the pointer. Thumbnails are decoded on a
/// thread of its own, once per width.
class Filmstrip : public QWidget {
    Q_OBJECT
public:
    explicit Filmstrip(QWidget *parent = nullptr);
    ~Filmstrip() override;

    /// The camera to show (nullptr: none).
    void setStream(const Stream *stream);
    /// Where the playhead is, as a frame of that camera.
    void setPosition(int frame);
    /// The frames the thumbnails show, left to right.
    const std::vector<int> &frames() const { return m_frames; }
    /// Thumbnails decoded so far.
    int thumbnailsReady() const;
    /// The frame a click at x would ask for.
    int frameAt(int x) const;

    QSize sizeHint() const override { return {400, 64}; }

signals:
    void seekFrameRequested(int frame);

protected:
    void paintEvent(QPaintEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    void rebuild();

    const Stream *m_stream = nullptr;
    QThreadPool m_pool;
    /// Bumped on rebuild (read by the decoding thread): older thumbnails are dropped.
    std::shared_ptr<std::atomic<int>> m_generation;
    std::vector<int> m_frames;
    std::vector<QImage> m_thumbnails;
    int m_position = 0;
};

} // namespace loupe
