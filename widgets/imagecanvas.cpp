#include "widgets/imagecanvas.h"

#include <QPainter>

namespace loupe {

ImageCanvas::ImageCanvas(QWidget *parent) : QWidget(parent)
{
    setMinimumSize(128, 128);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Expanding);
}

void ImageCanvas::setImage(QImage image)
{
    m_image = std::move(image);
    update();
}

void ImageCanvas::setPlaceholder(const QString &text)
{
    m_image = QImage();
    m_placeholder = text;
    update();
}

void ImageCanvas::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), QColor(23, 26, 33));
    if (m_image.isNull()) {
        painter.setPen(palette().color(QPalette::Mid));
        painter.drawText(rect(), Qt::AlignCenter, m_placeholder);
        return;
    }
    QSize size = m_image.size();
    size.scale(this->size(), Qt::KeepAspectRatio);
    const QRect target(QPoint((width() - size.width()) / 2, (height() - size.height()) / 2), size);
    painter.setRenderHint(QPainter::SmoothPixmapTransform);
    painter.drawImage(target, m_image);
}

} // namespace loupe
