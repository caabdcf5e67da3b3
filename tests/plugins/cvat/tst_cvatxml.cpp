// CVAT XML 1.1: tracks written and read back are the same at every frame (shapes of every
// kind, rotation, occluded, outside, keyframes, per-track and per-frame attributes, the
// labels' attributes in the meta block); the file as Python's XML parser sees it; an image
// task's shapes; malformed files give the line.

#include "plugins/cvat/cvatxml.h"

#include "testsupport.h"
#include "trackcompare.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>

using namespace loupe;

namespace {

const QByteArray kSchema = R"({"classes": [
  {"name": "car", "colour": "#ff0000", "attributes": [
     {"name": "kind", "type": "select", "values": ["sedan", "van"]},
     {"name": "lights", "type": "multiselect", "values": ["head", "brake"], "mutable": true},
     {"name": "speed", "type": "number", "min": 0, "max": 200, "step": 5, "mutable": true}]},
  {"name": "lane"}, {"name": "person"}, {"name": "ball"}, {"name": "night", "tag": true}]})";

cvat::Annotations task()
{
    cvat::Annotations a;
    a.name = QStringLiteral("drive 1");
    a.frameCount = 30;
    a.schema = LabelSchema::fromJson(kSchema).value();
    Track car;
    car.id = 0;
    car.label = QStringLiteral("car");
    car.attributes = {{QStringLiteral("kind"), QStringLiteral("van")}};
    car.keyframes[1] = Keyframe{Shape::box(10.5, 20.25, 60, 50),
                                false,
                                false,
                                {{QStringLiteral("lights"), QStringLiteral("head")},
                                 {QStringLiteral("speed"), QStringLiteral("30")}}};
    car.keyframes[9] = Keyframe{Shape::box(110, 25, 170, 60, 33.3),
                                false,
                                true,
                                {{QStringLiteral("lights"), QStringLiteral("head;brake")},
                                 {QStringLiteral("speed"), QStringLiteral("5")}}};
    car.keyframes[14] = Keyframe{Shape::box(110, 25, 170, 60, 33.3), true, false, {}};
    car.keyframes[20] = Keyframe{Shape::box(1, 2, 3, 4),
                                 false,
                                 false,
                                 {{QStringLiteral("lights"), QStringLiteral("")},
                                  {QStringLiteral("speed"), QStringLiteral("0")}}};
    Track lane;
    lane.id = 1;
    lane.label = QStringLiteral("lane");
    lane.keyframes[0] =
        Keyframe{Shape::polyline({{0, 100}, {50, 80.125}, {100, 70}}), false, false, {}};
    lane.keyframes[29] = Keyframe{Shape::polyline({{0, 110}, {60, 85}}), false, false, {}};
    Track person;
    person.id = 2;
    person.label = QStringLiteral("person");
    person.keyframes[3] =
        Keyframe{Shape::keypoints({{30, 40}, {32, 60}, {31, 75}}), false, false, {}};
    person.keyframes[6] = Keyframe{Shape::polygon({{0, 0}, {4, 0}, {4, 4}}), false, false, {}};
    person.keyframes[8] = Keyframe{Shape::polygon({{0, 0}, {4, 0}, {4, 4}}), true, false, {}};
    Track ball;
    ball.id = 3;
    ball.label = QStringLiteral("ball");
    ball.keyframes[5] = Keyframe{Shape::ellipse({50, 50}, 10, 6, -20), false, false, {}};
    ball.keyframes[7] = Keyframe{Shape::ellipse({58, 50}, 12, 6, 10), false, false, {}};
    Track elsewhere = ball;
    elsewhere.id = 4;
    elsewhere.stream = 1;
    a.tracks = {car, lane, person, ball, elsewhere};
    // A tag on frames 2, 3 and 17; one on the other camera is not this task's.
    a.tags = {FrameTag{5, QStringLiteral("night"), 0, {2, 3, 17}},
              FrameTag{6, QStringLiteral("night"), 1, {4}}};
    return a;
}

} // namespace

class TestCvatXml : public QObject {
    Q_OBJECT

private slots:
    void roundTripIsTheSameAtEveryFrame()
    {
        const cvat::Annotations a = task();
        const QByteArray xml = cvat::write(a);
        Result<cvat::Annotations> back = cvat::read(xml);
        QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
        QCOMPARE(back->name, a.name);
        QCOMPARE(back->frameCount, 30);
        QCOMPARE(back->schema.toJson(), a.schema.toJson());
        QCOMPARE(back->tracks.size(), std::size_t(4)); // one camera: not the other one's
        QCOMPARE(back->tags.size(), std::size_t(1));
        QCOMPARE(back->tags[0].label, QStringLiteral("night"));
        QCOMPARE(back->tags[0].frames, (std::set<int>{2, 3, 17}));
        QVERIFY(back->schema.find(QStringLiteral("night"))->tag);
        for (std::size_t n = 0; n < 4; ++n) {
            test::compareEveryFrame(a.tracks[n], back->tracks[n], 30, 1e-6);
            if (QTest::currentTestFailed())
                return;
        }
    }

    void theFileAsPythonReadsIt()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("task.xml"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(cvat::write(task()));
        f.close();
        // Python's own XML parser: the version, four tracks, the car's elements (frames 1..14:
        // 13 shapes and the outside one, 20..29 again), its rotated box in degrees.
        const test::ProcessResult r = test::run(
            test::debianPython(),
            {QStringLiteral("-c"),
             QStringLiteral(
                 "import sys, xml.etree.ElementTree as ET\n"
                 "root = ET.parse(sys.argv[1]).getroot()\n"
                 "assert root.tag == 'annotations' and root.find('version').text == '1.1'\n"
                 "tracks = root.findall('track')\n"
                 "assert len(tracks) == 4, len(tracks)\n"
                 "car = tracks[0].findall('box')\n"
                 "assert len(car) == 13 + 1 + 10, len(car)\n"
                 "k9 = [b for b in car if b.get('frame') == '9'][0]\n"
                 "assert k9.get('keyframe') == '1' and k9.get('occluded') == '1'\n"
                 "assert abs(float(k9.get('rotation')) - 33.3) < 1e-9\n"
                 "assert abs(float(k9.get('xtl')) - 110) < 1e-9\n"
                 "out = [b for b in car if b.get('outside') == '1']\n"
                 "assert [b.get('frame') for b in out] == ['14'], out\n"
                 "attrs = {a.get('name'): a.text for a in k9.findall('attribute')}\n"
                 "assert attrs == {'kind': 'van', 'lights': 'head;brake', 'speed': '5'}, attrs\n"
                 "assert root.find('meta/task/labels/label/attributes/attribute/mutable').text == "
                 "'False'\n"
                 "tags = [(t.get('frame'), t.get('label')) for t in root.findall('tag')]\n"
                 "assert tags == [('2', 'night'), ('3', 'night'), ('17', 'night')], tags\n"
                 "print('ok')"),
             file});
        QVERIFY2(r.exitCode == 0 && r.out.contains("ok"), (r.out + r.err).constData());
    }

    void anImageTaskGivesOneFrameTracks()
    {
        const QByteArray xml = R"(<?xml version="1.0" encoding="utf-8"?>
<annotations><version>1.1</version>
<meta><task><mode>annotation</mode><labels><label><name>sign</name></label></labels></task></meta>
<image id="0" name="0.png" width="100" height="50">
  <box label="sign" occluded="0" xtl="1" ytl="2" xbr="11" ybr="22" z_order="0"/>
</image>
<image id="1" name="1.png" width="100" height="50">
  <polygon label="sign" occluded="1" points="1,1;5,1;5,5" z_order="0"/>
</image>
</annotations>)";
        Result<cvat::Annotations> a = cvat::read(xml);
        QVERIFY2(a.ok(), qPrintable(a.errorMessage()));
        QCOMPARE(a->frameCount, 2);
        QCOMPARE(a->tracks.size(), std::size_t(2));
        QVERIFY(a->tracks[0].at(0));
        QVERIFY(!a->tracks[0].at(1)); // one frame only
        QVERIFY(test::sameShape(a->tracks[0].at(0)->shape, Shape::box(1, 2, 11, 22), 1e-6));
        QCOMPARE(a->tracks[1].at(1)->shape.kind, Shape::Kind::Polygon);
        QVERIFY(a->tracks[1].at(1)->occluded);
        QCOMPARE(a->tracks[1].label, QStringLiteral("sign"));
    }

    void malformedFilesGiveTheLine_data()
    {
        QTest::addColumn<QByteArray>("xml");
        QTest::addColumn<QString>("why");
        QTest::newRow("not XML") << QByteArray("<annotations><track id=\"0\"\n></annotations>")
                                 << "line 2";
        QTest::newRow("not CVAT") << QByteArray("<svg></svg>") << "not CVAT XML";
        QTest::newRow("bad number")
            << QByteArray("<annotations>\n<track id=\"0\" label=\"a\">\n<box frame=\"0\" xtl=\"x\" "
                          "ytl=\"0\" xbr=\"1\" ybr=\"1\"/></track></annotations>")
            << "line 3";
        QTest::newRow("track id")
            << QByteArray("<annotations><track id=\"car\" label=\"a\"></track></annotations>")
            << "numeric id";
    }

    void malformedFilesGiveTheLine()
    {
        QFETCH(QByteArray, xml);
        QFETCH(QString, why);
        Result<cvat::Annotations> a = cvat::read(xml);
        QVERIFY(!a.ok());
        QVERIFY2(a.errorMessage().contains(why), qPrintable(a.errorMessage()));
    }

    void whatIsValidCanBeKept()
    {
        const QByteArray xml = cvat::write(task());
        // A coordinate broken in the lane: strictly nothing; else all but the lane, said.
        QByteArray badLane = xml;
        const qsizetype at = badLane.indexOf("points=\"0,100");
        QVERIFY(at > 0);
        badLane.replace(at, 14, "points=\"x,100");
        QVERIFY(!cvat::read(badLane).ok());
        QStringList problems;
        Result<cvat::Annotations> kept = cvat::read(badLane, &problems);
        QVERIFY2(kept.ok(), qPrintable(kept.errorMessage()));
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems[0].contains(QStringLiteral("line ")), qPrintable(problems[0]));
        QCOMPARE(kept->tracks.size(), std::size_t(3));
        for (const Track &t : kept->tracks)
            QVERIFY(t.label != QStringLiteral("lane"));
        // Cut short inside the third track: the two whole ones before it are kept.
        const QByteArray cut = xml.left(xml.indexOf("<track id=\"3\"") + 40);
        problems.clear();
        kept = cvat::read(cut, &problems);
        QVERIFY2(kept.ok(), qPrintable(kept.errorMessage()));
        QCOMPARE(kept->tracks.size(), std::size_t(3)); // car, lane, person; not the ball
        QCOMPARE(problems.size(), 1);
        test::compareEveryFrame(task().tracks[0], kept->tracks[0], 30, 1e-6);
    }
};

QTEST_GUILESS_MAIN(TestCvatXml)
#include "tst_cvatxml.moc"
