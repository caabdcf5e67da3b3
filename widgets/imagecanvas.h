#pragma once

#include <QImage>
#include <QWidget>

namespace loupe {

/// Paints one image scaled to fit, keeping its aspect ratio, on a dark background.
class ImageCanvas : public QWidget {
    Q_OBJECT
public:
    explicit ImageCanvas(QWidget *parent = nullptr);
    void setImage(QImage image);
    void setPlaceholder(const QString &text);
    const QImage &image() const { return m_image; }

protected:
    void paintEvent(QPaintEvent *event) override;

private:
    QImage m_image;
    QString m_placeholder;
};

} // namespace loupe
