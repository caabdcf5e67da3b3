// The track formats as Loupe loads them: the OpenLABEL, CVAT and trackformats plugins found by
// the plugin registry in the build tree. Each offers its formats with the right names and
// endings; writing goes through the plugin; reading picks the plugin that knows the file; a file
// no plugin reads, and a format no plugin writes, are errors that say what can be done instead.

#include "core/plugins/pluginregistry.h"
#include "core/plugins/trackformats.h"

#include "testsupport.h"
#include "trackcompare.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTest>

using namespace loupe;

namespace {

TrackLabels drive()
{
    TrackLabels l;
    l.name = QStringLiteral("drive");
    l.cameras = {QStringLiteral("image_02"), QStringLiteral("image_03")};
    l.frameCount = 30;
    for (int f = 0; f < 30; ++f)
        l.frameTimes.push_back(f * 0.1);
    for (const char *name : {"car", "lane"}) {
        ClassSpec c;
        c.name = QString::fromLatin1(name);
        l.schema.classes.push_back(c);
    }
    Track car;
    car.id = 4;
    car.label = QStringLiteral("car");
    car.keyframes[2] = Keyframe{Shape::box(10, 20, 60, 50), false, false, {}};
    car.keyframes[12] = Keyframe{Shape::box(110, 25, 170, 60), false, true, {}};
    car.keyframes[20] = Keyframe{Shape::box(110, 25, 170, 60), true, false, {}};
    Track lane;
    lane.id = 7;
    lane.label = QStringLiteral("lane");
    lane.stream = 1;
    lane.keyframes[0] = Keyframe{Shape::polyline({{0, 100}, {50, 80}}), false, false, {}};
    lane.keyframes[29] = Keyframe{Shape::polyline({{0, 110}, {60, 85}}), false, false, {}};
    l.tracks = {car, lane};
    FrameTag rain;
    rain.id = 9;
    rain.label = QStringLiteral("rain");
    rain.frames = {3};
    l.tags = {rain};
    return l;
}

} // namespace

class TestTrackFormatPlugins : public QObject {
    Q_OBJECT

    PluginRegistry m_registry;

private slots:
    void initTestCase()
    {
        m_registry.discover({test::pluginDir()});
        QVERIFY(m_registry.loadedCount() > 0);
    }

    void eachFormatComesFromItsPlugin()
    {
        const TrackFormats formats(m_registry);
        struct Expected {
            const char *id, *plugin, *suffix;
            bool oneCamera, reads;
        };
        const Expected expected[] = {{"openlabel", "openlabel", ".json", false, true},
                                     {"cvat", "cvat", ".xml", true, true},
                                     {"coco", "trackformats", ".json", true, false},
                                     {"kitti", "trackformats", ".txt", true, false},
                                     {"mot", "trackformats", ".txt", true, false}};
        QCOMPARE(formats.formats().size(), std::size(expected));
        for (const Expected &e : expected) {
            const TrackFormats::Entry *f = formats.find(QString::fromLatin1(e.id));
            QVERIFY2(f, e.id);
            QCOMPARE(f->pluginId, QString::fromLatin1(e.plugin));
            QCOMPARE(f->info.suffix, QString::fromLatin1(e.suffix));
            QCOMPARE(f->info.oneCamera, e.oneCamera);
            QCOMPARE(f->info.reads, e.reads);
            QVERIFY(!f->info.title.isEmpty());
        }
        for (const PluginRecord &r : m_registry.records())
            if (r.id == QLatin1String("openlabel"))
                QCOMPARE(r.kind, QStringLiteral("track-format"));
    }

    void roundTripsThroughThePlugins()
    {
        const TrackFormats formats(m_registry);
        const TrackLabels in = drive();
        // OpenLABEL: both cameras and the tag, read back by the plugin that knows the file.
        Result<TrackFile> ol = formats.write(QStringLiteral("openlabel"), in, 0);
        QVERIFY2(ol.ok(), qPrintable(ol.errorMessage()));
        QString which;
        Result<TrackLabels> back = formats.read(ol->bytes, nullptr, &which);
        QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
        QCOMPARE(which, QStringLiteral("openlabel"));
        QCOMPARE(back->cameras, in.cameras);
        QCOMPARE(back->frameCount, 30);
        QCOMPARE(back->tracks.size(), std::size_t(2));
        QCOMPARE(back->tags.size(), std::size_t(1));
        QCOMPARE(back->tags[0].frames, std::set<int>{3});
        for (std::size_t n = 0; n < 2; ++n) {
            test::compareEveryFrame(in.tracks[n], back->tracks[n], 30, 1e-6);
            if (QTest::currentTestFailed())
                return;
        }
        // CVAT XML of camera 0: its car only, the lane's camera said to be left out.
        Result<TrackFile> cv = formats.write(QStringLiteral("cvat"), in, 0);
        QVERIFY2(cv.ok(), qPrintable(cv.errorMessage()));
        QVERIFY2(cv->lost.join(' ').contains(QStringLiteral("only image_02 was written")),
                 qPrintable(cv->lost.join(' ')));
        back = formats.read(cv->bytes, nullptr, &which);
        QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
        QCOMPARE(which, QStringLiteral("cvat"));
        QCOMPARE(back->tracks.size(), std::size_t(1));
        test::compareEveryFrame(in.tracks[0], back->tracks[0], 30, 1e-6);
    }

    void theOneCameraFormatsSayWhatTheyDrop()
    {
        const TrackFormats formats(m_registry);
        const TrackLabels in = drive();
        Result<TrackFile> mot = formats.write(QStringLiteral("mot"), in, 0);
        QVERIFY2(mot.ok(), qPrintable(mot.errorMessage()));
        // The car has a box at frames 2..19 (1-based in MOT), none after its outside keyframe.
        QCOMPARE(mot->bytes.count('\n'), 18);
        QVERIFY(mot->bytes.startsWith("3,4,10.00,20.00,50.00,30.00,1,1,1"));
        QVERIFY2(mot->lost.join(' ').contains(QStringLiteral("no tags on frames")),
                 qPrintable(mot->lost.join(' ')));
        QVERIFY(mot->lost.join(' ').contains(QStringLiteral("MOT numbers the classes: car, lane")));
        Result<TrackFile> coco = formats.write(QStringLiteral("coco"), in, 0);
        QVERIFY2(coco.ok(), qPrintable(coco.errorMessage()));
        const QJsonObject doc = QJsonDocument::fromJson(coco->bytes).object();
        QCOMPARE(doc.value(QStringLiteral("annotations")).toArray().size(), 18);
        QVERIFY(coco->lost.join(' ').contains(QStringLiteral("give the sequence")));
    }

    void whatNoPluginDoesIsSaid()
    {
        const TrackFormats formats(m_registry);
        Result<TrackFile> w = formats.write(QStringLiteral("yolo"), drive(), 0);
        QVERIFY(!w.ok());
        QVERIFY2(w.errorMessage().contains(QStringLiteral("\"yolo\"")) &&
                     w.errorMessage().contains(QStringLiteral("openlabel")),
                 qPrintable(w.errorMessage()));
        // KITTI text is written, not read: the readers are named.
        Result<TrackLabels> r =
            formats.read("0 1 car 0 0 -10 1 2 3 4 -1 -1 -1 -1000 -1000 -1000 -10\n");
        QVERIFY(!r.ok());
        QVERIFY2(r.errorMessage().contains(QStringLiteral("not a track file Loupe reads")) &&
                     r.errorMessage().contains(QStringLiteral("CVAT XML")),
                 qPrintable(r.errorMessage()));
        // Broken OpenLABEL still goes to its reader, which gives the JSON path.
        r = formats.read(R"({"openlabel": {"metadata": {"schema_version": "1.0.0"},
                             "objects": {"1": {"name": "x"}}}})");
        QVERIFY(!r.ok());
        QVERIFY2(r.errorMessage().contains(QStringLiteral("objects")),
                 qPrintable(r.errorMessage()));
        // Without plugins, nothing is offered, and that is said.
        const PluginRegistry none;
        const TrackFormats empty(none);
        QVERIFY(empty.formats().empty());
        QVERIFY(empty.read("{}").errorMessage().contains(QStringLiteral("no track-format plugin")));
        QVERIFY(empty.write(QStringLiteral("cvat"), drive(), 0)
                    .errorMessage()
                    .contains(QStringLiteral("no track-format plugin")));
    }
};

QTEST_GUILESS_MAIN(TestTrackFormatPlugins)
#include "tst_trackformatplugins.moc"
