// loupe-server on a real PostgreSQL, each figure beside a reference measured in the same run:
//   - push throughput: batches of 100 operations from one client, against raw batched INSERTs
//     of the same rows (one multi-row INSERT per 100, in a transaction) into the same database;
//   - pull latency with 1M changes in the project: `changes since N` (1,000 at a time) at random
//     N, over HTTP, against the same SELECT run directly;
//   - memory with 200 events WebSockets open, against the idle server.
//
//   loupe-bench-server [--pushes N] [--changes N] [--sockets N]
// Prints JSON.

#include "server/serverfixture.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonArray>
#include <QTextStream>
#include <QWebSocket>

#include <pqxx/pqxx>

#include <algorithm>
#include <random>

using namespace loupe::test;

namespace {

QTextStream err(stderr);

double medianOf(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}
double p95Of(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[std::min(v.size() - 1, v.size() * 95 / 100)];
}

/// The resident memory of process `pid`, in KiB.
qint64 rssKiB(qint64 pid)
{
    QFile status(QStringLiteral("/proc/%1/status").arg(pid));
    if (!status.open(QIODevice::ReadOnly))
        return -1;
    for (const QByteArray &line : status.readAll().split('\n'))
        if (line.startsWith("VmRSS:"))
            return line.mid(6).trimmed().split(' ').first().toLongLong();
    return -1;
}

QJsonObject pushOf(const QString &client, int firstSeq, int count, int round)
{
    QJsonArray ops;
    for (int i = 0; i < count; ++i)
        ops.append(QJsonObject{
            {"id", QStringLiteral("%1-%2").arg(client).arg(firstSeq + i)},
            {"seq", firstSeq + i},
            {"kind", "put"},
            {"object", QStringLiteral("track:0/%1-%2").arg(round).arg(i)},
            {"base_rev", 0},
            {"data", QJsonObject{{"label", "car"}, {"box", QJsonArray{10, 20, 60, 50}}}}});
    return {{"client", client}, {"ops", ops}};
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    int pushes = 200, changes = 1'000'000, sockets = 200;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--pushes"))
            pushes = std::max(10, args[++i].toInt());
        else if (args[i] == QLatin1String("--changes"))
            changes = std::max(10000, args[++i].toInt());
        else if (args[i] == QLatin1String("--sockets"))
            sockets = std::max(1, args[++i].toInt());
    }
    Postgres postgres;
    if (!postgres.error().isEmpty()) {
        err << postgres.error() << "\n";
        return 1;
    }
    const QString db = postgres.newDatabase(QStringLiteral("bench"));
    admin(db, {"user", "add", "ann"}, "password-of-ann\n");
    admin(db, {"project", "add", "alpha"});
    admin(db, {"project", "add", "big"});
    admin(db, {"member", "add", "alpha", "ann", "--role", "annotator"});
    admin(db, {"member", "add", "big", "ann", "--role", "annotator"});
    const QString token =
        QString::fromUtf8(admin(db, {"token", "create", "ann", "--device", "bench"}).out).trimmed();
    Server server(db, 2);
    if (!server.port()) {
        err << server.error() << "\n";
        return 1;
    }
    Http http(server.url());
    http.setToken(token);
    pqxx::connection raw(db.toStdString());
    QJsonObject out{{"bench", "server"}, {"database", "postgresql"}};

    // Push throughput, in turns with the raw INSERTs (three rounds, the best of each).
    {
        err << "push…\n";
        {
            pqxx::work w(raw);
            w.exec("CREATE TABLE raw_changes (project_id BIGINT, change_no BIGINT, object TEXT, "
                   "kind TEXT, base_rev BIGINT, conflict BIGINT, op_id TEXT, client_id TEXT, "
                   "seq BIGINT, author_id BIGINT, created_at BIGINT, data TEXT, PRIMARY KEY "
                   "(project_id, change_no))");
            w.commit();
        }
        double bestServer = 0, bestRaw = 0;
        int seq = 1;
        qint64 rawNo = 0;
        const int perRound = pushes / 3;
        for (int round = 0; round < 3; ++round) {
            QElapsedTimer t;
            t.start();
            for (int p = 0; p < perRound; ++p) {
                const HttpAnswer a =
                    http.post(QStringLiteral("/v1/projects/1/push"),
                              pushOf(QStringLiteral("bench"), seq, 100, round * perRound + p));
                if (a.status != 200) {
                    err << "push failed: " << a.body << "\n";
                    return 1;
                }
                seq += 100;
            }
            bestServer = std::max(bestServer, perRound * 100 / (double(t.nsecsElapsed()) / 1e9));
            t.restart();
            const std::string data = R"({"label":"car","box":[10,20,60,50]})";
            for (int p = 0; p < perRound; ++p) {
                std::string sql = "INSERT INTO raw_changes VALUES ";
                pqxx::work w(raw);
                for (int i = 0; i < 100; ++i) {
                    ++rawNo;
                    sql += (i ? "," : "") + std::string("(1,") + std::to_string(rawNo) + "," +
                           w.quote("track:0/" + std::to_string(rawNo)) + ",'put',0,0," +
                           w.quote("raw-" + std::to_string(rawNo)) + ",'bench'," +
                           std::to_string(rawNo) + ",1," + std::to_string(rawNo) + "," +
                           w.quote(data) + ")";
                }
                w.exec(sql);
                w.commit();
            }
            bestRaw = std::max(bestRaw, perRound * 100 / (double(t.nsecsElapsed()) / 1e9));
        }
        out.insert("push", QJsonObject{{"batch", 100},
                                       {"server_ops_per_s", bestServer},
                                       {"raw_insert_rows_per_s", bestRaw},
                                       {"server_over_raw", bestServer / bestRaw}});
    }

    // Pull latency with `changes` changes in project 2, made directly (pushing a million
    // through HTTP would take this machine minutes and is measured above).
    {
        err << "pull, filling " << changes << " changes…\n";
        {
            pqxx::work w(raw);
            w.exec("INSERT INTO changes (project_id, change_no, object, kind, base_rev, conflict, "
                   "op_id, client_id, seq, author_id, created_at, data) SELECT 2, g, "
                   "'track:0/' || g, 'put', 0, 0, 'fill-' || g, 'fill', g, 1, 0, "
                   "'{\"label\":\"car\",\"box\":[10,20,60,50]}' "
                   "FROM generate_series(1, " +
                   std::to_string(changes) + ") g");
            w.exec("UPDATE projects SET change_counter = " + std::to_string(changes) +
                   " WHERE id = 2");
            w.exec("ANALYZE changes");
            w.commit();
        }
        std::mt19937 rng(5);
        std::vector<double> httpMs, rawMs;
        for (int i = 0; i < 40; ++i) {
            const qint64 since = qint64(rng() % unsigned(changes));
            QElapsedTimer t;
            t.start();
            const HttpAnswer a =
                http.get(QStringLiteral("/v1/projects/2/changes?since=%1&limit=1000").arg(since));
            httpMs.push_back(double(t.nsecsElapsed()) / 1e6);
            if (a.status != 200) {
                err << "pull failed: " << a.body << "\n";
                return 1;
            }
            t.restart();
            pqxx::work w(raw);
            const pqxx::result r = w.exec(
                "SELECT c.change_no, c.object, c.kind, c.base_rev, c.conflict, u.name, "
                "c.created_at, c.op_id, c.client_id, c.data FROM changes c JOIN users u ON u.id = "
                "c.author_id WHERE c.project_id = 2 AND c.change_no > " +
                std::to_string(since) + " ORDER BY c.change_no LIMIT 1001");
            w.commit();
            rawMs.push_back(double(t.nsecsElapsed()) / 1e6);
        }
        out.insert("pull",
                   QJsonObject{{"changes_in_project", changes},
                               {"page", 1000},
                               {"http_median_ms", medianOf(httpMs)},
                               {"http_p95_ms", p95Of(httpMs)},
                               {"raw_select_median_ms", medianOf(rawMs)},
                               {"http_over_raw_select", medianOf(httpMs) / medianOf(rawMs)}});
    }

    // Memory with WebSockets open.
    {
        err << "websockets…\n";
        // A server of its own, so that its idle memory is not what the benchmarks above
        // left touched.
        Server fresh(db, 2);
        (void)Http(fresh.url()).get(QStringLiteral("/v1/health"));
        const qint64 pid = fresh.processId();
        const qint64 idle = rssKiB(pid);
        std::vector<std::unique_ptr<QWebSocket>> open;
        int heard = 0;
        for (int i = 0; i < sockets; ++i) {
            auto s = std::make_unique<QWebSocket>();
            s->setProxy(QNetworkProxy::NoProxy);
            QObject::connect(s.get(), &QWebSocket::textMessageReceived, [&heard] { ++heard; });
            QNetworkRequest request{QUrl(fresh.wsUrl() + QStringLiteral("/v1/projects/1/events"))};
            request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
            s->open(request);
            open.push_back(std::move(s));
        }
        (void)QTest::qWaitFor([&] { return heard >= sockets; }, 30000);
        QTest::qWait(500);
        const qint64 with = rssKiB(pid);
        out.insert("websockets",
                   QJsonObject{{"open", heard},
                               {"idle_rss_kib", idle},
                               {"rss_kib", with},
                               {"kib_per_socket", double(with - idle) / std::max(1, heard)},
                               {"rss_over_idle", double(with) / double(idle)}});
    }
    QTextStream(stdout) << QJsonDocument(out).toJson(QJsonDocument::Indented);
    return 0;
}
