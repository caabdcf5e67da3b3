// What the sync client keeps in the workspace: each edit records the server revision it was
// made from (the known one, or that of the edits of the same thing still queued), pushes are
// acknowledged into known revisions, and others' changes are written into the documents
// unless a local edit of the same thing is queued. Checked with the sqlite3 tool as well.

#include "core/store/syncstate.h"
#include "core/store/workspace.h"

#include "testsupport.h"

#include <QCryptographicHash>
#include <QTemporaryDir>
#include <QTest>

using namespace loupe;
using namespace loupe::store;

namespace {

Operation edit(const QString &id, const QString &key, const QByteArray &json)
{
    return {id, QStringLiteral("drive/tracks"), QStringLiteral("track.put"), key, json, {}};
}

qint64 baseOf(Workspace &w, const QString &opId)
{
    const auto rows = w.outbox(0, 1000);
    for (const OutboxRow &r : rows.value())
        if (r.op.id == opId)
            return r.baseRev;
    return -1;
}

} // namespace

class TestSyncState : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;

private slots:
    void objectNames()
    {
        QCOMPARE(store::objectName(QStringLiteral("ct-3/labels"), QStringLiteral("brick/1/0/3/5")),
                 QStringLiteral("ct-3/labels#brick/1/0/3/5"));
        const auto back = splitObject(QStringLiteral("ct-3/labels#brick/1/0/3/5"));
        QVERIFY(back);
        QCOMPARE(back->first, QStringLiteral("ct-3/labels"));
        QCOMPARE(back->second, QStringLiteral("brick/1/0/3/5"));
        QVERIFY(!splitObject(QStringLiteral("no-key")));
        QVERIFY(!splitObject(QStringLiteral("#key")));
    }

    void editsRecordTheRevisionTheyWereMadeFrom()
    {
        auto w = Workspace::open(m_dir.filePath(QStringLiteral("a.loupe-ws")));
        QVERIFY2(w.ok(), qPrintable(w.errorMessage()));
        Workspace &ws = *w.value();
        // New to the server: 0.
        QVERIFY(ws.commit({edit("a1", "track/1", R"({"x":1})")}).ok());
        QCOMPARE(baseOf(ws, "a1"), 0);
        // A second edit while the first is queued: the same chain, the same base.
        QVERIFY(ws.commit({edit("a2", "track/1", R"({"x":2})")}).ok());
        QCOMPARE(baseOf(ws, "a2"), 0);
        // The server took both (changes 5 and 6): 6 is known; the next edit is made from it.
        QVERIFY(acknowledge(ws, {{"a1", 5, false}, {"a2", 6, false}}).ok());
        QCOMPARE(knownRevision(ws, "drive/tracks", "track/1").value(), 6);
        QVERIFY(ws.commit({edit("a3", "track/1", R"({"x":3})")}).ok());
        QCOMPARE(baseOf(ws, "a3"), 6);
        // Kept as a conflict: the known revision stays, and so do later edits' bases.
        QVERIFY(acknowledge(ws, {{"a3", 9, true}}).ok());
        QCOMPARE(knownRevision(ws, "drive/tracks", "track/1").value(), 6);
        QVERIFY(ws.commit({edit("a4", "track/1", R"({"x":4})")}).ok());
        QCOMPARE(baseOf(ws, "a4"), 6);
        // Acknowledged means pushed: nothing of a1..a3 waits any more.
        const auto rows = ws.outbox(0, 100).value();
        QCOMPARE(int(std::count_if(rows.begin(), rows.end(),
                                   [](const OutboxRow &r) { return !r.pushed; })),
                 1);
        QCOMPARE(
            test::sqlite(ws.path(),
                         QStringLiteral("SELECT group_concat(base_rev) FROM ops ORDER BY seq")),
            QStringLiteral("0,0,6,6"));
        QVERIFY(ws.check().value().isEmpty());
    }

    void othersChangesAreWrittenUnlessAnEditIsQueued()
    {
        auto w = Workspace::open(m_dir.filePath(QStringLiteral("b.loupe-ws")));
        QVERIFY2(w.ok(), qPrintable(w.errorMessage()));
        Workspace &ws = *w.value();
        const QString me = ws.info().value().clientId;
        QVERIFY(!me.isEmpty());
        QVERIFY(ws.commit({edit("b1", "track/2", R"({"mine":true})")}).ok()); // queued
        const QByteArray brick(512, '\x03');
        std::vector<RemoteChange> pulled{
            {10, "other", "drive/tracks", "track/1", "track.put", R"({"theirs":1})", {}, {}, false},
            {11, "other", "drive/tracks", "track/2", "track.put", R"({"theirs":2})", {}, {}, false},
            {12, "other", "drive/tracks", "track/3", "track.put", R"({"lost":1})", {}, {}, true},
            {13, "other", "ct/labels", "brick/1/0/0/0", "brick.put", "{}",
             QString::fromLatin1(
                 QCryptographicHash::hash(brick, QCryptographicHash::Sha256).toHex()),
             brick, false},
            {14, me, "drive/tracks", "track/9", "track.put", R"({"ours":1})", {}, {}, false}};
        const auto written = applyRemote(ws, pulled, 14);
        QVERIFY2(written.ok(), qPrintable(written.errorMessage()));
        QCOMPARE(int(written->size()), 2); // track/1 and the brick
        // track/1 is theirs; track/2 keeps the queued local edit; the conflict wrote nothing.
        const auto entries = ws.entries("drive/tracks").value();
        QCOMPARE(int(entries.size()), 2);
        QCOMPARE(entries[0].key, QStringLiteral("track/1"));
        QCOMPARE(entries[0].json, QByteArray(R"({"theirs":1})"));
        QCOMPARE(entries[0].seq, 0);
        QCOMPARE(entries[1].json, QByteArray(R"({"mine":true})"));
        QCOMPARE(knownRevision(ws, "drive/tracks", "track/1").value(), 10);
        QCOMPARE(knownRevision(ws, "drive/tracks", "track/2").value(), 0);
        QCOMPARE(knownRevision(ws, "drive/tracks", "track/3").value(), 0);
        QCOMPARE(knownRevision(ws, "drive/tracks", "track/9").value(),
                 14); // ours, acknowledged late
        QCOMPARE(ws.blob(ws.entries("ct/labels").value().at(0).blobHash).value(), brick);
        QCOMPARE(lastPulled(ws).value(), 14);
        // An edit of track/1 now is made from their revision.
        QVERIFY(ws.commit({edit("b2", "track/1", R"({"x":1})")}).ok());
        QCOMPARE(baseOf(ws, "b2"), 10);
        // Pulled entries pass the workspace check (they have no operation here).
        const auto problems = ws.check().value();
        QVERIFY2(problems.isEmpty(), qPrintable(problems.join("; ")));
        // A damaged blob: nothing of that pull is written.
        std::vector<RemoteChange> bad{
            {20, "other", "drive/tracks", "track/5", "track.put", R"({"x":5})", {}, {}, false},
            {21, "other", "ct/labels", "brick/1/0/0/1", "brick.put", "{}", QString(64, 'a'), brick,
             false}};
        QVERIFY(!applyRemote(ws, bad, 21).ok());
        QCOMPARE(knownRevision(ws, "drive/tracks", "track/5").value(), 0);
        QCOMPARE(lastPulled(ws).value(), 14);
    }

    void heldBackChangesAreSettledWhenNothingOfOursIsQueued()
    {
        // An edit made while a pull ran: the pulled change of the same thing is held back,
        // then settled by the answer to our push.
        auto w = Workspace::open(m_dir.filePath(QStringLiteral("c.loupe-ws")));
        QVERIFY2(w.ok(), qPrintable(w.errorMessage()));
        Workspace &ws = *w.value();
        const auto theirs = [](qint64 change, const char *key, const char *json) {
            return RemoteChange{change, "other", "drive/tracks", key, "track.put", json,
                                {},     {},      false};
        };
        const auto entry = [&](const QString &key) {
            const Result<std::vector<Entry>> all = ws.entries("drive/tracks");
            for (const Entry &e : all.value())
                if (e.key == key)
                    return e.json;
            return QByteArray();
        };
        // 1. Ours met theirs as a conflict: theirs is the server's state, and ours is shown no
        //    longer.
        QVERIFY(ws.commit({edit("c1", "track/1", R"({"mine":1})")}).ok());
        QVERIFY(applyRemote(ws, {theirs(10, "track/1", R"({"theirs":1})")}, 10).ok());
        QCOMPARE(entry("track/1"), QByteArray(R"({"mine":1})")); // held back while queued
        QVERIFY(acknowledge(ws, {{"c1", 11, true}}).ok());
        QCOMPARE(entry("track/1"), QByteArray(R"({"theirs":1})"));
        QCOMPARE(knownRevision(ws, "drive/tracks", "track/1").value(), 10);
        // 2. Ours was applied after theirs (theirs was older on the server): ours stays.
        QVERIFY(ws.commit({edit("c2", "track/2", R"({"mine":2})")}).ok());
        QVERIFY(applyRemote(ws, {theirs(20, "track/2", R"({"theirs":2})")}, 20).ok());
        QVERIFY(acknowledge(ws, {{"c2", 21, false}}).ok());
        QCOMPARE(entry("track/2"), QByteArray(R"({"mine":2})"));
        QCOMPARE(knownRevision(ws, "drive/tracks", "track/2").value(), 21);
        // 3. Two edits of ours queued: nothing is settled until the last is answered.
        QVERIFY(ws.commit({edit("c3", "track/3", R"({"mine":3})"),
                           edit("c4", "track/3", R"({"mine":4})")})
                    .ok());
        QVERIFY(applyRemote(ws, {theirs(30, "track/3", R"({"theirs":3})")}, 30).ok());
        QVERIFY(acknowledge(ws, {{"c3", 31, true}}).ok());
        QCOMPARE(entry("track/3"), QByteArray(R"({"mine":4})"));
        QVERIFY(acknowledge(ws, {{"c4", 32, true}}).ok());
        QCOMPARE(entry("track/3"), QByteArray(R"({"theirs":3})"));
        QCOMPARE(test::sqlite(ws.path(), QStringLiteral("SELECT count(*) FROM sync_deferred")),
                 QStringLiteral("0"));
        QVERIFY(ws.check().value().isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSyncState)
#include "tst_syncstate.moc"
