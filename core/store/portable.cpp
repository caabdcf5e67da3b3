#include "core/store/portable.h"

#include "core/store/schema.h"
#include "core/store/sqlitedb.h"
#include "core/store/workspace.h"

#include <QFile>
#include <QFileInfo>
#include <QObject>
#include <QTemporaryDir>

namespace loupe::store {

QString documentOf(const QString &fingerprint, const QString &name)
{
    return fingerprint + QLatin1Char('/') + name;
}

Result<PortableSummary> exportPortable(const Workspace &workspace, const QString &out,
                                       std::optional<qint64> dataset)
{
    QString fingerprint;
    if (dataset) {
        Result<std::vector<DatasetRecord>> all = workspace.datasets();
        if (!all.ok())
            return all.error();
        for (const DatasetRecord &d : all.value())
            if (d.id == *dataset)
                fingerprint = d.fingerprint;
        if (fingerprint.isEmpty())
            return Error{QObject::tr("The workspace \"%1\" has no dataset %2.")
                             .arg(workspace.path())
                             .arg(*dataset)};
    }
    const QString partial = out + QStringLiteral(".partial");
    QFile::remove(partial);
    {
        // A new, empty workspace of this version is the container.
        Result<std::unique_ptr<Workspace>> made = Workspace::open(partial);
        if (!made.ok())
            return Error{QObject::tr("Cannot write \"%1\": %2").arg(out, made.errorMessage())};
        if (Result<void> r = made.value()->setKind(QStringLiteral("portable")); !r.ok())
            return r.error();
    }
    const Database &db = workspace.database();
    if (Result<Statement> attach = db.prepare(QStringLiteral("ATTACH DATABASE ? AS portable"));
        !attach.ok() || !attach->bind(1, partial).run().ok())
        return Error{QObject::tr("Cannot write \"%1\".").arg(out)};
    const QString docs =
        fingerprint.isEmpty()
            ? QStringLiteral("1")
            : QStringLiteral("substr(document, 1, %1) = '%2/'")
                  .arg(fingerprint.size() + 1)
                  .arg(QString(fingerprint).replace(QLatin1Char('\''), QStringLiteral("''")));
    const QString sets =
        fingerprint.isEmpty() ? QStringLiteral("1") : QStringLiteral("id = %1").arg(*dataset);
    const Result<void> copied = db.exec(
        QStringLiteral(
            "BEGIN;"
            "INSERT INTO portable.ops(seq, op_id, document, kind, key, json, blob, created_ns) "
            "  SELECT row_number() OVER (ORDER BY seq), op_id, document, kind, key, json, blob, "
            "  created_ns FROM main.ops WHERE %1 ORDER BY seq;"
            "INSERT INTO portable.entries(document, key, kind, json, blob, seq) "
            "  SELECT e.document, e.key, e.kind, e.json, e.blob, p.seq FROM main.entries e "
            "  JOIN main.ops o ON o.seq = e.seq JOIN portable.ops p ON p.op_id = o.op_id;"
            "INSERT INTO portable.blobs SELECT * FROM main.blobs WHERE hash IN "
            "  (SELECT blob FROM portable.ops WHERE blob IS NOT NULL);"
            "INSERT INTO portable.datasets SELECT * FROM main.datasets WHERE %2;"
            "INSERT INTO portable.view_state SELECT * FROM main.view_state WHERE dataset IN "
            "  (SELECT id FROM portable.datasets);"
            "COMMIT;")
            .arg(docs, sets));
    if (!copied.ok())
        (void)db.exec(QStringLiteral("ROLLBACK"));
    (void)db.exec(QStringLiteral("DETACH DATABASE portable"));
    if (!copied.ok()) {
        QFile::remove(partial);
        return Error{QObject::tr("Cannot write \"%1\": %2").arg(out, copied.errorMessage())};
    }
    PortableSummary summary;
    {
        Result<std::unique_ptr<Workspace>> check =
            Workspace::open(partial, Workspace::Access::ReadOnly);
        if (!check.ok())
            return check.error();
        Result<WorkspaceInfo> info = check.value()->info();
        summary.operations = info.ok() ? info->operations : 0;
        summary.datasets = info.ok() ? info->datasets : 0;
    }
    // One file, not three: fold the WAL in before it is renamed into place.
    {
        Result<std::unique_ptr<Database>> raw = Database::open(partial, Database::Mode::ReadWrite);
        if (!raw.ok() || !raw.value()->exec(QStringLiteral("PRAGMA journal_mode = DELETE")).ok())
            return Error{QObject::tr("Cannot finish \"%1\".").arg(out)};
    }
    QFile::remove(out);
    if (!QFile::rename(partial, out))
        return Error{QObject::tr("Cannot write \"%1\": the folder refused the file.").arg(out)};
    return summary;
}

namespace {

/// Whether `path` is a Loupe file of an older schema version (its header read directly).
bool olderVersion(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return false;
    const QByteArray header = f.read(100);
    if (header.size() < 100 || !header.startsWith("SQLite format 3"))
        return false;
    const auto word = [&](int at) {
        return (quint32(quint8(header[at])) << 24) | (quint32(quint8(header[at + 1])) << 16) |
               (quint32(quint8(header[at + 2])) << 8) | quint32(quint8(header[at + 3]));
    };
    // The user_version at offset 60, the application_id at offset 68.
    return word(68) == quint32(kApplicationId) && word(60) > 0 &&
           word(60) < quint32(kSchemaVersion);
}

} // namespace

Result<PortableSummary> importPortable(Workspace &workspace, const QString &in)
{
    if (!QFileInfo::exists(in))
        return Error{QObject::tr("There is no file \"%1\".").arg(in)};
    Result<std::unique_ptr<Workspace>> file = Workspace::open(in, Workspace::Access::ReadOnly);
    QTemporaryDir migrated;
    if (!file.ok() && olderVersion(in)) {
        // Written by an older Loupe: migrated on a copy, the file itself left as it is.
        const QString copy = migrated.filePath(QStringLiteral("import.loupe"));
        if (migrated.isValid() && QFile::copy(in, copy)) {
            Result<std::unique_ptr<Workspace>> upgraded = Workspace::open(copy);
            if (upgraded.ok())
                file = std::move(upgraded);
        }
    }
    if (!file.ok() || file.value()->kind() != QLatin1String("portable"))
        return Error{QObject::tr("\"%1\" is not a Loupe .loupe file (or it is damaged). Nothing "
                                 "was imported.")
                         .arg(in)};
    // Damaged or cut short: refused whole, before anything is written.
    Result<QStringList> problems = file.value()->check();
    if (!problems.ok() || !problems->isEmpty())
        return Error{QObject::tr("\"%1\" is damaged (%2). Nothing was imported.")
                         .arg(in, problems.ok() ? problems->join(QStringLiteral("; "))
                                                : problems.errorMessage())};
    Result<std::vector<OutboxRow>> rows = file.value()->outbox(0, std::numeric_limits<int>::max());
    if (!rows.ok())
        return Error{QObject::tr("\"%1\" cannot be read: %2. Nothing was imported.")
                         .arg(in, rows.errorMessage())};
    PortableSummary summary;
    std::vector<Operation> ops;
    for (OutboxRow &row : rows.value()) {
        Result<bool> here = workspace.hasOperation(row.op.id);
        if (!here.ok())
            return here.error();
        if (here.value()) {
            ++summary.skipped;
            continue;
        }
        if (!row.blobHash.isEmpty()) {
            Result<QByteArray> bytes = file.value()->blob(row.blobHash);
            if (!bytes.ok())
                return Error{QObject::tr("\"%1\" is damaged (%2). Nothing was imported.")
                                 .arg(in, bytes.errorMessage())};
            row.op.blob = std::move(bytes.value());
        }
        ops.push_back(std::move(row.op));
    }
    Result<std::vector<DatasetRecord>> datasets = file.value()->datasets();
    if (!datasets.ok())
        return datasets.error();
    // The operations in one transaction: all of them or none.
    if (Result<qint64> r = workspace.commit(ops); !r.ok())
        return Error{QObject::tr("Importing \"%1\" failed: %2. Nothing was imported.")
                         .arg(in, r.errorMessage())};
    summary.operations = qint64(ops.size());
    // Datasets this workspace does not know yet (by fingerprint), with their view states.
    for (const DatasetRecord &d : datasets.value()) {
        Result<std::optional<DatasetRecord>> known = workspace.findByFingerprint(d.fingerprint);
        if (!known.ok() || known->has_value())
            continue;
        Result<qint64> id = workspace.rememberDataset(d);
        if (!id.ok())
            continue;
        ++summary.datasets;
        Result<QByteArray> view = file.value()->viewState(d.id);
        if (view.ok() && !view->isEmpty())
            (void)workspace.setViewState(id.value(), view.value());
    }
    return summary;
}

} // namespace loupe::store
