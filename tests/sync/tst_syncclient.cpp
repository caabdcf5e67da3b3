// The sync client against a real loupe-server (SQLite) on loopback, with two workspaces as two
// Loupe installations would have: one edits while the server is down and its edits wait;
// once the server is up they reach it, and the other workspace receives them (a label-map
// brick's bytes included); both edit the same track from the same revision, and the second
// push is kept on the server as a conflict while each keeps its own edit; a refused push
// shows the server's reason and keeps the edits queued.

#include "core/store/resolution.h"
#include "core/store/syncstate.h"
#include "core/store/workspace.h"
#include "core/sync/syncclient.h"
#include "server/serverfixture.h"

#include <QCryptographicHash>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>

using namespace loupe;
using namespace loupe::test;

namespace {

store::Operation edit(const QString &key, const QByteArray &json, const QByteArray &blob = {})
{
    return {store::newOperationId(),
            QStringLiteral("drive/tracks"),
            blob.isNull() ? QStringLiteral("track.put") : QStringLiteral("brick.put"),
            key,
            json,
            blob};
}

/// Waits for a status that `ok` accepts; the last one seen.
sync::SyncStatus waitFor(sync::SyncClient &client,
                         const std::function<bool(const sync::SyncStatus &)> &ok, int ms = 15000)
{
    sync::SyncStatus last = client.status();
    (void)QTest::qWaitFor(
        [&] {
            last = client.status();
            return ok(last);
        },
        ms);
    return last;
}

QByteArray entryJson(const QString &path, const QString &key)
{
    auto w = store::Workspace::open(path, store::Workspace::Access::ReadOnly);
    if (!w.ok())
        return {};
    const Result<std::vector<store::Entry>> entries =
        w.value()->entries(QStringLiteral("drive/tracks"));
    if (!entries.ok())
        return {};
    for (const store::Entry &e : entries.value())
        if (e.key == key)
            return e.json;
    return {};
}

} // namespace

class TestSyncClient : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_db;
    qint64 m_project = 0;
    QString m_annToken, m_bobToken, m_revToken;

private slots:
    void initTestCase()
    {
        m_db = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("server.db"));
        for (const char *user : {"ann", "bob", "rev"})
            QCOMPARE(admin(m_db, {"user", "add", user}, "password-of-" + QByteArray(user) + "\n")
                         .exitCode,
                     0);
        const ProcessResult r = admin(m_db, {"project", "add", "drive"});
        m_project = QRegularExpression(QStringLiteral("\\((\\d+)\\)"))
                        .match(QString::fromUtf8(r.out))
                        .captured(1)
                        .toLongLong();
        QVERIFY(m_project);
        QCOMPARE(admin(m_db, {"member", "add", "drive", "ann", "--role", "annotator"}).exitCode, 0);
        QCOMPARE(admin(m_db, {"member", "add", "drive", "bob", "--role", "annotator"}).exitCode, 0);
        QCOMPARE(admin(m_db, {"member", "add", "drive", "rev", "--role", "reviewer"}).exitCode, 0);
        m_revToken = QString::fromUtf8(admin(m_db, {"token", "create", "rev", "--device", "r"}).out)
                         .trimmed();
        m_annToken = QString::fromUtf8(admin(m_db, {"token", "create", "ann", "--device", "a"}).out)
                         .trimmed();
        m_bobToken = QString::fromUtf8(admin(m_db, {"token", "create", "bob", "--device", "b"}).out)
                         .trimmed();
        QCOMPARE(m_annToken.size(), 64);
    }

    void offlineEditsReachTheOtherWorkspace()
    {
        const quint16 port = freePort();
        const QUrl url(QStringLiteral("http://127.0.0.1:%1").arg(port));
        const QString a = m_dir.filePath(QStringLiteral("a.loupe-ws")),
                      b = m_dir.filePath(QStringLiteral("b.loupe-ws"));
        const QByteArray brick(2048, '\x05');
        {
            auto w = store::Workspace::open(a);
            QVERIFY(w.ok());
            QVERIFY(w.value()
                        ->commit({edit("track/1", R"({"box":[1,2,3,4]})"),
                                  edit("track/2", R"({"box":[5,6,7,8]})"),
                                  edit("brick/0/0/0", "{}", brick)})
                        .ok());
        }
        sync::SyncClient ann({url, m_annToken, m_project, a, 200});
        ann.start();
        // No server yet: offline, three edits waiting, and why.
        sync::SyncStatus s = waitFor(ann, [](const auto &st) { return !st.lastError.isEmpty(); });
        QVERIFY(!s.online);
        QCOMPARE(s.pending, 3);
        QVERIFY2(s.lastError.contains(QStringLiteral("cannot be reached")),
                 qPrintable(s.lastError));
        // The server comes up on that port: the edits go, by themselves (the backoff retries).
        Server server(m_db, 2, {"--listen", QStringLiteral("127.0.0.1:%1").arg(port)});
        QVERIFY2(server.port() == port, qPrintable(server.error()));
        s = waitFor(ann, [](const auto &st) { return st.online && st.pending == 0; });
        QVERIFY2(s.online && s.pending == 0, qPrintable(s.lastError));
        // The other workspace receives them, the brick's bytes included.
        sync::SyncClient bob({url, m_bobToken, m_project, b, 200});
        QSignalSpy pulled(&bob, &sync::SyncClient::pulled);
        bob.start();
        s = waitFor(bob, [](const auto &st) { return st.lastSync.isValid(); });
        QVERIFY2(s.lastError.isEmpty(), qPrintable(s.lastError));
        QVERIFY(!pulled.isEmpty());
        QCOMPARE(entryJson(b, "track/1"), QByteArray(R"({"box":[1,2,3,4]})"));
        QCOMPARE(entryJson(b, "track/2"), QByteArray(R"({"box":[5,6,7,8]})"));
        {
            auto w = store::Workspace::open(b, store::Workspace::Access::ReadOnly);
            QVERIFY(w.ok());
            const Result<std::vector<store::Entry>> entries =
                w.value()->entries(QStringLiteral("drive/tracks"));
            QVERIFY(entries.ok());
            QString hash;
            for (const store::Entry &e : entries.value())
                if (e.key == QLatin1String("brick/0/0/0"))
                    hash = e.blobHash;
            QCOMPARE(w.value()->blob(hash).value(), brick);
        }
    }

    void bothEditTheSameTrackAndAConflictIsKept()
    {
        Server server(m_db, 2);
        QVERIFY2(server.port(), qPrintable(server.error()));
        const QUrl url(server.url());
        const QString a = m_dir.filePath(QStringLiteral("a.loupe-ws")),
                      b = m_dir.filePath(QStringLiteral("b.loupe-ws"));
        // Both workspaces know the same revision of track/1 (from the test above); each edits it.
        for (const auto &[path, json] : {std::pair{a, QByteArray(R"({"box":[10,10,20,20]})")},
                                         std::pair{b, QByteArray(R"({"box":[30,30,40,40]})")}}) {
            auto w = store::Workspace::open(path);
            QVERIFY(w.ok());
            QVERIFY(w.value()->commit({edit("track/1", json)}).ok());
        }
        sync::SyncClient ann({url, m_annToken, m_project, a, 100000});
        ann.start();
        sync::SyncStatus s =
            waitFor(ann, [](const auto &st) { return st.lastSync.isValid() && st.pending == 0; });
        QVERIFY2(s.pending == 0, qPrintable(s.lastError));
        QCOMPARE(s.conflicts, 0);
        sync::SyncClient bob({url, m_bobToken, m_project, b, 100000});
        bob.start();
        s = waitFor(bob, [](const auto &st) { return st.lastSync.isValid() && st.pending == 0; });
        QVERIFY2(s.pending == 0, qPrintable(s.lastError));
        // Bob's edit was made from the revision Ann's replaced: kept as a conflict.
        QCOMPARE(s.conflicts, 1);
        // Bob's workspace now shows the server's track, Ann's; his edit is not lost: the
        // server keeps it in the conflict, for a reviewer (below).
        QCOMPARE(entryJson(b, "track/1"), QByteArray(R"({"box":[10,10,20,20]})"));
        ann.syncNow();
        s = waitFor(ann, [](const auto &st) { return st.conflicts == 1; });
        QCOMPARE(s.conflicts, 1);
        QCOMPARE(entryJson(a, "track/1"), QByteArray(R"({"box":[10,10,20,20]})"));
        // The server has both: Ann's applied, Bob's as the conflict.
        Http h(server.url());
        h.setToken(m_annToken);
        const QJsonArray conflicts =
            h.get(QStringLiteral("/v1/projects/%1/conflicts").arg(m_project))
                .json()["conflicts"]
                .toArray();
        QCOMPARE(conflicts.size(), 1);
        QCOMPARE(conflicts[0].toObject()["object"].toString(),
                 QStringLiteral("drive/tracks#track/1"));
        // Bob's version is the conflict's change.
        const qint64 mine = conflicts[0].toObject()["mine_change"].toInteger();
        const QJsonArray changes = h.get(QStringLiteral("/v1/projects/%1/changes?since=%2&limit=1")
                                             .arg(m_project)
                                             .arg(mine - 1))
                                       .json()["changes"]
                                       .toArray();
        QCOMPARE(changes.size(), 1);
        QCOMPARE(changes[0].toObject()["data"].toObject()["json"].toObject()["box"].toArray(),
                 QJsonArray({30, 30, 40, 40}));
        QCOMPARE(changes[0].toObject()["author"].toString(), QStringLiteral("bob"));
    }

    void aReviewerResolvesTheConflict()
    {
        // The conflict left above: a reviewer's workspace lists it with Bob's kept edit beside
        // Ann's current track, keeps Bob's, and once pushed the conflict is closed and Ann's
        // workspace shows Bob's version.
        Server server(m_db, 2);
        QVERIFY2(server.port(), qPrintable(server.error()));
        const QUrl url(server.url());
        const QString a = m_dir.filePath(QStringLiteral("a.loupe-ws")),
                      r = m_dir.filePath(QStringLiteral("r.loupe-ws"));
        sync::SyncClient rev({url, m_revToken, m_project, r, 100000});
        rev.start();
        sync::SyncStatus s = waitFor(rev, [](const auto &st) { return st.lastSync.isValid(); });
        QVERIFY2(s.lastSync.isValid(), qPrintable(s.lastError));
        QCOMPARE(s.conflicts, 1);
        QCOMPARE(s.role, QStringLiteral("reviewer"));
        {
            auto w = store::Workspace::open(r);
            QVERIFY(w.ok());
            const Result<std::vector<store::Conflict>> open = store::openConflicts(*w.value());
            QVERIFY2(open.ok(), qPrintable(open.errorMessage()));
            QCOMPARE(int(open->size()), 1);
            const store::Conflict &c = open->front();
            QCOMPARE(c.record.key, QStringLiteral("track/1"));
            QCOMPARE(c.kept->json, QByteArray(R"({"box":[30,30,40,40]})"));
            QCOMPARE(c.keptAuthor, QStringLiteral("bob"));
            QCOMPARE(c.current->json, QByteArray(R"({"box":[10,10,20,20]})"));
            const auto ops = store::resolve(*w.value(), open.value(), store::Resolution::Kept, 1);
            QVERIFY2(ops.ok(), qPrintable(ops.errorMessage()));
            QVERIFY(w.value()->commit(ops.value()).ok());
        }
        rev.syncNow();
        s = waitFor(rev, [](const auto &st) { return st.pending == 0 && st.conflicts == 0; });
        QVERIFY2(s.pending == 0 && s.conflicts == 0, qPrintable(s.lastError));
        QCOMPARE(entryJson(r, "track/1"), QByteArray(R"({"box":[30,30,40,40]})"));
        // On the server: closed by the resolution's change.
        Http h(server.url());
        h.setToken(m_annToken);
        const QJsonObject conflict =
            h.get(QStringLiteral("/v1/projects/%1/conflicts").arg(m_project))
                .json()["conflicts"]
                .toArray()[0]
                .toObject();
        QVERIFY(conflict["resolved_change"].toInteger() > conflict["mine_change"].toInteger());
        // Ann (an annotator) pulls the resolution like any change.
        sync::SyncClient ann({url, m_annToken, m_project, a, 100000});
        ann.start();
        s = waitFor(ann, [&](const auto &st) {
            return st.lastSync.isValid() && st.conflicts == 0 &&
                   entryJson(a, "track/1") == QByteArray(R"({"box":[30,30,40,40]})");
        });
        QCOMPARE(entryJson(a, "track/1"), QByteArray(R"({"box":[30,30,40,40]})"));
        QCOMPARE(s.role, QStringLiteral("annotator"));
    }

    void anAnnotatorsResolutionIsKeptAsTheirEdit()
    {
        // Bob (an annotator) resolves a conflict anyway (the panel would not let him): the
        // server refuses the resolve, his choice goes through as his own edit, the conflict
        // stays open for a reviewer, and nothing is stuck in his queue.
        Server server(m_db, 2);
        QVERIFY2(server.port(), qPrintable(server.error()));
        const QUrl url(server.url());
        const QString a = m_dir.filePath(QStringLiteral("a.loupe-ws")),
                      b = m_dir.filePath(QStringLiteral("b.loupe-ws"));
        for (const auto &[path, json] : {std::pair{a, QByteArray(R"({"box":[1,1,2,2]})")},
                                         std::pair{b, QByteArray(R"({"box":[3,3,4,4]})")}}) {
            auto w = store::Workspace::open(path);
            QVERIFY(w.ok());
            QVERIFY(w.value()->commit({edit("track/5", json)}).ok());
        }
        sync::SyncClient ann({url, m_annToken, m_project, a, 100000});
        ann.start();
        QVERIFY(waitFor(ann, [](const auto &st) {
                    return st.lastSync.isValid() && !st.pending;
                }).lastSync.isValid());
        sync::SyncClient bob({url, m_bobToken, m_project, b, 100000});
        bob.start();
        sync::SyncStatus s =
            waitFor(bob, [](const auto &st) { return st.lastSync.isValid() && !st.pending; });
        QCOMPARE(s.conflicts, 1);
        QCOMPARE(s.role, QStringLiteral("annotator"));
        {
            auto w = store::Workspace::open(b);
            QVERIFY(w.ok());
            const auto open = store::openConflicts(*w.value());
            QVERIFY(open.ok());
            QCOMPARE(int(open->size()), 1);
            const auto ops = store::resolve(*w.value(), open.value(), store::Resolution::Kept, 1);
            QVERIFY2(ops.ok(), qPrintable(ops.errorMessage()));
            QVERIFY(w.value()->commit(ops.value()).ok());
        }
        QSignalSpy said(&bob, &sync::SyncClient::notice);
        bob.syncNow();
        QVERIFY(said.wait(15000));
        QVERIFY2(said.first().first().toString().contains(QStringLiteral("reviewer")),
                 qPrintable(said.first().first().toString()));
        s = waitFor(bob, [](const auto &st) { return st.lastError.isEmpty() && !st.pending; });
        QVERIFY2(s.lastError.isEmpty(), qPrintable(s.lastError));
        QCOMPARE(s.pending, 0);
        QCOMPARE(s.conflicts, 1); // still open, for a reviewer
        // Bob's choice is the server's state now, as his edit.
        ann.syncNow();
        QVERIFY(waitFor(ann, [&](const auto &) {
                    return entryJson(a, "track/5") == QByteArray(R"({"box":[3,3,4,4]})");
                }).lastSync.isValid());
        QCOMPARE(entryJson(a, "track/5"), QByteArray(R"({"box":[3,3,4,4]})"));
    }

    void othersEditsArriveWhenTheServerPokes()
    {
        // No polling (a sync an hour): only the events WebSocket can bring Ann's edit to Bob.
        Server server(m_db, 2);
        QVERIFY2(server.port(), qPrintable(server.error()));
        const QString d = m_dir.filePath(QStringLiteral("d.loupe-ws")),
                      e = m_dir.filePath(QStringLiteral("e.loupe-ws"));
        sync::SyncClient ann({QUrl(server.url()), m_annToken, m_project, d, 3600 * 1000});
        sync::SyncClient bob({QUrl(server.url()), m_bobToken, m_project, e, 3600 * 1000});
        ann.start();
        bob.start();
        for (sync::SyncClient *c : {&ann, &bob})
            QVERIFY(waitFor(*c, [](const auto &st) {
                        return st.lastSync.isValid();
                    }).lastError.isEmpty());
        QTest::qWait(300); // the sockets open
        {
            auto w = store::Workspace::open(d);
            QVERIFY(w.ok());
            QVERIFY(w.value()->commit({edit("track/42", R"({"poked":true})")}).ok());
        }
        ann.syncNow();
        QTRY_COMPARE_WITH_TIMEOUT(entryJson(e, "track/42"), QByteArray(R"({"poked":true})"), 5000);
    }

    void aRefusalKeepsTheEditsAndSaysWhy()
    {
        Server server(m_db, 2);
        QVERIFY2(server.port(), qPrintable(server.error()));
        const QString c = m_dir.filePath(QStringLiteral("c.loupe-ws"));
        {
            auto w = store::Workspace::open(c);
            QVERIFY(w.ok());
            QVERIFY(w.value()->commit({edit("track/7", R"({"x":1})")}).ok());
        }
        // A project this user is not in.
        sync::SyncClient wrong({QUrl(server.url()), m_annToken, m_project + 100, c, 100000});
        wrong.start();
        const sync::SyncStatus s =
            waitFor(wrong, [](const auto &st) { return !st.lastError.isEmpty(); });
        QVERIFY(s.online);
        QCOMPARE(s.pending, 1);
        QVERIFY2(s.lastError.contains(QStringLiteral("member")), qPrintable(s.lastError));
    }
};

QTEST_GUILESS_MAIN(TestSyncClient)
#include "tst_syncclient.moc"
