// Tracks in the workspace: only what changed becomes operations (a header, a keyframe put
// or deleted), and the workspace gives back exactly the tracks committed (every bit of every
// coordinate), after edits, removals and a replay.

#include "core/store/trackstore.h"
#include "core/store/workspace.h"

#include <QTemporaryDir>
#include <QTest>

using namespace loupe;

namespace {

std::vector<Track> scene()
{
    Track car;
    car.id = 1;
    car.label = QStringLiteral("car");
    car.attributes = {{QStringLiteral("kind"), QStringLiteral("van")}};
    car.keyframes[0] = Keyframe{Shape::box(0.1 + 0.2, 1.0 / 3, 10, 20, 12.5),
                                false,
                                false,
                                {{QStringLiteral("speed"), QStringLiteral("5")}}};
    car.keyframes[10] = Keyframe{Shape::box(5, 5, 15, 25), false, true, {}};
    car.keyframes[20] = Keyframe{Shape::box(5, 5, 15, 25), true, false, {}};
    Track lane;
    lane.id = 2;
    lane.label = QStringLiteral("lane");
    lane.stream = 1;
    lane.keyframes[3] =
        Keyframe{Shape::polyline({{0, 1e-7}, {50, 80}, {100, 70.5}}), false, false, {}};
    Track ball;
    ball.id = 3;
    ball.label = QStringLiteral("ball");
    ball.keyframes[1] = Keyframe{Shape::ellipse({3, 4}, 5, 6, -45), false, false, {}};
    return {car, lane, ball};
}

void compareTracks(const std::vector<Track> &a, const std::vector<Track> &b)
{
    QCOMPARE(a.size(), b.size());
    for (std::size_t n = 0; n < a.size(); ++n) {
        QCOMPARE(a[n].id, b[n].id);
        QCOMPARE(a[n].label, b[n].label);
        QCOMPARE(a[n].stream, b[n].stream);
        QCOMPARE(a[n].attributes, b[n].attributes);
        QVERIFY(a[n].keyframes == b[n].keyframes); // exact, every bit
    }
}

} // namespace

class TestTrackStore : public QObject {
    Q_OBJECT

private slots:
    void tracksGoInAndComeBackExactly()
    {
        QTemporaryDir dir;
        Result<std::unique_ptr<store::Workspace>> w =
            store::Workspace::open(dir.filePath(QStringLiteral("tracks.loupe-ws")));
        QVERIFY(w.ok());
        const QString doc = QStringLiteral("driveprint/labels");
        const std::vector<Track> first = scene();
        std::vector<store::Operation> ops = store::trackChanges(doc, {}, first);
        QCOMPARE(int(ops.size()), 3 + 5); // three headers, five keyframes
        QVERIFY(w.value()->commit(ops).ok());
        Result<std::vector<Track>> back = store::loadTracks(*w.value(), doc);
        QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
        compareTracks(back.value(), first);
        QVERIFY(store::trackChanges(doc, first, first).empty());

        // Edits: a keyframe moved, one deleted, a class changed, a track added, one removed.
        std::vector<Track> second = first;
        second[0].keyframes[10].shape.centre.x += 0.25;
        second[0].keyframes.erase(20);
        second[1].label = QStringLiteral("lane-dashed");
        second.erase(second.begin() + 2);
        Track sign;
        sign.id = 9;
        sign.label = QStringLiteral("sign");
        sign.keyframes[4] = Keyframe{Shape::keypoints({{1, 2}}), false, false, {}};
        second.push_back(sign);
        ops = store::trackChanges(doc, first, second);
        // moved + deleted keyframe, lane header, sign header + keyframe, ball keyframe + header
        QCOMPARE(int(ops.size()), 2 + 1 + 2 + 2);
        QVERIFY(w.value()->commit(ops).ok());
        back = store::loadTracks(*w.value(), doc);
        compareTracks(back.value(), second);
        // A replay changes nothing.
        QCOMPARE(w.value()->commit(ops).value(), qint64(0));
        compareTracks(store::loadTracks(*w.value(), doc).value(), second);
        QVERIFY(w.value()->check()->isEmpty());
    }

    void tagsGoInAndComeBack()
    {
        QTemporaryDir dir;
        Result<std::unique_ptr<store::Workspace>> w =
            store::Workspace::open(dir.filePath(QStringLiteral("tags.loupe-ws")));
        QVERIFY(w.ok());
        const QString doc = QStringLiteral("driveprint/tracks");
        const std::vector<FrameTag> first{FrameTag{3, QStringLiteral("night"), 1, {2, 3, 9}},
                                          FrameTag{4, QStringLiteral("rain"), 0, {0}}};
        std::vector<store::Operation> ops = store::tagChanges(doc, {}, first);
        QCOMPARE(int(ops.size()), 2);
        QVERIFY(w.value()->commit(ops).ok());
        Result<std::vector<FrameTag>> back = store::loadTags(*w.value(), doc);
        QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
        QVERIFY(back.value() == first);
        QVERIFY(store::tagChanges(doc, first, first).empty());
        // A frame added to one, the other removed: two operations; tracks stay apart.
        std::vector<FrameTag> second{first[0]};
        second[0].frames.insert(10);
        ops = store::tagChanges(doc, first, second);
        QCOMPARE(int(ops.size()), 2);
        QVERIFY(w.value()->commit(ops).ok());
        QVERIFY(store::loadTags(*w.value(), doc).value() == second);
        QVERIFY(store::loadTracks(*w.value(), doc).value().empty());
    }
};

QTEST_GUILESS_MAIN(TestTrackStore)
#include "tst_trackstore.moc"
