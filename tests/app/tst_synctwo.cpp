// Two Loupe instances and a loupe-server on loopback, wired as `loupe` wires them (main.cpp):
// each a real main window under Xvfb with its own workspace (WorkspaceSession) and Sync
// session (status label, Conflicts panel), both with the same camera sequence open.
//  - Ann (annotator) draws a track while the server is down; it waits, then reaches Bob's open
//    sequence once the server is back, under the same id, and his Tracks panel lists it.
//  - Both move the same keyframe from the same revision: the second push is kept as a
//    conflict, and each window shows the server's version.
//  - Ann's panel says that resolving needs a reviewer; Bob (reviewer) sees the conflict with
//    both versions, keeps both, and both windows end with two tracks: the current one and
//    the kept edit as a second track.

#include "app/gui/appcontext.h"
#include "app/gui/conflictreveal.h"
#include "app/gui/conflictspanel.h"
#include "app/gui/mainwindow.h"
#include "app/gui/syncsession.h"
#include "app/gui/syncstatuslabel.h"
#include "app/gui/workspacesession.h"
#include "core/annotations/trackdocument.h"
#include "core/sequence/playback.h"
#include "core/sync/syncclient.h"
#include "menushortcuts.h"
#include "movingpatch.h"
#include "server/serverfixture.h"
#include "testsupport.h"
#include "widgets/sequenceview.h"
#include "widgets/trackspanel.h"

#include <QLabel>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTableView>
#include <QTableWidget>
#include <QTest>
#include <QUndoStack>

using namespace loupe;
using namespace loupe::test;

namespace {

/// One Loupe: a main window, a workspace and syncing, as main.cpp makes them.
struct Instance {
    AppContext context;
    MainWindow window{context, false};
    WorkspaceSession workspace;
    SyncSession sync;

    Instance(const QString &folder, const QString &title)
        : workspace(folder + QStringLiteral("/ws.loupe-ws")),
          sync(folder + QStringLiteral("/ws.loupe-ws"), folder + QStringLiteral("/tokens"))
    {
        window.setWindowTitle(title);
        window.attachWorkspace(&workspace);
        sync.install(&window);
        sync.attach(&workspace);
        showConflictsIn(window, workspace, sync); // as main.cpp
        window.resize(1000, 700);
    }
    TrackDocument &tracks() { return *window.tracks(); }
};

const Track *onlyTrack(const TrackDocument &d)
{
    return d.tracks().size() == 1 ? &d.tracks().begin()->second : nullptr;
}

} // namespace

class TestSyncTwo : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void initTestCase()
    {
        qputenv("LOUPE_PLUGIN_PATH", test::pluginDir().toUtf8());
        QSettings().clear();
    }

    void theSyncMenuKeepsShortcutsUnique()
    {
        // The main window with the Sync menu, as `loupe` builds it: each action its own keys.
        QDir(m_dir.path()).mkpath(QStringLiteral("menus"));
        Instance one(m_dir.filePath(QStringLiteral("menus")), QStringLiteral("Menus"));
        int checked = 0;
        const QString problem = test::menuShortcutProblem(one.window.menuBar(), checked);
        QVERIFY2(problem.isEmpty(), qPrintable(problem));
        QVERIFY(one.window.findChild<QAction *>(QStringLiteral("syncConflicts")));
        QVERIFY(checked > 23);
    }

    void twoInstancesSyncAndAConflictIsResolved()
    {
        const QString db = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("server.db"));
        for (const char *user : {"ann", "bob"})
            QCOMPARE(
                admin(db, {"user", "add", user}, "password-of-" + QByteArray(user) + "\n").exitCode,
                0);
        QCOMPARE(admin(db, {"project", "add", "drive"}).exitCode, 0);
        QCOMPARE(admin(db, {"member", "add", "drive", "ann", "--role", "annotator"}).exitCode, 0);
        QCOMPARE(admin(db, {"member", "add", "drive", "bob", "--role", "reviewer"}).exitCode, 0);
        const auto token = [&](const char *user) {
            return QString::fromUtf8(admin(db, {"token", "create", user, "--device", user}).out)
                .trimmed();
        };
        const QString annToken = token("ann"), bobToken = token("bob");
        auto server = std::make_unique<Server>(db, 2);
        QVERIFY2(server->port(), qPrintable(server->error()));
        const quint16 port = server->port();
        const QUrl url(server->url());

        QDir(m_dir.path()).mkpath(QStringLiteral("ann"));
        QDir(m_dir.path()).mkpath(QStringLiteral("bob"));
        Instance ann(m_dir.filePath(QStringLiteral("ann")), QStringLiteral("Ann")),
            bob(m_dir.filePath(QStringLiteral("bob")), QStringLiteral("Bob"));
        // Both open the same camera sequence.
        const QString scene = m_dir.filePath(QStringLiteral("patch"));
        QVERIFY(MovingPatch::write(scene, 20));
        for (Instance *i : {&ann, &bob}) {
            QSignalSpy opened(&i->workspace, &WorkspaceSession::opened);
            i->workspace.start();
            QVERIFY(opened.wait(10000));
            i->window.show();
            QVERIFY(QTest::qWaitForWindowExposed(&i->window));
            QSignalSpy shown(&i->window, &MainWindow::datasetShown);
            i->window.openPath(scene);
            QVERIFY(shown.wait(30000));
            QVERIFY(i->window.tracks());
            // Kept in the workspace, with ids of this installation.
            QTRY_VERIFY_WITH_TIMEOUT(i->tracks().idOrigin() != 0, 10000);
        }
        ann.sync.connectTo(url, QStringLiteral("ann"), annToken, 1);
        bob.sync.connectTo(url, QStringLiteral("bob"), bobToken, 1);
        for (Instance *i : {&ann, &bob})
            QTRY_VERIFY_WITH_TIMEOUT(
                i->sync.label()->text().startsWith(QStringLiteral("Online · all sent")), 15000);

        // 1. Ann draws while the server is down: the edit waits, then reaches Bob.
        server.reset();
        const Result<qint64> drawn =
            ann.tracks().addTrack(QStringLiteral("car"), 0, 10, Shape::box(10, 10, 50, 40));
        QVERIFY(drawn.ok());
        const qint64 id = drawn.value();
        QVERIFY2((id >> kTrackIdCounterBits) > 0, "an id of Ann's installation");
        QVERIFY(ann.workspace.waitForSaved(5000));
        ann.sync.client()->syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(ann.sync.label()->text().startsWith(QStringLiteral("Offline")),
                                 15000);
        QVERIFY2(ann.sync.label()->text().contains(QStringLiteral("waiting")),
                 qPrintable(ann.sync.label()->text()));
        QVERIFY(!bob.tracks().track(id));
        server = std::make_unique<Server>(db, 2, QStringList{}, port);
        QVERIFY2(server->port(), qPrintable(server->error()));
        ann.sync.client()->syncNow();
        QTRY_VERIFY_WITH_TIMEOUT(bob.tracks().track(id), 20000);
        QCOMPARE(*bob.tracks().track(id), *ann.tracks().track(id));
        QCOMPARE(bob.tracks().undoStack()->count(), 0); // others' changes are not Bob's steps
        QTRY_COMPARE_WITH_TIMEOUT(
            bob.window.tracksPanel()->findChild<QTableView *>()->model()->rowCount(), 1, 5000);
        QTRY_VERIFY_WITH_TIMEOUT(
            ann.sync.label()->text().startsWith(QStringLiteral("Online · all sent")), 15000);

        // 2. Both move the car at frame 10 from the same revision.
        const Keyframe annMove{Shape::box(100, 10, 140, 40), false, false, {}},
            bobMove{Shape::box(10, 100, 50, 130), false, false, {}};
        QVERIFY(ann.tracks().setKeyframe(id, 10, annMove, QStringLiteral("Move")).ok());
        QVERIFY(bob.tracks().setKeyframe(id, 10, bobMove, QStringLiteral("Move")).ok());
        QVERIFY(ann.workspace.waitForSaved(5000));
        QVERIFY(bob.workspace.waitForSaved(5000));
        ann.sync.client()->syncNow();
        bob.sync.client()->syncNow();
        // One of the two pushes came second: a conflict, seen by both.
        for (Instance *i : {&ann, &bob})
            QTRY_COMPARE_WITH_TIMEOUT(i->sync.client()->status().conflicts, 1, 20000);
        // Both documents show the server's version, whichever came first.
        QTRY_VERIFY_WITH_TIMEOUT(*onlyTrack(ann.tracks()) == *onlyTrack(bob.tracks()), 20000);
        const Keyframe current = onlyTrack(ann.tracks())->keyframes.at(10);
        QVERIFY(current == annMove || current == bobMove);
        const Keyframe kept = current == annMove ? bobMove : annMove;

        // 3. Ann may not resolve it; Bob may.
        ann.sync.showConflicts();
        bob.sync.showConflicts();
        ConflictsPanel *annPanel = ann.sync.conflictsPanel();
        ConflictsPanel *bobPanel = bob.sync.conflictsPanel();
        QTRY_COMPARE_WITH_TIMEOUT(int(annPanel->conflicts().size()), 1, 10000);
        QTRY_COMPARE_WITH_TIMEOUT(int(bobPanel->conflicts().size()), 1, 10000);
        // Ann double-clicks it: her view goes to the car at frame 10, selected.
        ann.window.sequenceView()->playback()->seekFrame(0);
        QTRY_COMPARE_WITH_TIMEOUT(ann.window.sequenceView()->playback()->frame(), 0, 5000);
        auto *annTable = annPanel->findChild<QTableWidget *>();
        const QRect cell = annTable->visualItemRect(annTable->item(0, 0));
        QTest::mouseClick(annTable->viewport(), Qt::LeftButton, {}, cell.center());
        QTest::mouseDClick(annTable->viewport(), Qt::LeftButton, {}, cell.center());
        QTRY_COMPARE_WITH_TIMEOUT(ann.window.sequenceView()->playback()->frame(), 10, 5000);
        QCOMPARE(ann.window.sequenceView()->selectedTrack(), id);
        annPanel->select({annPanel->conflicts().front().record.id});
        QVERIFY(!annPanel->findChild<QPushButton *>(QStringLiteral("resolveBoth"))->isEnabled());
        QVERIFY(annPanel->findChild<QLabel *>()->text().contains(QStringLiteral("reviewer")));
        const store::Conflict conflict = bobPanel->conflicts().front();
        QCOMPARE(conflict.record.key, QStringLiteral("track/%1/frame/10").arg(id));
        QVERIFY(conflict.kept);
        auto *table = bobPanel->findChild<QTableWidget *>();
        QCOMPARE(table->item(0, 0)->text(),
                 QStringLiteral("track %1, keyframe 10").arg(trackIdText(id)));
        QVERIFY(table->item(0, 2)->text() == QStringLiteral("ann") ||
                table->item(0, 2)->text() == QStringLiteral("bob"));
        bobPanel->select({conflict.record.id});
        auto *both = bobPanel->findChild<QPushButton *>(QStringLiteral("resolveBoth"));
        QVERIFY(both->isEnabled());
        QVERIFY(!bobPanel->findChild<QPushButton *>(QStringLiteral("resolveUnion"))->isEnabled());
        if (!qEnvironmentVariableIsEmpty("LOUPE_SCREENSHOT_DIR"))
            bob.window.grab().save(qEnvironmentVariable("LOUPE_SCREENSHOT_DIR") +
                                   QStringLiteral("/synctwo.png"));
        QTest::mouseClick(both, Qt::LeftButton);

        // 4. Resolved: the conflict closes, and both documents hold the car as it is and the
        //    kept edit as a second car.
        for (Instance *i : {&ann, &bob}) {
            QTRY_COMPARE_WITH_TIMEOUT(int(i->tracks().tracks().size()), 2, 20000);
            QTRY_COMPARE_WITH_TIMEOUT(i->sync.client()->status().conflicts, 0, 20000);
            QCOMPARE(i->tracks().track(id)->keyframes.at(10), current);
            const auto other =
                std::find_if(i->tracks().tracks().begin(), i->tracks().tracks().end(),
                             [&](const auto &kv) { return kv.first != id; });
            QCOMPARE(other->second.keyframes.at(10), kept);
            QCOMPARE(other->second.label, QStringLiteral("car"));
        }
        QTRY_VERIFY_WITH_TIMEOUT(bobPanel->conflicts().empty(), 10000);
        QTRY_COMPARE_WITH_TIMEOUT(
            ann.window.tracksPanel()->findChild<QTableView *>()->model()->rowCount(), 2, 5000);
        QCOMPARE(*std::next(ann.tracks().tracks().begin()),
                 *std::next(bob.tracks().tracks().begin()));
        // Nothing is left to push, on either side.
        for (Instance *i : {&ann, &bob})
            QTRY_VERIFY_WITH_TIMEOUT(
                i->sync.label()->text().startsWith(QStringLiteral("Online · all sent")), 15000);
    }
};

QTEST_MAIN(TestSyncTwo)
#include "tst_synctwo.moc"
