#include "widgets/timelinebar.h"

#include "widgets/timelinemarkers.h"

#include <QComboBox>
#include <QHBoxLayout>
#include <QLabel>
#include <QLineEdit>
#include <QSignalBlocker>
#include <QSlider>
#include <QToolButton>
#include <QVBoxLayout>

#include <cmath>

namespace loupe {

namespace {
constexpr double kSpeeds[] = {0.25, 0.5, 1.0, 2.0, 4.0};
}

TimelineBar::TimelineBar(QWidget *parent)
    : QWidget(parent), m_play(new QToolButton(this)), m_slider(new QSlider(Qt::Horizontal, this)),
      m_markers(new TimelineMarkers(m_slider, this)), m_speed(new QComboBox(this)),
      m_jump(new QLineEdit(this)), m_position(new QLabel(this))
{
    auto *rows = new QVBoxLayout(this);
    rows->setContentsMargins(4, 2, 4, 2);
    rows->setSpacing(2);
    m_slider->setObjectName(QStringLiteral("timelineSlider"));
    m_slider->setToolTip(tr("The playhead: drag to scrub"));
    connect(m_slider, &QSlider::valueChanged, this, &TimelineBar::seekFrameRequested);
    connect(m_markers, &TimelineMarkers::seekFrameRequested, this,
            &TimelineBar::seekFrameRequested);
    rows->addWidget(m_markers);
    rows->addWidget(m_slider);
    auto *row = new QHBoxLayout;
    rows->addLayout(row);
    const auto button = [&](const QString &text, const QString &tip, int frames) {
        auto *b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        b->setAutoRepeat(true);
        connect(b, &QToolButton::clicked, this, [this, frames] { emit stepRequested(frames); });
        return b;
    };
    row->addWidget(button(QStringLiteral("−10"), tr("Back 10 frames (Page Up)"), -10));
    row->addWidget(button(QStringLiteral("−1"), tr("Back one frame (Left)"), -1));
    m_play->setToolTip(tr("Play or pause (Space)"));
    m_play->setObjectName(QStringLiteral("playButton"));
    connect(m_play, &QToolButton::clicked, this, &TimelineBar::playToggled);
    row->addWidget(m_play);
    row->addWidget(button(QStringLiteral("+1"), tr("Forward one frame (Right)"), 1));
    row->addWidget(button(QStringLiteral("+10"), tr("Forward 10 frames (Page Down)"), 10));
    for (double s : kSpeeds)
        m_speed->addItem(QStringLiteral("%1×").arg(s), s);
    m_speed->setCurrentIndex(2);
    m_speed->setToolTip(tr("Playback speed"));
    connect(m_speed, &QComboBox::activated, this,
            [this](int n) { emit speedChosen(m_speed->itemData(n).toDouble()); });
    row->addWidget(m_speed);
    m_jump->setPlaceholderText(tr("frame or 12.5s"));
    m_jump->setToolTip(tr("Jump to a frame number, or to a time in seconds from the start "
                          "(\"12.5s\"); Enter"));
    m_jump->setMaximumWidth(110);
    connect(m_jump, &QLineEdit::returnPressed, this, &TimelineBar::jump);
    row->addWidget(m_jump);
    row->addWidget(m_position, 1);
    setPlaying(false);
    setFrameCount(0);
}

void TimelineBar::setFrameCount(int frames)
{
    const QSignalBlocker quiet(m_slider);
    m_slider->setRange(0, std::max(0, frames - 1));
    m_slider->setPageStep(10);
    setEnabled(frames > 0);
}

void TimelineBar::setPosition(int frame, const QString &text)
{
    const QSignalBlocker quiet(m_slider);
    m_slider->setValue(frame);
    m_position->setText(text);
}

QString TimelineBar::positionText() const
{
    return m_position->text();
}

void TimelineBar::setPlaying(bool playing)
{
    m_play->setText(playing ? tr("Pause") : tr("Play"));
}

void TimelineBar::setSpeed(double speed)
{
    const int n = m_speed->findData(speed);
    if (n >= 0)
        m_speed->setCurrentIndex(n);
}

void TimelineBar::jump()
{
    QString text = m_jump->text().trimmed();
    bool ok = false;
    if (text.endsWith(QLatin1Char('s'), Qt::CaseInsensitive)) {
        text.chop(1);
        const double seconds = text.toDouble(&ok);
        if (ok && std::isfinite(seconds))
            emit seekOffsetRequested(static_cast<qint64>(std::llround(seconds * 1e9)));
    } else {
        const int frame = text.toInt(&ok);
        if (ok)
            emit seekFrameRequested(frame);
    }
    if (!ok)
        m_jump->setToolTip(
            tr("\"%1\" is neither a frame number nor a time such as 12.5s.").arg(m_jump->text()));
    m_jump->selectAll();
}

} // namespace loupe
