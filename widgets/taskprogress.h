#pragma once

#include <QWidget>

class QLabel;
class QProgressBar;
class QToolButton;

namespace loupe {

/// A progress bar with a Cancel button, for the status bar. Hidden when idle.
class TaskProgress : public QWidget {
    Q_OBJECT
public:
    explicit TaskProgress(QWidget *parent = nullptr);

    void start(const QString &what);
    void setProgress(qint64 done, qint64 total, const QString &what);
    void finish();

signals:
    void cancelRequested();
    /// True from start() until finish().
    void busyChanged(bool busy);

private:
    QLabel *m_label = nullptr;
    QProgressBar *m_bar = nullptr;
    QToolButton *m_cancel = nullptr;
};

} // namespace loupe
