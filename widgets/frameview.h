#pragma once

#include <QImage>
#include <QWidget>

class QPainter;

namespace loupe {

/// One camera's picture: the frame fitted to the view, zoomed (wheel, about the pointer) and
/// panned (left drag), R resets; an overlay with the camera's name and the frame shown. Shows
/// a placeholder with the reason when there is no frame (none at this time, or it could not be
/// decoded). Double-click asks to be maximised. The QImage is drawn as it is: no copies.
class FrameView;

/// What is drawn over a FrameView's picture and may take its mouse and keys first (the shape
/// editor). Each handler returns true when it took the event.
class FrameOverlay {
public:
    virtual ~FrameOverlay() = default;
    virtual void paint(QPainter &painter) = 0;
    virtual bool mousePress(QMouseEvent *) { return false; }
    virtual bool mouseMove(QMouseEvent *) { return false; }
    virtual bool mouseRelease(QMouseEvent *) { return false; }
    virtual bool mouseDoubleClick(QMouseEvent *) { return false; }
    virtual bool key(QKeyEvent *) { return false; }
};

class FrameView : public QWidget {
    Q_OBJECT
public:
    explicit FrameView(QWidget *parent = nullptr);

    void setName(const QString &name);
    QString name() const { return m_name; }
    /// The full size of the stream's frames (the picture may be decoded smaller).
    void setFrameSize(QSize size);
    QSize frameSize() const { return m_frameSize; }
    /// Shows `image` (frame `frame`), with `info` ("frame 12 · 14:13:20.100") in the overlay.
    void showFrame(const QImage &image, int frame, const QString &info);
    /// No picture: `reason` in the middle ("no frame at this time", a decode error).
    void showPlaceholder(const QString &reason, int frame, const QString &info);
    /// The frame shown (-1: none, or a placeholder).
    int frame() const { return m_frame; }
    bool hasPicture() const { return !m_image.isNull() && m_placeholder.isEmpty(); }
    QString placeholder() const { return m_placeholder; }
    const QImage &image() const { return m_image; }
    QString info() const { return m_info; }
    double zoom() const { return m_zoom; }
    /// The size, in device pixels, the frame covers on screen now: what to decode at.
    QSize decodeSize() const;
    /// Where the frame's pixel (x, y) of the full-size frame is on screen.
    QPointF frameToScreen(QPointF pixel) const;
    /// The full-size frame's pixel under screen point `screen` (the inverse).
    QPointF screenToFrame(QPointF screen) const;
    /// Screen pixels per frame pixel now.
    double screenScale() const;
    /// Draws over the picture and takes input first (not owned; null: none).
    void setOverlay(FrameOverlay *overlay);

signals:
    void maximiseRequested();
    /// Zoom or size changed: decodeSize() may have grown.
    void decodeSizeChanged();

protected:
    bool event(QEvent *event) override;
    void paintEvent(QPaintEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void mouseDoubleClickEvent(QMouseEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    QRectF frameRect() const;

    QString m_name;
    QSize m_frameSize;
    QImage m_image;
    QString m_placeholder;
    QString m_info;
    int m_frame = -1;
    double m_zoom = 1.0;
    QPointF m_pan{0, 0};
    QPointF m_dragFrom;
    QPointF m_panAtDrag;
    FrameOverlay *m_overlay = nullptr;
    bool m_overlayHasMouse = false; ///< the overlay took the press: the drag is its
};

} // namespace loupe
