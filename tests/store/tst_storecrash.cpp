// The local store under a killed process and a full disk. A scripted client
// (loupe-store-torture, on the real store code) makes 5,000 mixed edits and is killed with
// SIGKILL at 20 random points; after each kill every edit it was told was saved is there,
// the workspace checks clean, and the outbox has no gaps; at the end the workspace holds
// exactly the script's 5,000 edits, once each, and the state the script computes. On a full
// disk (a small tmpfs; a file-size limit where mounting is not allowed) writing fails with a
// message that says so, and what was saved before stays whole.

#include "core/store/storewriter.h"
#include "core/store/workspace.h"
#include "store/storescript.h"

#include "testsupport.h"

#include <QDir>
#include <QProcess>
#include <QRandomGenerator>
#include <QSet>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <csignal>

#include <map>

#include <sys/resource.h>

using namespace loupe;
using store::Workspace;

namespace {

constexpr int kEdits = 5000;

QString torture()
{
    return QStringLiteral(LOUPE_TEST_BIN_DIR "/../tests/bin/loupe-store-torture");
}

/// The "saved <id>" lines of a client's output.
QSet<QString> savedIds(const QByteArray &out)
{
    QSet<QString> ids;
    for (const QByteArray &line : out.split('\n'))
        if (line.startsWith("saved "))
            ids.insert(QString::fromUtf8(line.mid(6)));
    return ids;
}

} // namespace

class TestStoreCrash : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        QVERIFY2(QFileInfo::exists(torture()), qPrintable(torture()));
    }

    void twentyKillsLoseNothingThatWasSaved()
    {
        const QString path = m_dir.filePath(QStringLiteral("crash.loupe-ws"));
        const quint32 seed = QRandomGenerator::global()->generate();
        qInfo("kill points from seed %u", seed);
        QRandomGenerator rng(seed);
        QSet<QString> acked;
        for (int kill = 0; kill < 20; ++kill) {
            QProcess client;
            client.start(torture(), {path});
            QVERIFY(client.waitForStarted());
            // Let it save a random number of edits, then kill it mid-stream.
            const int wanted = 1 + int(rng.bounded(200));
            QByteArray out;
            while (savedIds(out).size() < wanted && client.state() == QProcess::Running) {
                client.waitForReadyRead(50);
                out += client.readAllStandardOutput();
            }
            QThread::usleep(rng.bounded(20000));
            QVERIFY2(client.state() == QProcess::Running, "the script ended before the kill");
            client.kill(); // SIGKILL
            QVERIFY(client.waitForFinished());
            QCOMPARE(client.exitStatus(), QProcess::CrashExit);
            out += client.readAllStandardOutput();
            const QSet<QString> now = savedIds(out);
            QVERIFY2(!now.isEmpty(), out.constData());
            acked += now;

            // `loupe-cli workspace check` passes on what the kill left (read-only: it replays
            // nothing into the file).
            const test::ProcessResult checked =
                test::run(test::binDir() + QStringLiteral("/loupe-cli"),
                          {QStringLiteral("workspace"), QStringLiteral("check"), path});
            QVERIFY2(checked.exitCode == 0, (checked.out + checked.err).constData());
            // Reopened as Loupe would: it knows it crashed, checks clean, and has every edit
            // the client was told was saved.
            Result<std::unique_ptr<Workspace>> w = Workspace::open(path);
            QVERIFY2(w.ok(), qPrintable(w.errorMessage()));
            QVERIFY(w.value()->previousSessionCrashed());
            const Result<QStringList> problems = w.value()->check();
            QVERIFY2(problems.ok() && problems->isEmpty(),
                     qPrintable(problems.ok() ? problems->join(u'\n') : problems.errorMessage()));
            for (const QString &id : acked)
                QVERIFY2(w.value()->hasOperation(id).value(), qPrintable(id));
        }
        // The rest of the script, to the end.
        const test::ProcessResult last = test::run(torture(), {path});
        QCOMPARE(last.exitCode, 0);
        QVERIFY(last.out.trimmed().endsWith("done"));

        // Exactly the script: 5,000 operations, in its order, none twice.
        Result<std::unique_ptr<Workspace>> w = Workspace::open(path);
        QVERIFY(w.ok());
        QVERIFY(!w.value()->previousSessionCrashed());
        Result<std::vector<store::OutboxRow>> ops = w.value()->outbox(0, kEdits + 10);
        QCOMPARE(int(ops->size()), kEdits);
        for (int i = 0; i < kEdits; ++i) {
            QCOMPARE(ops->at(std::size_t(i)).seq, qint64(i + 1));
            QCOMPARE(ops->at(std::size_t(i)).op.id, test::scriptedEdit(i).id);
        }
        // The state the script makes, worked out here: the last put of each key, unless
        // deleted after it.
        std::map<QString, store::Operation> expected;
        for (int i = 0; i < kEdits; ++i) {
            store::Operation op = test::scriptedEdit(i);
            if (op.isDelete())
                expected.erase(op.key);
            else
                expected[op.key] = op;
        }
        Result<std::vector<store::Entry>> entries = w.value()->entries(test::kScriptDocument);
        QCOMPARE(entries->size(), expected.size());
        for (const store::Entry &e : entries.value()) {
            const store::Operation &op = expected.at(e.key);
            QCOMPARE(e.json, op.json);
            if (!op.blob.isNull())
                QCOMPARE(w.value()->blob(e.blobHash).value(), op.blob);
        }
        QVERIFY(w.value()->check()->isEmpty());
        for (const QString &id : acked)
            QVERIFY(w.value()->hasOperation(id).value());
    }

    void aFullDiskFailsClearlyAndKeepsWhatWasSaved()
    {
        // A 512 KiB tmpfs where mounting is allowed (root); otherwise a file-size limit on the
        // client, which fails its writes the same way (EFBIG instead of ENOSPC).
        const QString small = m_dir.filePath(QStringLiteral("small"));
        QDir().mkpath(small);
        const bool mounted =
            test::run(QStringLiteral("mount"),
                      {QStringLiteral("-t"), QStringLiteral("tmpfs"), QStringLiteral("-o"),
                       QStringLiteral("size=512k"), QStringLiteral("tmpfs"), small})
                .exitCode == 0;
        qInfo("full disk: %s", mounted ? "a 512 KiB tmpfs" : "a 512 KiB file-size limit");
        const auto unmount = qScopeGuard([&] {
            if (mounted)
                test::run(QStringLiteral("umount"), {small});
        });
        const QString path = small + QStringLiteral("/full.loupe-ws");
        QStringList args{path, QStringLiteral("--edits"), QStringLiteral("1000000")};
        if (!mounted)
            args << QStringLiteral("--max-file-bytes") << QString::number(512 * 1024);
        const test::ProcessResult r = test::run(torture(), args);
        // The client stays up, is told, and says what to do.
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.out.contains("failed "), r.out.right(2000).constData());
        const QByteArray failure = r.out.mid(r.out.indexOf("failed "));
        QVERIFY2(failure.contains(path.toUtf8()) && failure.contains("disk space"),
                 failure.constData());
        const QSet<QString> acked = savedIds(r.out);
        QVERIFY(acked.size() > 10);
        // What was saved is whole: read without writing (the disk is still full).
        Result<std::unique_ptr<Workspace>> w = Workspace::open(path, Workspace::Access::ReadOnly);
        QVERIFY2(w.ok(), qPrintable(w.errorMessage()));
        const Result<QStringList> problems = w.value()->check();
        QVERIFY2(problems.ok() && problems->isEmpty(),
                 qPrintable(problems.ok() ? problems->join(u'\n') : problems.errorMessage()));
        for (const QString &id : acked)
            QVERIFY2(w.value()->hasOperation(id).value(), qPrintable(id));
        QCOMPARE(w.value()->info()->operations, qint64(acked.size()));
    }

    void savingResumesWhenSpaceComesBack()
    {
        // In this process: a file-size limit just above what the workspace holds makes the
        // next commits fail; lifting it and retrying saves every edit held meanwhile, in order.
        const QString path = m_dir.filePath(QStringLiteral("resume.loupe-ws"));
        Result<std::unique_ptr<Workspace>> w = Workspace::open(path);
        QVERIFY(w.ok());
        store::StoreWriter writer(std::move(w.value()));
        for (int i = 0; i < 50; ++i)
            writer.submit(test::scriptedEdit(i));
        QVERIFY(writer.waitForSaved(30000));
        std::signal(SIGXFSZ, SIG_IGN);
        rlimit before{};
        getrlimit(RLIMIT_FSIZE, &before);
        const qint64 wal = QFileInfo(path + QStringLiteral("-wal")).size();
        const rlimit tight{rlim_t(wal + 4096), before.rlim_max};
        QVERIFY(setrlimit(RLIMIT_FSIZE, &tight) == 0);
        QSignalSpy failed(&writer, &store::StoreWriter::failed);
        for (int i = 50; i < 2050; ++i)
            writer.submit(test::scriptedEdit(i));
        QVERIFY(!writer.waitForSaved(30000));
        QVERIFY(setrlimit(RLIMIT_FSIZE, &before) == 0);
        QVERIFY(writer.hasFailed());
        QVERIFY(writer.pending() > 0);
        QTRY_VERIFY(!failed.isEmpty());
        QVERIFY2(failed.front().at(0).toString().contains(QStringLiteral("disk space")),
                 qPrintable(failed.front().at(0).toString()));
        writer.retry();
        QVERIFY(writer.waitForSaved(30000));
        QVERIFY(!writer.hasFailed());
        Result<std::unique_ptr<Workspace>> back =
            Workspace::open(path, Workspace::Access::ReadOnly);
        Result<std::vector<store::OutboxRow>> ops = back.value()->outbox(0, 5000);
        QCOMPARE(int(ops->size()), 2050);
        for (int i = 0; i < 2050; ++i)
            QCOMPARE(ops->at(std::size_t(i)).op.id, test::scriptedEdit(i).id);
        QVERIFY(back.value()->check()->isEmpty());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestStoreCrash)
#include "tst_storecrash.moc"
