// COCO instances JSON from tracks: an image per frame, an annotation per box or polygon
// where a track has one (interpolated frames included), checked by a Python script of its
// own (ids, references, bbox against the polygon's bounds, area by the shoelace formula);
// what COCO cannot hold is said.

#include "plugins/trackformats/coco.h"

#include "testsupport.h"

#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTest>

using namespace loupe;

class TestCoco : public QObject {
    Q_OBJECT

private slots:
    void boxesAndPolygonsOnEveryFrame()
    {
        Track car;
        car.id = 5;
        car.label = QStringLiteral("car");
        car.keyframes[0] = Keyframe{Shape::box(10, 10, 30, 20), false, false, {}};
        car.keyframes[2] = Keyframe{Shape::box(20, 10, 40, 20), false, false, {}};
        car.keyframes[3] = Keyframe{Shape::box(20, 10, 40, 20, 15), true, false, {}};
        Track area;
        area.id = 6;
        area.label = QStringLiteral("road");
        area.keyframes[1] = Keyframe{Shape::polygon({{0, 0}, {8, 0}, {0, 6}}), false, false, {}};
        Track lane;
        lane.id = 7;
        lane.label = QStringLiteral("lane");
        lane.keyframes[0] = Keyframe{Shape::polyline({{0, 0}, {5, 5}}), false, false, {}};
        lane.keyframes[1] = Keyframe{Shape::polyline({{0, 0}, {5, 5}}), true, false, {}};
        Track other = car;
        other.id = 8;
        other.stream = 1;
        QStringList classes{QStringLiteral("road")};
        const QStringList files{"000000.png", "000001.png", "000002.png", "000003.png"};
        const trackformats::Written w =
            trackformats::writeCoco({car, area, lane, other}, 0, files, {640, 480}, classes);
        QCOMPARE(classes, (QStringList{"road", "car", "lane"}));
        const QJsonObject doc = QJsonDocument::fromJson(w.text).object();
        QCOMPARE(doc[QStringLiteral("images")].toArray().size(), 4);
        // car on frames 0..2, the road on 1..3 (it holds), the lane left out.
        const QJsonArray annotations = doc[QStringLiteral("annotations")].toArray();
        QCOMPARE(annotations.size(), 3 + 3);
        const QJsonObject carAt1 = annotations[1].toObject();
        QCOMPARE(carAt1[QStringLiteral("image_id")].toInt(), 2);
        QCOMPARE(carAt1[QStringLiteral("bbox")].toArray(), (QJsonArray{15, 10, 20, 10}));
        QCOMPARE(carAt1[QStringLiteral("track_id")].toInt(), 5);
        QCOMPARE(w.lost.size(), 2); // the polyline and the other camera (no turned box shown)
        QVERIFY(w.lost.join(u'\n').contains(QStringLiteral("1 polyline")));

        QTemporaryDir dir;
        const QString file = dir.filePath(QStringLiteral("instances.json"));
        QFile f(file);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(w.text);
        f.close();
        const test::ProcessResult r = test::run(
            test::debianPython(),
            {QStringLiteral("-c"),
             QStringLiteral("import json, sys\n"
                            "d = json.load(open(sys.argv[1]))\n"
                            "images = {i['id'] for i in d['images']}\n"
                            "cats = {c['id']: c['name'] for c in d['categories']}\n"
                            "ids = [a['id'] for a in d['annotations']]\n"
                            "assert len(ids) == len(set(ids))\n"
                            "for a in d['annotations']:\n"
                            "    assert a['image_id'] in images and a['category_id'] in cats\n"
                            "    x, y, w, h = a['bbox']\n"
                            "    if a['segmentation']:\n"
                            "        p = a['segmentation'][0]\n"
                            "        xs, ys = p[0::2], p[1::2]\n"
                            "        assert (min(xs), min(ys), max(xs) - min(xs), max(ys) - "
                            "min(ys)) == (x, y, w, h)\n"
                            "        n = len(xs)\n"
                            "        area = abs(sum(xs[i] * ys[(i + 1) % n] - xs[(i + 1) % n] * "
                            "ys[i] for i in range(n))) / 2\n"
                            "        assert abs(area - a['area']) < 1e-9, (area, a['area'])\n"
                            "        assert cats[a['category_id']] == 'road' and area == 24\n"
                            "    else:\n"
                            "        assert abs(a['area'] - w * h) < 1e-9\n"
                            "print('ok')"),
             file});
        QVERIFY2(r.exitCode == 0 && r.out.contains("ok"), (r.out + r.err).constData());
    }
};

QTEST_GUILESS_MAIN(TestCoco)
#include "tst_coco.moc"
