#include "app/gui/screenshot.h"

#include "app/gui/mainwindow.h"
#include "core/datasetloader.h"
#include "core/sequence/playback.h"
#include "widgets/mprview.h"
#include "widgets/sequenceview.h"
#include "widgets/volumeview3d.h"
#include "widgets/vtkopenglwidget.h"

#include <QApplication>
#include <QFileInfo>
#include <QPixmap>
#include <QTextStream>
#include <QTimer>

#include <cstdio>

namespace loupe {

ScreenshotRunner::ScreenshotRunner(MainWindow &window, QString file, int timeoutMs, QObject *parent)
    : QObject(parent), m_window(window), m_file(std::move(file)), m_timeout(new QTimer(this))
{
    m_timeout->setSingleShot(true);
    m_timeout->setInterval(timeoutMs);
    connect(m_timeout, &QTimer::timeout, this, [this] {
        QTextStream(stderr) << "loupe: timed out waiting for the view to render\n";
        capture(3);
    });
    connect(&m_window, &MainWindow::openFailed, this,
            [this](const QString &, const QString &message) {
                QTextStream(stderr) << "loupe: " << message << "\n";
                ++m_failures;
                openNext();
            });
    connect(&m_window, &MainWindow::datasetShown, this, [this] {
        if (!m_pending.isEmpty()) {
            openNext();
            return;
        }
        // A sequence: to the frame asked for, then wait until every camera shows it. A
        // volume: wait for the view to draw it.
        SequenceView *frames = m_window.sequenceView();
        if (!frames->sequence()) {
            if (m_frame >= 0)
                QTextStream(stderr) << "loupe: --frame applies to camera sequences; ignored\n";
            return;
        }
        if (m_frame >= 0) {
            frames->playback()->seekFrame(m_frame);
            // Past the end: the last frame, and say so (then wait for that one).
            if (frames->playback()->frame() != m_frame) {
                QTextStream(stderr) << "loupe: --frame " << m_frame << " is past the last frame ("
                                    << frames->playback()->frame() << "); showing that\n";
                m_frame = frames->playback()->frame();
            }
        }
        if (frames->isSettled())
            captureSoon(m_failures ? 1 : 0);
    });
    connect(m_window.sequenceView(), &SequenceView::settled, this, [this] {
        if (m_pending.isEmpty() && !m_window.loader()->isBusy() &&
            m_window.sequenceView()->sequence() &&
            (m_frame < 0 || m_window.sequenceView()->playback()->frame() == m_frame))
            captureSoon(m_failures ? 1 : 0);
    });
    connect(m_window.volumeView(), &VolumeView3D::volumeRendered, this, [this] {
        if (m_pending.isEmpty() && !m_window.loader()->isBusy())
            captureSoon(m_failures ? 1 : 0);
    });
}

void ScreenshotRunner::start(const QStringList &paths)
{
    m_pending = paths;
    m_timeout->start();
    m_window.show();
    if (m_pending.isEmpty()) {
        // Nothing to open: the empty window once it has drawn.
        connect(
            m_window.volumeView()->renderWidget(), &VtkOpenGLWidget::frameRendered, this,
            [this] { captureSoon(0); }, Qt::SingleShotConnection);
        return;
    }
    openNext();
}

void ScreenshotRunner::openNext()
{
    if (m_pending.isEmpty()) {
        // The last open failed: nothing more will render.
        if (!m_window.loader()->isBusy() && m_failures)
            captureSoon(1);
        return;
    }
    m_window.openPath(m_pending.takeFirst());
}

void ScreenshotRunner::captureSoon(int exitCode)
{
    // Let the panels and the status bar settle, and the slice views' pictures arrive from
    // their workers, then grab.
    QTimer::singleShot(300, this, [this, exitCode] {
        const bool waiting = m_window.sequenceView()->sequence()
                                 ? !m_window.sequenceView()->isSettled()
                                 : m_window.mprView()->isRenderPending();
        if (waiting && m_timeout->isActive())
            captureSoon(exitCode);
        else
            capture(exitCode);
    });
}

void ScreenshotRunner::capture(int exitCode)
{
    if (m_done)
        return;
    m_done = true;
    const QPixmap shot = m_window.grab();
    if (!shot.save(m_file)) {
        QTextStream(stderr) << "loupe: cannot write the screenshot to \"" << m_file
                            << "\"; check the folder exists and is writable\n";
        QApplication::exit(2);
        return;
    }
    QTextStream(stdout) << QFileInfo(m_file).absoluteFilePath() << "\n";
    QApplication::exit(exitCode);
}

} // namespace loupe
