#include "core/store/workspace.h"

#include "core/store/blobcodec.h"
#include "core/store/schema.h"
#include "core/store/sqlitedb.h"

#include <QDateTime>
#include <QDir>
#include <QFileInfo>
#include <QObject>
#include <QRandomGenerator>
#include <QStandardPaths>
#include <QUuid>

namespace loupe::store {

QString newOperationId()
{
    // A version-4 UUID from a per-thread generator seeded once from the system's: unique
    // without a system call per id (a burst makes tens of thousands).
    thread_local QRandomGenerator64 random(QRandomGenerator::system()->generate64());
    quint64 bits[2] = {random.generate64(), random.generate64()};
    auto *bytes = reinterpret_cast<uchar *>(bits);
    bytes[6] = uchar((bytes[6] & 0x0f) | 0x40); // version 4
    bytes[8] = uchar((bytes[8] & 0x3f) | 0x80); // RFC 4122 variant
    return QUuid::fromRfc4122(QByteArrayView(bytes, 16)).toString(QUuid::WithoutBraces);
}

namespace {

qint64 nowNs()
{
    return QDateTime::currentMSecsSinceEpoch() * 1'000'000;
}

} // namespace

struct Workspace::CommitStatements {
    Statement putBlob, addOp, put, remove;
};

QString Workspace::defaultPath()
{
    return QDir(QStandardPaths::writableLocation(QStandardPaths::AppDataLocation))
        .filePath(QStringLiteral("workspace.loupe-ws"));
}

QString Workspace::cacheFolderOf(const QString &path)
{
    const QFileInfo file(path);
    const QLatin1String suffix(".loupe-ws");
    const QString name =
        file.fileName().endsWith(suffix) ? file.fileName().chopped(suffix.size()) : file.fileName();
    return file.absoluteDir().filePath(name + QStringLiteral(".loupe-cache"));
}

Result<std::unique_ptr<Workspace>> Workspace::open(const QString &path, Access access)
{
    const QFileInfo file(path);
    if (access == Access::ReadOnly && !file.exists())
        return Error{QObject::tr("There is no workspace at \"%1\".").arg(path)};
    if (access == Access::ReadWrite && !file.exists() && !QDir().mkpath(file.absolutePath()))
        return Error{QObject::tr("Cannot create the folder \"%1\" for the workspace. Choose a "
                                 "place where you may write.")
                         .arg(file.absolutePath())};
    std::unique_ptr<Workspace> w(new Workspace);
    w->m_path = path;
    w->m_access = access;
    Result<std::unique_ptr<Database>> db = Database::open(
        path, access == Access::ReadOnly ? Database::Mode::ReadOnly : Database::Mode::ReadWrite);
    if (!db.ok())
        return db.error();
    w->m_db = std::move(db.value());
    // Not SQLite at all: said before anything is written. SQLite reads the header itself: the
    // file must not be opened here another way, since closing any descriptor of it drops the
    // locks of every connection of this process (POSIX), the writer's and the sync client's
    // included, and their view of the file would go stale.
    if (file.exists() && file.size() > 0 &&
        !w->m_db->scalar(QStringLiteral("PRAGMA schema_version")).ok())
        return Error{QObject::tr("\"%1\" is not a Loupe workspace (it is not an SQLite "
                                 "database, or it is damaged). Nothing was changed.")
                         .arg(path)};
    if (access == Access::ReadOnly) {
        Result<qint64> version = w->m_db->scalar(QStringLiteral("PRAGMA user_version"));
        Result<qint64> app = w->m_db->scalar(QStringLiteral("PRAGMA application_id"));
        if (!version.ok() || !app.ok() || app.value() != kApplicationId)
            return Error{
                QObject::tr("\"%1\" is not a Loupe workspace, or it is damaged.").arg(path)};
        if (version.value() != kSchemaVersion)
            return Error{QObject::tr("The workspace \"%1\" has version %2; this Loupe reads "
                                     "version %3 without changing it.")
                             .arg(path)
                             .arg(version.value())
                             .arg(kSchemaVersion)};
        w->m_closed = true;
        return w;
    }
    // Durable before fast: every commit reaches the disk before it counts as saved. The
    // schema is looked at (and a foreign or newer file refused) before anything is written,
    // WAL mode included.
    if (Result<void> r = w->m_db->exec(QStringLiteral("PRAGMA synchronous = FULL")); !r.ok())
        return r.error();
    if (Result<void> r = prepareSchema(*w->m_db, &w->m_migratedFrom); !r.ok())
        return r.error();
    if (Result<void> r = w->m_db->exec(QStringLiteral("PRAGMA journal_mode = WAL")); !r.ok())
        return Error{
            QObject::tr("\"%1\" cannot be used as a workspace: %2").arg(path, r.errorMessage())};
    Result<QString> session = w->meta(QStringLiteral("session"));
    if (!session.ok())
        return session.error();
    w->m_crashed = session.value() == QLatin1String("open");
    if (Result<void> r = w->setMeta(QStringLiteral("session"), QStringLiteral("open")); !r.ok())
        return Error{
            QObject::tr("The workspace \"%1\" cannot be written: %2").arg(path, r.errorMessage())};
    return w;
}

Workspace::~Workspace()
{
    (void)closeCleanly();
}

QString Workspace::kind() const
{
    Result<QString> k = meta(QStringLiteral("kind"));
    return k.ok() && !k->isEmpty() ? k.value() : QStringLiteral("workspace");
}

Result<void> Workspace::setKind(const QString &kind)
{
    return setMeta(QStringLiteral("kind"), kind);
}

Result<void> Workspace::closeCleanly()
{
    if (m_closed || !m_db)
        return {};
    Result<void> r = setMeta(QStringLiteral("session"), QStringLiteral("closed"));
    if (r.ok())
        m_closed = true;
    return r;
}

Result<void> Workspace::setMeta(const QString &key, const QString &value)
{
    Result<Statement> s =
        m_db->prepare(QStringLiteral("INSERT INTO meta(key, value) VALUES(?, ?) "
                                     "ON CONFLICT(key) DO UPDATE SET value = excluded.value"));
    if (!s.ok())
        return s.error();
    return s->bind(1, key).bind(2, value).run();
}

Result<QString> Workspace::meta(const QString &key) const
{
    Result<Statement> s = m_db->prepare(QStringLiteral("SELECT value FROM meta WHERE key = ?"));
    if (!s.ok())
        return s.error();
    s->bind(1, key);
    Result<bool> row = s->step();
    if (!row.ok())
        return row.error();
    return row.value() ? s->text(0) : QString();
}

Result<qint64> Workspace::commit(const std::vector<Operation> &ops)
{
    if (isReadOnly())
        return Error{QObject::tr("The workspace \"%1\" is open read-only.").arg(m_path)};
    // Hash and compress before taking the write lock.
    struct Prepared {
        QString hash;
        QByteArray packed;
    };
    std::vector<Prepared> blobs(ops.size());
    for (std::size_t n = 0; n < ops.size(); ++n)
        if (!ops[n].blob.isNull()) {
            blobs[n].hash = contentHash(ops[n].blob);
            blobs[n].packed = compress(ops[n].blob);
        }
    Result<Transaction> t = Transaction::begin(*m_db);
    if (!t.ok())
        return t.error();
    if (!m_commit) {
        // Prepared once, on the first commit, and kept: the connection is this object's alone.
        Result<Statement> putBlob = m_db->prepare(
            QStringLiteral("INSERT OR IGNORE INTO blobs(hash, size, data) VALUES(?, ?, ?)"));
        Result<Statement> addOp = m_db->prepare(
            // The revision the edit was made from: that of the edits of the same thing still
            // waiting to be pushed (one chain), else the server's as last known (0: none).
            QStringLiteral(
                "INSERT INTO ops(op_id, document, kind, key, json, blob, created_ns, resolves, "
                "base_rev) VALUES(?1, ?2, ?3, ?4, ?5, ?6, ?7, ?8, coalesce((SELECT base_rev FROM "
                "ops WHERE document = ?2 AND key = ?4 AND pushed = 0 ORDER BY seq LIMIT 1), "
                "(SELECT rev FROM sync_revs WHERE document = ?2 AND key = ?4), 0)) ON "
                "CONFLICT(op_id) DO NOTHING"));
        Result<Statement> put = m_db->prepare(QStringLiteral(
            "INSERT INTO entries(document, key, kind, json, blob, seq) VALUES(?, ?, ?, ?, ?, ?) "
            "ON CONFLICT(document, key) DO UPDATE SET kind = excluded.kind, json = "
            "excluded.json, blob = excluded.blob, seq = excluded.seq"));
        Result<Statement> remove =
            m_db->prepare(QStringLiteral("DELETE FROM entries WHERE document = ? AND key = ?"));
        for (auto *st : {&putBlob, &addOp, &put, &remove})
            if (!st->ok())
                return st->error();
        m_commit = std::make_unique<CommitStatements>(
            CommitStatements{std::move(putBlob.value()), std::move(addOp.value()),
                             std::move(put.value()), std::move(remove.value())});
    }
    Statement &putBlob = m_commit->putBlob;
    Statement &addOp = m_commit->addOp;
    Statement &put = m_commit->put;
    Statement &remove = m_commit->remove;
    qint64 last = 0;
    const qint64 now = nowNs();
    for (std::size_t n = 0; n < ops.size(); ++n) {
        const Operation &op = ops[n];
        if (op.id.isEmpty() || op.document.isEmpty() || op.key.isEmpty() || op.kind.isEmpty())
            return Error{QObject::tr("An edit without an id, document, kind or key cannot be "
                                     "stored (this is a bug in Loupe).")};
        addOp.reset();
        addOp.bind(1, op.id).bind(2, op.document).bind(3, op.kind).bind(4, op.key);
        op.json.isEmpty() ? addOp.bindNull(5) : addOp.bind(5, QString::fromUtf8(op.json));
        blobs[n].hash.isEmpty() ? addOp.bindNull(6) : addOp.bind(6, blobs[n].hash);
        if (Result<void> r = addOp.bind(7, now).bind(8, op.resolves).run(); !r.ok())
            return r.error();
        if (m_db->changes() == 0)
            continue; // already here: a replay
        const qint64 seq = m_db->lastInsertId();
        if (!blobs[n].hash.isEmpty()) {
            putBlob.reset();
            if (Result<void> r = putBlob.bind(1, blobs[n].hash)
                                     .bind(2, qint64(op.blob.size()))
                                     .bindBlob(3, blobs[n].packed)
                                     .run();
                !r.ok())
                return r.error();
        }
        last = seq;
        Statement &change = op.isDelete() ? remove : put;
        change.reset();
        change.bind(1, op.document).bind(2, op.key);
        if (!op.isDelete()) {
            change.bind(3, op.kind);
            op.json.isEmpty() ? change.bindNull(4) : change.bind(4, QString::fromUtf8(op.json));
            blobs[n].hash.isEmpty() ? change.bindNull(5) : change.bind(5, blobs[n].hash);
            change.bind(6, last);
        }
        if (Result<void> r = change.run(); !r.ok())
            return r.error();
    }
    if (Result<void> r = t->commit(); !r.ok())
        return r.error();
    return last;
}

Result<bool> Workspace::hasOperation(const QString &id) const
{
    Result<Statement> s = m_db->prepare(QStringLiteral("SELECT 1 FROM ops WHERE op_id = ?"));
    if (!s.ok())
        return s.error();
    return s->bind(1, id).step();
}

Result<std::vector<Entry>> Workspace::entries(const QString &document,
                                              const QString &keyPrefix) const
{
    Result<Statement> s = m_db->prepare(
        QStringLiteral("SELECT key, kind, json, blob, seq FROM entries WHERE document = ? AND "
                       "substr(key, 1, ?) = ? ORDER BY key"));
    if (!s.ok())
        return s.error();
    s->bind(1, document).bind(2, qint64(keyPrefix.size())).bind(3, keyPrefix);
    std::vector<Entry> out;
    if (Result<void> r = s->forEachRow([&](const Statement &row) {
            out.push_back(
                {row.text(0), row.text(1), row.text(2).toUtf8(), row.text(3), row.integer(4)});
        });
        !r.ok())
        return r.error();
    return out;
}

Result<QByteArray> Workspace::blob(const QString &hash) const
{
    Result<Statement> s =
        m_db->prepare(QStringLiteral("SELECT size, data FROM blobs WHERE hash = ?"));
    if (!s.ok())
        return s.error();
    Result<bool> row = s->bind(1, hash).step();
    if (!row.ok())
        return row.error();
    if (!row.value())
        return Error{QObject::tr("The workspace \"%1\" lacks the data %2.").arg(m_path, hash)};
    Result<QByteArray> raw = decompress(s->blob(1), s->integer(0));
    if (!raw.ok() || contentHash(raw.value()) != hash)
        return Error{
            QObject::tr("The data %1 in the workspace \"%2\" is damaged.").arg(hash, m_path)};
    return raw;
}

Result<std::vector<OutboxRow>> Workspace::outbox(qint64 afterSeq, int limit) const
{
    Result<Statement> s = m_db->prepare(
        QStringLiteral("SELECT seq, op_id, document, kind, key, json, blob, pushed, base_rev, "
                       "resolves FROM ops WHERE seq > ? ORDER BY seq LIMIT ?"));
    if (!s.ok())
        return s.error();
    s->bind(1, afterSeq).bind(2, qint64(limit));
    std::vector<OutboxRow> out;
    if (Result<void> r = s->forEachRow([&](const Statement &row) {
            OutboxRow r;
            r.seq = row.integer(0);
            r.op.id = row.text(1);
            r.op.document = row.text(2);
            r.op.kind = row.text(3);
            r.op.key = row.text(4);
            r.op.json = row.text(5).toUtf8();
            r.blobHash = row.text(6);
            r.pushed = row.integer(7) != 0;
            r.baseRev = row.integer(8);
            r.op.resolves = row.integer(9);
            out.push_back(std::move(r));
        });
        !r.ok())
        return r.error();
    return out;
}

Result<qint64> Workspace::rememberDataset(const DatasetRecord &d)
{
    const QString metadata =
        QString::fromUtf8(d.metadata.isEmpty() ? QByteArray("{}") : d.metadata);
    const qint64 opened = d.openedNs ? d.openedNs : nowNs();
    if (!d.fingerprint.isEmpty()) {
        // The same content seen before, perhaps elsewhere: the same dataset, now here. What
        // used to be at this place (another dataset) is forgotten.
        Result<Transaction> t = Transaction::begin(*m_db);
        if (!t.ok())
            return t.error();
        Result<Statement> moved = m_db->prepare(
            QStringLiteral("UPDATE datasets SET location = ?, kind = ?, metadata = ?, "
                           "opened_ns = ? WHERE fingerprint = ? RETURNING id"));
        Result<Statement> forget = m_db->prepare(
            QStringLiteral("DELETE FROM datasets WHERE location = ? AND fingerprint != ?"));
        if (!moved.ok() || !forget.ok())
            return m_db->error(QObject::tr("Cannot remember a dataset"));
        if (Result<void> r = forget->bind(1, d.location).bind(2, d.fingerprint).run(); !r.ok())
            return r.error();
        moved->bind(1, d.location)
            .bind(2, d.kind)
            .bind(3, metadata)
            .bind(4, opened)
            .bind(5, d.fingerprint);
        Result<bool> row = moved->step();
        if (!row.ok())
            return row.error();
        if (row.value()) {
            const qint64 id = moved->integer(0);
            moved->reset();
            if (Result<void> r = t->commit(); !r.ok())
                return r.error();
            return id;
        }
        moved->reset();
        if (Result<void> r = t->commit(); !r.ok())
            return r.error();
    }
    Result<Statement> s = m_db->prepare(QStringLiteral(
        "INSERT INTO datasets(location, kind, fingerprint, metadata, opened_ns) "
        "VALUES(?, ?, ?, ?, ?) ON CONFLICT(location) DO UPDATE SET kind = excluded.kind, "
        "fingerprint = excluded.fingerprint, metadata = excluded.metadata, "
        "opened_ns = excluded.opened_ns RETURNING id"));
    if (!s.ok())
        return s.error();
    s->bind(1, d.location).bind(2, d.kind).bind(3, d.fingerprint).bind(4, metadata).bind(5, opened);
    Result<bool> row = s->step();
    if (!row.ok())
        return row.error();
    const qint64 id = s->integer(0);
    s->reset();
    return id;
}

namespace {

DatasetRecord datasetFrom(const Statement &s)
{
    return {s.integer(0), s.text(1), s.text(2), s.text(3), s.text(4).toUtf8(), s.integer(5)};
}

} // namespace

Result<std::vector<DatasetRecord>> Workspace::datasets() const
{
    Result<Statement> s = m_db->prepare(
        QStringLiteral("SELECT id, location, kind, fingerprint, metadata, opened_ns FROM datasets "
                       "ORDER BY opened_ns DESC, id DESC"));
    if (!s.ok())
        return s.error();
    std::vector<DatasetRecord> out;
    if (Result<void> r =
            s->forEachRow([&](const Statement &row) { out.push_back(datasetFrom(row)); });
        !r.ok())
        return r.error();
    return out;
}

Result<std::optional<DatasetRecord>> Workspace::findByFingerprint(const QString &fingerprint) const
{
    Result<Statement> s = m_db->prepare(
        QStringLiteral("SELECT id, location, kind, fingerprint, metadata, opened_ns FROM datasets "
                       "WHERE fingerprint = ? ORDER BY opened_ns DESC LIMIT 1"));
    if (!s.ok())
        return s.error();
    Result<bool> row = s->bind(1, fingerprint).step();
    if (!row.ok())
        return row.error();
    if (!row.value())
        return std::optional<DatasetRecord>();
    return std::optional<DatasetRecord>(datasetFrom(s.value()));
}

Result<void> Workspace::setViewState(qint64 dataset, const QByteArray &json)
{
    Result<Statement> s =
        m_db->prepare(QStringLiteral("INSERT INTO view_state(dataset, json) VALUES(?, ?) "
                                     "ON CONFLICT(dataset) DO UPDATE SET json = excluded.json"));
    if (!s.ok())
        return s.error();
    return s->bind(1, dataset).bind(2, QString::fromUtf8(json)).run();
}

Result<QByteArray> Workspace::viewState(qint64 dataset) const
{
    Result<Statement> s =
        m_db->prepare(QStringLiteral("SELECT json FROM view_state WHERE dataset = ?"));
    if (!s.ok())
        return s.error();
    Result<bool> row = s->bind(1, dataset).step();
    if (!row.ok())
        return row.error();
    return row.value() ? s->text(0).toUtf8() : QByteArray();
}

Result<WorkspaceInfo> Workspace::info() const
{
    WorkspaceInfo i;
    const auto count = [&](const char *sql, qint64 &into) -> bool {
        Result<qint64> n = m_db->scalar(QString::fromLatin1(sql));
        into = n.ok() ? n.value() : -1;
        return n.ok();
    };
    qint64 version = 0;
    if (!count("PRAGMA user_version", version))
        return m_db->error(QObject::tr("Cannot read"));
    i.schemaVersion = int(version);
    count("SELECT count(*) FROM datasets", i.datasets);
    count("SELECT count(DISTINCT document) FROM entries", i.documents);
    count("SELECT count(*) FROM entries", i.entries);
    count("SELECT count(*) FROM blobs", i.blobs);
    count("SELECT coalesce(sum(length(data)), 0) FROM blobs", i.blobBytes);
    count("SELECT count(*) FROM ops", i.operations);
    count("SELECT count(*) FROM ops WHERE pushed = 0", i.unpushed);
    i.fileBytes = QFileInfo(m_path).size();
    Result<QString> client = meta(QStringLiteral("client_id"));
    i.clientId = client.ok() ? client.value() : QString();
    return i;
}

Result<QStringList> Workspace::check() const
{
    QStringList problems;
    Result<Statement> integrity = m_db->prepare(QStringLiteral("PRAGMA integrity_check"));
    if (!integrity.ok())
        return integrity.error();
    if (Result<void> r = integrity->forEachRow([&](const Statement &row) {
            if (row.text(0) != QLatin1String("ok"))
                problems << QObject::tr("SQLite: %1").arg(row.text(0));
        });
        !r.ok())
        return r.error();
    const auto countOf = [&](const char *sql) {
        Result<qint64> n = m_db->scalar(QString::fromLatin1(sql));
        return n.ok() ? n.value() : -1;
    };
    if (const qint64 n = countOf("SELECT count(*) FROM entries e LEFT JOIN blobs b ON b.hash = "
                                 "e.blob WHERE e.blob IS NOT NULL AND b.hash IS NULL"))
        problems << QObject::tr("%1 entries refer to data that is missing").arg(n);
    if (const qint64 n = countOf("SELECT count(*) FROM ops o LEFT JOIN blobs b ON b.hash = "
                                 "o.blob WHERE o.blob IS NOT NULL AND b.hash IS NULL"))
        problems << QObject::tr("%1 outbox operations refer to data that is missing").arg(n);
    // Entries written by others' changes (pulled) have no operation here: sequence 0.
    if (const qint64 n = countOf("SELECT count(*) FROM entries e LEFT JOIN ops o ON o.seq = e.seq "
                                 "WHERE e.seq != 0 AND (o.seq IS NULL OR o.key != e.key OR "
                                 "o.document != e.document)"))
        problems << QObject::tr("%1 entries have no operation that wrote them").arg(n);
    const qint64 ops = countOf("SELECT count(*) FROM ops");
    const qint64 first = countOf("SELECT coalesce(min(seq), 1) FROM ops");
    const qint64 last = countOf("SELECT coalesce(max(seq), 0) FROM ops");
    if (ops != last - first + 1 || first != 1)
        problems << QObject::tr("the outbox sequence has gaps: %1 operations numbered %2 to %3")
                        .arg(ops)
                        .arg(first)
                        .arg(last);
    // Every blob: decompresses to its size and hashes to its name.
    Result<Statement> blobs = m_db->prepare(QStringLiteral("SELECT hash, size, data FROM blobs"));
    if (!blobs.ok())
        return blobs.error();
    qint64 damaged = 0;
    QString example;
    if (Result<void> r = blobs->forEachRow([&](const Statement &row) {
            Result<QByteArray> raw = decompress(row.blob(2), row.integer(1));
            if (!raw.ok() || contentHash(raw.value()) != row.text(0)) {
                if (damaged++ == 0)
                    example = row.text(0);
            }
        });
        !r.ok())
        return r.error();
    if (damaged)
        problems << QObject::tr("%1 stored data blocks do not match their hash (for example %2)")
                        .arg(damaged)
                        .arg(example);
    return problems;
}

} // namespace loupe::store
