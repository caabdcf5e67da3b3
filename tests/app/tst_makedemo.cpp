// The demo data: a real DICOM series (checked with DCMTK's dcmdump and pydicom) and a real
// two-camera drive (checked by decoding the images and parsing the timestamps).

#include "app/demo/ctphantom.h"
#include "app/demo/drivedemo.h"

#include "testsupport.h"

#include <QDateTime>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>
#include <QTimeZone>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>

using namespace loupe;

namespace {

qint64 parseKittiTime(const QString &line)
{
    // "YYYY-MM-DD HH:MM:SS.nnnnnnnnn" (UTC)
    const QDateTime t = QDateTime::fromString(line.left(19), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    QDateTime utc(t.date(), t.time(), QTimeZone::utc());
    return utc.toMSecsSinceEpoch() * 1'000'000LL + line.mid(20).toLongLong();
}

demo::DriveSpec smallDrive(int frames)
{
    demo::DriveSpec spec;
    spec.frames = frames;
    spec.width = 320;
    spec.height = 120;
    return spec;
}

QStringList readLines(const QString &path)
{
    QFile f(path);
    if (!f.open(QIODevice::ReadOnly | QIODevice::Text))
        return {};
    return QString::fromUtf8(f.readAll()).split(QLatin1Char('\n'), Qt::SkipEmptyParts);
}

} // namespace

class TestMakeDemo : public QObject {
    Q_OBJECT

private slots:
    void ctSeriesIsRealDicom()
    {
        QTemporaryDir dir;
        demo::CtPhantomSpec spec;
        spec.dims = {40, 30, 12};
        spec.pixelSpacing = 8.0; // 320 mm across: air around the body
        QVERIFY(demo::writeCtPhantom(dir.path(), spec).ok());
        const QStringList files = QDir(dir.path()).entryList(QDir::Files);
        QCOMPARE(files.size(), 12);

        // DCMTK's own dump reads it and finds CT Image Storage, signed 16-bit, rescale to HU.
        const test::ProcessResult dump =
            test::run(QStringLiteral("dcmdump"), {dir.filePath(files.first())});
        QVERIFY2(dump.exitCode == 0, dump.err.constData());
        const QString text = QString::fromLatin1(dump.out);
        QVERIFY(text.contains(QStringLiteral("=CTImageStorage")));
        QVERIFY(text.contains(QStringLiteral("(0028,0103) US 1")));       // PixelRepresentation
        QVERIFY(text.contains(QStringLiteral("(0028,1052) DS [-1024]"))); // RescaleIntercept
        QVERIFY(text.contains(QStringLiteral("LittleEndianExplicit")));

        // pydicom reads the voxels independently; they match the phantom's definition.
        const test::ProcessResult probe = test::run(
            test::debianPython(),
            {test::sourceTestsDir() + QStringLiteral("/tools/dicom_probe.py"), dir.path(),
             QStringLiteral("20,15,6"), QStringLiteral("0,0,0"), QStringLiteral("20,25,6")});
        QVERIFY2(probe.exitCode == 0, probe.err.constData());
        const QJsonObject o = QJsonDocument::fromJson(probe.out).object();
        QCOMPARE(o.value(QStringLiteral("rows")).toInt(), 30);
        QCOMPARE(o.value(QStringLiteral("columns")).toInt(), 40);
        QCOMPARE(o.value(QStringLiteral("modality")).toString(), QStringLiteral("CT"));
        const QJsonArray values = o.value(QStringLiteral("values")).toArray();
        const int voxels[3][3] = {{20, 15, 6}, {0, 0, 0}, {20, 25, 6}};
        for (int n = 0; n < 3; ++n) {
            const Vec3 p =
                demo::phantomVoxelToPatient(spec, voxels[n][0], voxels[n][1], voxels[n][2]);
            QCOMPARE(values[n].toDouble(), double(std::lround(demo::phantomHu(p))));
        }
        QCOMPARE(values[1].toDouble(), -1000.0); // a corner is air
    }

    void phantomHasItsAnatomy()
    {
        QCOMPARE(demo::phantomHu({0, 0, 300}), -1000.0);   // outside the body
        QCOMPARE(demo::phantomHu({0, 62, 0}), 300.0);      // spine core
        QCOMPARE(demo::phantomHu({0, 62 + 13, 0}), 900.0); // cortical bone
        QCOMPARE(demo::phantomHu({60, 0, 60}), -820.0);    // left lung
        QCOMPARE(demo::phantomHu({0, -60, -100}), 40.0);   // soft tissue
    }

    void driveHasTwoCamerasWithOwnClocks()
    {
        QTemporaryDir dir;
        const demo::DriveSpec spec = smallDrive(12);
        QVERIFY(demo::writeDrive(dir.path(), spec).ok());

        for (const char *cam : {"image_02", "image_03"}) {
            const QDir data(dir.filePath(QStringLiteral("%1/data").arg(QLatin1String(cam))));
            QCOMPARE(data.entryList(QDir::Files).size(), 12);
            QCOMPARE(
                readLines(dir.filePath(QStringLiteral("%1/timestamps.txt").arg(QLatin1String(cam))))
                    .size(),
                12);
        }
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("image_02/data/0000000000.png"))));
        QVERIFY(QFileInfo::exists(dir.filePath(QStringLiteral("image_03/data/0000000011.jpg"))));

        const QStringList left = readLines(dir.filePath(QStringLiteral("image_02/timestamps.txt")));
        const QStringList right =
            readLines(dir.filePath(QStringLiteral("image_03/timestamps.txt")));
        for (int i = 0; i < 12; ++i) {
            const qint64 l = parseKittiTime(left[i]);
            const qint64 r = parseKittiTime(right[i]);
            QCOMPARE(l, demo::driveTimestampNs(2, i, spec));
            QVERIFY(r != l);                        // clocks differ…
            QVERIFY(std::llabs(r - l) < 1'500'000); // …by well under a frame
            if (i > 0)
                QVERIFY(l - parseKittiTime(left[i - 1]) > 90'000'000); // ~100 ms apart
        }
        const QStringList calib = readLines(dir.filePath(QStringLiteral("calib_cam_to_cam.txt")));
        QVERIFY(calib.filter(QStringLiteral("P_rect_03:")).size() == 1);
        QVERIFY(calib.filter(QStringLiteral("S_rect_02: 320 120")).size() == 1);
    }

    void driveImagesDecodeAndShowMotion()
    {
        QTemporaryDir dir;
        const demo::DriveSpec spec = smallDrive(20);
        QVERIFY(demo::writeDrive(dir.path(), spec).ok());
        const auto load = [&](const char *name) {
            return cv::imread(
                QFile::encodeName(dir.filePath(QString::fromLatin1(name))).toStdString(),
                cv::IMREAD_COLOR);
        };
        const cv::Mat first = load("image_02/data/0000000000.png");
        const cv::Mat last = load("image_02/data/0000000019.png");
        const cv::Mat right = load("image_03/data/0000000000.jpg");
        QCOMPARE(first.cols, 320);
        QCOMPARE(first.rows, 120);
        QCOMPARE(right.cols, 320);
        // Objects and lane markings move between frames; the right camera sees the scene
        // from another place.
        QVERIFY(cv::norm(first, last, cv::NORM_L1) / first.total() > 2.0);
        QVERIFY(cv::norm(first, right, cv::NORM_L1) / first.total() > 2.0);
        // Sky at the top is blue-ish (BGR: blue > red), road at the bottom is grey.
        const cv::Vec3b sky = first.at<cv::Vec3b>(5, 300);
        QVERIFY(sky[0] > sky[2]);
        const cv::Vec3b road = first.at<cv::Vec3b>(118, 160);
        QVERIFY(std::abs(road[0] - road[2]) < 30);
    }

    void badSizesAreRefused()
    {
        QTemporaryDir dir;
        demo::CtPhantomSpec ct;
        ct.dims = {0, 10, 10};
        const Result<void> r = demo::writeCtPhantom(dir.path(), ct);
        QVERIFY(!r.ok());
        QVERIFY(r.errorMessage().contains(QStringLiteral("out of range")));
        demo::DriveSpec drive;
        drive.frames = 0;
        QVERIFY(!demo::writeDrive(dir.path(), drive).ok());
    }
};

QTEST_GUILESS_MAIN(TestMakeDemo)
#include "tst_makedemo.moc"
