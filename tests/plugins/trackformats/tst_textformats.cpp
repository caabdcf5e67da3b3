// KITTI tracking and MOTChallenge labels: every frame where a box track has a shape
// (interpolated frames included, none after it leaves), fields in the formats' order and
// counts, values worked out here, and what the formats cannot hold said.

#include "plugins/trackformats/textformats.h"

#include <QTest>

using namespace loupe;

namespace {

std::vector<Track> tracks()
{
    Track car;
    car.id = 4;
    car.label = QStringLiteral("Car");
    car.keyframes[1] = Keyframe{Shape::box(10, 20, 30, 40), false, false, {}};
    car.keyframes[3] = Keyframe{Shape::box(20, 20, 50, 40), false, true, {}};
    car.keyframes[4] = Keyframe{Shape::box(20, 20, 50, 40), true, false, {}};
    Track walker;
    walker.id = 9;
    walker.label = QStringLiteral("Pedestrian");
    walker.keyframes[0] = Keyframe{Shape::box(100, 50, 110, 80), false, false, {}};
    Track area;
    area.id = 11;
    area.label = QStringLiteral("DontCare");
    area.keyframes[0] = Keyframe{Shape::polygon({{0, 0}, {5, 0}, {5, 5}}), false, false, {}};
    area.keyframes[2] = Keyframe{Shape::polygon({{0, 0}, {5, 0}, {5, 5}}), true, false, {}};
    Track other;
    other.id = 12;
    other.label = QStringLiteral("Car");
    other.stream = 1;
    other.keyframes[0] = Keyframe{Shape::box(0, 0, 1, 1), false, false, {}};
    return {car, walker, area, other};
}

} // namespace

class TestTextFormats : public QObject {
    Q_OBJECT

private slots:
    void kittiTracking()
    {
        const trackformats::Written w = trackformats::writeKittiTracking(tracks(), 0, 5);
        const QList<QByteArray> lines = w.text.trimmed().split('\n');
        // Frame order, then track: the walker every frame (0..4), the car at 1, 2, 3.
        QCOMPARE(lines.size(), 8);
        for (const QByteArray &line : lines)
            QCOMPARE(line.split(' ').size(), 17);
        QCOMPARE(lines[0], QByteArray("0 9 Pedestrian 0 0 -10 100.00 50.00 110.00 80.00 -1 -1 -1 "
                                      "-1000 -1000 -1000 -10"));
        QCOMPARE(lines[1],
                 QByteArray("1 4 Car 0 0 -10 10.00 20.00 30.00 40.00 -1 -1 -1 -1000 -1000 "
                            "-1000 -10"));
        // Frame 2: halfway, (15,20)-(40,40).
        QCOMPARE(lines[3],
                 QByteArray("2 4 Car 0 0 -10 15.00 20.00 40.00 40.00 -1 -1 -1 -1000 -1000 "
                            "-1000 -10"));
        QVERIFY(lines[5].startsWith("3 4 Car 0 1 ")); // occluded there
        QVERIFY(!w.text.contains("\n4 4 "));          // gone at 4
        QCOMPARE(w.lost.size(), 2);
        QVERIFY(w.lost.join(u'\n').contains(QStringLiteral("2 polygon")));
        QVERIFY(w.lost.join(u'\n').contains(QStringLiteral("1 tracks of other cameras")));
    }

    void motChallenge()
    {
        QStringList classes{QStringLiteral("Pedestrian")};
        const trackformats::Written w = trackformats::writeMot(tracks(), 0, 5, classes);
        QCOMPARE(classes, (QStringList{QStringLiteral("Pedestrian"), QStringLiteral("Car")}));
        const QList<QByteArray> lines = w.text.trimmed().split('\n');
        QCOMPARE(lines.size(), 8);
        for (const QByteArray &line : lines)
            QCOMPARE(line.split(',').size(), 9);
        QCOMPARE(lines[0], QByteArray("1,9,100.00,50.00,10.00,30.00,1,1,1"));
        QCOMPARE(lines[3], QByteArray("3,4,15.00,20.00,25.00,20.00,1,2,1"));
        QCOMPARE(lines[5], QByteArray("4,4,20.00,20.00,30.00,20.00,1,2,0.5"));
        QVERIFY(!w.text.contains("\n5,4,"));
        QCOMPARE(w.lost.size(), 2);
    }
};

QTEST_GUILESS_MAIN(TestTextFormats)
#include "tst_textformats.moc"
