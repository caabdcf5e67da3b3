// What the sync client keeps in the workspace: each edit records the server revision it was
// made from (the known one, or that of the edits of the same thing still queued), pushes are
// acknowledged into known revisions, and others' changes are written into the documents
// unless a local edit of the same thing is queued. Checked with the sqlite3 tool as well.

#include "core/annotations/track.h"
#include "core/annotations/trackjson.h"
#include "core/store/resolution.h"
#include "core/store/syncstate.h"
#include "core/store/trackstore.h"
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
        using Things = std::vector<std::pair<QString, QString>>;
        QCOMPARE(acknowledge(ws, {{"c1", 11, true}}).value(),
                 (Things{{"drive/tracks", "track/1"}})); // written: the documents show it
        QCOMPARE(entry("track/1"), QByteArray(R"({"theirs":1})"));
        QCOMPARE(knownRevision(ws, "drive/tracks", "track/1").value(), 10);
        // 2. Ours was applied after theirs (theirs was older on the server): ours stays.
        QVERIFY(ws.commit({edit("c2", "track/2", R"({"mine":2})")}).ok());
        QVERIFY(applyRemote(ws, {theirs(20, "track/2", R"({"theirs":2})")}, 20).ok());
        QCOMPARE(acknowledge(ws, {{"c2", 21, false}}).value(), Things{});
        QCOMPARE(entry("track/2"), QByteArray(R"({"mine":2})"));
        QCOMPARE(knownRevision(ws, "drive/tracks", "track/2").value(), 21);
        // 3. Two edits of ours queued: nothing is settled until the last is answered.
        QVERIFY(ws.commit({edit("c3", "track/3", R"({"mine":3})"),
                           edit("c4", "track/3", R"({"mine":4})")})
                    .ok());
        QVERIFY(applyRemote(ws, {theirs(30, "track/3", R"({"theirs":3})")}, 30).ok());
        QCOMPARE(acknowledge(ws, {{"c3", 31, true}}).value(), Things{});
        QCOMPARE(entry("track/3"), QByteArray(R"({"mine":4})"));
        QCOMPARE(acknowledge(ws, {{"c4", 32, true}}).value(),
                 (Things{{"drive/tracks", "track/3"}}));
        QCOMPARE(entry("track/3"), QByteArray(R"({"theirs":3})"));
        QCOMPARE(test::sqlite(ws.path(), QStringLiteral("SELECT count(*) FROM sync_deferred")),
                 QStringLiteral("0"));
        QVERIFY(ws.check().value().isEmpty());
    }

    void conflictsAreResolvedAsEdits()
    {
        // Ann's car track (header and two keyframes) came from the server; Bob's edit of its
        // keyframe 5 met a newer one and is kept in conflict 7; Bob's brick edit in conflict 8.
        auto w = Workspace::open(m_dir.filePath(QStringLiteral("r.loupe-ws")));
        QVERIFY2(w.ok(), qPrintable(w.errorMessage()));
        Workspace &ws = *w.value();
        const qint64 annTrack = (qint64(99) << kTrackIdCounterBits) | 3;
        const QString track = QStringLiteral("track/%1").arg(annTrack);
        Track car;
        car.label = QStringLiteral("car");
        car.id = annTrack;
        const QByteArray header = trackHeaderToJson(car),
                         kf0 = keyframeToJson({Shape::box(0, 0, 10, 10), false, false, {}}),
                         kf5Theirs = keyframeToJson({Shape::box(50, 0, 60, 10), false, false, {}}),
                         kf5Mine = keyframeToJson({Shape::box(5, 5, 15, 15), false, false, {}});
        QByteArray brickTheirs(64, '\0'), brickMine(64, '\0');
        brickTheirs[1] = 2; // theirs labels voxel 1 (and 3)
        brickTheirs[3] = 2;
        brickMine[3] = 4; // mine labels voxel 3 (where theirs wins) and 9
        brickMine[9] = 4;
        const auto hash = [](const QByteArray &b) {
            return QString::fromLatin1(
                QCryptographicHash::hash(b, QCryptographicHash::Sha256).toHex());
        };
        std::vector<RemoteChange> pulled{
            {10, "ann", "drive/tracks", track, "track.put", header, {}, {}, false, "ann"},
            {11,
             "ann",
             "drive/tracks",
             track + "/frame/0",
             "keyframe.put",
             kf0,
             {},
             {},
             false,
             "ann"},
            {12,
             "ann",
             "drive/tracks",
             track + "/frame/5",
             "keyframe.put",
             kf5Theirs,
             {},
             {},
             false,
             "ann"},
            {13,
             "bob",
             "drive/tracks",
             track + "/frame/5",
             "keyframe.put",
             kf5Mine,
             {},
             {},
             true,
             "bob"},
            {14,
             "ann",
             "ct/labels",
             "brick/0/3",
             "brick.put",
             {},
             hash(brickTheirs),
             brickTheirs,
             false,
             "ann"},
            {15,
             "bob",
             "ct/labels",
             "brick/0/3",
             "brick.put",
             {},
             hash(brickMine),
             brickMine,
             true,
             "bob"},
        };
        QVERIFY(applyRemote(ws, pulled, 15).ok());
        QVERIFY(setConflicts(ws, {{7, "drive/tracks", track + "/frame/5", 11, 12, 13},
                                  {8, "ct/labels", "brick/0/3", 0, 14, 15}})
                    .ok());
        Result<std::vector<Conflict>> open = openConflicts(ws);
        QVERIFY2(open.ok(), qPrintable(open.errorMessage()));
        QCOMPARE(int(open->size()), 2);
        const Conflict kf = open->at(0), brick = open->at(1);
        QCOMPARE(kf.record.id, 7);
        QCOMPARE(kf.kept->json, kf5Mine);
        QCOMPARE(kf.keptAuthor, QStringLiteral("bob"));
        QCOMPARE(kf.current->json, kf5Theirs);
        QCOMPARE(brick.kept->blobHash, hash(brickMine));
        QCOMPARE(brick.current->blobHash, hash(brickTheirs));
        // What suits what.
        QVERIFY(canResolve(kf.record.key, Resolution::Both));
        QVERIFY(!canResolve(kf.record.key, Resolution::Union));
        QVERIFY(!canResolve(brick.record.key, Resolution::Both));
        QVERIFY(!resolve(ws, {brick}, Resolution::Both, 5).ok());

        // Union of the brick: theirs where they label, mine elsewhere.
        Result<std::vector<Operation>> united = resolve(ws, {brick}, Resolution::Union, 5);
        QVERIFY2(united.ok(), qPrintable(united.errorMessage()));
        QCOMPARE(int(united->size()), 1);
        QByteArray expected = brickTheirs;
        expected[9] = 4;
        QCOMPARE(united->at(0).blob, expected);
        QCOMPARE(united->at(0).resolves, 8);
        QCOMPARE(united->at(0).kind, QStringLiteral("brick.put"));

        // Both for the track: Ann's stays, and a new track of this installation (origin 5)
        // holds her track with Bob's keyframe 5.
        Result<std::vector<Operation>> both = resolve(ws, {kf}, Resolution::Both, 5);
        QVERIFY2(both.ok(), qPrintable(both.errorMessage()));
        QVERIFY(ws.commit(both.value()).ok());
        QVERIFY(ws.commit(united.value()).ok());
        const Result<std::vector<Track>> loaded = loadTracks(ws, "drive/tracks");
        QVERIFY2(loaded.ok(), qPrintable(loaded.errorMessage()));
        const std::vector<Track> tracks = loaded.value();
        QCOMPARE(int(tracks.size()), 2);
        const qint64 copyId = (qint64(5) << kTrackIdCounterBits) | 1;
        QCOMPARE(tracks[0].id, copyId);
        QCOMPARE(tracks[1].id, annTrack);
        QCOMPARE(tracks[0].keyframes.at(5).shape, Shape::box(5, 5, 15, 15));
        QCOMPARE(tracks[1].keyframes.at(5).shape, Shape::box(50, 0, 60, 10));
        QCOMPARE(tracks[0].keyframes.at(0), tracks[1].keyframes.at(0));
        QCOMPARE(tracks[0].label, QStringLiteral("car"));
        // The resolutions are queued as edits: the resolving one marked, from theirs_rev.
        int resolving = 0;
        const Result<std::vector<OutboxRow>> queued = unpushed(ws, 100);
        QVERIFY(queued.ok());
        const std::vector<OutboxRow> rows = queued.value();
        for (const OutboxRow &row : rows)
            if (row.op.resolves) {
                ++resolving;
                QCOMPARE(row.baseRev, row.op.resolves == 7 ? 12 : 14);
            }
        QCOMPARE(resolving, 2);
        // Resolved here: no longer listed, though the server still has them open until pushed.
        QVERIFY(openConflicts(ws).value().empty());
        // Mine, for a kept edit that is not here yet: said, nothing done.
        Conflict unknown = kf;
        unknown.kept.reset();
        const auto refused = resolve(ws, {unknown}, Resolution::Kept, 5);
        QVERIFY(!refused.ok());
        QVERIFY(refused.errorMessage().contains(QStringLiteral("sync")));
    }
};

QTEST_GUILESS_MAIN(TestSyncState)
#include "tst_syncstate.moc"
