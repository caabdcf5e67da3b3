#include "widgets/frameview.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace loupe {

FrameView::FrameView(QWidget *parent) : QWidget(parent)
{
    setMinimumSize(80, 60);
    setFocusPolicy(Qt::ClickFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void FrameView::setName(const QString &name)
{
    m_name = name;
    update();
}

void FrameView::setFrameSize(QSize size)
{
    m_frameSize = size;
    update();
}

void FrameView::showFrame(const QImage &image, int frame, const QString &info)
{
    m_image = image;
    m_placeholder.clear();
    m_frame = frame;
    m_info = info;
    update();
}

void FrameView::showPlaceholder(const QString &reason, int frame, const QString &info)
{
    m_image = QImage();
    m_placeholder = reason;
    m_frame = frame;
    m_info = info;
    update();
}

QRectF FrameView::frameRect() const
{
    const QSizeF frame = m_frameSize.isValid() ? QSizeF(m_frameSize) : QSizeF(m_image.size());
    if (frame.isEmpty())
        return {};
    const QSizeF fitted = frame.scaled(QSizeF(width(), height()), Qt::KeepAspectRatio) * m_zoom;
    return {QPointF((width() - fitted.width()) / 2, (height() - fitted.height()) / 2) + m_pan,
            fitted};
}

QSize FrameView::decodeSize() const
{
    const QSizeF s = frameRect().size() * devicePixelRatioF();
    return {static_cast<int>(std::ceil(s.width())), static_cast<int>(std::ceil(s.height()))};
}

QPointF FrameView::frameToScreen(QPointF pixel) const
{
    const QRectF r = frameRect();
    if (r.isEmpty() || m_frameSize.isEmpty())
        return {};
    return {r.left() + pixel.x() * r.width() / m_frameSize.width(),
            r.top() + pixel.y() * r.height() / m_frameSize.height()};
}

QPointF FrameView::screenToFrame(QPointF screen) const
{
    const QRectF r = frameRect();
    if (r.isEmpty() || m_frameSize.isEmpty())
        return {};
    return {(screen.x() - r.left()) * m_frameSize.width() / r.width(),
            (screen.y() - r.top()) * m_frameSize.height() / r.height()};
}

double FrameView::screenScale() const
{
    const QRectF r = frameRect();
    return m_frameSize.isEmpty() ? 1.0 : r.width() / m_frameSize.width();
}

void FrameView::setOverlay(FrameOverlay *overlay)
{
    m_overlay = overlay;
    update();
}

void FrameView::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), QColor(18, 20, 26));
    if (!m_image.isNull()) {
        p.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom < 2.0);
        p.drawImage(frameRect(), m_image);
    } else {
        p.setPen(QColor(170, 170, 180));
        p.drawText(rect().adjusted(12, 12, -12, -12), Qt::AlignCenter | Qt::TextWordWrap,
                   m_placeholder.isEmpty() ? tr("Loading…") : m_placeholder);
    }
    if (m_overlay) {
        p.save();
        m_overlay->paint(p);
        p.restore();
    }
    // The overlay: name on the left, the frame shown on the right, on a dark band.
    const QFontMetrics fm(font());
    const QRect band(0, 0, width(), fm.height() + 8);
    p.fillRect(band, QColor(0, 0, 0, 140));
    p.setPen(QColor(240, 200, 80));
    p.drawText(band.adjusted(6, 0, -6, 0), Qt::AlignLeft | Qt::AlignVCenter, m_name);
    p.setPen(QColor(230, 230, 235));
    p.drawText(band.adjusted(6, 0, -6, 0), Qt::AlignRight | Qt::AlignVCenter, m_info);
    if (hasFocus()) {
        p.setPen(QPen(QColor(240, 200, 80), 2));
        p.drawRect(rect().adjusted(1, 1, -1, -1));
    }
}

void FrameView::wheelEvent(QWheelEvent *e)
{
    const int steps = e->angleDelta().y() / 120;
    if (!steps)
        return;
    // Zoom about the pointer: the frame point under it stays under it.
    const QPointF at = e->position();
    const double before = m_zoom;
    m_zoom = std::clamp(m_zoom * std::pow(1.25, steps), 1.0, 32.0);
    const QPointF centre(width() / 2.0, height() / 2.0);
    m_pan = at - centre - (at - centre - m_pan) * (m_zoom / before);
    if (m_zoom == 1.0)
        m_pan = {0, 0};
    update();
    emit decodeSizeChanged();
}

void FrameView::mousePressEvent(QMouseEvent *e)
{
    setFocus();
    m_dragFrom = e->position();
    m_panAtDrag = m_pan;
    m_overlayHasMouse = e->button() != Qt::MiddleButton && m_overlay && m_overlay->mousePress(e);
}

void FrameView::mouseMoveEvent(QMouseEvent *e)
{
    if (m_overlayHasMouse) {
        m_overlay->mouseMove(e);
        return;
    }
    // The middle button always pans; the left one where the overlay did not take the press.
    if (e->buttons() & (Qt::LeftButton | Qt::MiddleButton)) {
        m_pan = m_panAtDrag + (e->position() - m_dragFrom);
        update();
    } else if (m_overlay) {
        m_overlay->mouseMove(e); // hovering
    }
}

void FrameView::mouseReleaseEvent(QMouseEvent *e)
{
    if (m_overlayHasMouse && m_overlay)
        m_overlay->mouseRelease(e);
    m_overlayHasMouse = false;
}

void FrameView::mouseDoubleClickEvent(QMouseEvent *e)
{
    if (m_overlay && m_overlay->mouseDoubleClick(e))
        return;
    emit maximiseRequested();
}

void FrameView::resizeEvent(QResizeEvent *)
{
    emit decodeSizeChanged();
}

bool FrameView::event(QEvent *e)
{
    // Tab moves focus between widgets unless the overlay takes it (the next object).
    if (e->type() == QEvent::KeyPress && m_overlay) {
        auto *key = static_cast<QKeyEvent *>(e);
        if ((key->key() == Qt::Key_Tab || key->key() == Qt::Key_Backtab) && m_overlay->key(key))
            return true;
    }
    return QWidget::event(e);
}

void FrameView::keyPressEvent(QKeyEvent *e)
{
    if (m_overlay && m_overlay->key(e))
        return;
    if (e->key() == Qt::Key_R) {
        m_zoom = 1.0;
        m_pan = {0, 0};
        update();
        emit decodeSizeChanged();
        return;
    }
    QWidget::keyPressEvent(e);
}

} // namespace loupe
