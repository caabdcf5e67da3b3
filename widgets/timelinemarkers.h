#pragma once

#include <QColor>
#include <QWidget>

#include <map>
#include <vector>

class QSlider;

namespace loupe {

/// A thin strip above the timeline's slider with a tick at each marked frame: video keyframes
/// now, labels' keyframes once there are labels. Ticks line up with the slider's handle;
/// clicking one seeks there.
class TimelineMarkers : public QWidget {
    Q_OBJECT
public:
    explicit TimelineMarkers(const QSlider *slider, QWidget *parent = nullptr);

    /// Replaces the set `name` ("keyframes"): its frames, colour, and what it means for people
    /// (the strip's tooltip lists every set). Empty frames remove the set.
    void setMarkers(const QString &name, std::vector<int> frames, QColor colour,
                    const QString &meaning);
    /// The frames of set `name` (empty when there is none).
    std::vector<int> markers(const QString &name) const;
    /// The x of frame `frame`'s tick, in this widget.
    int xOfFrame(int frame) const;

    QSize sizeHint() const override;

signals:
    void seekFrameRequested(int frame);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;

private:
    struct Set {
        std::vector<int> frames; ///< ascending
        QColor colour;
        QString meaning;
    };
    void updateToolTip();

    const QSlider *m_slider;
    std::map<QString, Set> m_sets;
};

} // namespace loupe
