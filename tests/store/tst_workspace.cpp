// The local store: a workspace's file (checked with the sqlite3 program and sha256sum, not
// only through Loupe), commits and replays, the writer's group commits, migrations, refusing
// newer, foreign and damaged files untouched, datasets found again by fingerprint, .loupe
// files exported and merged by operation id, and `loupe-cli workspace`.

#include "core/store/blobcodec.h"
#include "core/store/portable.h"
#include "core/store/schema.h"
#include "core/store/sqlitedb.h"
#include "core/store/storewriter.h"
#include "core/store/workspace.h"
#include "store/storescript.h"

#include "testsupport.h"

#include <QCryptographicHash>
#include <QDir>
#include <QFile>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

using namespace loupe;
using store::Operation;
using store::Workspace;

namespace {

QByteArray fileHash(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly))
        return {};
    return QCryptographicHash::hash(f.readAll(), QCryptographicHash::Sha256);
}

Operation op(const QString &id, const QString &kind, const QString &key, const QByteArray &json,
             const QByteArray &blob = {})
{
    return {id, QStringLiteral("ct-1/labels"), kind, key, json, blob};
}

} // namespace

class TestWorkspace : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { QVERIFY(m_dir.isValid()); }

    void aNewWorkspaceIsWalWithItsVersion()
    {
        const QString path = m_dir.filePath(QStringLiteral("new/ws.loupe-ws"));
        {
            Result<std::unique_ptr<Workspace>> w = Workspace::open(path);
            QVERIFY2(w.ok(), qPrintable(w.errorMessage()));
            QVERIFY(!w.value()->previousSessionCrashed());
            QCOMPARE(w.value()->migratedFrom(), 0);
        }
        QCOMPARE(test::sqlite(path, QStringLiteral("PRAGMA journal_mode")), QStringLiteral("wal"));
        QCOMPARE(test::sqlite(path, QStringLiteral("PRAGMA user_version")),
                 QString::number(store::kSchemaVersion));
        QCOMPARE(test::sqlite(path, QStringLiteral("PRAGMA application_id")),
                 QString::number(store::kApplicationId));
        QCOMPARE(test::sqlite(path, QStringLiteral("SELECT value FROM meta WHERE key = 'session'")),
                 QStringLiteral("closed"));
        QCOMPARE(test::sqlite(path, QStringLiteral("SELECT length(value) FROM meta WHERE key = "
                                                   "'client_id'")),
                 QStringLiteral("32"));
    }

    void anotherOpenInThisProcessLeavesTheFirstAlone()
    {
        // The writer and the sync client each hold a connection in one process. Opening the
        // workspace again (and closing it) must not drop the first one's locks: if it did,
        // another program would take the write-ahead log for its own and the first connection
        // would read stale pages.
        const QString path = m_dir.filePath(QStringLiteral("two.loupe-ws"));
        auto first = Workspace::open(path);
        QVERIFY2(first.ok(), qPrintable(first.errorMessage()));
        QVERIFY(first.value()->commit({op("t1", "track.put", "track/1", R"({"a":1})")}).ok());
        for (int n = 0; n < 3; ++n) {
            auto again = Workspace::open(path);
            QVERIFY(again.ok());
        }
        // Another process writes and leaves.
        QCOMPARE(test::sqlite(path, QStringLiteral("INSERT INTO meta(key, value) VALUES('probe', "
                                                   "'x'); SELECT count(*) FROM entries")),
                 QStringLiteral("1"));
        // The first connection sees the file as it is, and goes on writing.
        QCOMPARE(first.value()
                     ->database()
                     .scalar(QStringLiteral("SELECT count(*) FROM meta WHERE key = 'probe'"))
                     .value(),
                 1);
        QVERIFY(first.value()->commit({op("t2", "track.put", "track/2", R"({"a":2})")}).ok());
        const Result<std::vector<store::Entry>> entries =
            first.value()->entries(QStringLiteral("ct-1/labels"));
        QVERIFY(entries.ok());
        QCOMPARE(int(entries->size()), 2);
        QVERIFY(first.value()->check().value().isEmpty());
        QCOMPARE(test::sqlite(path, QStringLiteral("SELECT count(*) FROM entries")),
                 QStringLiteral("2"));
    }

    void commitsEntriesBlobsAndTheOutboxTogether()
    {
        const QString path = m_dir.filePath(QStringLiteral("commit.loupe-ws"));
        Result<std::unique_ptr<Workspace>> w = Workspace::open(path);
        QVERIFY(w.ok());
        QByteArray brick(32768, 0);
        for (int n = 0; n < brick.size(); ++n)
            brick[n] = char(n / 1000 % 3);
        const std::vector<Operation> ops{
            op(QStringLiteral("a"), QStringLiteral("segment.put"), QStringLiteral("segment/1"),
               R"({"name":"Liver"})"),
            op(QStringLiteral("b"), QStringLiteral("brick.put"), QStringLiteral("brick/1/0/0/0"),
               R"({"layer":0})", brick),
            op(QStringLiteral("c"), QStringLiteral("keyframe.put"),
               QStringLiteral("track/4/frame/9"), R"({"box":"1 2 3 4"})"),
            op(QStringLiteral("d"), QStringLiteral("keyframe.delete"),
               QStringLiteral("track/4/frame/9"), {})};
        Result<qint64> seq = w.value()->commit(ops);
        QVERIFY2(seq.ok(), qPrintable(seq.errorMessage()));
        QCOMPARE(seq.value(), qint64(4));
        // The state: the segment and the brick; the keyframe was put and removed.
        Result<std::vector<store::Entry>> entries =
            w.value()->entries(QStringLiteral("ct-1/labels"));
        QVERIFY(entries.ok());
        QCOMPARE(int(entries->size()), 2);
        QCOMPARE(entries->at(0).key, QStringLiteral("brick/1/0/0/0"));
        QCOMPARE(entries->at(1).json, QByteArray(R"({"name":"Liver"})"));
        QCOMPARE(w.value()->blob(entries->at(0).blobHash).value(), brick);
        QCOMPARE(
            w.value()->entries(QStringLiteral("ct-1/labels"), QStringLiteral("segment/"))->size(),
            std::size_t(1));
        // The outbox: every operation, numbered 1..4, the delete included.
        Result<std::vector<store::OutboxRow>> outbox = w.value()->outbox(0, 100);
        QCOMPARE(int(outbox->size()), 4);
        QCOMPARE(outbox->at(3).op.kind, QStringLiteral("keyframe.delete"));
        QCOMPARE(outbox->at(1).seq, qint64(2));
        // The same as the sqlite3 program sees it, the brick's name being its SHA-256 as
        // sha256sum computes it, and stored compressed.
        const QString raw = m_dir.filePath(QStringLiteral("brick.raw"));
        QFile f(raw);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(brick);
        f.close();
        const QString sum =
            QString::fromUtf8(test::run(QStringLiteral("sha256sum"), {raw}).out.left(64));
        QCOMPARE(test::sqlite(path, QStringLiteral("SELECT blob FROM ops WHERE op_id = 'b'")), sum);
        QCOMPARE(test::sqlite(path, QStringLiteral("SELECT size FROM blobs")),
                 QStringLiteral("32768"));
        QVERIFY(test::sqlite(path, QStringLiteral("SELECT length(data) FROM blobs")).toInt() <
                2000);
        QCOMPARE(test::sqlite(path, QStringLiteral("SELECT group_concat(seq) FROM ops")),
                 QStringLiteral("1,2,3,4"));
        // Committed again (a retry, an import): nothing changes.
        QCOMPARE(w.value()->commit(ops).value(), qint64(0));
        QCOMPARE(test::sqlite(path, QStringLiteral("SELECT count(*) FROM ops")),
                 QStringLiteral("4"));
        QVERIFY(w.value()->check()->isEmpty());
        QCOMPARE(w.value()->info()->operations, qint64(4));
        QCOMPARE(w.value()->info()->unpushed, qint64(4));
    }

    void theWriterCommitsBurstsTogetherInOrder()
    {
        const QString path = m_dir.filePath(QStringLiteral("writer.loupe-ws"));
        Result<std::unique_ptr<Workspace>> w = Workspace::open(path);
        QVERIFY(w.ok());
        store::StoreWriter writer(std::move(w.value()));
        QSignalSpy saved(&writer, &store::StoreWriter::saved);
        for (int i = 0; i < 2000; ++i)
            writer.submit(test::scriptedEdit(i));
        QVERIFY(writer.waitForSaved(60000));
        QCOMPARE(writer.pending(), 0);
        // The signals come through the event loop, after the commits.
        const auto savedIds = [&] {
            QStringList ids;
            for (const auto &s : saved)
                ids << s.at(0).toStringList();
            return ids;
        };
        QTRY_COMPARE(savedIds().size(), 2000);
        const QStringList ids = savedIds();
        for (int i = 0; i < 2000; ++i)
            QCOMPARE(ids[i], test::scriptedEdit(i).id); // saved in the order made
        QVERIFY2(writer.commits() < 2000, qPrintable(QString::number(writer.commits())));
        QCOMPARE(test::sqlite(path, QStringLiteral("SELECT count(*) FROM ops")),
                 QStringLiteral("2000"));
        QCOMPARE(test::sqlite(path, QStringLiteral("SELECT op_id FROM ops WHERE seq = 1234")),
                 test::scriptedEdit(1233).id);
    }

    void anOlderWorkspaceIsMigratedInPlace()
    {
        // A version-1 workspace, made with the sqlite3 program from the first migration step,
        // holding an edit.
        const QString path = m_dir.filePath(QStringLiteral("old.loupe-ws"));
        const QString v1 = QString::fromUtf8(store::migrationStep(1)) +
                           QStringLiteral("PRAGMA application_id = %1; PRAGMA user_version = 1;"
                                          "INSERT INTO ops(op_id, document, kind, key, json, "
                                          "created_ns) VALUES('old', 'd', 'segment.put', "
                                          "'segment/1', '{}', 1);"
                                          "INSERT INTO entries VALUES('d', 'segment/1', "
                                          "'segment.put', '{}', NULL, 1);")
                               .arg(store::kApplicationId);
        QCOMPARE(test::run(QStringLiteral("sqlite3"), {path, v1}).exitCode, 0);
        Result<std::unique_ptr<Workspace>> w = Workspace::open(path);
        QVERIFY2(w.ok(), qPrintable(w.errorMessage()));
        QCOMPARE(w.value()->migratedFrom(), 1);
        QVERIFY(w.value()->hasOperation(QStringLiteral("old")).value());
        QCOMPARE(w.value()->info()->unpushed, qint64(1)); // the column version 2 added
        QVERIFY(!w.value()->info()->clientId.isEmpty());
        QVERIFY(w.value()->check()->isEmpty());
        w.value().reset();
        QCOMPARE(test::sqlite(path, QStringLiteral("PRAGMA user_version")),
                 QString::number(store::kSchemaVersion));
        // Version 6: the edits that resolve a conflict are found by an index, not by reading
        // every edit (as sqlite3 plans the open conflicts' question).
        const QString plan = test::sqlite(
            path, QStringLiteral("EXPLAIN QUERY PLAN SELECT c.id FROM sync_conflicts c WHERE NOT "
                                 "EXISTS (SELECT 1 FROM ops o WHERE o.resolves > 0 AND "
                                 "o.resolves = c.id)"));
        QVERIFY2(plan.contains(QStringLiteral("USING COVERING INDEX ops_resolving")),
                 qPrintable(plan));
    }

    void newerForeignAndDamagedFilesAreRefusedUntouched()
    {
        // Newer.
        const QString newer = m_dir.filePath(QStringLiteral("newer.loupe-ws"));
        QVERIFY(Workspace::open(newer).ok());
        test::sqlite(newer, QStringLiteral("PRAGMA user_version = 99"));
        const QByteArray before = fileHash(newer);
        Result<std::unique_ptr<Workspace>> w = Workspace::open(newer);
        QVERIFY(!w.ok());
        QVERIFY2(w.errorMessage().contains(QStringLiteral("newer Loupe")) &&
                     w.errorMessage().contains(newer) &&
                     w.errorMessage().contains(QStringLiteral("Nothing was changed")),
                 qPrintable(w.errorMessage()));
        QCOMPARE(fileHash(newer), before);
        // Not SQLite.
        const QString text = m_dir.filePath(QStringLiteral("notes.loupe-ws"));
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(5000, 'x'));
        f.close();
        w = Workspace::open(text);
        QVERIFY(!w.ok());
        QVERIFY(w.errorMessage().contains(QStringLiteral("not a Loupe workspace")));
        QCOMPARE(QFileInfo(text).size(), qint64(5000));
        // Another program's database.
        const QString other = m_dir.filePath(QStringLiteral("other.db"));
        test::sqlite(other, QStringLiteral("CREATE TABLE t(x); INSERT INTO t VALUES(1)"));
        const QByteArray otherBefore = fileHash(other);
        w = Workspace::open(other);
        QVERIFY(!w.ok());
        QVERIFY(w.errorMessage().contains(QStringLiteral("not a Loupe workspace")));
        QCOMPARE(fileHash(other), otherBefore);
        // A place that cannot be written (its folder is a file).
        w = Workspace::open(text + QStringLiteral("/ws.loupe-ws"));
        QVERIFY(!w.ok());
        QVERIFY2(w.errorMessage().contains(text), qPrintable(w.errorMessage()));
        // Cut in half: refused, or opened with check naming the damage; never silently fine.
        const QString full = m_dir.filePath(QStringLiteral("cut.loupe-ws"));
        {
            Result<std::unique_ptr<Workspace>> ws = Workspace::open(full);
            std::vector<Operation> ops;
            for (int i = 0; i < 400; ++i)
                ops.push_back(test::scriptedEdit(i));
            QVERIFY(ws.value()->commit(ops).ok());
        }
        test::sqlite(full, QStringLiteral("PRAGMA wal_checkpoint(TRUNCATE)"));
        QVERIFY(QFile::resize(full, QFileInfo(full).size() / 2));
        w = Workspace::open(full, Workspace::Access::ReadOnly);
        if (w.ok()) {
            Result<QStringList> problems = w.value()->check();
            QVERIFY(!problems.ok() || !problems->isEmpty());
        }
    }

    void checkFindsDamageAndTheCommandLineSaysSo()
    {
        const QString path = m_dir.filePath(QStringLiteral("damaged.loupe-ws"));
        {
            Result<std::unique_ptr<Workspace>> w = Workspace::open(path);
            std::vector<Operation> ops;
            for (int i = 0; i < 40; ++i)
                ops.push_back(test::scriptedEdit(i));
            QVERIFY(w.value()->commit(ops).ok());
        }
        const QString cli = test::binDir() + QStringLiteral("/loupe-cli");
        test::ProcessResult r =
            test::run(cli, {QStringLiteral("workspace"), QStringLiteral("check"), path});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(r.out.contains(": ok"));
        r = test::run(cli, {QStringLiteral("workspace"), QStringLiteral("info"), path,
                            QStringLiteral("--json")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY2(r.out.contains("\"operations\": 40"), r.out.constData());
        // A stored brick altered behind Loupe's back, and a hole in the outbox.
        test::sqlite(path,
                     QStringLiteral("UPDATE blobs SET data = (SELECT data FROM blobs ORDER BY "
                                    "hash LIMIT 1 OFFSET 1) WHERE hash = (SELECT min(hash) FROM "
                                    "blobs)"));
        test::sqlite(path, QStringLiteral("DELETE FROM ops WHERE seq = 20"));
        r = test::run(cli, {QStringLiteral("workspace"), QStringLiteral("check"), path});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("do not match their hash"), r.out.constData());
        QVERIFY2(r.out.contains("gaps"), r.out.constData());
        r = test::run(cli, {QStringLiteral("workspace"), QStringLiteral("check"),
                            m_dir.filePath(QStringLiteral("missing.loupe-ws"))});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(r.err.contains("missing.loupe-ws"));
    }

    void aSessionNotClosedIsNoticed()
    {
        const QString path = m_dir.filePath(QStringLiteral("session.loupe-ws"));
        QVERIFY(Workspace::open(path).ok()); // opened and closed
        QVERIFY(!Workspace::open(path).value()->previousSessionCrashed());
        test::sqlite(path, QStringLiteral("UPDATE meta SET value = 'open' WHERE key = 'session'"));
        QVERIFY(Workspace::open(path).value()->previousSessionCrashed());
        QVERIFY(!Workspace::open(path).value()->previousSessionCrashed());
    }

    void datasetsAreFoundAgainByFingerprint()
    {
        const QString path = m_dir.filePath(QStringLiteral("datasets.loupe-ws"));
        Result<std::unique_ptr<Workspace>> w = Workspace::open(path);
        store::DatasetRecord ct{0,
                                QStringLiteral("/data/ct"),
                                QStringLiteral("volume"),
                                QStringLiteral("f00d"),
                                R"({"series":2})",
                                1000};
        const qint64 id = w.value()->rememberDataset(ct).value();
        QVERIFY(id > 0);
        QCOMPARE(w.value()->rememberDataset(ct).value(), id); // the same place: the same row
        store::DatasetRecord drive{0,
                                   QStringLiteral("/data/drive"),
                                   QStringLiteral("sequence"),
                                   QStringLiteral("beef"),
                                   {},
                                   2000};
        QVERIFY(w.value()->rememberDataset(drive).ok());
        QCOMPARE(w.value()->datasets()->front().location, QStringLiteral("/data/drive"));
        // The CT's folder moved: found by what it holds.
        const auto found = w.value()->findByFingerprint(QStringLiteral("f00d")).value();
        QVERIFY(found.has_value());
        QCOMPARE(found->id, id);
        QCOMPARE(found->metadata, QByteArray(R"({"series":2})"));
        QVERIFY(!w.value()->findByFingerprint(QStringLiteral("none")).value().has_value());
        // Opened from its new place: the same dataset (same id), now there.
        store::DatasetRecord movedCt = ct;
        movedCt.location = QStringLiteral("/archive/ct");
        QCOMPARE(w.value()->rememberDataset(movedCt).value(), id);
        QCOMPARE(int(w.value()->datasets()->size()), 2);
        QCOMPARE(w.value()->findByFingerprint(QStringLiteral("f00d")).value()->location,
                 QStringLiteral("/archive/ct"));
        QVERIFY(w.value()->setViewState(id, R"({"layout":"mpr","window":[40,400]})").ok());
        QCOMPARE(w.value()->viewState(id).value(),
                 QByteArray(R"({"layout":"mpr","window":[40,400]})"));
        QVERIFY(w.value()->viewState(id + 99).value().isEmpty());
    }

    void portableFilesCarryLabelsAndMergeWithoutDuplicates()
    {
        // Workspace A: a CT and a drive, each with its label document.
        const QString a = m_dir.filePath(QStringLiteral("a.loupe-ws"));
        const QString ctDoc = store::documentOf(QStringLiteral("ctprint"));
        const QString driveDoc = store::documentOf(QStringLiteral("driveprint"));
        qint64 ctId = 0;
        {
            Result<std::unique_ptr<Workspace>> w = Workspace::open(a);
            ctId = w.value()
                       ->rememberDataset({0, QStringLiteral("/data/ct"), QStringLiteral("volume"),
                                          QStringLiteral("ctprint"), "{}", 1})
                       .value();
            QVERIFY(w.value()->setViewState(ctId, R"({"window":[40,400]})").ok());
            QVERIFY(
                w.value()
                    ->rememberDataset({0, QStringLiteral("/data/drive"), QStringLiteral("sequence"),
                                       QStringLiteral("driveprint"), "{}", 2})
                    .ok());
            std::vector<Operation> ops;
            for (int i = 0; i < 60; ++i) {
                Operation e = test::scriptedEdit(i);
                e.document = i % 2 ? ctDoc : driveDoc;
                ops.push_back(e);
            }
            QVERIFY(w.value()->commit(ops).ok());
        }
        const QString cli = test::binDir() + QStringLiteral("/loupe-cli");
        const QString all = m_dir.filePath(QStringLiteral("all.loupe"));
        test::ProcessResult r =
            test::run(cli, {QStringLiteral("workspace"), QStringLiteral("export"), a, all});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("60 operations, 2 datasets"));
        QVERIFY(!QFileInfo::exists(all + QStringLiteral("-wal"))); // one file

        // Into an empty workspace: the same entries and data, checked clean.
        const QString b = m_dir.filePath(QStringLiteral("b.loupe-ws"));
        r = test::run(cli, {QStringLiteral("workspace"), QStringLiteral("import"), b, all});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("60 operations imported, 0 already here, 2 new datasets"),
                 r.out.constData());
        {
            Result<std::unique_ptr<Workspace>> wa = Workspace::open(a);
            Result<std::unique_ptr<Workspace>> wb = Workspace::open(b);
            for (const QString &doc : {ctDoc, driveDoc}) {
                const auto ea = wa.value()->entries(doc).value();
                const auto eb = wb.value()->entries(doc).value();
                QCOMPARE(eb.size(), ea.size());
                for (std::size_t n = 0; n < ea.size(); ++n) {
                    QCOMPARE(eb[n].key, ea[n].key);
                    QCOMPARE(eb[n].json, ea[n].json);
                    if (!ea[n].blobHash.isEmpty())
                        QCOMPARE(wb.value()->blob(eb[n].blobHash).value(),
                                 wa.value()->blob(ea[n].blobHash).value());
                }
            }
            const auto ct = wb.value()->findByFingerprint(QStringLiteral("ctprint")).value();
            QVERIFY(ct.has_value());
            QCOMPARE(wb.value()->viewState(ct->id).value(), QByteArray(R"({"window":[40,400]})"));
            QVERIFY(wb.value()->check()->isEmpty());
        }
        // Again: nothing twice.
        r = test::run(cli, {QStringLiteral("workspace"), QStringLiteral("import"), b, all});
        QVERIFY2(r.out.contains("0 operations imported, 60 already here, 0 new datasets"),
                 r.out.constData());
        QCOMPARE(test::sqlite(b, QStringLiteral("SELECT count(*) FROM ops")), QStringLiteral("60"));

        // One dataset's labels only; edits made since merge in, and only they.
        const QString ctOnly = m_dir.filePath(QStringLiteral("ct.loupe"));
        {
            Result<std::unique_ptr<Workspace>> w = Workspace::open(a);
            Operation later = test::scriptedEdit(100);
            later.document = ctDoc;
            QVERIFY(w.value()->commit({later}).ok());
        }
        r = test::run(cli, {QStringLiteral("workspace"), QStringLiteral("export"), a, ctOnly,
                            QStringLiteral("--dataset"), QString::number(ctId)});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("31 operations, 1 datasets"), r.out.constData());
        QCOMPARE(test::sqlite(ctOnly, QStringLiteral("SELECT count(DISTINCT document) FROM ops")),
                 QStringLiteral("1"));
        r = test::run(cli, {QStringLiteral("workspace"), QStringLiteral("import"), b, ctOnly});
        QVERIFY2(r.out.contains("1 operations imported, 30 already here"), r.out.constData());

        // Refused whole: a workspace (not a .loupe), junk, and a .loupe cut short.
        const QString before = test::sqlite(b, QStringLiteral("SELECT count(*) FROM ops"));
        r = test::run(cli, {QStringLiteral("workspace"), QStringLiteral("import"), b, a});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("not a Loupe .loupe file"), r.err.constData());
        const QString cut = m_dir.filePath(QStringLiteral("cut.loupe"));
        QVERIFY(QFile::copy(all, cut));
        QVERIFY(QFile::resize(cut, QFileInfo(all).size() * 6 / 10));
        r = test::run(cli, {QStringLiteral("workspace"), QStringLiteral("import"), b, cut});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("Nothing was imported"), r.err.constData());
        QCOMPARE(test::sqlite(b, QStringLiteral("SELECT count(*) FROM ops")), before);
        QVERIFY(Workspace::open(b).value()->check()->isEmpty());

        // A .loupe written by an older Loupe (version 1): imported through a migrated copy,
        // the file itself unchanged.
        const QString old = m_dir.filePath(QStringLiteral("old.loupe"));
        const QString v1 =
            QString::fromUtf8(store::migrationStep(1)) +
            QStringLiteral("PRAGMA application_id = %1; PRAGMA user_version = 1;"
                           "INSERT INTO meta VALUES('kind', 'portable');"
                           "INSERT INTO ops(op_id, document, kind, key, json, created_ns) "
                           "VALUES('from-v1', 'oldprint/labels', 'segment.put', 'segment/3', "
                           "'{\"name\":\"Kidney\"}', 1);"
                           "INSERT INTO entries VALUES('oldprint/labels', 'segment/3', "
                           "'segment.put', '{\"name\":\"Kidney\"}', NULL, 1);")
                .arg(store::kApplicationId);
        QCOMPARE(test::run(QStringLiteral("sqlite3"), {old, v1}).exitCode, 0);
        const QByteArray oldBefore = fileHash(old);
        r = test::run(cli, {QStringLiteral("workspace"), QStringLiteral("import"), b, old});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("1 operations imported"), r.out.constData());
        QCOMPARE(fileHash(old), oldBefore);
        QCOMPARE(test::sqlite(b, QStringLiteral("SELECT json FROM entries WHERE document = "
                                                "'oldprint/labels'")),
                 QStringLiteral("{\"name\":\"Kidney\"}"));
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestWorkspace)
#include "tst_workspace.moc"
