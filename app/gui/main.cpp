// loupe: the desktop application.

#include "app/buildinfo.h"
#include "app/gui/appcontext.h"
#include "app/gui/conflictreveal.h"
#include "app/gui/mainwindow.h"
#include "app/gui/screenshot.h"
#include "app/gui/syncsession.h"
#include "app/gui/workspacesession.h"
#include "core/store/workspace.h"
#include "widgets/vtkopenglwidget.h"

#include <QApplication>
#include <QCommandLineParser>
#include <QFileInfo>
#include <QIcon>
#include <QSettings>
#include <QStandardPaths>
#include <QStatusBar>
#include <QSurfaceFormat>
#include <QTextStream>
#include <cstdio>

int main(int argc, char **argv)
{
    // VTK needs an OpenGL 3.2 core context; it must be the default before QApplication exists.
    QSurfaceFormat::setDefaultFormat(loupe::VtkOpenGLWidget::defaultFormat());
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("Loupe"));
    QApplication::setApplicationName(QStringLiteral("Loupe"));
    QApplication::setApplicationVersion(QStringLiteral(LOUPE_VERSION));
    QApplication::setWindowIcon(QIcon(QStringLiteral(":/loupe/icons/loupe.svg")));

    QCommandLineParser parser;
    parser.setApplicationDescription(
        QStringLiteral("Loupe: view and annotate DICOM volumes and driving-camera sequences."));
    parser.addHelpOption();
    parser.addVersionOption();
    const QCommandLineOption screenshot(
        QStringLiteral("screenshot"),
        QStringLiteral("Open PATH…, wait until rendered, save the window to FILE and exit."),
        QStringLiteral("FILE"));
    const QCommandLineOption timeout(QStringLiteral("timeout"),
                                     QStringLiteral("Seconds --screenshot waits (default 300)."),
                                     QStringLiteral("SECONDS"), QStringLiteral("300"));
    const QCommandLineOption noGpu(QStringLiteral("no-gpu"),
                                   QStringLiteral("Use the CPU even when a CUDA device exists."));
    const QCommandLineOption frame(
        QStringLiteral("frame"),
        QStringLiteral("With --screenshot of a camera sequence: seek the timeline to frame N "
                       "(0-based) first."),
        QStringLiteral("N"));
    const QCommandLineOption workspace(
        QStringLiteral("workspace"),
        QStringLiteral("The workspace to keep labels in (remembered; default: %1).")
            .arg(loupe::store::Workspace::defaultPath()),
        QStringLiteral("FILE"));
    parser.addOptions({screenshot, timeout, noGpu, frame, workspace});
    parser.addPositionalArgument(QStringLiteral("PATH"),
                                 QStringLiteral("DICOM files or folders, image folders, KITTI "
                                                "drives or rig files to open."),
                                 QStringLiteral("[PATH…]"));
    parser.process(app);

    loupe::AppContext context(parser.isSet(noGpu) ? loupe::ComputeBackend::Preference::CpuOnly
                                                  : loupe::ComputeBackend::Preference::Auto);
    const bool screenshotMode = parser.isSet(screenshot);
    loupe::MainWindow window(context, !screenshotMode);

    if (screenshotMode) {
        loupe::ScreenshotRunner runner(window, parser.value(screenshot),
                                       parser.value(timeout).toInt() * 1000);
        if (parser.isSet(frame)) {
            bool ok = false;
            const int n = parser.value(frame).toInt(&ok);
            if (!ok || n < 0) {
                std::fprintf(stderr,
                             "loupe: --frame wants a frame number (0 or more), not \"%s\"\n",
                             qPrintable(parser.value(frame)));
                return 2;
            }
            runner.setFrame(n);
        }
        runner.start(parser.positionalArguments());
        return app.exec();
    }
    // Every label edit is kept in the workspace as it is made; what the last session had open
    // comes back when no path is given.
    QSettings settings;
    if (parser.isSet(workspace))
        settings.setValue(QStringLiteral("workspace/path"), parser.value(workspace));
    loupe::WorkspaceSession session(
        settings.value(QStringLiteral("workspace/path"), loupe::store::Workspace::defaultPath())
            .toString());
    window.attachWorkspace(&session);
    const QStringList paths = parser.positionalArguments();
    if (paths.isEmpty())
        QObject::connect(&session, &loupe::WorkspaceSession::opened, &window, [&] {
            if (!session.lastDataset().isEmpty() && QFileInfo::exists(session.lastDataset()))
                window.openPath(session.lastDataset());
        });
    // Syncing with loupe-server, once the workspace is open, when a sign-in is kept.
    loupe::SyncSession sync(session.path(),
                            QStandardPaths::writableLocation(QStandardPaths::AppDataLocation));
    sync.install(&window);
    sync.attach(&session);
    // A conflict's track or label brick, shown where its dataset is the one open.
    loupe::showConflictsIn(window, session, sync);
    QObject::connect(
        &sync, &loupe::SyncSession::message, &window,
        [&window](const QString &text, bool) { window.statusBar()->showMessage(text, 8000); });
    QObject::connect(&session, &loupe::WorkspaceSession::opened, &sync,
                     &loupe::SyncSession::resume);
    session.start();
    window.show();
    for (const QString &path : paths)
        window.openPath(path);
    return app.exec();
}
