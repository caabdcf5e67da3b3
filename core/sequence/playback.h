#pragma once

#include "core/sequence/timeline.h"

#include <QElapsedTimer>
#include <QObject>

#include <functional>

class QTimer;

namespace loupe {

/// The playhead of a sequence: a time on its timeline, moved by playing (in real time times a
/// speed), by steps of the primary stream's frames, and by jumps. Playing skips frames rather
/// than falling far behind the clock; framesSkipped() counts them. A short delay (the UI thread
/// busy for a moment, a frame still decoding) skips nothing: the playhead waits, then steps
/// through the frames it owes a tick apart until it is back on the clock.
class Playback : public QObject {
    Q_OBJECT
public:
    explicit Playback(QObject *parent = nullptr);

    void setTimeline(const Timeline *timeline);
    const Timeline *timeline() const { return m_timeline; }
    qint64 timeNs() const { return m_time; }
    /// The primary stream's frame at the playhead.
    int frame() const { return m_frame; }
    bool isPlaying() const { return m_playing; }
    double speed() const { return m_speed; }
    /// +1 forwards, -1 backwards: the way the last move went (for prefetching).
    int direction() const { return m_direction; }
    /// Frames of the primary stream passed over while playing, since play() (a slow decoder
    /// makes the playhead skip frames to keep time).
    int framesSkipped() const { return m_skipped; }
    /// While playing, the playhead moves on only once `shown` says the frame it is at is on
    /// screen, unless that takes longer than catchUpLimitNs() (then it keeps time, skipping).
    /// None: it never waits.
    void setShown(std::function<bool()> shown) { m_shown = std::move(shown); }
    /// How far behind the clock (in real time) playback may fall and still show every frame.
    static constexpr qint64 catchUpLimitNs() { return 200'000'000; }

    void play();
    void pause();
    void togglePlay();
    /// 0.25× to 4×.
    void setSpeed(double speed);
    /// Moves by `frames` frames of the primary stream (negative: back).
    void step(int frames);
    void seekFrame(int frame);
    void seekTime(qint64 ns);

signals:
    /// The playhead moved (time, and the primary stream's frame there).
    void moved(qint64 timeNs, int frame);
    void playingChanged(bool playing);
    void speedChanged(double speed);

private:
    void tick();
    void moveTo(qint64 t, int frame);

    const Timeline *m_timeline = nullptr;
    QTimer *m_timer;
    QElapsedTimer m_clock;
    qint64 m_playStartTime = 0; ///< playhead time when the clock was (re)started
    qint64 m_time = 0;
    int m_frame = 0;
    bool m_playing = false;
    double m_speed = 1.0;
    int m_direction = 1;
    int m_skipped = 0;
    std::function<bool()> m_shown;
};

} // namespace loupe
