// Labels kept in the workspace by the real main window: a paint edit and a renamed segment
// are in the workspace (read back with the store, and counted with the sqlite3 program)
// once the status bar says so; a new window on the same workspace opening the same CT gets
// the same voxels and segments back; the CT copied elsewhere is still recognised; the
// views (window, crosshair, layout; a sequence's playhead) come back; a session that was
// not closed is reported.

#include "app/demo/ctphantom.h"
#include "app/demo/drivedemo.h"
#include "app/gui/appcontext.h"
#include "app/gui/conflictreveal.h"
#include "app/gui/conflictspanel.h"
#include "app/gui/mainwindow.h"
#include "app/gui/syncsession.h"
#include "app/gui/workspacesession.h"
#include "core/annotations/trackdocument.h"
#include "core/labels/segmentation.h"
#include "core/sequence/playback.h"
#include "core/store/labeljournal.h"
#include "core/store/syncstate.h"
#include "core/store/workspace.h"
#include "widgets/cameragrid.h"
#include "widgets/frameview.h"
#include "widgets/messagespanel.h"
#include "widgets/mprview.h"
#include "widgets/sequenceview.h"
#include "widgets/sliceview.h"
#include "widgets/volumeview3d.h"

#include "testsupport.h"
#include "widgets/guitest.h"

#include <QAction>
#include <QCryptographicHash>
#include <QLabel>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableWidget>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <set>

using namespace loupe;

namespace {

/// A main window with a workspace session, as `loupe` makes them.
struct Session {
    AppContext context;
    MainWindow window{context, false};
    WorkspaceSession session;
    explicit Session(const QString &workspace) : session(workspace)
    {
        window.attachWorkspace(&session);
        window.resize(900, 600);
        window.show();
    }
    /// Opens the workspace, as `loupe` does on starting.
    bool start()
    {
        QSignalSpy opened(&session, &WorkspaceSession::opened);
        session.start();
        return opened.wait(10000);
    }
    bool open(const QString &path)
    {
        QSignalSpy shown(&window, &MainWindow::datasetShown);
        window.openPath(path);
        return shown.wait(30000);
    }
    QString status() const
    {
        return window.findChild<QLabel *>(QStringLiteral("saveStatus"))->text();
    }
};

} // namespace

class TestWorkspaceSession : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        qputenv("LOUPE_PLUGIN_PATH", test::pluginDir().toUtf8());
        qRegisterMetaType<Segmentation *>();
        QVERIFY(m_dir.isValid());
        m_ct = m_dir.filePath(QStringLiteral("ct"));
        demo::CtPhantomSpec spec;
        spec.dims = {48, 40, 24};
        QVERIFY(demo::writeCtPhantom(m_ct, spec).ok());
        m_workspace = m_dir.filePath(QStringLiteral("labels.loupe-ws"));
    }

    void editsAreKeptAndComeBack()
    {
        std::vector<std::uint8_t> painted;
        {
            Session s(m_workspace);
            QVERIFY(s.start());
            QSignalSpy tracking(&s.session, &WorkspaceSession::tracking);
            QVERIFY(s.open(m_ct));
            Segmentation *labels = s.window.segmentation();
            QVERIFY(labels);
            QVERIFY(tracking.wait(10000));
            const std::uint8_t liver = labels->addSegment(QStringLiteral("Liver"));
            labels->setCurrentLabel(liver);
            labels->edit(QStringLiteral("paint"), [&](LabelEdit &e) {
                for (int k = 3; k < 9; ++k)
                    for (int j = 5; j < 30; ++j)
                        for (int i = 2; i < 40; ++i)
                            e.set(i, j, k, liver);
            });
            labels->renameSegment(liver, QStringLiteral("Liver (edited)"));
            QTRY_COMPARE_WITH_TIMEOUT(s.status(), QStringLiteral("All changes saved"), 10000);
            // In the workspace now: one segment, the bricks the box touches (16³ bricks:
            // i 2..39 → 3, j 5..29 → 2, k 3..8 → 1).
            Result<std::unique_ptr<store::Workspace>> w =
                store::Workspace::open(m_workspace, store::Workspace::Access::ReadOnly);
            QVERIFY2(w.ok(), qPrintable(w.errorMessage()));
            QCOMPARE(test::sqlite(m_workspace, QStringLiteral("SELECT count(*) FROM entries WHERE "
                                                              "key LIKE 'brick/%'")),
                     QStringLiteral("6"));
            QVERIFY(
                test::sqlite(m_workspace, QStringLiteral("SELECT json FROM entries WHERE key LIKE "
                                                         "'segment/%'"))
                    .contains(QStringLiteral("Liver (edited)")));
            QCOMPARE(test::sqlite(m_workspace, QStringLiteral("SELECT location FROM datasets")),
                     m_ct);
            QVERIFY(w.value()->check()->isEmpty());
            labels->layers().front().forEachWrittenVoxel(
                [&](std::int64_t, std::int64_t, std::int64_t, std::uint8_t l) {
                    painted.push_back(l);
                });
        }
        // A new run on the same workspace, the same CT from another folder.
        const QString moved = m_dir.filePath(QStringLiteral("moved-ct"));
        QVERIFY(QDir().rename(m_ct, moved));
        {
            Session s(m_workspace);
            QVERIFY(s.start());
            QVERIFY(!s.window.messages()->texts().join(u'\n').contains(
                QStringLiteral("did not close properly")));
            QSignalSpy restored(&s.session, &WorkspaceSession::labelsRestored);
            QVERIFY(s.open(moved));
            QVERIFY(restored.wait(10000));
            Segmentation *labels = s.window.segmentation();
            QCOMPARE(labels->segments().size(), std::size_t(1));
            QCOMPARE(labels->segments().front().name, QStringLiteral("Liver (edited)"));
            std::vector<std::uint8_t> back;
            labels->layers().front().forEachWrittenVoxel(
                [&](std::int64_t, std::int64_t, std::int64_t, std::uint8_t l) {
                    back.push_back(l);
                });
            QCOMPARE(back, painted);
            QCOMPARE(std::count(back.begin(), back.end(), labels->segments().front().label),
                     qint64(6 * 25 * 38));
            QVERIFY(s.window.messages()->texts().join(u'\n').contains(
                QStringLiteral("Restored 1 segments")));
            // Restoring wrote nothing new.
            QTRY_COMPARE_WITH_TIMEOUT(s.status(), QStringLiteral("All changes saved"), 10000);
        }
        QVERIFY(QDir().rename(moved, m_ct));
        QCOMPARE(test::sqlite(m_workspace, QStringLiteral("SELECT count(*) FROM ops WHERE kind = "
                                                          "'brick.put'")),
                 QStringLiteral("6"));
    }

    void othersChangesReachTheOpenLabels()
    {
        // A sync wrote Bob's brick and segment into the workspace: the open segmentation shows
        // them, journals nothing back, and undo of a local paint leaves Bob's brick alone.
        Session s(m_workspace);
        QVERIFY(s.start());
        QSignalSpy restored(&s.session, &WorkspaceSession::labelsRestored);
        QVERIFY(s.open(m_ct));
        QVERIFY(restored.wait(10000));
        Segmentation *labels = s.window.segmentation();
        const std::uint8_t liver = labels->segments().front().label;
        labels->setCurrentLabel(liver);
        labels->edit(QStringLiteral("dot"), [&](LabelEdit &e) { e.set(1, 1, 1, liver); });
        QTRY_COMPARE_WITH_TIMEOUT(s.status(), QStringLiteral("All changes saved"), 10000);
        const QString ops = QStringLiteral("SELECT count(*) FROM ops");
        const QString before = test::sqlite(m_workspace, ops);
        const QString document = test::sqlite(
            m_workspace, QStringLiteral("SELECT DISTINCT document FROM entries WHERE key LIKE "
                                        "'brick/%'"));
        QVERIFY(!document.isEmpty());
        // Bob's brick 0 (voxels 0..15 each way): segment 7 at (2, 3, 4) only.
        QByteArray brick(int(LabelMap::Brick().size()), '\0');
        brick[(4 * 16 + 3) * 16 + 2] = 7;
        Segment kidney;
        kidney.label = 7;
        kidney.name = QStringLiteral("Kidney");
        {
            auto w = store::Workspace::open(m_workspace);
            QVERIFY(w.ok());
            // Everything here was pushed (else Bob's change would wait behind the queued edits).
            const Result<std::vector<store::OutboxRow>> queued = store::unpushed(*w.value(), 1000);
            QVERIFY(queued.ok());
            std::vector<store::PushAck> acks;
            qint64 change = 0;
            for (const store::OutboxRow &row : queued.value())
                acks.push_back({row.op.id, ++change, false});
            QVERIFY(store::acknowledge(*w.value(), acks).ok());
            QCOMPARE(store::unpushedCount(*w.value()).value(), 0);
            const QString hash = QString::fromLatin1(
                QCryptographicHash::hash(brick, QCryptographicHash::Sha256).toHex());
            QVERIFY(store::applyRemote(
                        *w.value(),
                        {{1000, "bob", document, "brick/0/0", "brick.put", {}, hash, brick, false},
                         {1001,
                          "bob",
                          document,
                          "segment/7",
                          "segment.put",
                          store::segmentJson(kidney, 1),
                          {},
                          {},
                          false}},
                        1001)
                        .ok());
        }
        s.session.applyPulled({{document, "brick/0/0"}, {document, "segment/7"}});
        QTRY_COMPARE_WITH_TIMEOUT(labels->labelAt(2, 3, 4), std::uint8_t(7), 10000);
        QCOMPARE(labels->labelAt(1, 1, 1), std::uint8_t(0)); // Bob's brick, whole
        QCOMPARE(labels->segment(7)->name, QStringLiteral("Kidney"));
        QTRY_COMPARE_WITH_TIMEOUT(s.status(), QStringLiteral("All changes saved"), 10000);
        QCOMPARE(test::sqlite(m_workspace, ops), before); // nothing journaled back
        // Undo of the dot: Bob's brick stays.
        QVERIFY(labels->canUndo());
        labels->undo();
        QCOMPARE(labels->labelAt(2, 3, 4), std::uint8_t(7));
        // A later local edit of that brick is journaled as usual, from Bob's.
        labels->edit(QStringLiteral("dot"), [&](LabelEdit &e) { e.set(5, 5, 5, liver); });
        QTRY_COMPARE_WITH_TIMEOUT(test::sqlite(m_workspace, ops),
                                  QString::number(before.toInt() + 1), 10000);
        QVERIFY(labels->labelAt(2, 3, 4) == 7 && labels->labelAt(5, 5, 5) == liver);
    }

    void labelsTravelAsALoupeFile()
    {
        // From the workspace of the first test (the CT's labels) to a new one, through a
        // .loupe file, as File → Workspace does it.
        const QString file = m_dir.filePath(QStringLiteral("ct.loupe"));
        {
            Session s(m_workspace);
            QVERIFY(s.start());
            QSignalSpy tracking(&s.session, &WorkspaceSession::tracking);
            QVERIFY(s.open(m_ct));
            QVERIFY(tracking.wait(10000));
            QSignalSpy done(&s.session, &WorkspaceSession::transferred);
            s.session.exportPortable(file, m_ct);
            QVERIFY(done.wait(10000));
            QVERIFY2(done.front().at(0).toBool(), qPrintable(done.front().at(1).toString()));
        }
        const QString other = m_dir.filePath(QStringLiteral("laptop.loupe-ws"));
        Session s(other);
        QVERIFY(s.start());
        QSignalSpy done(&s.session, &WorkspaceSession::transferred);
        s.session.importPortable(file);
        QVERIFY(done.wait(10000));
        QVERIFY2(done.front().at(0).toBool(), qPrintable(done.front().at(1).toString()));
        QVERIFY(s.window.messages()->texts().join(u'\n').contains(QStringLiteral("new edits")));
        QSignalSpy restored(&s.session, &WorkspaceSession::labelsRestored);
        QVERIFY(s.open(m_ct));
        QVERIFY(restored.wait(10000));
        QCOMPARE(s.window.segmentation()->segments().front().name,
                 QStringLiteral("Liver (edited)"));
        // Not a .loupe file: said, nothing imported.
        done.clear();
        s.session.importPortable(m_workspace);
        QVERIFY(done.wait(10000));
        QVERIFY(!done.front().at(0).toBool());
        QVERIFY(done.front().at(1).toString().contains(QStringLiteral("not a Loupe .loupe file")));
    }

    void viewsComeBack()
    {
        const QString workspace = m_dir.filePath(QStringLiteral("views.loupe-ws"));
        const QString drive = m_dir.filePath(QStringLiteral("drive"));
        demo::DriveSpec spec;
        spec.frames = 20;
        spec.width = 320;
        spec.height = 120;
        QVERIFY(demo::writeDrive(drive, spec).ok());
        {
            Session s(workspace);
            QVERIFY(s.start());
            QVERIFY(s.open(m_ct));
            s.window.mprView()->setWindow({300, 1500});
            s.window.mprView()->setCrosshair({20, 11, 7});
            s.window.mprView()->setLayout(MprView::Layout::OnePlusThree, MprView::Focus::Coronal);
            s.window.mprView()->view3D()->setCamera(
                {{400, -300, 250}, {10, 20, 30}, {0, 0, 1}, 25});
            QVERIFY(s.open(drive)); // the CT's view is kept as the drive opens
            s.window.sequenceView()->playback()->seekFrame(13);
            QVERIFY(s.window.close()); // keeps the drive's view, waits for it to be saved
        }
        Session s(workspace);
        QVERIFY(s.start());
        QCOMPARE(s.session.lastDataset(), drive);
        QSignalSpy loaded(&s.session, &WorkspaceSession::viewLoaded);
        QVERIFY(s.open(drive));
        QVERIFY(loaded.wait(10000));
        QTRY_COMPARE(s.window.sequenceView()->playback()->frame(), 13);
        QVERIFY(s.open(m_ct));
        QVERIFY(loaded.wait(10000));
        MprView *mpr = s.window.mprView();
        QTRY_COMPARE(mpr->axial()->window().width, 1500.0);
        QCOMPARE(mpr->axial()->window().center, 300.0);
        QCOMPARE(mpr->layoutMode(), MprView::Layout::OnePlusThree);
        QCOMPARE(mpr->focus(), MprView::Focus::Coronal);
        QCOMPARE(mpr->axial()->slice(), 7);
        const VolumeView3D::CameraPose camera = mpr->view3D()->camera();
        QCOMPARE(camera.position, (Vec3{400, -300, 250}));
        QCOMPARE(camera.focalPoint, (Vec3{10, 20, 30}));
        QCOMPARE(camera.viewAngle, 25.0);
    }

    void tracksDrawnAreKeptAndComeBack()
    {
        const QString workspace = m_dir.filePath(QStringLiteral("tracks.loupe-ws"));
        const QString drive = m_dir.filePath(QStringLiteral("tracked-drive"));
        demo::DriveSpec spec;
        spec.frames = 20;
        spec.width = 320;
        spec.height = 120;
        QVERIFY(demo::writeDrive(drive, spec).ok());
        Shape drawn;
        {
            Session s(workspace);
            QVERIFY(s.start());
            QVERIFY(s.open(drive));
            SequenceView *view = s.window.sequenceView();
            QTRY_VERIFY(view->isSettled());
            view->playback()->seekFrame(4);
            QTRY_VERIFY(view->isSettled());
            // On the second camera: N, then a drag (B, the segmentation tools' Paint key
            // elsewhere, belongs to the shape editor here).
            FrameView *camera = view->grid()->view(1);
            camera->setFocus();
            QTest::keyClick(camera, Qt::Key_B);
            QTest::keyClick(camera, Qt::Key_N);
            const QPoint a = camera->frameToScreen({40, 30}).toPoint(),
                         b = camera->frameToScreen({120, 90}).toPoint();
            QTest::mousePress(camera, Qt::LeftButton, {}, a);
            test::moveMouse(camera, (a + b) / 2, Qt::LeftButton);
            test::moveMouse(camera, b, Qt::LeftButton);
            QTest::mouseRelease(camera, Qt::LeftButton, {}, b);
            TrackDocument *tracks = s.window.tracks();
            QVERIFY(tracks);
            QCOMPARE(int(tracks->tracks().size()), 1);
            const Track &t = tracks->tracks().begin()->second;
            QCOMPARE(t.stream, 1);
            QCOMPARE(t.label, QStringLiteral("car")); // the driving schema's first class
            QVERIFY(t.keyframes.count(4));
            drawn = t.keyframes.at(4).shape;
            QVERIFY(std::abs(drawn.centre.x - 80) <= 1.5 && std::abs(drawn.centre.y - 60) <= 1.5);
            // Edit → Undo takes it away (Ctrl+Z), Redo brings it back.
            QAction *undo = nullptr, *redo = nullptr;
            for (QAction *a : s.window.findChildren<QAction *>()) {
                if (a->shortcut() == QKeySequence(QKeySequence::Undo))
                    undo = a;
                if (a->shortcut() == QKeySequence(QStringLiteral("Ctrl+Shift+Z")))
                    redo = a;
            }
            QVERIFY(undo && redo && undo->isEnabled());
            undo->trigger();
            QVERIFY(tracks->tracks().empty());
            QVERIFY(redo->isEnabled());
            redo->trigger();
            QCOMPARE(int(tracks->tracks().size()), 1);
            // 7: the driving schema's "night" tag, on this camera's frame 4.
            QTest::keyClick(camera, Qt::Key_7);
            QCOMPARE(int(tracks->tags().size()), 1);
            QCOMPARE(tracks->tags().begin()->second.frames, std::set<int>{4});
            QVERIFY(s.session.waitForSaved(10000));
        }
        // The next run: the track comes back with the drive, from the workspace.
        Session s(workspace);
        QVERIFY(s.start());
        QVERIFY(s.open(drive));
        TrackDocument *tracks = s.window.tracks();
        QTRY_COMPARE(int(tracks->tracks().size()), 1);
        const Track &t = tracks->tracks().begin()->second;
        QCOMPARE(t.stream, 1);
        QCOMPARE(t.keyframes.at(4).shape, drawn);
        // And the tag.
        QTRY_COMPARE(int(tracks->tags().size()), 1);
        QCOMPARE(tracks->tags().begin()->second.label, QStringLiteral("night"));
        QCOMPARE(tracks->tags().begin()->second.stream, 1);
        QCOMPARE(tracks->tags().begin()->second.frames, std::set<int>{4});
        // Restoring is no undo step.
        QVERIFY(!tracks->undoStack()->canUndo());
    }

    void aLabelBricksConflictIsShownAtTheCrosshair()
    {
        // A conflict about a brick of the open labels, double-clicked in the Conflicts panel:
        // the crosshair goes to the brick's middle voxel. The phantom is 48×40×24 voxels, so
        // bricks of 16 go 3, 3 and 2 along i, j and k: brick 5 is (2, 1, 0), voxels 32..47,
        // 16..31 and 0..15, whose middle is (39, 23, 7).
        const QString workspace = m_dir.filePath(QStringLiteral("conflicts.loupe-ws"));
        Session s(workspace);
        SyncSession sync(workspace, m_dir.filePath(QStringLiteral("tokens")));
        sync.install(&s.window);
        sync.attach(&s.session);
        showConflictsIn(s.window, s.session, sync); // as main.cpp
        QVERIFY(s.start());
        QSignalSpy tracking(&s.session, &WorkspaceSession::tracking);
        QVERIFY(s.open(m_ct));
        QVERIFY(tracking.count() > 0 || tracking.wait(10000));
        Segmentation *labels = s.window.segmentation();
        const QString document = s.session.documentOf(labels);
        QVERIFY(!document.isEmpty());
        QCOMPARE(labels->layers().front().brickMiddle(5), (std::array<std::int64_t, 3>{39, 23, 7}));
        s.window.mprView()->setCrosshair({1, 1, 1});
        {
            auto w = store::Workspace::open(workspace);
            QVERIFY(w.ok());
            QVERIFY(store::setConflicts(*w.value(),
                                        {{41, document, QStringLiteral("brick/0/5"), 3, 4, 9},
                                         {42, QStringLiteral("another-document"),
                                          QStringLiteral("brick/0/1"), 3, 4, 10}})
                        .ok());
        }
        sync.showConflicts();
        ConflictsPanel *panel = sync.conflictsPanel();
        QTRY_COMPARE_WITH_TIMEOUT(int(panel->conflicts().size()), 2, 10000);
        auto *table = panel->findChild<QTableWidget *>();
        auto doubleClick = [&](qint64 id) {
            for (int row = 0; row < table->rowCount(); ++row)
                if (panel->conflicts()[std::size_t(row)].record.id == id) {
                    const QRect cell = table->visualItemRect(table->item(row, 0));
                    QTest::mouseClick(table->viewport(), Qt::LeftButton, {}, cell.center());
                    QTest::mouseDClick(table->viewport(), Qt::LeftButton, {}, cell.center());
                    return;
                }
            QFAIL("no such conflict in the panel");
        };
        doubleClick(41);
        QTRY_COMPARE_WITH_TIMEOUT(s.window.mprView()->axial()->crosshair(), (Vec3{39, 23, 7}),
                                  5000);
        // Labels not open here: said, and the crosshair stays.
        doubleClick(42);
        QTRY_VERIFY_WITH_TIMEOUT(
            s.window.statusBar()->currentMessage().contains(QStringLiteral("labels not open now")),
            5000);
        QCOMPARE(s.window.mprView()->axial()->crosshair(), (Vec3{39, 23, 7}));
    }

    void videoKeyframeIndexIsKeptBesideTheWorkspace()
    {
        // A video opened in `loupe`: its keyframe index goes beside the workspace
        // (videos.loupe-ws → videos.loupe-cache/keyframes), never beside the video.
        const QString folder = m_dir.filePath(QStringLiteral("footage"));
        QVERIFY(QDir().mkpath(folder));
        const QString video = folder + QStringLiteral("/drive.mp4");
        const test::ProcessResult made = test::writeTestVideo(
            video, QStringLiteral("160x96"), 30,
            QStringLiteral("-c:v libx264 -pix_fmt yuv420p").split(QLatin1Char(' ')));
        QVERIFY2(made.exitCode == 0, made.err.constData());
        const QString workspace = m_dir.filePath(QStringLiteral("videos.loupe-ws"));
        Session s(workspace);
        QCOMPARE(s.session.cacheFolder(), m_dir.filePath(QStringLiteral("videos.loupe-cache")));
        QVERIFY(s.start());
        QVERIFY(s.open(video));
        const QStringList kept =
            QDir(m_dir.filePath(QStringLiteral("videos.loupe-cache/keyframes")))
                .entryList({QStringLiteral("*.json")}, QDir::Files);
        QCOMPARE(kept.size(), 1);
        QCOMPARE(QDir(folder).entryList(QDir::Files), QStringList{QStringLiteral("drive.mp4")});
    }

    void aSessionNotClosedIsReported()
    {
        test::sqlite(m_workspace,
                     QStringLiteral("UPDATE meta SET value = 'open' WHERE key = 'session'"));
        Session s(m_workspace);
        QVERIFY(s.start());
        const QString said = s.window.messages()->texts().join(u'\n');
        QVERIFY2(said.contains(QStringLiteral("did not close properly")), qPrintable(said));
        // The CT, opened last where it is now (it was opened from another folder before, and
        // is still one dataset).
        QCOMPARE(s.session.lastDataset(), m_ct);
        QCOMPARE(test::sqlite(m_workspace, QStringLiteral("SELECT count(*) FROM datasets")),
                 QStringLiteral("1"));
    }

    void aWorkspaceThatCannotOpenIsSaid()
    {
        const QString junk = m_dir.filePath(QStringLiteral("junk.loupe-ws"));
        QFile f(junk);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(4096, 'j'));
        f.close();
        Session s(junk);
        QSignalSpy failed(&s.session, &WorkspaceSession::failed);
        s.session.start();
        QVERIFY(failed.wait(10000));
        QVERIFY(s.status().contains(QStringLiteral("Not saving")));
        QVERIFY(s.window.messages()->texts().join(u'\n').contains(junk));
        QVERIFY(s.open(m_ct)); // the app still works
        QCOMPARE(QFileInfo(junk).size(), qint64(4096));
    }

private:
    QTemporaryDir m_dir;
    QString m_ct;
    QString m_workspace;
};

QTEST_MAIN(TestWorkspaceSession)
#include "tst_workspacesession.moc"
