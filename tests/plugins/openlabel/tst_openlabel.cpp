// OpenLABEL 1.0: tracks written and read back are the same at every frame (shapes, occluded,
// attributes, keyframes, where they end), the file validates against the OpenLABEL 1.0.0 JSON
// Schema (checked by python3-jsonschema), its object data pointers agree with its frames,
// ellipses are said to be left out, and malformed files give the JSON path.

#include "plugins/openlabel/openlabel.h"

#include "testsupport.h"
#include "trackcompare.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

#include <cmath>
#include <set>

using namespace loupe;

namespace {

openlabel::Annotations drive()
{
    openlabel::Annotations a;
    a.streams = {QStringLiteral("image_02"), QStringLiteral("image_03")};
    a.frameCount = 40;
    for (int f = 0; f < 40; ++f)
        a.frameTimes.push_back(f * 0.1);
    Track car;
    car.id = 1;
    car.label = QStringLiteral("car");
    car.attributes = {{QStringLiteral("kind"), QStringLiteral("van")}};
    car.keyframes[2] = Keyframe{Shape::box(10, 20, 60, 50),
                                false,
                                false,
                                {{QStringLiteral("lights"), QStringLiteral("head")}}};
    car.keyframes[12] = Keyframe{Shape::box(110, 25, 170, 60, 30),
                                 false,
                                 true,
                                 {{QStringLiteral("lights"), QStringLiteral("brake")}}};
    car.keyframes[20] = Keyframe{Shape::box(110, 25, 170, 60, 30), true, false, {}};
    car.keyframes[30] = Keyframe{Shape::box(5, 5, 25, 25), false, false, {}};
    Track lane;
    lane.id = 2;
    lane.label = QStringLiteral("lane");
    lane.stream = 1;
    lane.keyframes[0] =
        Keyframe{Shape::polyline({{0, 100}, {50, 80}, {100, 70}}), false, false, {}};
    lane.keyframes[39] =
        Keyframe{Shape::polyline({{0, 110}, {60, 85}, {100, 75}}), false, false, {}};
    Track area;
    area.id = 3;
    area.label = QStringLiteral("drivable");
    area.keyframes[5] =
        Keyframe{Shape::polygon({{0, 0}, {10, 0}, {10, 10}, {0, 10}}), false, false, {}};
    area.keyframes[15] =
        Keyframe{Shape::polygon({{0, 0}, {20, 0}, {20, 10}, {10, 20}, {0, 10}}), false, false, {}};
    area.keyframes[16] =
        Keyframe{Shape::polygon({{0, 0}, {20, 0}, {20, 10}, {10, 20}, {0, 10}}), true, false, {}};
    Track person;
    person.id = 4;
    person.label = QStringLiteral("pedestrian");
    person.keyframes[8] = Keyframe{Shape::keypoints({{30, 40}, {32, 60}}), false, false, {}};
    person.keyframes[10] = Keyframe{Shape::keypoints({{34, 40}, {36, 62}}), true, false, {}};
    a.tracks = {car, lane, area, person};
    // Tags on frames: night on the second camera's frames 3–6 and 9; rain on the first's 0.
    a.tags = {FrameTag{5, QStringLiteral("night"), 1, {3, 4, 5, 6, 9}},
              FrameTag{6, QStringLiteral("rain"), 0, {0}}};
    return a;
}

} // namespace

class TestOpenLabel : public QObject {
    Q_OBJECT

private slots:
    void roundTripIsTheSameAtEveryFrame()
    {
        const openlabel::Annotations a = drive();
        const openlabel::Written w = openlabel::write(a);
        QVERIFY(w.lost.isEmpty());
        Result<openlabel::Annotations> back = openlabel::read(w.json);
        QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
        QCOMPARE(back->streams, a.streams);
        QCOMPARE(back->frameCount, 40);
        QCOMPARE(back->frameTimes, a.frameTimes);
        QCOMPARE(back->tracks.size(), a.tracks.size());
        QCOMPARE(back->tags.size(), a.tags.size());
        for (std::size_t n = 0; n < a.tags.size(); ++n) {
            QCOMPARE(back->tags[n].label, a.tags[n].label);
            QCOMPARE(back->tags[n].stream, a.tags[n].stream);
            QCOMPARE(back->tags[n].frames, a.tags[n].frames);
        }
        for (std::size_t n = 0; n < a.tracks.size(); ++n) {
            test::compareEveryFrame(a.tracks[n], back->tracks[n], 40, 1e-9);
            if (QTest::currentTestFailed())
                return;
        }
    }

    void theFileValidatesAndItsPointersAgree()
    {
        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("drive.json"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        const QByteArray json = openlabel::write(drive()).json;
        f.write(json);
        f.close();
        const QString schema = QStringLiteral(
            LOUPE_TEST_SOURCE_DIR "/fixtures/openlabel/openlabel_json_schema-v1.0.0.json");
        QVERIFY2(QFile::exists(schema), qPrintable(schema));
        const test::ProcessResult r =
            test::run(test::debianPython(),
                      {QStringLiteral("-c"),
                       QStringLiteral("import json, sys, jsonschema\n"
                                      "schema = json.load(open(sys.argv[1]))\n"
                                      "jsonschema.Draft7Validator.check_schema(schema)\n"
                                      "jsonschema.validate(json.load(open(sys.argv[2])), schema)\n"
                                      "print('valid')"),
                       schema, file});
        QVERIFY2(r.exitCode == 0 && r.out.contains("valid"), (r.out + r.err).constData());
        // The pointers: each object's named shapes are in exactly the frames they say.
        const QJsonObject root =
            QJsonDocument::fromJson(json).object()[QStringLiteral("openlabel")].toObject();
        const QJsonObject frames = root[QStringLiteral("frames")].toObject();
        const QJsonObject objects = root[QStringLiteral("objects")].toObject();
        for (auto o = objects.begin(); o != objects.end(); ++o) {
            const QJsonObject pointers =
                o.value().toObject()[QStringLiteral("object_data_pointers")].toObject();
            QVERIFY(!pointers.isEmpty());
            for (auto p = pointers.begin(); p != pointers.end(); ++p) {
                const QString type = p.value().toObject()[QStringLiteral("type")].toString();
                std::set<int> said;
                for (const QJsonValue &i :
                     p.value().toObject()[QStringLiteral("frame_intervals")].toArray())
                    for (int f = i[QStringLiteral("frame_start")].toInt();
                         f <= i[QStringLiteral("frame_end")].toInt(); ++f)
                        said.insert(f);
                std::set<int> found;
                for (auto fr = frames.begin(); fr != frames.end(); ++fr) {
                    const QJsonArray list = fr.value()[QStringLiteral("objects")][o.key()]
                                                      [QStringLiteral("object_data")][type]
                                                          .toArray();
                    for (const QJsonValue &e : list)
                        if (e[QStringLiteral("name")].toString() == p.key())
                            found.insert(fr.key().toInt());
                }
                QVERIFY2(said == found,
                         qPrintable(QStringLiteral("object %1 %2").arg(o.key(), p.key())));
            }
        }
    }

    void whatCannotBeWrittenIsSaid()
    {
        openlabel::Annotations a = drive();
        Track ball;
        ball.id = 9;
        ball.label = QStringLiteral("ball");
        ball.keyframes[0] = Keyframe{Shape::ellipse({50, 50}, 10, 6), false, false, {}};
        ball.keyframes[3] = Keyframe{Shape::ellipse({50, 50}, 10, 6), true, false, {}};
        a.tracks.push_back(ball);
        const openlabel::Written w = openlabel::write(a);
        QCOMPARE(w.lost.size(), 1);
        QVERIFY2(w.lost.front().contains(QStringLiteral("3 ellipse")), qPrintable(w.lost.front()));
    }

    void malformedFilesSayWhere_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("where");
        QTest::newRow("not JSON") << QByteArray("{\"openlabel\": ") << "Not JSON";
        QTest::newRow("not OpenLABEL") << QByteArray("{\"vcd\": {}}") << "\"openlabel\"";
        QTest::newRow("version")
            << QByteArray(R"({"openlabel": {"metadata": {"schema_version": "0.3.1"}}})")
            << "schema_version";
        QTest::newRow("unknown object")
            << QByteArray(
                   R"({"openlabel": {"metadata": {"schema_version": "1.0.0"}, "frames": {"0": {"objects": {"7": {"object_data": {"bbox": [{"name": "b", "val": [1, 2, 3, 4]}]}}}}}}})")
            << "openlabel.frames.\"0\".objects.\"7\"";
        QTest::newRow("short bbox")
            << QByteArray(
                   R"({"openlabel": {"metadata": {"schema_version": "1.0.0"}, "objects": {"7": {"name": "a", "type": "car"}}, "frames": {"0": {"objects": {"7": {"object_data": {"bbox": [{"name": "b", "val": [1, 2, 3]}]}}}}}}})")
            << "object_data.bbox[0].val";
    }

    void malformedFilesSayWhere()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, where);
        Result<openlabel::Annotations> r = openlabel::read(json);
        QVERIFY(!r.ok());
        QVERIFY2(r.errorMessage().contains(where), qPrintable(r.errorMessage()));
    }

    void whatIsValidCanBeKept()
    {
        // The car's box at frame 12 broken (3 numbers): strictly, nothing; leaving broken parts
        // out, everything but the car, and the path said.
        QJsonObject root = QJsonDocument::fromJson(openlabel::write(drive()).json)
                               .object()["openlabel"]
                               .toObject();
        QJsonObject frames = root["frames"].toObject();
        QJsonObject frame = frames["12"].toObject();
        QJsonObject objects = frame["objects"].toObject();
        QJsonObject car = objects["1"].toObject();
        QJsonObject data = car["object_data"].toObject();
        QJsonObject box = data["rbbox"].toArray()[0].toObject();
        box["val"] = QJsonArray{1, 2, 3};
        data["rbbox"] = QJsonArray{box};
        car["object_data"] = data;
        objects["1"] = car;
        frame["objects"] = objects;
        frames["12"] = frame;
        root["frames"] = frames;
        const QByteArray broken = QJsonDocument(QJsonObject{{"openlabel", root}}).toJson();
        QVERIFY(!openlabel::read(broken).ok());
        QStringList problems;
        Result<openlabel::Annotations> kept = openlabel::read(broken, &problems);
        QVERIFY2(kept.ok(), qPrintable(kept.errorMessage()));
        QCOMPARE(problems.size(), 1);
        QVERIFY2(problems[0].contains(QStringLiteral("openlabel.frames.\"12\".objects.\"1\"")),
                 qPrintable(problems[0]));
        QCOMPARE(int(kept->tracks.size()), int(drive().tracks.size()) - 1);
        for (const Track &t : kept->tracks)
            QVERIFY(t.label != QStringLiteral("car"));
        QCOMPARE(kept->tags.size(), drive().tags.size());
    }
};

QTEST_GUILESS_MAIN(TestOpenLabel)
#include "tst_openlabel.moc"
