#include "core/store/schema.h"

#include "core/store/sqlitedb.h"

#include <QObject>

namespace loupe::store {

const char *migrationStep(int version)
{
    switch (version) {
    case 1:
        return R"sql(
CREATE TABLE meta(key TEXT PRIMARY KEY, value TEXT NOT NULL);
CREATE TABLE datasets(
    id INTEGER PRIMARY KEY,
    location TEXT NOT NULL UNIQUE,
    kind TEXT NOT NULL,
    fingerprint TEXT NOT NULL,
    metadata TEXT NOT NULL DEFAULT '{}',
    opened_ns INTEGER NOT NULL DEFAULT 0);
CREATE INDEX datasets_fingerprint ON datasets(fingerprint);
CREATE TABLE blobs(hash TEXT PRIMARY KEY, size INTEGER NOT NULL, data BLOB NOT NULL) WITHOUT ROWID;
CREATE TABLE ops(
    seq INTEGER PRIMARY KEY,
    op_id TEXT NOT NULL UNIQUE,
    document TEXT NOT NULL,
    kind TEXT NOT NULL,
    key TEXT NOT NULL,
    json TEXT,
    blob TEXT,
    created_ns INTEGER NOT NULL);
CREATE TABLE entries(
    document TEXT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    json TEXT,
    blob TEXT,
    seq INTEGER NOT NULL,
    PRIMARY KEY(document, key)) WITHOUT ROWID;
CREATE TABLE view_state(dataset INTEGER PRIMARY KEY, json TEXT NOT NULL);
)sql";
    case 2: // what the sync client needs: which operations the server has, and who we are
        return R"sql(
ALTER TABLE ops ADD COLUMN pushed INTEGER NOT NULL DEFAULT 0;
CREATE INDEX ops_unpushed ON ops(seq) WHERE pushed = 0;
INSERT OR IGNORE INTO meta(key, value) VALUES('client_id', lower(hex(randomblob(16))));
)sql";
    case 3: // the revision each edit was made from, and the server's revisions as last known
        return R"sql(
ALTER TABLE ops ADD COLUMN base_rev INTEGER NOT NULL DEFAULT 0;
CREATE TABLE sync_revs(
    document TEXT NOT NULL,
    key TEXT NOT NULL,
    rev INTEGER NOT NULL,
    PRIMARY KEY(document, key)) WITHOUT ROWID;
CREATE INDEX ops_unpushed_key ON ops(document, key) WHERE pushed = 0;
)sql";
    case 4: // others' changes held back while a local edit of the same thing was queued
        return R"sql(
CREATE TABLE sync_deferred(
    document TEXT NOT NULL,
    key TEXT NOT NULL,
    change INTEGER NOT NULL,
    kind TEXT NOT NULL,
    json TEXT,
    blob TEXT,
    PRIMARY KEY(document, key)) WITHOUT ROWID;
)sql";
    case 5: // conflicts: the open ones of the project, the edits kept in them, and resolutions
        return R"sql(
ALTER TABLE ops ADD COLUMN resolves INTEGER NOT NULL DEFAULT 0;
CREATE TABLE sync_conflicts(
    id INTEGER PRIMARY KEY,
    document TEXT NOT NULL,
    key TEXT NOT NULL,
    base_rev INTEGER NOT NULL,
    theirs_rev INTEGER NOT NULL,
    mine_change INTEGER NOT NULL);
CREATE TABLE sync_kept(
    change INTEGER PRIMARY KEY,
    document TEXT NOT NULL,
    key TEXT NOT NULL,
    kind TEXT NOT NULL,
    json TEXT,
    blob TEXT,
    author TEXT NOT NULL,
    client TEXT NOT NULL);
)sql";
    case 6: // the few edits that resolve a conflict, found without reading every edit
        return R"sql(
CREATE INDEX ops_resolving ON ops(resolves) WHERE resolves > 0;
)sql";
    default: return nullptr;
    }
}

Result<void> prepareSchema(const Database &db, int *migratedFrom)
{
    Result<qint64> app = db.scalar(QStringLiteral("PRAGMA application_id"));
    if (!app.ok())
        return Error{QObject::tr("\"%1\" is not a Loupe workspace (%2). Nothing was changed.")
                         .arg(db.path(), app.errorMessage())};
    Result<qint64> version = db.scalar(QStringLiteral("PRAGMA user_version"));
    Result<qint64> tables = db.scalar(QStringLiteral("SELECT count(*) FROM sqlite_master"));
    if (!version.ok() || !tables.ok())
        return Error{
            QObject::tr("\"%1\" is not a Loupe workspace. Nothing was changed.").arg(db.path())};
    if (app.value() != kApplicationId && (app.value() != 0 || tables.value() != 0))
        return Error{QObject::tr("\"%1\" is an SQLite database but not a Loupe workspace. "
                                 "Nothing was changed; choose another file.")
                         .arg(db.path())};
    if (version.value() > kSchemaVersion)
        return Error{QObject::tr("The workspace \"%1\" was written by a newer Loupe (workspace "
                                 "version %2; this Loupe reads up to %3). Nothing was changed: "
                                 "update Loupe to open it.")
                         .arg(db.path())
                         .arg(version.value())
                         .arg(kSchemaVersion)};
    if (migratedFrom)
        *migratedFrom = int(version.value());
    if (version.value() == kSchemaVersion)
        return {};
    Result<Transaction> t = Transaction::begin(db);
    if (!t.ok())
        return t.error();
    // Read again inside the transaction: another Loupe may have migrated it meanwhile.
    Result<qint64> now = db.scalar(QStringLiteral("PRAGMA user_version"));
    if (!now.ok())
        return now.error();
    for (int v = int(now.value()) + 1; v <= kSchemaVersion; ++v)
        if (Result<void> r = db.exec(QString::fromUtf8(migrationStep(v))); !r.ok())
            return Error{QObject::tr("Cannot bring the workspace \"%1\" to version %2: %3. "
                                     "Nothing was changed.")
                             .arg(db.path())
                             .arg(v)
                             .arg(r.errorMessage())};
    if (Result<void> r =
            db.exec(QStringLiteral("PRAGMA application_id = %1; PRAGMA user_version = %2")
                        .arg(kApplicationId)
                        .arg(kSchemaVersion));
        !r.ok())
        return r;
    return t->commit();
}

} // namespace loupe::store
