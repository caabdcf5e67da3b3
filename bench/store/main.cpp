// The local store against a raw SQLite insert loop of the same rows, in the same run, on the
// same disk, both WAL with synchronous=FULL.
//
//   loupe-bench-store [--dir DIR] [--single N] [--burst N]
//
// Figures:
//   - single edits, each durable on its own: edits per second (Loupe's Workspace::commit of one
//     operation; raw: one transaction inserting its outbox, entry and blob rows);
//   - bursts: N edits submitted at once to the StoreWriter (group commit) against N rows in
//     transactions of the writer's largest batch;
//   - the latency from submitting an edit to its "saved": edits made one every 20 ms (a person
//     painting) and in bursts of 100 every 100 ms; against one raw durable insert.
// Prints JSON.

#include "core/store/storewriter.h"
#include "core/store/workspace.h"
#include "store/storescript.h"

#include <QCoreApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTextStream>
#include <QThread>

#include <sqlite3.h>

#include <algorithm>
#include <map>
#include <mutex>

using namespace loupe;

namespace {

QTextStream err(stderr);

double secondsOf(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

QJsonObject spread(std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    return {{QStringLiteral("median_ms"), ms[ms.size() / 2]},
            {QStringLiteral("p95_ms"), ms[std::min(ms.size() - 1, ms.size() * 95 / 100)]},
            {QStringLiteral("max_ms"), ms.back()}};
}

/// The raw reference: the same rows a Loupe commit writes (outbox, entry, blob), with plain
/// sqlite3 calls, `perTransaction` edits a transaction. Returns seconds; per-commit times in
/// `commitMs` when given.
double rawInserts(const QString &path, int first, int count, int perTransaction,
                  std::vector<double> *commitMs = nullptr)
{
    sqlite3 *db = nullptr;
    sqlite3_open(QFile::encodeName(path).constData(), &db);
    sqlite3_exec(db,
                 "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                 "CREATE TABLE IF NOT EXISTS ops(seq INTEGER PRIMARY KEY, op_id TEXT UNIQUE, "
                 "document TEXT, kind TEXT, key TEXT, json TEXT, blob BLOB, created_ns INTEGER);"
                 "CREATE TABLE IF NOT EXISTS entries(document TEXT, key TEXT, kind TEXT, json "
                 "TEXT, blob BLOB, seq INTEGER, PRIMARY KEY(document, key)) WITHOUT ROWID;",
                 nullptr, nullptr, nullptr);
    sqlite3_stmt *op = nullptr, *entry = nullptr;
    sqlite3_prepare_v2(db,
                       "INSERT INTO ops(op_id, document, kind, key, json, blob, created_ns) "
                       "VALUES(?, ?, ?, ?, ?, ?, 0)",
                       -1, &op, nullptr);
    sqlite3_prepare_v2(db,
                       "INSERT OR REPLACE INTO entries(document, key, kind, json, blob, seq) "
                       "VALUES(?, ?, ?, ?, ?, ?)",
                       -1, &entry, nullptr);
    QElapsedTimer t;
    t.start();
    for (int done = 0; done < count; done += perTransaction) {
        QElapsedTimer one;
        one.start();
        sqlite3_exec(db, "BEGIN IMMEDIATE", nullptr, nullptr, nullptr);
        for (int i = first + done; i < first + std::min(count, done + perTransaction); ++i) {
            const store::Operation e = test::scriptedEdit(i);
            const QByteArray id = e.id.toUtf8(), doc = e.document.toUtf8(), kind = e.kind.toUtf8(),
                             key = e.key.toUtf8();
            for (sqlite3_stmt *s : {op, entry}) {
                sqlite3_reset(s);
                sqlite3_clear_bindings(s);
            }
            sqlite3_bind_text(op, 1, id.constData(), -1, SQLITE_STATIC);
            sqlite3_bind_text(op, 2, doc.constData(), -1, SQLITE_STATIC);
            sqlite3_bind_text(op, 3, kind.constData(), -1, SQLITE_STATIC);
            sqlite3_bind_text(op, 4, key.constData(), -1, SQLITE_STATIC);
            sqlite3_bind_text(op, 5, e.json.constData(), int(e.json.size()), SQLITE_STATIC);
            sqlite3_bind_blob(op, 6, e.blob.constData(), int(e.blob.size()), SQLITE_STATIC);
            sqlite3_step(op);
            sqlite3_bind_text(entry, 1, doc.constData(), -1, SQLITE_STATIC);
            sqlite3_bind_text(entry, 2, key.constData(), -1, SQLITE_STATIC);
            sqlite3_bind_text(entry, 3, kind.constData(), -1, SQLITE_STATIC);
            sqlite3_bind_text(entry, 4, e.json.constData(), int(e.json.size()), SQLITE_STATIC);
            sqlite3_bind_blob(entry, 5, e.blob.constData(), int(e.blob.size()), SQLITE_STATIC);
            sqlite3_bind_int64(entry, 6, sqlite3_last_insert_rowid(db));
            sqlite3_step(entry);
        }
        sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
        if (commitMs)
            commitMs->push_back(double(one.nsecsElapsed()) / 1e6);
    }
    const double s = secondsOf(t);
    sqlite3_finalize(op);
    sqlite3_finalize(entry);
    sqlite3_close(db);
    return s;
}

std::unique_ptr<store::Workspace> openWorkspace(const QString &path)
{
    Result<std::unique_ptr<store::Workspace>> w = store::Workspace::open(path);
    if (!w.ok()) {
        err << w.errorMessage() << "\n";
        std::exit(1);
    }
    return std::move(w.value());
}

/// Edits submitted to a writer by `pace` (called with the edit number before each submit),
/// timed from submit to saved.
std::vector<double> latencies(const QString &path, int first, int count,
                              const std::function<void(int)> &pace)
{
    store::StoreWriter writer(openWorkspace(path));
    std::mutex mutex;
    std::map<QString, qint64> submitted;
    std::vector<double> ms;
    QElapsedTimer clock;
    clock.start();
    QObject::connect(
        &writer, &store::StoreWriter::saved, &writer,
        [&](const QStringList &ids, qint64) {
            const qint64 now = clock.nsecsElapsed();
            const std::lock_guard lock(mutex);
            for (const QString &id : ids)
                ms.push_back(double(now - submitted.at(id)) / 1e6);
        },
        Qt::DirectConnection);
    for (int i = first; i < first + count; ++i) {
        pace(i - first);
        store::Operation e = test::scriptedEdit(i);
        {
            const std::lock_guard lock(mutex);
            submitted[e.id] = clock.nsecsElapsed();
        }
        writer.submit(std::move(e));
    }
    writer.waitForSaved(120000);
    return ms;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTemporaryDir temp;
    QString dir = temp.path();
    int single = 300, burst = 5000;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--dir"))
            dir = args[++i];
        else if (args[i] == QLatin1String("--single"))
            single = std::max(10, args[++i].toInt());
        else if (args[i] == QLatin1String("--burst"))
            burst = std::max(100, args[++i].toInt());
    }
    QDir().mkpath(dir);
    const QDir d(dir);
    for (const QString &f : d.entryList({QStringLiteral("bench-*")}, QDir::Files))
        QFile::remove(d.filePath(f));
    const QString loupePath = d.filePath(QStringLiteral("bench-loupe.loupe-ws"));
    const QString rawPath = d.filePath(QStringLiteral("bench-raw.sqlite"));

    // Single durable edits.
    double loupeSingle = 0;
    {
        auto w = openWorkspace(loupePath);
        QElapsedTimer t;
        t.start();
        for (int i = 0; i < single; ++i)
            if (!w->commit({test::scriptedEdit(i)}).ok())
                return 1;
        loupeSingle = secondsOf(t);
    }
    std::vector<double> rawCommitMs;
    const double rawSingle = rawInserts(rawPath, 0, single, 1, &rawCommitMs);

    // Bursts through the writer, against raw transactions of the writer's largest batch.
    double loupeBurst = 0;
    qint64 burstCommits = 0;
    {
        store::StoreWriter writer(openWorkspace(loupePath));
        QElapsedTimer t;
        t.start();
        for (int i = single; i < single + burst; ++i)
            writer.submit(test::scriptedEdit(i));
        writer.waitForSaved(600000);
        loupeBurst = secondsOf(t);
        burstCommits = writer.commits();
    }
    const double rawBurst = rawInserts(rawPath, single, burst, 4096);

    // Latency to "saved".
    int next = single + burst;
    const std::vector<double> paced =
        latencies(loupePath, next, 200, [](int) { QThread::msleep(20); });
    next += 200;
    const std::vector<double> bursts = latencies(loupePath, next, 1000, [](int n) {
        if (n % 100 == 0 && n > 0)
            QThread::msleep(100);
    });

    const QJsonObject out{
        {QStringLiteral("bench"), QStringLiteral("store")},
        {QStringLiteral("dir"), dir},
        {QStringLiteral("single_durable"),
         QJsonObject{{QStringLiteral("edits"), single},
                     {QStringLiteral("loupe_edits_per_s"), single / loupeSingle},
                     {QStringLiteral("raw_sqlite_edits_per_s"), single / rawSingle},
                     {QStringLiteral("loupe_over_raw"), rawSingle / loupeSingle}}},
        {QStringLiteral("burst"),
         QJsonObject{{QStringLiteral("edits"), burst},
                     {QStringLiteral("loupe_commits"), burstCommits},
                     {QStringLiteral("loupe_edits_per_s"), burst / loupeBurst},
                     {QStringLiteral("raw_sqlite_edits_per_s"), burst / rawBurst},
                     {QStringLiteral("loupe_over_raw"), rawBurst / loupeBurst}}},
        {QStringLiteral("latency_to_saved"),
         QJsonObject{{QStringLiteral("one_every_20ms"), spread(paced)},
                     {QStringLiteral("bursts_of_100"), spread(bursts)},
                     {QStringLiteral("raw_sqlite_durable_insert"), spread(rawCommitMs)}}}};
    QTextStream(stdout) << QJsonDocument(out).toJson(QJsonDocument::Indented);
    return 0;
}
