#include "widgets/timelinemarkers.h"

#include <QMouseEvent>
#include <QPainter>
#include <QSlider>
#include <QStyle>
#include <QStyleOptionSlider>

#include <algorithm>

namespace loupe {

TimelineMarkers::TimelineMarkers(const QSlider *slider, QWidget *parent)
    : QWidget(parent), m_slider(slider)
{
    setObjectName(QStringLiteral("timelineMarkers"));
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setCursor(Qt::PointingHandCursor);
    updateToolTip();
}

QSize TimelineMarkers::sizeHint() const
{
    return {100, 8};
}

void TimelineMarkers::setMarkers(const QString &name, std::vector<int> frames, QColor colour,
                                 const QString &meaning)
{
    if (frames.empty()) {
        m_sets.erase(name);
    } else {
        std::sort(frames.begin(), frames.end());
        m_sets[name] = Set{std::move(frames), colour, meaning};
    }
    updateToolTip();
    update();
}

std::vector<int> TimelineMarkers::markers(const QString &name) const
{
    const auto it = m_sets.find(name);
    return it == m_sets.end() ? std::vector<int>{} : it->second.frames;
}

int TimelineMarkers::xOfFrame(int frame) const
{
    // Where the slider puts its handle's centre for that value, in this widget's coordinates.
    QStyleOptionSlider option;
    option.initFrom(m_slider);
    option.orientation = m_slider->orientation();
    option.minimum = m_slider->minimum();
    option.maximum = m_slider->maximum();
    const QStyle *style = m_slider->style();
    const QRect groove =
        style->subControlRect(QStyle::CC_Slider, &option, QStyle::SC_SliderGroove, m_slider);
    const QRect handle =
        style->subControlRect(QStyle::CC_Slider, &option, QStyle::SC_SliderHandle, m_slider);
    const int span = std::max(1, groove.width() - handle.width());
    const int x = groove.x() + handle.width() / 2 +
                  QStyle::sliderPositionFromValue(option.minimum, option.maximum, frame, span);
    return mapFromGlobal(m_slider->mapToGlobal(QPoint(x, 0))).x();
}

void TimelineMarkers::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    int lastX = -1;
    for (const auto &[name, set] : m_sets) {
        p.setPen(QPen(set.colour, 1));
        for (int frame : set.frames) {
            const int x = xOfFrame(frame);
            if (x == lastX)
                continue; // thousands of markers on a few hundred pixels
            p.drawLine(x, 1, x, height() - 1);
            lastX = x;
        }
    }
}

void TimelineMarkers::mousePressEvent(QMouseEvent *event)
{
    // The nearest tick within a few pixels.
    int best = -1, bestDistance = 5;
    for (const auto &[name, set] : m_sets)
        for (int frame : set.frames)
            if (const int d = std::abs(xOfFrame(frame) - int(event->position().x()));
                d < bestDistance) {
                bestDistance = d;
                best = frame;
            }
    if (best >= 0)
        emit seekFrameRequested(best);
}

void TimelineMarkers::updateToolTip()
{
    QStringList lines;
    for (const auto &[name, set] : m_sets)
        lines << tr("<span style=\"color:%1\">▮</span> %2 (%3)")
                     .arg(set.colour.name(), set.meaning)
                     .arg(set.frames.size());
    setToolTip(lines.isEmpty() ? tr("Markers: none in this sequence")
                               : tr("Markers; click one to go there:<br>") +
                                     lines.join(QStringLiteral("<br>")));
}

} // namespace loupe
