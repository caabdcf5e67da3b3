#pragma once

#include <QObject>
#include <QStringList>

class QTimer;

namespace loupe {

class MainWindow;

/// `loupe --screenshot FILE [--frame N] PATH…`: opens the paths, waits until the result is
/// rendered (or the open failed), saves the window to FILE and quits. For a camera sequence it
/// first seeks the timeline to frame N, and waits until every camera shows its frame. Exit code 0
/// when everything opened and rendered, 1 when an open failed, 3 on timeout; FILE is written in
/// every case.
class ScreenshotRunner : public QObject {
    Q_OBJECT
public:
    ScreenshotRunner(MainWindow &window, QString file, int timeoutMs, QObject *parent = nullptr);
    void start(const QStringList &paths);
    /// The frame a sequence is shown at (default 0).
    void setFrame(int frame) { m_frame = frame; }

private:
    void openNext();
    void captureSoon(int exitCode);
    void capture(int exitCode);

    MainWindow &m_window;
    QString m_file;
    QStringList m_pending;
    QTimer *m_timeout;
    bool m_done = false;
    int m_failures = 0;
    int m_frame = -1;
};

} // namespace loupe
