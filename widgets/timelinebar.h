#pragma once

#include <QWidget>

class QComboBox;
class QLabel;
class QLineEdit;
class QSlider;
class QToolButton;

namespace loupe {

class TimelineMarkers;

/// The playback bar: play/pause, steps of ±1 and ±10 frames, speed (0.25× to 4×), a slider over
/// the frames, and a box to jump to a frame ("250") or a time ("12.5s", seconds from the start).
/// It only says what the person asked for; the playhead answers with setPosition().
class TimelineBar : public QWidget {
    Q_OBJECT
public:
    explicit TimelineBar(QWidget *parent = nullptr);

    void setFrameCount(int frames);
    /// The playhead: frame (0-based) and what to say about it ("frame 12 / 600 · 1.200 s").
    void setPosition(int frame, const QString &text);
    void setPlaying(bool playing);
    void setSpeed(double speed);
    QSlider *slider() const { return m_slider; }
    /// The strip of markers above the slider (keyframes, labels).
    TimelineMarkers *markers() const { return m_markers; }
    QLineEdit *jumpBox() const { return m_jump; }
    QString positionText() const;

signals:
    void playToggled();
    void stepRequested(int frames);
    void speedChosen(double speed);
    void seekFrameRequested(int frame);
    /// Nanoseconds from the start of the sequence.
    void seekOffsetRequested(qint64 ns);

private:
    void jump();

    QToolButton *m_play;
    QSlider *m_slider;
    TimelineMarkers *m_markers;
    QComboBox *m_speed;
    QLineEdit *m_jump;
    QLabel *m_position;
};

} // namespace loupe
