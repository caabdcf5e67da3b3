// The real main window under Xvfb: opening the demo CT, failures that name the path, drag
// and drop, cancel, recent files, and a broken plugin that does not stop the app.

#include "app/demo/ctphantom.h"
#include "app/demo/drivedemo.h"
#include "app/gui/aboutdialog.h"
#include "app/gui/appcontext.h"
#include "app/gui/mainwindow.h"
#include "app/gui/volumeoperations.h"
#include "core/compute/windowlevel_cpu.h"
#include "core/datasetloader.h"
#include "widgets/messagespanel.h"
#include "widgets/seriesbrowser.h"
#include "widgets/slicepreview.h"
#include "widgets/tagbrowser.h"
#include "widgets/volumeview3d.h"
#include "widgets/vtkopenglwidget.h"

#include "app/gui/labelfiles.h"
#include "core/labels/labelops.h"
#include "core/labels/segmentation.h"
#include "core/sequence/framecache.h"
#include "core/sequence/playback.h"
#include "core/volume.h"
#include "testsupport.h"
#include "widgets/cameragrid.h"
#include "widgets/frameview.h"
#include "widgets/mprview.h"
#include "widgets/segmenteditor.h"
#include "widgets/segmentspanel.h"
#include "widgets/segmentstatsdialog.h"
#include "widgets/sequenceview.h"
#include "widgets/sliceview.h"

#include "../widgets/guitest.h"
#include "menushortcuts.h"

#include <QAction>

#include <QApplication>
#include <QDockWidget>
#include <QMenu>
#include <QMenuBar>
#include <QMimeData>
#include <QRegularExpression>
#include <QSet>
#include <QSettings>
#include <QSignalSpy>
#include <QSurfaceFormat>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QToolButton>
#include <QTreeWidget>

#include <functional>
#include <memory>

using namespace loupe;

class TestMainWindow : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        // The real plugins and the fixtures, the broken ones included.
        qputenv("LOUPE_PLUGIN_PATH",
                (test::pluginDir() + QLatin1Char(':') + test::fixturePluginDir()).toUtf8());
        QVERIFY(m_dir.isValid());
        m_ct = m_dir.filePath(QStringLiteral("ct"));
        m_spec.dims = {48, 40, 24};
        m_spec.pixelSpacing = 6.5;
        m_spec.sliceSpacing = 12.0;
        QVERIFY(demo::writeCtPhantom(m_ct, m_spec).ok());
        // A connection to a member not yet created means broken wiring: fail, do not warn.
        QTest::failOnWarning(QRegularExpression(QStringLiteral("invalid nullptr parameter")));
        m_context = std::make_unique<AppContext>();
        m_window = std::make_unique<MainWindow>(*m_context, false);
        m_window->resize(1000, 700);
        m_window->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_window.get()));
        m_window->activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(m_window.get()));
    }

    void cleanupTestCase()
    {
        m_window.reset();
        m_context.reset();
    }

    void brokenPluginsAreReportedAndSkipped()
    {
        QCOMPARE(m_context->plugins().loadedCount(),
                 9); // dicom, frames, SEG, NIfTI labels, tools, good; OpenLABEL, CVAT, others
        const QString messages = m_window->messages()->texts().join(QLatin1Char('\n'));
        QVERIFY2(messages.contains(QStringLiteral("libfixture_broken.so")), qPrintable(messages));
        QVERIFY(messages.contains(QStringLiteral("undefined symbol")));
        QVERIFY(messages.contains(QStringLiteral("org.loupe.DatasetReader/0")));
    }

    void opensTheCtAndRendersIt()
    {
        QSignalSpy shown(m_window.get(), &MainWindow::datasetShown);
        QSignalSpy rendered(m_window->volumeView(), &VolumeView3D::volumeRendered);
        QSignalSpy preview(m_window->loader(), &DatasetLoader::previewReady);
        bool previewBeforeShown = false;
        QObject scope; // the connection ends with this function
        connect(m_window->loader(), &DatasetLoader::previewReady, &scope, [&] {
            previewBeforeShown = shown.isEmpty() && m_window->slicePreview()->isPreview();
        });
        m_window->openPath(m_ct);
        QVERIFY(shown.wait(30000));
        // Progressive loading: the middle slice was on screen before the whole series.
        QCOMPARE(preview.count(), 1);
        QCOMPARE(preview.first().at(1).toLongLong(), 12);
        QVERIFY(previewBeforeShown);
        QVERIFY(!m_window->slicePreview()->isPreview());
        QVERIFY(rendered.count() == 1 || rendered.wait(30000));
        QVERIFY(m_window->dataset().has_value());
        QCOMPARE(m_window->dataset()->volumes.front()->geometry().dims[2], 24);
        QVERIFY(m_window->windowTitle().contains(QStringLiteral("Loupe CT phantom")));

        // The window's own grab (what --screenshot saves) shows the volume in the 3D view.
        const QImage shot = m_window->grab().toImage();
        const QWidget *view = m_window->volumeView();
        const QPoint topLeft = view->mapTo(m_window.get(), QPoint(0, 0)) * shot.devicePixelRatio();
        const QRect area(topLeft, view->size() * shot.devicePixelRatio());
        const QRgb corner = shot.pixel(area.topLeft() + QPoint(4, 4));
        QVERIFY2(std::abs(qRed(corner) - 23) < 4 && std::abs(qBlue(corner) - 33) < 4,
                 qPrintable(QStringLiteral("corner #%1").arg(corner, 8, 16)));
        int phantom = 0;
        for (int y = area.top(); y < area.bottom(); y += 2)
            for (int x = area.left(); x < area.right(); x += 2) {
                const QRgb c = shot.pixel(x, y);
                phantom += (qRed(c) > 60 && qRed(c) > qBlue(c) + 20) ? 1 : 0; // skin and bone tones
            }
        QVERIFY2(phantom > area.width() * area.height() / 4 / 50,
                 qPrintable(QString::number(phantom)));
    }

    void slicePreviewShowsWindowedHounsfieldUnits()
    {
        QVERIFY(m_window->dataset().has_value());
        const SlicePreview *preview = m_window->slicePreview();
        QVERIFY(QTest::qWaitFor([&] { return !preview->isRenderPending(); }, 10000));
        const QImage image = preview->image();
        QCOMPARE(image.size(), QSize(48, 40));
        const int k = preview->slice();
        QCOMPARE(k, 12);
        // Window from the file: C 40, W 400. Each pixel is the grey of its voxel's HU.
        std::uint32_t lut[256];
        compute::makeGreyLut(lut, 256);
        const auto params = compute::makeWindowLevelParams(40, 400, 256);
        for (const QPoint p : {QPoint(24, 20), QPoint(0, 0), QPoint(24, 33), QPoint(33, 20)}) {
            const double hu =
                std::lround(demo::phantomHu(demo::phantomVoxelToPatient(m_spec, p.x(), p.y(), k)));
            const int grey = static_cast<int>(
                lut[compute::windowLevelIndex(static_cast<std::int16_t>(hu), params)] & 0xFF);
            QCOMPARE(qRed(image.pixel(p)), grey);
        }
    }

    void recentFilesRemembersTheOpen()
    {
        const QStringList recent = QSettings().value(QStringLiteral("recentFiles")).toStringList();
        QVERIFY(!recent.isEmpty());
        QCOMPARE(recent.first(), QFileInfo(m_ct).absoluteFilePath());
    }

    void failuresNameThePathAndKeepWhatIsOpen()
    {
        QSignalSpy failed(m_window.get(), &MainWindow::openFailed);
        const QString missing = m_dir.filePath(QStringLiteral("gone/series"));
        m_window->openPath(missing);
        QVERIFY(failed.wait(10000));
        QVERIFY(m_window->messages()->texts().first().contains(missing));

        const QString text = m_dir.filePath(QStringLiteral("notes.txt"));
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not an image\n");
        f.close();
        m_window->openPath(text);
        QVERIFY(failed.wait(10000));
        QVERIFY(m_window->messages()->texts().first().contains(text));

        const QString empty = m_dir.filePath(QStringLiteral("empty"));
        QVERIFY(QDir().mkpath(empty));
        m_window->openPath(empty);
        QVERIFY(failed.wait(10000));
        QVERIFY(m_window->messages()->texts().first().contains(empty));

        // The app is up and still shows the CT opened before.
        QVERIFY(m_window->isVisible());
        QCOMPARE(m_window->volumeView()->volume()->geometry().dims[2], 24);
    }

    void dropOpensTheFolder()
    {
        QTemporaryDir dir;
        const QString other = dir.filePath(QStringLiteral("other"));
        demo::CtPhantomSpec spec;
        spec.dims = {24, 24, 8};
        QVERIFY(demo::writeCtPhantom(other, spec).ok());
        QMimeData mime;
        mime.setUrls({QUrl::fromLocalFile(other)});
        QSignalSpy shown(m_window.get(), &MainWindow::datasetShown);
        const QPoint at(200, 200);
        QDragEnterEvent enter(at, Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &enter);
        QVERIFY(enter.isAccepted());
        QDropEvent drop(QPointF(at), Qt::CopyAction, &mime, Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(m_window.get(), &drop);
        QVERIFY(shown.wait(30000));
        QCOMPARE(shown.first().first().toString(), other);
        QCOMPARE(m_window->volumeView()->volume()->geometry().dims[2], 8);
    }

    void seriesBrowserListsAndSwitches()
    {
        QTemporaryDir dir;
        demo::CtPhantomSpec a, b;
        a.dims = {24, 24, 8};
        a.pixelSpacing = 12;
        b.dims = {32, 32, 5};
        b.pixelSpacing = 9;
        QVERIFY(demo::writeCtPhantom(dir.filePath(QStringLiteral("a")), a).ok());
        QVERIFY(demo::writeCtPhantom(dir.filePath(QStringLiteral("b")), b).ok());
        QSignalSpy shown(m_window.get(), &MainWindow::datasetShown);
        m_window->openPath(dir.path());
        QVERIFY(shown.wait(30000));

        QTreeWidget *tree = m_window->seriesBrowser()->tree();
        QCOMPARE(tree->topLevelItemCount(), 1); // one patient
        QTreeWidgetItem *patient = tree->topLevelItem(0);
        QVERIFY(patient->text(0).contains(QStringLiteral("LOUPE-DEMO-001")));
        QCOMPARE(patient->text(1), QStringLiteral("13")); // 8 + 5 images
        QCOMPARE(patient->childCount(), 2);               // two studies
        QTreeWidgetItem *seriesB = nullptr;
        for (int s = 0; s < 2; ++s) {
            QTreeWidgetItem *series = patient->child(s)->child(0);
            // A thumbnail, drawn on a worker: it arrives a moment later.
            QTRY_VERIFY_WITH_TIMEOUT(!series->icon(0).isNull(), 10000);
            if (series->text(1) == QLatin1String("5"))
                seriesB = series;
        }
        QVERIFY(seriesB);
        QCOMPARE(m_window->volumeView()->volume()->geometry().dims[2], 8); // the largest first
        tree->setCurrentItem(seriesB);
        emit tree->itemActivated(seriesB, 0);
        QCOMPARE(m_window->volumeView()->volume()->geometry().dims[2], 5);
        QTRY_COMPARE_WITH_TIMEOUT(m_window->slicePreview()->image().width(), 32, 10000);
        QVERIFY(seriesB->font(0).bold());
    }

    void missingSlicesCanBeFilled()
    {
        QTemporaryDir dir;
        demo::CtPhantomSpec spec;
        spec.dims = {24, 20, 8};
        spec.pixelSpacing = 12;
        QVERIFY(demo::writeCtPhantom(dir.path(), spec).ok());
        // Remove the file of slice 4 (named by the generator's permutation of k).
        const int prime = 7919;
        QVERIFY(QFile::remove(dir.filePath(
            QStringLiteral("IM%1.dcm").arg((4LL * prime) % 8, 5, 10, QLatin1Char('0')))));
        QSignalSpy shown(m_window.get(), &MainWindow::datasetShown);
        m_window->openPath(dir.path());
        QVERIFY(shown.wait(30000));
        const auto before = m_window->volumeView()->volume();
        QCOMPARE(before->info().missingSlices, std::vector<int>{4});
        QVERIFY(m_window->fillGapsAction()->isEnabled());
        QVERIFY(!m_window->resampleAction()->isEnabled()); // not sheared

        QSignalSpy done(m_window->operations(), &VolumeOperations::finished);
        m_window->fillGapsAction()->trigger();
        QVERIFY(done.wait(30000));
        const auto after = m_window->volumeView()->volume();
        QVERIFY(after != before);
        QVERIFY(after->info().missingSlices.empty());
        QCOMPARE(after->valueAt(12, 10, 4),
                 std::round((before->valueAt(12, 10, 3) + before->valueAt(12, 10, 5)) / 2));
        QVERIFY(!m_window->fillGapsAction()->isEnabled());
    }

    void escapeCancelsALongLoad()
    {
        QTemporaryDir dir;
        const QString big = dir.filePath(QStringLiteral("big.loupetest"));
        test::writeLoupeTest(big, 512, 512, 400);
        QSignalSpy canceled(m_window->loader(), &DatasetLoader::canceled);
        QSignalSpy progressed(m_window->loader(), &DatasetLoader::progressed);
        m_window->openPath(big);
        QVERIFY(progressed.wait(10000));
        QTest::keyClick(m_window.get(), Qt::Key_Escape);
        QVERIFY(canceled.wait(10000));
        QVERIFY(m_window->messages()->texts().first().contains(QStringLiteral("canceled")));
        QCOMPARE(m_window->volumeView()->volume()->geometry().dims[2], 8); // unchanged
    }

    void everyActionHasItsOwnShortcut()
    {
        int checked = 0;
        const QString problem = test::menuShortcutProblem(m_window->menuBar(), checked);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(checked > 20);
    }

    void escapeGoesToTheViewWhenNothingRuns()
    {
        // The Cancel action owns Esc only while a task runs; otherwise a slice view gets it.
        QAction *cancel = nullptr;
        for (QAction *a : m_window->findChildren<QAction *>())
            if (a->shortcut() == QKeySequence(Qt::Key_Escape))
                cancel = a;
        QVERIFY(cancel);
        QSignalSpy shown(m_window.get(), &MainWindow::datasetShown);
        QVERIFY(!cancel->isEnabled());
        m_window->openPath(m_ct);
        QVERIFY(cancel->isEnabled());
        QVERIFY(shown.wait(30000));
        QVERIFY(!cancel->isEnabled());
    }

    void crosshairAndClippingReachThe3DView()
    {
        QSignalSpy shown(m_window.get(), &MainWindow::datasetShown);
        m_window->openPath(m_ct);
        QVERIFY(shown.wait(30000));
        auto *mpr = m_window->findChild<MprView *>();
        QVERIFY(mpr);
        SliceView *axial = mpr->axial();
        const auto volume = m_window->dataset()->volumes.front();
        const QPointF at = axial->planeToScreen({10, 20});
        QTest::mouseClick(axial, Qt::LeftButton, Qt::NoModifier, at.toPoint());
        const Vec3 expected = volume->geometry().voxelToPatient(axial->crosshair());
        QVERIFY(norm(m_window->volumeView()->crosshair() - expected) < 1e-9);

        // Ctrl+B: the clipping box, and again to take it away.
        QAction *clip = nullptr, *straighten = nullptr;
        for (QAction *a : m_window->findChildren<QAction *>()) {
            if (a->shortcut() == QKeySequence(QStringLiteral("Ctrl+B")))
                clip = a;
            if (a->shortcut() == QKeySequence(QStringLiteral("Ctrl+Shift+R")))
                straighten = a;
        }
        QVERIFY(clip && straighten);
        clip->trigger();
        QVERIFY(m_window->volumeView()->clippingBoxEnabled());
        clip->trigger();
        QVERIFY(!m_window->volumeView()->clippingBoxEnabled());

        // Turning the crosshair enables Reset Oblique Planes, which straightens the views.
        QVERIFY(!straighten->isEnabled());
        axial->setFocus();
        QTest::keyClick(axial, Qt::Key_Period);
        QVERIFY(mpr->isOblique());
        QVERIFY(straighten->isEnabled());
        straighten->trigger();
        QVERIFY(!mpr->isOblique());
        QVERIFY(!straighten->isEnabled());
    }

    void windowPresetsOnNumberKeys()
    {
        QSignalSpy shown(m_window.get(), &MainWindow::datasetShown);
        m_window->openPath(m_ct);
        QVERIFY(shown.wait(30000));
        auto *mpr = m_window->findChild<MprView *>();
        QVERIFY(mpr);
        const auto actionFor = [this](Qt::Key key) -> QAction * {
            for (QAction *a : m_window->findChildren<QAction *>())
                if (a->shortcut() == QKeySequence(key))
                    return a;
            return nullptr;
        };
        const struct {
            Qt::Key key;
            double center, width;
        } presets[] = {{Qt::Key_1, 40, 80},
                       {Qt::Key_2, -600, 1500},
                       {Qt::Key_3, 400, 1800},
                       {Qt::Key_4, 50, 400}};
        for (const auto &p : presets) {
            QAction *action = actionFor(p.key);
            QVERIFY(action);
            action->trigger();
            for (const SliceView *view : {mpr->axial(), mpr->coronal(), mpr->sagittal()}) {
                QCOMPARE(view->window().center, p.center);
                QCOMPARE(view->window().width, p.width);
            }
        }
        // Auto: the 1st to 99th percentile, narrower than the bone window on this CT.
        QAction *automatic = actionFor(Qt::Key_5);
        QVERIFY(automatic);
        automatic->trigger();
        const Window w = mpr->axial()->window();
        QVERIFY(w.width > 0);
        QVERIFY(w.width != 1800 && w.width != 400);
        QCOMPARE(mpr->sagittal()->window().center, w.center);
    }

    void tagBrowserFollowsTheSlice()
    {
        TagBrowser *tags = m_window->tagBrowser();
        QSignalSpy shown(m_window.get(), &MainWindow::datasetShown);
        m_window->openPath(m_ct);
        QVERIFY(shown.wait(30000));
        const auto volume = m_window->dataset()->volumes.front();
        SliceView *axial = m_window->mprView()->axial();
        const auto k = static_cast<std::size_t>(std::lround(axial->crosshair()[2]));
        // Read on a worker thread: it arrives a moment later.
        QTRY_COMPARE_WITH_TIMEOUT(tags->currentPath(), volume->info().sliceSources[k].path, 10000);
        QVERIFY(tags->entries().size() > 30);
        const int all = tags->visibleRowCount();
        tags->setFilter(QStringLiteral("patientname"));
        QCOMPARE(tags->visibleRowCount(), 1);
        tags->setFilter(QString());
        QCOMPARE(tags->visibleRowCount(), all);

        // Next slice: the next file's attributes, read off the UI thread.
        axial->setFocus();
        QTest::keyClick(axial, Qt::Key_Up);
        QTRY_COMPARE_WITH_TIMEOUT(tags->currentPath(), volume->info().sliceSources[k + 1].path,
                                  10000);
        QVERIFY(tags->currentPath() != volume->info().sliceSources[k].path);
    }

    void paintGrowUndoInTheSliceViews()
    {
        QSignalSpy shown(m_window.get(), &MainWindow::datasetShown);
        m_window->openPath(m_ct);
        QVERIFY(shown.wait(30000));
        Segmentation *labels = m_window->segmentation();
        QVERIFY(labels);
        QCOMPARE(labels->segments().size(), std::size_t(0));
        QAction *add = action(QStringLiteral("Ctrl+Shift+N"));
        QAction *paint = action(QStringLiteral("B"));
        QAction *grow = action(QStringLiteral("G"));
        QAction *undo = action(QStringLiteral("Ctrl+Z"));
        QAction *redo = action(QStringLiteral("Ctrl+Shift+Z"));
        QVERIFY(add && paint && grow && undo && redo);
        QVERIFY(!undo->isEnabled());

        // A segment, then a paint stroke across the axial view.
        add->trigger();
        QCOMPARE(labels->segments().size(), std::size_t(1));
        const std::uint8_t label = labels->currentLabel();
        QVERIFY(label > 0);
        paint->trigger();
        m_window->segmentEditor()->setBrushRadiusMm(6.0);
        SliceView *axial = m_window->mprView()->axial();
        QCOMPARE(axial->tool(), SliceView::Tool::Segment);
        const int k = axial->slice();
        const QPoint from = axial->planeToScreen({10, 20}).toPoint();
        const QPoint to = axial->planeToScreen({30, 20}).toPoint();
        QTest::mousePress(axial, Qt::LeftButton, Qt::NoModifier, from);
        for (int step = 1; step <= 5; ++step) {
            const QPoint at = from + (to - from) * step / 5;
            test::moveMouse(axial, at, Qt::LeftButton);
        }
        QTest::mouseRelease(axial, Qt::LeftButton, Qt::NoModifier, to);
        const std::int64_t painted = labels->layers().front().histogram()[label];
        // The stroke is continuous along its path, as wide as the brush, in the slice shown
        // and only there.
        const double spacing = labels->layers().front().geometry().spacing[1];
        const int reach = static_cast<int>(6.0 / spacing);
        QVERIFY2(painted >= 21 * (2 * reach + 1), qPrintable(QString::number(painted)));
        // (The pointer lands within half a pixel of row 20: rows further than the radius plus
        // that half pixel stay empty.)
        for (int x = 10; x <= 30; ++x) {
            QCOMPARE(labels->layers().front().at(x, 20, k), label);
            QCOMPARE(labels->layers().front().at(x, 20 + reach + 2, k), std::uint8_t(0));
            QCOMPARE(labels->layers().front().at(x, 20 - reach - 2, k), std::uint8_t(0));
        }
        QCOMPARE(labels->layers().front().at(20, 20, k + 1), std::uint8_t(0));
        QVERIFY(undo->isEnabled());
        // The view shows it in the segment's colour.
        QVERIFY(QTest::qWaitFor([&] { return !axial->isRenderPending(); }, 10000));
        const auto colour = labels->segment(label)->colour;
        const QColor shown20 = axial->image().pixelColor(20, 20);
        QVERIFY2(std::abs(shown20.red() - colour[0]) < 90 &&
                     std::abs(shown20.green() - colour[1]) < 90,
                 qPrintable(shown20.name()));

        // One undo takes the whole stroke away; redo brings it back.
        undo->trigger();
        QCOMPARE(labels->layers().front().histogram()[label], std::int64_t(0));
        QVERIFY(redo->isEnabled());
        redo->trigger();
        QCOMPARE(labels->layers().front().histogram()[label], painted);

        // Grow from a seed in the soft tissue, in this slice only: more voxels, all in range.
        grow->trigger();
        m_window->segmentEditor()->setIntensityRange(0, 100);
        m_window->segmentEditor()->setBrush3D(false);
        const QPoint seed = axial->planeToScreen({24, 12}).toPoint();
        const auto volume = m_window->dataset()->volumes.front();
        QVERIFY(volume->valueAt(24, 12, k) >= 0 && volume->valueAt(24, 12, k) <= 100);
        QTest::mouseClick(axial, Qt::LeftButton, Qt::NoModifier, seed);
        // Whole-volume tools run on a worker: the labels change when it is done.
        QVERIFY(labels->isBusy());
        QTRY_VERIFY_WITH_TIMEOUT(!labels->isBusy(), 20000);
        const std::int64_t grown = labels->layers().front().histogram()[label];
        QVERIFY2(grown > painted + 50, qPrintable(QString::number(grown)));
        QCOMPARE(labels->layers().front().at(24, 12, k), label);
        QCOMPARE(labels->layers().front().at(24, 12, k + 1), std::uint8_t(0));

        // Statistics: the painted and grown voxels, their volume, exported as CSV.
        QAction *statistics = action(QStringLiteral("Ctrl+Shift+T"));
        QVERIFY(statistics);
        statistics->trigger();
        auto *dialog = m_window->findChild<SegmentStatsDialog *>();
        QVERIFY(dialog);
        // Computed on a worker: the table fills a moment later.
        QTRY_VERIFY_WITH_TIMEOUT(!dialog->statistics().empty(), 10000);
        QCOMPARE(dialog->statistics().front().voxels, grown);
        const auto &g = volume->geometry();
        QVERIFY(std::abs(dialog->statistics().front().volumeMl -
                         double(grown) * g.spacing[0] * g.spacing[1] * g.spacing[2] / 1000) < 1e-9);
        QCOMPARE(dialog->table()->item(0, 1)->text(), QString::number(grown));
        const QString csvPath = m_dir.filePath(QStringLiteral("stats.csv"));
        QVERIFY(dialog->exportCsv(csvPath).ok());
        QFile csv(csvPath);
        QVERIFY(csv.open(QIODevice::ReadOnly));
        QVERIFY(QString::fromUtf8(csv.readAll()).contains(QStringLiteral(",%1,").arg(grown)));
        QVERIFY(!dialog->exportCsv(QStringLiteral("/nonexistent/dir/stats.csv")).ok());
        dialog->close();

        // Ctrl + click picks the segment under the pointer.
        add->trigger();
        QVERIFY(labels->currentLabel() != label);
        QTest::mouseClick(axial, Qt::LeftButton, Qt::ControlModifier, seed);
        QCOMPARE(labels->currentLabel(), label);
        action(QStringLiteral("Alt+X"))->trigger();
        QCOMPARE(axial->tool(), SliceView::Tool::Crosshair);
    }

    void interpolateBetweenPaintedSlices()
    {
        QSignalSpy shown(m_window.get(), &MainWindow::datasetShown);
        m_window->openPath(m_ct);
        QVERIFY(shown.wait(30000));
        Segmentation *labels = m_window->segmentation();
        action(QStringLiteral("Ctrl+Shift+N"))->trigger();
        const std::uint8_t label = labels->currentLabel();
        action(QStringLiteral("B"))->trigger();
        m_window->segmentEditor()->setBrush3D(false);
        m_window->segmentEditor()->setBrushRadiusMm(20.0);
        SliceView *axial = m_window->mprView()->axial();
        const QPoint centre = axial->planeToScreen({24, 20}).toPoint();
        axial->setSlice(8);
        QTest::mouseClick(axial, Qt::LeftButton, Qt::NoModifier, centre);
        axial->setSlice(14);
        QTest::mouseClick(axial, Qt::LeftButton, Qt::NoModifier, centre);
        const auto onSlice = [&](int k) {
            int n = 0;
            for (int j = 0; j < 40; ++j)
                for (int i = 0; i < 48; ++i)
                    n += labels->layers().front().at(i, j, k) == label;
            return n;
        };
        QVERIFY(onSlice(8) > 0 && onSlice(14) > 0);
        QCOMPARE(onSlice(11), 0);
        // Fill Between Slices (I), clicked in the axial view: the slices between get the disk.
        action(QStringLiteral("I"))->trigger();
        QTest::mouseClick(axial, Qt::LeftButton, Qt::NoModifier, centre);
        QTRY_VERIFY_WITH_TIMEOUT(!labels->isBusy(), 20000);
        for (int k = 9; k < 14; ++k)
            QVERIFY2(
                std::abs(onSlice(k) - onSlice(8)) <= onSlice(8) / 5,
                qPrintable(
                    QStringLiteral("slice %1: %2 vs %3").arg(k).arg(onSlice(k)).arg(onSlice(8))));
        QCOMPARE(onSlice(7), 0);
        // One undo takes the fill away, the painted slices stay.
        action(QStringLiteral("Ctrl+Z"))->trigger();
        QCOMPARE(onSlice(11), 0);
        QVERIFY(onSlice(14) > 0);
        action(QStringLiteral("Alt+X"))->trigger();
    }

    void segmentsPanelEditsTheList()
    {
        QSignalSpy shown(m_window.get(), &MainWindow::datasetShown);
        m_window->openPath(m_ct);
        QVERIFY(shown.wait(30000));
        Segmentation *labels = m_window->segmentation();
        SegmentsPanel *panel = m_window->segmentsPanel();
        QVERIFY(panel->isEnabled());
        const std::uint8_t liver = labels->addSegment(QStringLiteral("Liver"));
        const std::uint8_t lesion = labels->addSegment(QStringLiteral("Lesion"));
        QCOMPARE(labels->segment(liver)->type.value, QStringLiteral("10200004")); // terminology
        labels->edit(QStringLiteral("two voxels"), [&](LabelEdit &e) {
            e.set(1, 1, 1, liver);
            e.set(2, 2, 2, lesion);
        });
        // The list rebuilds on a queued signal (so a change made from the list is safe).
        const auto settle = [] { QCoreApplication::processEvents(); };
        settle();
        QTreeWidget *list = panel->list();
        QCOMPARE(list->topLevelItemCount(), 2);
        QCOMPARE(list->currentItem()->text(0), QStringLiteral("Lesion")); // the new one is current
        // Rename, hide and lock through the list's own cells.
        list->topLevelItem(0)->setText(0, QStringLiteral("Liver (left lobe)"));
        settle();
        QCOMPARE(labels->segment(liver)->name, QStringLiteral("Liver (left lobe)"));
        list->topLevelItem(0)->setCheckState(1, Qt::Unchecked);
        settle();
        QVERIFY(!labels->segment(liver)->visible);
        list->topLevelItem(0)->setCheckState(2, Qt::Checked);
        settle();
        QVERIFY(labels->segment(liver)->locked);
        QVERIFY(labels->ruleFor(lesion).locked[liver]); // tools leave it alone now
        // Selecting a row makes it current.
        list->setCurrentItem(list->topLevelItem(0));
        QCOMPARE(labels->currentLabel(), liver);
        settle();
        // Reorder, then merge the lesion into the liver: one segment, its voxels moved.
        labels->moveSegment(lesion, 0);
        settle();
        QCOMPARE(list->topLevelItem(0)->text(0), QStringLiteral("Lesion"));
        labels->mergeSegments(liver, lesion);
        settle();
        QCOMPARE(list->topLevelItemCount(), 1);
        QCOMPARE(labels->layers().front().at(2, 2, 2), liver);
        labels->undo(); // the voxels come back to the lesion, and so does its entry
        QCOMPARE(labels->layers().front().at(2, 2, 2), lesion);
        QVERIFY(labels->segment(lesion));
        settle();
        QCOMPARE(list->topLevelItemCount(), 2);
        // Delete: the segment and its voxels go, undoably.
        labels->removeSegment(liver);
        settle();
        QCOMPARE(labels->layers().front().at(1, 1, 1), std::uint8_t(0));
        QCOMPARE(list->topLevelItemCount(), 1);
        labels->undo();
        QCOMPARE(labels->layers().front().at(1, 1, 1), liver);
        QCOMPARE(labels->segment(liver)->name, QStringLiteral("Liver (left lobe)"));
    }

    void combineMenuMakesSegmentsOverlap()
    {
        QSignalSpy shown(m_window.get(), &MainWindow::datasetShown);
        m_window->openPath(m_ct);
        QVERIFY(shown.wait(30000));
        Segmentation *labels = m_window->segmentation();
        SegmentsPanel *panel = m_window->segmentsPanel();
        const std::uint8_t liver = labels->addSegment(QStringLiteral("Liver"));
        const std::uint8_t lesion = labels->addSegment(QStringLiteral("Lesion"));
        const auto box = [&](std::uint8_t label, int from, int to) {
            labels->edit(
                QStringLiteral("box"),
                [&](LabelEdit &e) {
                    for (int k = 10; k < 14; ++k)
                        for (int j = from; j < to; ++j)
                            for (int i = from; i < to; ++i)
                                e.set(i, j, k, label);
                },
                labels->layerOf(label));
        };
        box(liver, 10, 20);
        QCoreApplication::processEvents();
        QTreeWidget *list = panel->list();
        const auto select = [&](std::uint8_t label) {
            for (int n = 0; n < list->topLevelItemCount(); ++n)
                if (list->topLevelItem(n)->text(0) == labels->segment(label)->name)
                    list->setCurrentItem(list->topLevelItem(n));
            QCOMPARE(labels->currentLabel(), label);
        };
        // The Combine… menu, as the user opens it, for the selected segment.
        auto *combine = panel->findChild<QToolButton *>(QStringLiteral("combineButton"));
        QVERIFY(combine && combine->menu());
        const auto choose = [&](const QString &path) -> QAction * {
            emit combine->menu()->aboutToShow();
            QMenu *menu = combine->menu();
            const QStringList steps = path.split(QLatin1Char('/'));
            for (int n = 0; n < steps.size(); ++n)
                for (QAction *a : menu->actions())
                    if (a->text() == steps[n]) {
                        if (n + 1 == steps.size())
                            return a;
                        menu = a->menu();
                        break;
                    }
            return nullptr;
        };
        // The lesion on a layer of its own, then painted half over the liver.
        select(lesion);
        QAction *own = choose(QStringLiteral("Own layer (may overlap others)"));
        QVERIFY(own && own->isEnabled());
        own->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!labels->isBusy(), 10000);
        QCOMPARE(labels->layerOf(lesion), std::uint8_t(1));
        QVERIFY(!choose(QStringLiteral("Own layer (may overlap others)"))->isEnabled());
        box(lesion, 15, 25);
        QCOMPARE(labels->layers()[0].histogram()[liver], std::int64_t(10 * 10 * 4)); // whole

        // Both show where they overlap: the lesion's fill over the liver's.
        SliceView *axial = m_window->mprView()->axial();
        axial->setCrosshair({17, 17, 12});
        QTRY_VERIFY_WITH_TIMEOUT(!axial->isRenderPending(), 10000);
        const auto pixelAt = [&](int i, int j) {
            const Vec3 p = axial->plane().toPlane({double(i), double(j), 12});
            return axial->image().pixel(int(std::lround(p[0])), int(std::lround(p[1])));
        };
        QVERIFY(pixelAt(17, 17) != pixelAt(22, 22)); // lesion over liver vs lesion alone
        QVERIFY(pixelAt(17, 17) != pixelAt(12, 12)); // vs liver alone

        // Liver ∩ Lesion, from the menu: the liver keeps the overlap only; undo brings it back.
        select(liver);
        QAction *intersect = choose(QStringLiteral("Intersect with (∩)/Lesion"));
        QVERIFY(intersect);
        intersect->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!labels->isBusy(), 10000);
        QCOMPARE(labels->layers()[0].histogram()[liver], std::int64_t(5 * 5 * 4));
        QCOMPARE(labels->layers()[0].at(17, 17, 12), liver);
        QCOMPARE(labels->layers()[0].at(12, 12, 12), std::uint8_t(0));
        QCOMPARE(labels->layers()[1].histogram()[lesion], std::int64_t(10 * 10 * 4));
        action(QStringLiteral("Ctrl+Z"))->trigger();
        QCOMPARE(labels->layers()[0].histogram()[liver], std::int64_t(10 * 10 * 4));
        // Liver − Lesion.
        choose(QStringLiteral("Subtract (−)/Lesion"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!labels->isBusy(), 10000);
        QCOMPARE(labels->layers()[0].histogram()[liver], std::int64_t(100 * 4 - 25 * 4));
        QCOMPARE(labels->layers()[0].at(17, 17, 12), std::uint8_t(0));
        action(QStringLiteral("Ctrl+Z"))->trigger();
        // Liver ∪ Lesion: nothing else is in the way on layer 0, so it stays there.
        choose(QStringLiteral("Add (∪)/Lesion"))->trigger();
        QTRY_VERIFY_WITH_TIMEOUT(!labels->isBusy(), 10000);
        QCOMPARE(labels->layerOf(liver), std::uint8_t(0));
        QCOMPARE(labels->layers()[0].histogram()[liver], std::int64_t((100 + 100 - 25) * 4));
        QCOMPARE(labels->layers()[1].histogram()[lesion], std::int64_t(100 * 4));
        action(QStringLiteral("Ctrl+Z"))->trigger();
        QCOMPARE(labels->layers()[0].histogram()[liver], std::int64_t(10 * 10 * 4));
    }

    void driveOpensTwoSyncedCameras()
    {
        const QString drive = m_dir.filePath(QStringLiteral("drive"));
        demo::DriveSpec spec;
        spec.frames = 20;
        spec.width = 320;
        spec.height = 120;
        QVERIFY(demo::writeDrive(drive, spec).ok());
        QSignalSpy shown(m_window.get(), &MainWindow::datasetShown);
        m_window->openPath(drive);
        QVERIFY(shown.wait(30000));
        SequenceView *frames = m_window->sequenceView();
        QVERIFY(frames->isVisible());
        QVERIFY(!m_window->mprView()->isVisible());
        QCOMPARE(frames->grid()->count(), 2);
        // The volume-only panels step aside; the dataset panel stays, and lists the cameras.
        const auto dockShown = [&](const char *name) {
            return m_window->findChild<QDockWidget *>(QLatin1String(name))->isVisible();
        };
        QVERIFY(!dockShown("sliceDock"));
        QVERIFY(!dockShown("segmentsDock"));
        QVERIFY(dockShown("datasetDock"));
        frames->playback()->seekFrame(7);
        QTRY_VERIFY_WITH_TIMEOUT(frames->isSettled(), 10000);
        QCOMPARE(frames->grid()->view(0)->frame(), 7);
        QCOMPARE(frames->grid()->view(1)->frame(), 7);
        QVERIFY(frames->grid()->view(1)->hasPicture());
        // Converting video frames on the GPU: offered only where a GPU is in use, off by
        // default; where there is none the menu says why.
        QAction *gpu = m_window->findChild<QAction *>(QStringLiteral("gpuFramesAction"));
        QVERIFY(gpu);
        QVERIFY(gpu->isCheckable());
        QVERIFY(!gpu->isChecked());
        QCOMPARE(gpu->isEnabled(), m_context->compute().gpuInUse());
        if (!m_context->compute().gpuInUse())
            QVERIFY(gpu->toolTip().contains(m_context->compute().description()));
        QVERIFY(!frames->cache()->converter());
        // A volume again: the slice views come back.
        m_window->openPath(m_ct);
        QVERIFY(shown.wait(30000));
        QVERIFY(m_window->mprView()->isVisible());
        QVERIFY(!frames->isVisible());
        QVERIFY(dockShown("sliceDock")); // back as they were
    }

    void scissorsCutThroughTheVolume()
    {
        QSignalSpy shown(m_window.get(), &MainWindow::datasetShown);
        m_window->openPath(m_ct);
        QVERIFY(shown.wait(30000));
        Segmentation *labels = m_window->segmentation();
        const std::uint8_t body = labels->addSegment(QStringLiteral("Body"));
        labels->edit(QStringLiteral("Threshold"), [&](LabelEdit &e) {
            threshold(e, *labels->volume(), -1100, 3000, labels->ruleFor(body)); // everything
        });
        const auto has = [&](int i, int j) {
            int n = 0;
            for (int k = 0; k < 24; ++k)
                n += labels->layers().front().at(i, j, k) == body;
            return n;
        };
        QVERIFY(has(24, 20) > 10 && has(14, 20) > 10);
        QAction *scissors = nullptr;
        for (QAction *a : m_window->findChildren<QAction *>())
            if (a->shortcut() == QKeySequence(QStringLiteral("X")))
                scissors = a;
        QVERIFY(scissors);
        scissors->trigger();
        // A square from (20, 16) to (28, 24) in the axial view.
        SliceView *axial = m_window->mprView()->axial();
        const QPointF corners[] = {{20, 16}, {28, 16}, {28, 24}, {20, 24}};
        const QPoint start = axial->planeToScreen(corners[0]).toPoint();
        QTest::mousePress(axial, Qt::LeftButton, Qt::NoModifier, start);
        for (const QPointF &c : corners) {
            const QPoint at = axial->planeToScreen(c).toPoint();
            test::moveMouse(axial, at, Qt::LeftButton);
        }
        QTest::mouseRelease(axial, Qt::LeftButton, Qt::NoModifier, start);
        QTRY_VERIFY_WITH_TIMEOUT(!labels->isBusy(), 20000);
        // Inside the square: gone on every slice; outside: untouched.
        QCOMPARE(has(24, 20), 0);
        QCOMPARE(has(21, 17), 0);
        QVERIFY(has(14, 20) > 10);
        QCOMPARE(has(24, 28), 24);
        QCOMPARE(has(30, 20), 24);
        // One undo brings the cut back.
        labels->undo();
        QVERIFY(has(24, 20) > 10);
        for (QAction *a : m_window->findChildren<QAction *>())
            if (a->shortcut() == QKeySequence(QStringLiteral("Alt+X")))
                a->trigger();
    }

    void labelsExportAndImportAsNifti()
    {
        QSignalSpy shown(m_window.get(), &MainWindow::datasetShown);
        m_window->openPath(m_ct);
        QVERIFY(shown.wait(30000));
        Segmentation *labels = m_window->segmentation();
        QVERIFY(labels && !labels->isModified());
        const std::uint8_t bone = labels->addSegment(QStringLiteral("Bone"));
        labels->edit(QStringLiteral("Threshold"), [&](LabelEdit &e) {
            threshold(e, *labels->volume(), 300, 3000, labels->ruleFor(bone));
        });
        const std::int64_t voxels = labels->layers().front().histogram()[bone];
        QVERIFY(voxels > 0);
        QVERIFY(labels->isModified());

        const QString path = m_dir.filePath(QStringLiteral("labels.nii.gz"));
        QSignalSpy saved(m_window->labelFiles(), &LabelFiles::saved);
        m_window->exportLabels(path);
        QVERIFY(saved.wait(20000));
        QVERIFY(QFileInfo::exists(path));
        QVERIFY(!labels->isModified());

        // Undo the threshold, then import: the labels and the segment come back, and the
        // import itself undoes as one step.
        labels->undo();
        QCOMPARE(labels->layers().front().histogram()[bone], std::int64_t(0));
        QSignalSpy loaded(m_window->labelFiles(), &LabelFiles::loaded);
        m_window->importLabels(path);
        QVERIFY(loaded.wait(20000));
        QCOMPARE(labels->layers().front().histogram()[bone], voxels);
        QCOMPARE(labels->segments().front().name, QStringLiteral("Bone"));
        labels->undo();
        QCOMPARE(labels->layers().front().histogram()[bone], std::int64_t(0));

        // The same through DICOM SEG.
        labels->redo();
        QCOMPARE(labels->layers().front().histogram()[bone], voxels);
        const QString segPath = m_dir.filePath(QStringLiteral("labels.dcm"));
        m_window->exportLabels(segPath);
        QVERIFY(saved.wait(20000));
        labels->undo();
        QCOMPARE(labels->layers().front().histogram()[bone], std::int64_t(0));
        m_window->importLabels(segPath);
        QVERIFY(loaded.wait(20000));
        QCOMPARE(labels->layers().front().histogram()[bone], voxels);
        QCOMPARE(labels->segments().front().name, QStringLiteral("Bone"));

        // The SEG on its own grid (as offered when it matches no open series): an empty volume
        // with the SEG's labels, as many as were written.
        m_window->openSegOnItsOwnGrid(segPath);
        QVERIFY(loaded.wait(20000));
        Segmentation *own = m_window->segmentation();
        QVERIFY(own && own != labels);
        QCOMPARE(own->volume()->info().modality, QStringLiteral("SEG"));
        QCOMPARE(own->segments().front().name, QStringLiteral("Bone"));
        QCOMPARE(own->layers().front().histogram()[own->segments().front().label], voxels);
        labels = own;

        // A file that is not NIfTI: the message names it; the labels stay.
        QSignalSpy failed(m_window->labelFiles(), &LabelFiles::failed);
        const QString junk = m_dir.filePath(QStringLiteral("junk.nii"));
        QFile f(junk);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not nifti");
        f.close();
        m_window->importLabels(junk);
        QVERIFY(failed.wait(20000));
        QVERIFY(failed.first().first().toString().contains(junk));
        QVERIFY(m_window->messages()->texts().join(QLatin1Char('\n')).contains(junk));
        // A name no installed writer makes: the message lists the endings that work.
        failed.clear();
        m_window->exportLabels(m_dir.filePath(QStringLiteral("labels.xyz")));
        QVERIFY(failed.wait(20000));
        const QString why = failed.first().first().toString();
        QVERIFY2(why.contains(QStringLiteral(".dcm")) && why.contains(QStringLiteral(".nii.gz")),
                 qPrintable(why));
    }

    void aboutNamesTheLibrariesAndTheGpu()
    {
        const QString text = aboutText(m_context->compute());
        QVERIFY(text.contains(QStringLiteral("VTK</td><td>9.1")));
        QVERIFY(text.contains(QStringLiteral("DCMTK</td><td>3.6.7")));
        QVERIFY(text.contains(QStringLiteral("OpenCV</td><td>4.6")));
        QVERIFY(text.contains(QStringLiteral("Qt</td><td>6.")));
        QVERIFY(text.contains(m_context->compute().gpuInUse() ? QStringLiteral("GPU in use")
                                                              : QStringLiteral("no GPU in use")));
    }

private:
    /// The main window's action with that shortcut (nullptr: none).
    QAction *action(const QString &keys) const
    {
        for (QAction *a : m_window->findChildren<QAction *>())
            if (a->shortcut() == QKeySequence(keys))
                return a;
        return nullptr;
    }

    QTemporaryDir m_dir;
    QString m_ct;
    demo::CtPhantomSpec m_spec;
    std::unique_ptr<AppContext> m_context;
    std::unique_ptr<MainWindow> m_window;
};

int main(int argc, char **argv)
{
    QSurfaceFormat::setDefaultFormat(VtkOpenGLWidget::defaultFormat());
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("LoupeTest"));
    QApplication::setApplicationName(QStringLiteral("MainWindow"));
    TestMainWindow test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_mainwindow.moc"
