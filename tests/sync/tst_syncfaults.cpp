// Sync under faults. Four clients (loupe-cli sync processes on their own workspaces) make
// random edits of a few shared tracks, offline and online, through a proxy that drops
// requests, drops replies after the server committed, and duplicates and reorders requests;
// the server is killed and restarted in the middle of pushes, and clients are killed with
// SIGKILL. Then, with the faults off, everyone pushes and pulls, and:
//   - every acknowledged edit is on the server (checked after every round too);
//   - nothing is applied twice;
//   - each client's edits are applied in its order;
//   - every workspace holds exactly the server's state;
//   - the conflicts are exactly the concurrent edits of the same track: replaying the server's
//     changes with the rule gives the same conflicts, and each edit's base revision is the one
//     its workspace recorded.
// On SQLite, or (LOUPE_TEST_DB=postgresql) on a real PostgreSQL. The seed is printed; set
// LOUPE_FAULT_SEED to replay a run.

#include "core/store/syncstate.h"
#include "core/store/workspace.h"
#include "server/serverfixture.h"
#include "sync/faultproxy.h"

#include <QJsonArray>
#include <QTest>

#include <csignal>
#include <functional>
#include <map>
#include <set>
#include <signal.h>

using namespace loupe;
using namespace loupe::test;

namespace {

constexpr int kClients = 4;
constexpr int kRounds = 12;
constexpr int kTracks = 6;

struct ServerChange {
    qint64 change = 0;
    QString object, client, op, kind;
    qint64 baseRev = 0;
    bool conflict = false;
    QJsonValue json;
};

} // namespace

class TestSyncFaults : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Postgres> m_postgres;
    QString m_db;
    qint64 m_project = 0;
    QStringList m_tokens;
    quint16 m_port = 0;
    std::unique_ptr<Server> m_server;
    std::mt19937 m_random;

    QString workspace(int i) const { return m_dir.filePath(QStringLiteral("c%1.loupe-ws").arg(i)); }
    /// Workspace `i`'s outbox and its track entries (read-only).
    std::vector<store::OutboxRow> outboxOf(int i) const
    {
        auto w = store::Workspace::open(workspace(i), store::Workspace::Access::ReadOnly);
        if (!w.ok())
            return {};
        Result<std::vector<store::OutboxRow>> rows = w.value()->outbox(0, 100000);
        return rows.ok() ? std::move(rows.value()) : std::vector<store::OutboxRow>{};
    }
    std::vector<store::Entry> entriesOf(int i) const
    {
        auto w = store::Workspace::open(workspace(i), store::Workspace::Access::ReadOnly);
        if (!w.ok())
            return {};
        Result<std::vector<store::Entry>> rows = w.value()->entries(QStringLiteral("drive/tracks"));
        return rows.ok() ? std::move(rows.value()) : std::vector<store::Entry>{};
    }

    int below(int n) { return std::uniform_int_distribution<int>(0, n - 1)(m_random); }

    void startServer()
    {
        m_server = std::make_unique<Server>(
            m_db, 2, QStringList{"--listen", QStringLiteral("127.0.0.1:%1").arg(m_port)});
    }

    /// Every change on the server, in order (straight to the server, not through the proxy).
    std::vector<ServerChange> serverChanges()
    {
        Http h(QStringLiteral("http://127.0.0.1:%1").arg(m_port));
        h.setToken(m_tokens[0]);
        std::vector<ServerChange> out;
        qint64 since = 0;
        for (;;) {
            const HttpAnswer a = h.get(QStringLiteral("/v1/projects/%1/changes?since=%2&limit=5000")
                                           .arg(m_project)
                                           .arg(since));
            if (a.status != 200)
                return {};
            const QJsonArray list = a.json()["changes"].toArray();
            for (const QJsonValue v : list) {
                const QJsonObject c = v.toObject();
                out.push_back({c["change"].toInteger(), c["object"].toString(),
                               c["client"].toString(), c["op"].toString(),
                               c["data"].toObject()["kind"].toString(), c["base_rev"].toInteger(),
                               c["conflict"].toBool(), c["data"].toObject()["json"]});
                since = c["change"].toInteger();
            }
            if (!a.json()["more"].toBool())
                return out;
        }
    }

    /// Starts `loupe-cli sync` for each workspace in `which`; kills some with SIGKILL.
    void syncAll(const std::vector<int> &which, bool kill, std::function<quint16(int)> portOf = {})
    {
        std::vector<std::unique_ptr<QProcess>> running;
        for (const int i : which) {
            auto p = std::make_unique<QProcess>();
            QProcessEnvironment env = QProcessEnvironment::systemEnvironment();
            env.insert(QStringLiteral("LOUPE_TOKEN"), m_tokens[i]);
            p->setProcessEnvironment(env);
            p->start(
                binDir() + QStringLiteral("/loupe-cli"),
                {"sync", workspace(i), "--server",
                 QStringLiteral("http://127.0.0.1:%1").arg(portOf ? portOf(i) : m_proxy->port()),
                 "--project", QString::number(m_project)});
            if (kill && below(10) < 3) {
                QPointer<QProcess> target(p.get());
                QTimer::singleShot(below(400), this, [this, target] {
                    if (target && target->state() != QProcess::NotRunning) {
                        ::kill(pid_t(target->processId()), SIGKILL);
                        ++m_killed;
                    }
                });
            }
            running.push_back(std::move(p));
        }
        QVERIFY(QTest::qWaitFor(
            [&] {
                return std::all_of(running.begin(), running.end(), [](const auto &p) {
                    return p->state() == QProcess::NotRunning;
                });
            },
            120000));
    }

    std::unique_ptr<FaultProxy> m_proxy;
    int m_killed = 0; ///< clients killed with SIGKILL

    /// The invariants, once everyone has pushed and pulled (see the top of the file).
    void checkConverged()
    {
        const std::vector<ServerChange> changes = serverChanges();
        QVERIFY(!changes.empty());

        // Nothing applied twice; every edit of every workspace there, in its client's order,
        // with the base revision its workspace recorded.
        std::map<QString, const ServerChange *> byOp;
        for (const ServerChange &c : changes) {
            QVERIFY2(!byOp.count(c.op),
                     qPrintable(QStringLiteral("edit %1 applied twice").arg(c.op)));
            byOp[c.op] = &c;
        }
        std::map<QString, int> clientOf; ///< workspace client id → index
        for (int i = 0; i < kClients; ++i) {
            auto w = store::Workspace::open(workspace(i), store::Workspace::Access::ReadOnly);
            QVERIFY(w.ok());
            clientOf[w.value()->info().value().clientId] = i;
            qint64 previous = 0;
            int count = 0;
            for (const store::OutboxRow &r : outboxOf(i)) {
                QVERIFY2(r.pushed, qPrintable(QStringLiteral("client %1's edit %2 was never pushed")
                                                  .arg(i)
                                                  .arg(r.op.id)));
                const auto it = byOp.find(r.op.id);
                QVERIFY2(it != byOp.end(),
                         qPrintable(QStringLiteral("client %1's edit %2 is not on the server")
                                        .arg(i)
                                        .arg(r.op.id)));
                QVERIFY2(it->second->change > previous,
                         "a client's edits applied out of its order");
                previous = it->second->change;
                QCOMPARE(it->second->baseRev, r.baseRev);
                ++count;
            }
            QVERIFY(count > 0);
        }
        QCOMPARE(byOp.size(), changes.size()); // and nothing on the server that no client made

        // The conflicts are exactly the concurrent edits: the rule, replayed, agrees.
        struct Current {
            qint64 rev = 0;
            QString client;
            qint64 base = 0;
            bool deleted = false;
            QJsonValue json;
        };
        std::map<QString, Current> objects;
        int conflicts = 0;
        for (const ServerChange &c : changes) {
            Current &cur = objects[c.object];
            const bool ownChain = cur.rev != 0 && cur.client == c.client && cur.base == c.baseRev;
            const bool expected = c.baseRev != cur.rev && !ownChain;
            QVERIFY2(c.conflict == expected,
                     qPrintable(QStringLiteral("change %1: conflict %2, expected %3")
                                    .arg(c.change)
                                    .arg(c.conflict)
                                    .arg(expected)));
            conflicts += c.conflict;
            if (!c.conflict)
                cur = {c.change, c.client, c.baseRev, c.kind.endsWith(QLatin1String(".delete")),
                       c.json};
        }
        qInfo("%zu changes, %d kept as conflicts", changes.size(), conflicts);

        // Every workspace holds the server's state.
        for (int i = 0; i < kClients; ++i) {
            auto w = store::Workspace::open(workspace(i), store::Workspace::Access::ReadOnly);
            std::map<QString, QByteArray> local;
            for (const store::Entry &e : entriesOf(i))
                local[e.key] = e.json;
            for (const auto &[object, cur] : objects) {
                const QString key = store::splitObject(object)->second;
                if (cur.rev == 0 || cur.deleted) {
                    QVERIFY2(!local.count(key),
                             qPrintable(QStringLiteral("client %1 still has %2").arg(i).arg(key)));
                    continue;
                }
                QVERIFY2(local.count(key),
                         qPrintable(QStringLiteral("client %1 lacks %2").arg(i).arg(key)));
                QCOMPARE(QJsonDocument::fromJson(local[key]).object(), cur.json.toObject());
            }
            QCOMPARE(local.size(),
                     std::size_t(std::count_if(objects.begin(), objects.end(), [](const auto &o) {
                         return o.second.rev != 0 && !o.second.deleted;
                     })));
            QVERIFY(w.value()->check().value().isEmpty());
        }
    }

private slots:
    void initTestCase()
    {
        const quint32 seed = qEnvironmentVariableIsSet("LOUPE_FAULT_SEED")
                                 ? quint32(qEnvironmentVariableIntValue("LOUPE_FAULT_SEED"))
                                 : std::random_device{}();
        qInfo("fault seed %u (replay with LOUPE_FAULT_SEED=%u)", seed, seed);
        m_random.seed(seed);
        if (qEnvironmentVariable("LOUPE_TEST_DB") == QLatin1String("postgresql")) {
            m_postgres = std::make_unique<Postgres>();
            QVERIFY2(m_postgres->error().isEmpty(), qPrintable(m_postgres->error()));
            m_db = m_postgres->newDatabase(QStringLiteral("faults"));
        } else {
            m_db = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("server.db"));
        }
        QCOMPARE(admin(m_db, {"project", "add", "drive"}).exitCode, 0);
        m_project = 1;
        for (int i = 0; i < kClients; ++i) {
            const QString user = QStringLiteral("c%1").arg(i);
            QCOMPARE(
                admin(m_db, {"user", "add", user}, "password-of-" + user.toUtf8() + "\n").exitCode,
                0);
            QCOMPARE(admin(m_db, {"member", "add", "drive", user, "--role", "annotator"}).exitCode,
                     0);
            m_tokens << QString::fromUtf8(
                            admin(m_db, {"token", "create", user, "--device", "d"}).out)
                            .trimmed();
            QCOMPARE(m_tokens.last().size(), 64);
        }
        m_port = freePort();
        startServer();
        QVERIFY2(m_server->port() == m_port, qPrintable(m_server->error()));
        m_proxy = std::make_unique<FaultProxy>(m_port, m_random);
    }

    void cleanupTestCase()
    {
        m_proxy.reset();
        m_server.reset();
        m_postgres.reset();
    }

    void twoNodesConverge()
    {
        if (!m_postgres)
            QSKIP("two server nodes share a PostgreSQL: the postgresql run of this test has them");
        Server other(m_db, 2);
        QVERIFY2(other.port(), qPrintable(other.error()));
        // Clients 0 and 1 on this node, 2 and 3 on the other; all at once, rounds of edits.
        const auto node = [&](int i) { return i < kClients / 2 ? m_port : other.port(); };
        for (int round = 0; round < 8; ++round) {
            for (int i = 0; i < kClients; ++i) {
                auto w = store::Workspace::open(workspace(i));
                QVERIFY(w.ok());
                std::vector<store::Operation> ops;
                for (int k = 1 + below(3); k > 0; --k)
                    ops.push_back(
                        {store::newOperationId(),
                         QStringLiteral("drive/tracks"),
                         QStringLiteral("track.put"),
                         QStringLiteral("track/%1").arg(below(kTracks)),
                         QStringLiteral(R"({"by":%1,"node":%2})").arg(i).arg(node(i)).toUtf8(),
                         {}});
                QVERIFY(w.value()->commit(ops).ok());
            }
            syncAll({0, 1, 2, 3}, false, node);
            if (QTest::currentTestFailed())
                return;
        }
        for (int pass = 0; pass < 2; ++pass)
            for (int i = 0; i < kClients; ++i)
                syncAll({i}, false, node);
        checkConverged();
    }

    void editsSurviveFaults()
    {
        int edits = 0, serverRestarts = 0;
        for (int round = 0; round < kRounds; ++round) {
            // Edits, made offline: the workspaces are written here, then synced by processes.
            for (int i = 0; i < kClients; ++i) {
                auto w = store::Workspace::open(workspace(i));
                QVERIFY2(w.ok(), qPrintable(w.errorMessage()));
                std::vector<store::Operation> ops;
                for (int k = below(4); k > 0; --k) {
                    const QString key = QStringLiteral("track/%1").arg(below(kTracks));
                    const bool del = below(100) < 15;
                    ops.push_back(
                        {store::newOperationId(),
                         QStringLiteral("drive/tracks"),
                         del ? QStringLiteral("track.delete") : QStringLiteral("track.put"),
                         key,
                         del ? QByteArray()
                             : QStringLiteral(R"({"by":%1,"round":%2,"n":%3})")
                                   .arg(i)
                                   .arg(round)
                                   .arg(edits)
                                   .toUtf8(),
                         {}});
                    ++edits;
                }
                QVERIFY(w.value()->commit(ops).ok());
            }
            // The server dies in the middle of pushes now and then.
            if (below(10) < 3) {
                ++serverRestarts;
                QTimer::singleShot(below(300), this, [this] {
                    m_server->kill();
                    startServer();
                });
            }
            std::vector<int> some;
            for (int i = 0; i < kClients; ++i)
                if (below(10) < 8) // the others stay offline this round
                    some.push_back(i);
            syncAll(some, true);
            if (QTest::currentTestFailed())
                return;
            QTRY_VERIFY2_WITH_TIMEOUT(m_server->port() == m_port, "the server came back", 10000);
            // Every acknowledged edit is on the server.
            std::set<QString> onServer;
            for (const ServerChange &c : serverChanges())
                onServer.insert(c.op);
            for (int i = 0; i < kClients; ++i) {
                for (const store::OutboxRow &r : outboxOf(i))
                    if (r.pushed && !onServer.count(r.op.id))
                        QFAIL(qPrintable(
                            QStringLiteral(
                                "round %1: client %2's acknowledged edit %3 is not on the server")
                                .arg(round)
                                .arg(i)
                                .arg(r.op.id)));
            }
        }
        qInfo("%d edits, %d server restarts, %d clients killed; proxy: %d dropped requests, %d "
              "dropped replies, %d duplicated, %d forwarded",
              edits, serverRestarts, m_killed, m_proxy->droppedRequests, m_proxy->droppedReplies,
              m_proxy->duplicated, m_proxy->forwarded);
        QVERIFY(m_proxy->droppedRequests + m_proxy->droppedReplies + m_proxy->duplicated > 0);

        // Faults off: everyone pushes, then everyone pulls.
        m_proxy->setFaults(false);
        QTest::qWait(600); // duplicates still on their way land first
        for (int pass = 0; pass < 2; ++pass)
            for (int i = 0; i < kClients; ++i) {
                syncAll({i}, false);
                if (QTest::currentTestFailed())
                    return;
            }
        checkConverged();
    }
};

QTEST_GUILESS_MAIN(TestSyncFaults)
#include "tst_syncfaults.moc"
