#include "core/store/syncstate.h"

#include "core/store/blobcodec.h"
#include "core/store/sqlitedb.h"
#include "core/store/workspace.h"

#include <QObject>

#include <tuple>

namespace loupe::store {

QString objectName(const QString &document, const QString &key)
{
    return document + QLatin1Char('#') + key;
}

std::optional<std::pair<QString, QString>> splitObject(const QString &object)
{
    const qsizetype at = object.indexOf(QLatin1Char('#'));
    if (at <= 0 || at + 1 >= object.size())
        return std::nullopt;
    return std::make_pair(object.left(at), object.mid(at + 1));
}

namespace {

/// The server's revision of a thing, kept when newer than the one known.
constexpr const char *kRememberRevision =
    "INSERT INTO sync_revs(document, key, rev) VALUES(?, ?, ?) ON CONFLICT(document, key) DO "
    "UPDATE SET rev = max(rev, excluded.rev)";
/// A thing as others' change left it: no operation of ours wrote it (sequence 0).
constexpr const char *kPutPulled =
    "INSERT INTO entries(document, key, kind, json, blob, seq) VALUES(?, ?, ?, ?, ?, 0) ON "
    "CONFLICT(document, key) DO UPDATE SET kind = excluded.kind, json = excluded.json, blob = "
    "excluded.blob, seq = 0";
constexpr const char *kRemoveEntry = "DELETE FROM entries WHERE document = ? AND key = ?";

/// Writes a thing as a change of others left it: put, or removed for a delete.
Result<void> writePulled(Statement &put, Statement &remove, const QString &document,
                         const QString &key, const QString &kind, const QString &json,
                         const QString &blob)
{
    if (kind.endsWith(QLatin1String(".delete"))) {
        remove.reset();
        return remove.bind(1, document).bind(2, key).run();
    }
    put.reset();
    put.bind(1, document).bind(2, key).bind(3, kind);
    json.isEmpty() ? put.bindNull(4) : put.bind(4, json);
    blob.isEmpty() ? put.bindNull(5) : put.bind(5, blob);
    return put.run();
}

/// Others' changes held back for things whose local edits were queued: once nothing of ours
/// is queued for such a thing, the server's newer state is written (ours met it as a
/// conflict, or came before it), and an older one is dropped (ours replaced it). `things`:
/// (document, key, our applied change or 0).
Result<void> settleDeferred(const Database &db,
                            const std::vector<std::tuple<QString, QString, qint64>> &things,
                            std::vector<std::pair<QString, QString>> &written)
{
    Result<Statement> find = db.prepare(QStringLiteral(
        "SELECT d.change, d.kind, d.json, d.blob FROM sync_deferred d WHERE d.document = ? AND "
        "d.key = ? AND NOT EXISTS (SELECT 1 FROM ops o WHERE o.document = d.document AND o.key = "
        "d.key AND o.pushed = 0)"));
    Result<Statement> drop =
        db.prepare(QStringLiteral("DELETE FROM sync_deferred WHERE document = ? AND key = ?"));
    Result<Statement> put = db.prepare(QString::fromLatin1(kPutPulled));
    Result<Statement> remove = db.prepare(QString::fromLatin1(kRemoveEntry));
    Result<Statement> rev = db.prepare(QString::fromLatin1(kRememberRevision));
    for (auto *s : {&find, &drop, &put, &remove, &rev})
        if (!s->ok())
            return s->error();
    for (const auto &[document, key, ours] : things) {
        find->reset();
        find->bind(1, document).bind(2, key);
        qint64 change = 0;
        QString kind, json, blob;
        bool found = false;
        if (Result<void> r = find->forEachRow([&](const Statement &row) {
                found = true;
                change = row.integer(0);
                kind = row.text(1);
                json = row.text(2);
                blob = row.text(3);
            });
            !r.ok())
            return r.error();
        if (!found)
            continue;
        drop->reset();
        if (Result<void> r = drop->bind(1, document).bind(2, key).run(); !r.ok())
            return r.error();
        if (ours > change)
            continue; // ours is the newer state on the server
        if (Result<void> r =
                writePulled(put.value(), remove.value(), document, key, kind, json, blob);
            !r.ok())
            return r.error();
        rev->reset();
        if (Result<void> r = rev->bind(1, document).bind(2, key).bind(3, change).run(); !r.ok())
            return r.error();
        written.emplace_back(document, key);
    }
    return {};
}

} // namespace

Result<std::vector<std::pair<QString, QString>>> acknowledge(const Workspace &workspace,
                                                             const std::vector<PushAck> &acks)
{
    const Database &db = workspace.database();
    Result<Transaction> t = Transaction::begin(db);
    if (!t.ok())
        return t.error();
    Result<Statement> mark = db.prepare(
        QStringLiteral("UPDATE ops SET pushed = 1 WHERE op_id = ? RETURNING document, key"));
    Result<Statement> rev = db.prepare(QString::fromLatin1(kRememberRevision));
    if (!mark.ok() || !rev.ok())
        return (mark.ok() ? rev.error() : mark.error());
    std::vector<std::tuple<QString, QString, qint64>> settled; ///< things acknowledged
    for (const PushAck &ack : acks) {
        mark->reset();
        mark->bind(1, ack.opId);
        QString document, key;
        if (Result<void> r = mark->forEachRow([&](const Statement &row) {
                document = row.text(0);
                key = row.text(1);
            });
            !r.ok())
            return r.error();
        if (document.isEmpty())
            continue;
        settled.emplace_back(document, key, ack.conflict ? 0 : ack.change);
        if (ack.conflict)
            continue;
        rev->reset();
        if (Result<void> r = rev->bind(1, document).bind(2, key).bind(3, ack.change).run(); !r.ok())
            return r.error();
    }
    std::vector<std::pair<QString, QString>> written;
    if (Result<void> r = settleDeferred(db, settled, written); !r.ok())
        return r.error();
    if (Result<void> r = t->commit(); !r.ok())
        return r.error();
    return written;
}

Result<std::vector<std::pair<QString, QString>>>
applyRemote(const Workspace &workspace, const std::vector<RemoteChange> &changes, qint64 lastChange)
{
    const Database &db = workspace.database();
    Result<QString> me = [&]() -> Result<QString> {
        Result<Statement> s =
            db.prepare(QStringLiteral("SELECT value FROM meta WHERE key = 'client_id'"));
        if (!s.ok())
            return s.error();
        QString id;
        if (Result<void> r = s->forEachRow([&](const Statement &row) { id = row.text(0); });
            !r.ok())
            return r.error();
        return id;
    }();
    if (!me.ok())
        return me.error();
    Result<Transaction> t = Transaction::begin(db);
    if (!t.ok())
        return t.error();
    Result<Statement> pending = db.prepare(
        QStringLiteral("SELECT count(*) FROM ops WHERE document = ? AND key = ? AND pushed = 0"));
    Result<Statement> rev = db.prepare(QString::fromLatin1(kRememberRevision));
    Result<Statement> put = db.prepare(QString::fromLatin1(kPutPulled));
    Result<Statement> remove = db.prepare(QString::fromLatin1(kRemoveEntry));
    Result<Statement> putBlob =
        db.prepare(QStringLiteral("INSERT OR IGNORE INTO blobs(hash, size, data) VALUES(?, ?, ?)"));
    Result<Statement> setPulled = db.prepare(QStringLiteral(
        "INSERT INTO meta(key, value) VALUES('sync_last_pulled', ?) ON CONFLICT(key) DO UPDATE "
        "SET value = excluded.value"));
    Result<Statement> defer = db.prepare(QStringLiteral(
        "INSERT INTO sync_deferred(document, key, change, kind, json, blob) VALUES(?, ?, ?, ?, "
        "?, ?) ON CONFLICT(document, key) DO UPDATE SET change = excluded.change, kind = "
        "excluded.kind, json = excluded.json, blob = excluded.blob WHERE excluded.change > "
        "change"));
    Result<Statement> keep = db.prepare(QStringLiteral(
        "INSERT OR IGNORE INTO sync_kept(change, document, key, kind, json, blob, author, client) "
        "VALUES(?, ?, ?, ?, ?, ?, ?, ?)"));
    for (auto *s : {&pending, &rev, &put, &remove, &putBlob, &setPulled, &defer, &keep})
        if (!s->ok())
            return s->error();
    const auto storeBlob = [&](const RemoteChange &c) -> Result<void> {
        if (c.blobHash.isEmpty() || c.blob.isNull())
            return {};
        if (contentHash(c.blob) != c.blobHash)
            return Error{QObject::tr("The data %1 of change %2 from the server is damaged; "
                                     "nothing of this pull was written.")
                             .arg(c.blobHash)
                             .arg(c.change)};
        putBlob->reset();
        return putBlob->bind(1, c.blobHash)
            .bind(2, qint64(c.blob.size()))
            .bindBlob(3, compress(c.blob))
            .run();
    };
    std::vector<std::pair<QString, QString>> written;
    for (const RemoteChange &c : changes) {
        if (c.conflict) {
            // Not applied on the server: kept aside for whoever resolves the conflict.
            if (Result<void> r = storeBlob(c); !r.ok())
                return r.error();
            keep->reset();
            keep->bind(1, c.change).bind(2, c.document).bind(3, c.key).bind(4, c.kind);
            c.json.isEmpty() ? keep->bindNull(5) : keep->bind(5, QString::fromUtf8(c.json));
            c.blobHash.isEmpty() ? keep->bindNull(6) : keep->bind(6, c.blobHash);
            if (Result<void> r = keep->bind(7, c.author).bind(8, c.client).run(); !r.ok())
                return r.error();
            continue;
        }
        // Whether an edit of ours of the thing waits to be pushed.
        pending->reset();
        pending->bind(1, c.document).bind(2, c.key);
        if (Result<bool> row = pending->step(); !row.ok())
            return row.error();
        const bool queued = pending->integer(0) > 0;
        pending->reset();
        if (c.client == me.value()) {
            // Ours, as the server took it: its revision is ours to build on (a reply that was
            // lost says so here), unless newer edits of ours are queued on the older one.
            if (!queued) {
                rev->reset();
                if (Result<void> r =
                        rev->bind(1, c.document).bind(2, c.key).bind(3, c.change).run();
                    !r.ok())
                    return r.error();
            }
            continue;
        }
        if (!c.blobHash.isEmpty() && c.blob.isNull())
            return Error{QObject::tr("The data %1 of change %2 was not fetched; nothing of this "
                                     "pull was written.")
                             .arg(c.blobHash)
                             .arg(c.change)};
        if (Result<void> r = storeBlob(c); !r.ok())
            return r.error();
        if (queued) {
            // The local edit stays for now (the server will keep the two as a conflict); the
            // change is held back until nothing of ours is queued for the thing (acknowledge).
            defer->reset();
            defer->bind(1, c.document).bind(2, c.key).bind(3, c.change).bind(4, c.kind);
            c.json.isEmpty() ? defer->bindNull(5) : defer->bind(5, QString::fromUtf8(c.json));
            c.blobHash.isEmpty() ? defer->bindNull(6) : defer->bind(6, c.blobHash);
            if (Result<void> r = defer->run(); !r.ok())
                return r.error();
            continue;
        }
        if (Result<void> r = writePulled(put.value(), remove.value(), c.document, c.key, c.kind,
                                         QString::fromUtf8(c.json), c.blobHash);
            !r.ok())
            return r.error();
        rev->reset();
        if (Result<void> r = rev->bind(1, c.document).bind(2, c.key).bind(3, c.change).run();
            !r.ok())
            return r.error();
        written.emplace_back(c.document, c.key);
    }
    if (Result<void> r = setPulled->bind(1, QString::number(lastChange)).run(); !r.ok())
        return r.error();
    if (Result<void> r = t->commit(); !r.ok())
        return r.error();
    return written;
}

Result<std::vector<OutboxRow>> unpushed(const Workspace &workspace, int limit)
{
    // Operations are pushed in order: the unpushed ones are the outbox after the last pushed.
    Result<qint64> first = workspace.database().scalar(
        QStringLiteral("SELECT coalesce(min(seq), 0) FROM ops WHERE pushed = 0"));
    if (!first.ok())
        return first.error();
    if (first.value() == 0)
        return std::vector<OutboxRow>{};
    return workspace.outbox(first.value() - 1, limit);
}

Result<qint64> unpushedCount(const Workspace &workspace)
{
    return workspace.database().scalar(QStringLiteral("SELECT count(*) FROM ops WHERE pushed = 0"));
}

Result<qint64> knownRevision(const Workspace &workspace, const QString &document,
                             const QString &key)
{
    Result<Statement> s = workspace.database().prepare(
        QStringLiteral("SELECT rev FROM sync_revs WHERE document = ? AND key = ?"));
    if (!s.ok())
        return s.error();
    s->bind(1, document).bind(2, key);
    qint64 rev = 0;
    if (Result<void> r = s->forEachRow([&](const Statement &row) { rev = row.integer(0); });
        !r.ok())
        return r.error();
    return rev;
}

Result<qint64> lastPulled(const Workspace &workspace)
{
    Result<Statement> s = workspace.database().prepare(
        QStringLiteral("SELECT value FROM meta WHERE key = 'sync_last_pulled'"));
    if (!s.ok())
        return s.error();
    qint64 last = 0;
    if (Result<void> r =
            s->forEachRow([&](const Statement &row) { last = row.text(0).toLongLong(); });
        !r.ok())
        return r.error();
    return last;
}

Result<void> setConflicts(const Workspace &workspace, const std::vector<ConflictRecord> &open)
{
    const Database &db = workspace.database();
    Result<Transaction> t = Transaction::begin(db);
    if (!t.ok())
        return t.error();
    if (Result<void> r = db.exec(QStringLiteral("DELETE FROM sync_conflicts")); !r.ok())
        return r;
    Result<Statement> add = db.prepare(
        QStringLiteral("INSERT INTO sync_conflicts(id, document, key, base_rev, theirs_rev, "
                       "mine_change) VALUES(?, ?, ?, ?, ?, ?)"));
    if (!add.ok())
        return add.error();
    for (const ConflictRecord &c : open) {
        add->reset();
        if (Result<void> r = add->bind(1, c.id)
                                 .bind(2, c.document)
                                 .bind(3, c.key)
                                 .bind(4, c.baseRev)
                                 .bind(5, c.theirsRev)
                                 .bind(6, c.mineChange)
                                 .run();
            !r.ok())
            return r;
    }
    return t->commit();
}

Result<std::vector<Conflict>> openConflicts(const Workspace &workspace)
{
    Result<Statement> s = workspace.database().prepare(QStringLiteral(
        "SELECT c.id, c.document, c.key, c.base_rev, c.theirs_rev, c.mine_change, k.kind, "
        "k.json, k.blob, k.author, e.kind, e.json, e.blob FROM sync_conflicts c LEFT JOIN "
        "sync_kept k ON k.change = c.mine_change LEFT JOIN entries e ON e.document = c.document "
        "AND e.key = c.key WHERE NOT EXISTS (SELECT 1 FROM ops o WHERE o.resolves > 0 AND "
        "o.resolves = c.id) ORDER BY c.id"));
    if (!s.ok())
        return s.error();
    std::vector<Conflict> out;
    if (Result<void> r = s->forEachRow([&](const Statement &row) {
            Conflict c;
            c.record = {row.integer(0), row.text(1),    row.text(2),
                        row.integer(3), row.integer(4), row.integer(5)};
            if (!row.text(6).isEmpty()) {
                c.kept = ThingState{row.text(6), row.text(7).toUtf8(), row.text(8)};
                c.keptAuthor = row.text(9);
            }
            if (!row.text(10).isEmpty())
                c.current = ThingState{row.text(10), row.text(11).toUtf8(), row.text(12)};
            out.push_back(std::move(c));
        });
        !r.ok())
        return r.error();
    return out;
}

Result<qint64> keepResolutionsAsEdits(const Workspace &workspace)
{
    const Database &db = workspace.database();
    if (Result<void> r = db.exec(
            QStringLiteral("UPDATE ops SET resolves = 0 WHERE pushed = 0 AND resolves > 0"));
        !r.ok())
        return r.error();
    return qint64(db.changes());
}

} // namespace loupe::store
