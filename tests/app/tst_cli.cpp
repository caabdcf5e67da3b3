// loupe-cli as a user runs it: a real process, its output and exit codes.

#include "app/buildinfo.h"

#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace loupe;

namespace {

QString cli()
{
    return test::binDir() + QStringLiteral("/loupe-cli");
}

QJsonObject pluginNamed(const QJsonArray &plugins, const QString &fileNamePart)
{
    for (const auto &p : plugins) {
        if (p.toObject().value(QStringLiteral("file")).toString().contains(fileNamePart))
            return p.toObject();
    }
    return {};
}

} // namespace

class TestCli : public QObject {
    Q_OBJECT

private slots:
    void version()
    {
        const test::ProcessResult r = test::run(cli(), {QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QCOMPARE(QString::fromUtf8(r.out).trimmed(), QStringLiteral("loupe-cli " LOUPE_VERSION));
    }

    void pluginsJsonListsLoadedAndFailed()
    {
        const test::ProcessResult r =
            test::run(cli(), {QStringLiteral("plugins"), QStringLiteral("--json")},
                      {QStringLiteral("LOUPE_PLUGIN_PATH=") + test::fixturePluginDir()});
        QCOMPARE(r.exitCode, 0);
        QJsonParseError error;
        const QJsonObject root = QJsonDocument::fromJson(r.out, &error).object();
        QCOMPARE(error.error, QJsonParseError::NoError);
        const QJsonArray searched = root.value(QStringLiteral("searchPaths")).toArray();
        QCOMPARE(searched.size(), 2);
        QVERIFY(searched[0].toString().endsWith(QStringLiteral("/lib/loupe/plugins")));
        QCOMPARE(searched[1].toString(), QFileInfo(test::fixturePluginDir()).canonicalFilePath());

        const QJsonArray plugins = root.value(QStringLiteral("plugins")).toArray();
        const QJsonObject dicom = pluginNamed(plugins, QStringLiteral("libloupedicom"));
        QVERIFY(dicom.value(QStringLiteral("loaded")).toBool());
        QCOMPARE(dicom.value(QStringLiteral("id")).toString(), QStringLiteral("dicom"));
        QCOMPARE(dicom.value(QStringLiteral("kind")).toString(), QStringLiteral("dataset-reader"));
        QVERIFY(pluginNamed(plugins, QStringLiteral("fixture_good"))
                    .value(QStringLiteral("loaded"))
                    .toBool());
        const QJsonObject broken = pluginNamed(plugins, QStringLiteral("fixture_broken"));
        QVERIFY(!broken.value(QStringLiteral("loaded")).toBool());
        QVERIFY(broken.value(QStringLiteral("error"))
                    .toString()
                    .contains(QStringLiteral("undefined symbol")));
        const QJsonObject old = pluginNamed(plugins, QStringLiteral("fixture_wrongversion"));
        QVERIFY(old.value(QStringLiteral("error"))
                    .toString()
                    .contains(QStringLiteral("org.loupe.DatasetReader/0")));
    }

    void pluginsTextSaysWhy()
    {
        const test::ProcessResult r =
            test::run(cli(), {QStringLiteral("plugins")},
                      {QStringLiteral("LOUPE_PLUGIN_PATH=") + test::fixturePluginDir()});
        QCOMPARE(r.exitCode, 0);
        const QString text = QString::fromUtf8(r.out);
        // dicom, frames, SEG, NIfTI labels, tools, good; OpenLABEL, CVAT, the text formats
        QVERIFY2(text.contains(QStringLiteral("Loaded (9)")), qPrintable(text));
        QVERIFY(text.contains(QStringLiteral("openlabel 0.1.0  [track-format]")));
        QVERIFY(text.contains(QStringLiteral("Not loaded (3)")));
        QVERIFY(text.contains(QStringLiteral("not a Qt plugin")));
    }

    void makeDemoThenInfo()
    {
        QTemporaryDir dir;
        test::ProcessResult r = test::run(
            cli(), {QStringLiteral("make-demo"), dir.path(), QStringLiteral("--ct-size"),
                    QStringLiteral("300x24x10"), QStringLiteral("--frames"), QStringLiteral("3"),
                    QStringLiteral("--frame-size"), QStringLiteral("160x64")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(QDir(dir.filePath(QStringLiteral("ct"))).entryList(QDir::Files).size(), 10);
        QCOMPARE(
            QDir(dir.filePath(QStringLiteral("drive/image_03/data"))).entryList(QDir::Files).size(),
            3);

        r = test::run(cli(), {QStringLiteral("info"), dir.filePath(QStringLiteral("ct")),
                              QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject root = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(root.value(QStringLiteral("reader")).toString(), QStringLiteral("dicom"));
        const QJsonObject v = root.value(QStringLiteral("volumes")).toArray().first().toObject();
        QCOMPARE(v.value(QStringLiteral("dimensions")).toArray(), (QJsonArray{300, 24, 10}));
        QCOMPARE(v.value(QStringLiteral("modality")).toString(), QStringLiteral("CT"));
        QCOMPARE(v.value(QStringLiteral("units")).toString(), QStringLiteral("HU"));
        QCOMPARE(v.value(QStringLiteral("minimum")).toDouble(), -1000.0); // air beside the body

        // The drive: two cameras of 3 frames, 160×64, with intrinsics from the calibration.
        r = test::run(cli(), {QStringLiteral("info"), dir.filePath(QStringLiteral("drive")),
                              QStringLiteral("--json")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject drive = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(drive.value(QStringLiteral("reader")).toString(), QStringLiteral("frames"));
        const QJsonArray streams = drive.value(QStringLiteral("sequences"))
                                       .toArray()
                                       .first()
                                       .toObject()
                                       .value(QStringLiteral("streams"))
                                       .toArray();
        QCOMPARE(streams.size(), 2);
        for (const QJsonValue &s : streams) {
            QCOMPARE(s.toObject().value(QStringLiteral("frames")).toInt(), 3);
            QCOMPARE(s.toObject().value(QStringLiteral("width")).toInt(), 160);
            QVERIFY(s.toObject()
                        .value(QStringLiteral("intrinsics"))
                        .toObject()
                        .value(QStringLiteral("fx"))
                        .toDouble() > 0);
        }
    }

    void badInputGivesClearMessages()
    {
        const QString missing = QStringLiteral("/nonexistent/scan-folder");
        test::ProcessResult r = test::run(cli(), {QStringLiteral("info"), missing});
        QCOMPARE(r.exitCode, 1);
        QVERIFY(QString::fromUtf8(r.err).contains(missing));

        r = test::run(cli(), {QStringLiteral("make-demo"), QStringLiteral("/tmp/x"),
                              QStringLiteral("--ct-size"), QStringLiteral("big")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(QString::fromUtf8(r.err).contains(QStringLiteral("--ct-size")));

        r = test::run(cli(), {QStringLiteral("frobnicate")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(QString::fromUtf8(r.err).contains(QStringLiteral("unknown command")));
    }

    void tracksConvertBetweenFormats()
    {
        // A CVAT video task: a car box moving over frames 0..4 and a polygon.
        QTemporaryDir dir;
        const QString in = dir.filePath(QStringLiteral("task.xml"));
        QFile f(in);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"(<?xml version="1.0" encoding="utf-8"?>
<annotations><version>1.1</version>
<meta><task><name>t</name><size>5</size><mode>interpolation</mode><labels>
<label><name>car</name></label><label><name>road</name></label></labels></task></meta>
<track id="0" label="car" source="manual">
  <box frame="0" outside="0" occluded="0" keyframe="1" xtl="0" ytl="0" xbr="10" ybr="10"/>
  <box frame="4" outside="0" occluded="0" keyframe="1" xtl="40" ytl="0" xbr="50" ybr="10"/>
</track>
<track id="1" label="road" source="manual">
  <polygon frame="0" outside="0" occluded="0" keyframe="1" points="0,0;8,0;0,6"/>
</track>
</annotations>)");
        f.close();
        // To OpenLABEL: valid against the 1.0.0 schema.
        const QString json = dir.filePath(QStringLiteral("t.json"));
        test::ProcessResult r =
            test::run(cli(), {QStringLiteral("tracks"), QStringLiteral("convert"), in, json,
                              QStringLiteral("--to"), QStringLiteral("openlabel")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(r.out.contains("2 tracks, 5 frames"));
        r = test::run(test::debianPython(),
                      {QStringLiteral("-c"),
                       QStringLiteral("import json, sys, jsonschema\n"
                                      "jsonschema.validate(json.load(open(sys.argv[2])), "
                                      "json.load(open(sys.argv[1])))\nprint('valid')"),
                       test::sourceTestsDir() +
                           QStringLiteral("/fixtures/openlabel/openlabel_json_schema-v1.0.0.json"),
                       json});
        QVERIFY2(r.out.contains("valid"), (r.out + r.err).constData());
        // From that OpenLABEL to KITTI: the interpolated car at frame 2, the polygon said.
        const QString kitti = dir.filePath(QStringLiteral("0000.txt"));
        r = test::run(cli(), {QStringLiteral("tracks"), QStringLiteral("convert"), json, kitti,
                              QStringLiteral("--to"), QStringLiteral("kitti")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("note: The format holds boxes only"), r.out.constData());
        QFile k(kitti);
        QVERIFY(k.open(QIODevice::ReadOnly));
        const QByteArray lines = k.readAll();
        QCOMPARE(lines.count('\n'), 5);
        QVERIFY(lines.contains("2 0 car 0 0 -10 20.00 0.00 30.00 10.00"));
        // Bad input: said, with the file and what is wrong.
        r = test::run(cli(), {QStringLiteral("tracks"), QStringLiteral("convert"), kitti, json,
                              QStringLiteral("--to"), QStringLiteral("cvat")});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(r.err.contains("0000.txt"), r.err.constData());
        QVERIFY2(r.err.contains("not a track file Loupe reads"), r.err.constData());
        // A format no plugin writes: said, and the usage lists what the plugins offer.
        r = test::run(cli(), {QStringLiteral("labels"), QStringLiteral("convert"), json, kitti,
                              QStringLiteral("--to"), QStringLiteral("yolo")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no plugin writes \"yolo\""), r.err.constData());
        QVERIFY2(r.err.contains("--to cvat|openlabel|coco|kitti|mot"), r.err.constData());
    }

    void labelsConvertWithTheSequence()
    {
        // The demo drive's frames give COCO its images' files and sizes.
        QTemporaryDir dir;
        QVERIFY(
            test::run(cli(), {QStringLiteral("make-demo"), dir.path(), QStringLiteral("--no-ct"),
                              QStringLiteral("--frames"), QStringLiteral("6"),
                              QStringLiteral("--frame-size"), QStringLiteral("128x40")})
                .exitCode == 0);
        const QString in = dir.filePath(QStringLiteral("task.xml"));
        QFile f(in);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"(<?xml version="1.0" encoding="utf-8"?>
<annotations><version>1.1</version>
<meta><task><name>t</name><size>6</size><mode>interpolation</mode><labels>
<label><name>car</name></label></labels></task></meta>
<track id="0" label="car" source="manual">
  <box frame="0" outside="0" occluded="0" keyframe="1" xtl="0" ytl="0" xbr="10" ybr="10"/>
  <box frame="4" outside="0" occluded="0" keyframe="1" xtl="40" ytl="0" xbr="50" ybr="10"/>
</track>
</annotations>)");
        f.close();
        const QString drive = dir.filePath(QStringLiteral("drive"));
        const QString coco = dir.filePath(QStringLiteral("coco.json"));
        test::ProcessResult r =
            test::run(cli(), {QStringLiteral("labels"), QStringLiteral("convert"), in, coco,
                              QStringLiteral("--to"), QStringLiteral("coco"),
                              QStringLiteral("--sequence"), drive});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(!r.out.contains("not known"), r.out.constData());
        QFile c(coco);
        QVERIFY(c.open(QIODevice::ReadOnly));
        const QJsonObject doc = QJsonDocument::fromJson(c.readAll()).object();
        const QJsonArray images = doc.value(QStringLiteral("images")).toArray();
        QCOMPARE(images.size(), 6);
        const QString firstFile = QDir(drive + QStringLiteral("/image_02/data"))
                                      .entryList(QDir::Files, QDir::Name)
                                      .value(0);
        QCOMPARE(images[0].toObject().value(QStringLiteral("file_name")).toString(), firstFile);
        QCOMPARE(images[0].toObject().value(QStringLiteral("width")).toInt(), 128);
        QCOMPARE(images[0].toObject().value(QStringLiteral("height")).toInt(), 40);
        QCOMPARE(doc.value(QStringLiteral("annotations")).toArray().size(), 6); // 0..5, held
        // Without the sequence, that is said; a camera the labels lack is refused.
        r = test::run(cli(), {QStringLiteral("labels"), QStringLiteral("convert"), in, coco,
                              QStringLiteral("--to"), QStringLiteral("coco")});
        QVERIFY2(r.out.contains("not known here"), r.out.constData());
        r = test::run(cli(), {QStringLiteral("labels"), QStringLiteral("convert"), in, coco,
                              QStringLiteral("--to"), QStringLiteral("kitti"),
                              QStringLiteral("--camera"), QStringLiteral("3")});
        QCOMPARE(r.exitCode, 2);
        QVERIFY2(r.err.contains("no camera 3"), r.err.constData());
        // A partly broken IN: nothing without --keep-valid; with it, the rest, and what was
        // left out said.
        QByteArray broken;
        QFile original(in);
        QVERIFY(original.open(QIODevice::ReadOnly));
        broken = original.readAll();
        original.close();
        broken.replace("</annotations>", "<track id=\"1\" label=\"car\"><box frame=\"2\" "
                                         "xtl=\"a\" ytl=\"0\" xbr=\"1\" ybr=\"1\"/></track>"
                                         "</annotations>");
        const QString bad = dir.filePath(QStringLiteral("partly.xml"));
        QFile b(bad);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write(broken);
        b.close();
        r = test::run(cli(), {QStringLiteral("labels"), QStringLiteral("convert"), bad, coco,
                              QStringLiteral("--to"), QStringLiteral("openlabel")});
        QCOMPARE(r.exitCode, 1);
        r = test::run(cli(), {QStringLiteral("labels"), QStringLiteral("convert"), bad, coco,
                              QStringLiteral("--to"), QStringLiteral("openlabel"),
                              QStringLiteral("--keep-valid")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY2(r.out.contains("1 tracks") && r.out.contains("left out: CVAT XML, line"),
                 r.out.constData());
    }

    void brokenPluginDoesNotStopReading()
    {
        QTemporaryDir dir;
        QVERIFY(
            test::run(cli(), {QStringLiteral("make-demo"), dir.path(), QStringLiteral("--no-drive"),
                              QStringLiteral("--ct-size"), QStringLiteral("16x16x4")})
                .exitCode == 0);
        const test::ProcessResult r =
            test::run(cli(), {QStringLiteral("info"), dir.filePath(QStringLiteral("ct"))},
                      {QStringLiteral("LOUPE_PLUGIN_PATH=") + test::fixturePluginDir()});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(QString::fromUtf8(r.out).contains(QStringLiteral("read by dicom")));
        QVERIFY(QString::fromUtf8(r.err).contains(QStringLiteral("fixture_broken")));
    }
};

QTEST_GUILESS_MAIN(TestCli)
#include "tst_cli.moc"
