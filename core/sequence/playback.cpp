#include "core/sequence/playback.h"

#include <QTimer>

#include <algorithm>
#include <cmath>

namespace loupe {

Playback::Playback(QObject *parent) : QObject(parent), m_timer(new QTimer(this))
{
    m_timer->setTimerType(Qt::PreciseTimer);
    m_timer->setInterval(4); // checks the clock often; moves only when the next frame is due
    connect(m_timer, &QTimer::timeout, this, &Playback::tick);
}

void Playback::setTimeline(const Timeline *timeline)
{
    pause();
    m_timeline = timeline;
    m_direction = 1;
    if (m_timeline && m_timeline->frameCount())
        moveTo(m_timeline->startNs(), 0);
    else
        moveTo(0, 0);
}

void Playback::play()
{
    if (!m_timeline || m_timeline->frameCount() < 2 || m_playing)
        return;
    if (m_frame >= m_timeline->frameCount() - 1) // at the end: from the start again
        moveTo(m_timeline->startNs(), 0);
    m_playing = true;
    m_direction = 1;
    m_skipped = 0;
    m_playStartTime = m_time;
    m_clock.start();
    m_timer->start();
    emit playingChanged(true);
}

void Playback::pause()
{
    if (!m_playing)
        return;
    m_playing = false;
    m_timer->stop();
    emit playingChanged(false);
}

void Playback::togglePlay()
{
    m_playing ? pause() : play();
}

void Playback::setSpeed(double speed)
{
    speed = std::clamp(speed, 0.25, 4.0);
    if (speed == m_speed)
        return;
    m_speed = speed;
    // Keep time from here at the new speed.
    m_playStartTime = m_time;
    m_clock.restart();
    emit speedChanged(speed);
}

void Playback::step(int frames)
{
    if (!m_timeline || !frames)
        return;
    pause();
    m_direction = frames > 0 ? 1 : -1;
    seekFrame(m_frame + frames);
}

void Playback::seekFrame(int frame)
{
    if (!m_timeline || !m_timeline->frameCount())
        return;
    frame = std::clamp(frame, 0, m_timeline->frameCount() - 1);
    if (frame != m_frame)
        m_direction = frame > m_frame ? 1 : -1;
    moveTo(m_timeline->timeOfFrame(frame), frame);
    m_playStartTime = m_time;
    m_clock.restart();
}

void Playback::seekTime(qint64 ns)
{
    if (!m_timeline || !m_timeline->frameCount())
        return;
    ns = std::clamp(ns, m_timeline->startNs(), m_timeline->endNs());
    const int frame = m_timeline->frameAt(ns);
    if (frame != m_frame)
        m_direction = frame > m_frame ? 1 : -1;
    moveTo(ns, frame);
    m_playStartTime = m_time;
    m_clock.restart();
}

void Playback::tick()
{
    if (!m_timeline)
        return;
    const qint64 t = m_playStartTime +
                     static_cast<qint64>(std::llround(double(m_clock.nsecsElapsed()) * m_speed));
    const int due = m_timeline->frameAt(t);
    const int last = m_timeline->frameCount() - 1;
    if (due > m_frame) {
        // How long ago, in real time, the next frame was due.
        const qint64 lateNs =
            static_cast<qint64>(double(t - m_timeline->timeOfFrame(m_frame + 1)) / m_speed);
        const bool catchingUp = lateNs <= catchUpLimitNs();
        if (catchingUp && m_shown && !m_shown())
            return; // the frame here is not on screen yet: wait for it
        // Behind by a little: the next frame, and the rest on the following ticks. By more:
        // the frame due now, the ones between skipped.
        const int frame = catchingUp ? m_frame + 1 : due;
        m_skipped += frame - m_frame - 1;
        moveTo(m_timeline->timeOfFrame(frame), frame);
    }
    if (t >= m_timeline->endNs() && m_frame >= last)
        pause();
}

void Playback::moveTo(qint64 t, int frame)
{
    m_time = t;
    m_frame = frame;
    emit moved(t, frame);
}

} // namespace loupe
