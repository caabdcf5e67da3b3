// `loupe-cli convert` against Debian's dcm2niix on the same series: voxels exactly, affine to
// 1e-3 mm, compared by nibabel. Orientations are set with DCMTK's dcmodify on a series from
// Loupe's generator: axial, flipped (negative slice spacing), coronal, sagittal, oblique.

#include "app/demo/colourseries.h"
#include "app/demo/ctphantom.h"

#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cmath>

using namespace loupe;

namespace {

QString cli()
{
    return test::binDir() + QStringLiteral("/loupe-cli");
}

Vec3 rotate(const Vec3 &v, double aboutZ, double aboutX)
{
    const double cz = std::cos(aboutZ), sz = std::sin(aboutZ), cx = std::cos(aboutX),
                 sx = std::sin(aboutX);
    const Vec3 r{cz * v[0] - sz * v[1], sz * v[0] + cz * v[1], v[2]};
    return {r[0], cx * r[1] - sx * r[2], sx * r[1] + cx * r[2]};
}

/// Rewrites every slice's position and orientation so that the stack has rows along `row`,
/// columns along `column` and slice k at origin + k * step * `stack`.
bool reorient(const QString &dir, const demo::CtPhantomSpec &spec, Vec3 row, Vec3 column,
              Vec3 stack)
{
    const QString iop = QStringLiteral("%1\\%2\\%3\\%4\\%5\\%6")
                            .arg(row[0], 0, 'f', 6)
                            .arg(row[1], 0, 'f', 6)
                            .arg(row[2], 0, 'f', 6)
                            .arg(column[0], 0, 'f', 6)
                            .arg(column[1], 0, 'f', 6)
                            .arg(column[2], 0, 'f', 6);
    const Vec3 origin{-80, 40, 20};
    for (const QFileInfo &f : QDir(dir).entryInfoList(QDir::Files)) {
        // Which slice is this file? Its original z says.
        const QString dump = QString::fromLatin1(
            test::run(QStringLiteral("dcmdump"),
                      {QStringLiteral("+P"), QStringLiteral("0020,0032"), f.absoluteFilePath()})
                .out);
        const double z = dump.section(QLatin1Char('['), 1)
                             .section(QLatin1Char(']'), 0, 0)
                             .section(QLatin1Char('\\'), 2, 2)
                             .toDouble();
        const int k = static_cast<int>(
            std::lround((z - demo::phantomVoxelToPatient(spec, 0, 0, 0)[2]) / spec.sliceSpacing));
        const Vec3 p = origin + (k * spec.sliceSpacing) * stack;
        const QString ipp = QStringLiteral("%1\\%2\\%3")
                                .arg(p[0], 0, 'f', 4)
                                .arg(p[1], 0, 'f', 4)
                                .arg(p[2], 0, 'f', 4);
        const test::ProcessResult r = test::run(
            QStringLiteral("dcmodify"),
            {QStringLiteral("-nb"), QStringLiteral("-m"), QStringLiteral("(0020,0037)=") + iop,
             QStringLiteral("-m"), QStringLiteral("(0020,0032)=") + ipp, f.absoluteFilePath()});
        if (r.exitCode != 0)
            return false;
    }
    return true;
}

QJsonObject compareNifti(const QString &a, const QString &b)
{
    const test::ProcessResult r =
        test::run(test::debianPython(),
                  {test::sourceTestsDir() + QStringLiteral("/tools/nifti_compare.py"), a, b});
    if (r.exitCode != 0)
        qWarning("%s", r.err.constData());
    return QJsonDocument::fromJson(r.out).object();
}

QString dcm2niix(const QString &series, const QString &outDir)
{
    QDir().mkpath(outDir);
    const test::ProcessResult r = test::run(
        QStringLiteral("dcm2niix"),
        {QStringLiteral("-z"), QStringLiteral("n"), QStringLiteral("-b"), QStringLiteral("n"),
         QStringLiteral("-f"), QStringLiteral("ref"), QStringLiteral("-o"), outDir, series});
    if (r.exitCode != 0)
        qWarning("dcm2niix: %s", r.out.constData());
    return QDir(outDir).filePath(QStringLiteral("ref.nii"));
}

} // namespace

class TestConvert : public QObject {
    Q_OBJECT

private slots:
    void matchesDcm2niix_data()
    {
        QTest::addColumn<Vec3>("row");
        QTest::addColumn<Vec3>("column");
        QTest::addColumn<Vec3>("stack");
        const double d = M_PI / 180;
        QTest::newRow("axial") << Vec3{1, 0, 0} << Vec3{0, 1, 0} << Vec3{0, 0, 1};
        QTest::newRow("axial, negative slice spacing")
            << Vec3{1, 0, 0} << Vec3{0, 1, 0} << Vec3{0, 0, -1};
        QTest::newRow("axial, rows flipped") << Vec3{1, 0, 0} << Vec3{0, -1, 0} << Vec3{0, 0, 1};
        QTest::newRow("coronal") << Vec3{1, 0, 0} << Vec3{0, 0, -1} << Vec3{0, 1, 0};
        QTest::newRow("sagittal") << Vec3{0, 1, 0} << Vec3{0, 0, -1} << Vec3{-1, 0, 0};
        const Vec3 r = rotate({1, 0, 0}, 20 * d, 10 * d), c = rotate({0, 1, 0}, 20 * d, 10 * d);
        QTest::newRow("oblique 20°/10°") << r << c << normalized(cross(r, c));
    }

    void matchesDcm2niix()
    {
        QFETCH(Vec3, row);
        QFETCH(Vec3, column);
        QFETCH(Vec3, stack);
        QTemporaryDir dir;
        const QString series = dir.filePath(QStringLiteral("series"));
        demo::CtPhantomSpec spec;
        spec.dims = {48, 40, 12};
        spec.pixelSpacing = 7.5;
        spec.sliceSpacing = 2.5;
        QVERIFY(demo::writeCtPhantom(series, spec).ok());
        QVERIFY(reorient(series, spec, row, column, stack));

        const QString ours = dir.filePath(QStringLiteral("loupe.nii"));
        const test::ProcessResult r = test::run(cli(), {QStringLiteral("convert"), series, ours});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString reference = dcm2niix(series, dir.filePath(QStringLiteral("ref")));
        QVERIFY(QFileInfo::exists(reference));

        const QJsonObject c = compareNifti(reference, ours);
        QCOMPARE(c.value(QStringLiteral("shapeB")).toVariant(),
                 c.value(QStringLiteral("shapeA")).toVariant());
        QVERIFY2(c.value(QStringLiteral("affine")).toDouble() < 1e-3,
                 qPrintable(QString::number(c.value(QStringLiteral("affine")).toDouble())));
        QVERIFY2(c.value(QStringLiteral("qform")).toDouble() < 1e-3,
                 qPrintable(QString::number(c.value(QStringLiteral("qform")).toDouble())));
        QCOMPARE(c.value(QStringLiteral("data")).toDouble(), 0.0);
        QCOMPARE(c.value(QStringLiteral("minA")).toDouble(), -1000.0); // air, in HU, in both
    }

    void colourMatchesDcm2niix()
    {
        // RGB stays RGB (NIfTI RGB24, as dcm2niix writes it), voxel for voxel.
        QTemporaryDir dir;
        const QString series = dir.filePath(QStringLiteral("colour"));
        demo::ColourSeriesSpec spec;
        spec.storage = demo::ColourSeriesSpec::Storage::RgbPlanar;
        QVERIFY(demo::writeColourSeries(series, spec).ok());
        const QString ours = dir.filePath(QStringLiteral("loupe.nii"));
        const test::ProcessResult r = test::run(cli(), {QStringLiteral("convert"), series, ours});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString reference = dcm2niix(series, dir.filePath(QStringLiteral("ref")));
        QVERIFY(QFileInfo::exists(reference));
        const QJsonObject c = compareNifti(reference, ours);
        QCOMPARE(c.value(QStringLiteral("datatypeA")).toInt(), 128); // RGB24
        QCOMPARE(c.value(QStringLiteral("datatypeB")).toInt(), 128);
        QCOMPARE(c.value(QStringLiteral("shapeB")).toVariant(),
                 c.value(QStringLiteral("shapeA")).toVariant());
        QVERIFY(c.value(QStringLiteral("affine")).toDouble() < 1e-3);
        QCOMPARE(c.value(QStringLiteral("data")).toDouble(), 0.0);
    }

    void gzipAndMultipleSeries()
    {
        QTemporaryDir dir;
        demo::CtPhantomSpec a;
        a.dims = {32, 32, 6};
        a.pixelSpacing = 10;
        QVERIFY(demo::writeCtPhantom(dir.filePath(QStringLiteral("in/a")), a).ok());
        demo::CtPhantomSpec b = a;
        b.dims = {24, 24, 4};
        QVERIFY(demo::writeCtPhantom(dir.filePath(QStringLiteral("in/b")), b).ok());

        test::ProcessResult r =
            test::run(cli(), {QStringLiteral("convert"), dir.filePath(QStringLiteral("in")),
                              dir.filePath(QStringLiteral("x.nii.gz"))});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(QString::fromUtf8(r.err).contains(QStringLiteral("--series")), r.err.constData());

        // The UID of series b, from the CLI's own JSON.
        r = test::run(cli(), {QStringLiteral("info"), dir.filePath(QStringLiteral("in/b")),
                              QStringLiteral("--json")});
        const QString uid = QJsonDocument::fromJson(r.out)
                                .object()
                                .value(QStringLiteral("volumes"))
                                .toArray()
                                .first()
                                .toObject()
                                .value(QStringLiteral("seriesInstanceUid"))
                                .toString();
        QVERIFY(!uid.isEmpty());
        const QString gz = dir.filePath(QStringLiteral("b.nii.gz"));
        r = test::run(cli(), {QStringLiteral("convert"), dir.filePath(QStringLiteral("in")), gz,
                              QStringLiteral("--series"), uid});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString plain = dir.filePath(QStringLiteral("b.nii"));
        QCOMPARE(test::run(cli(),
                           {QStringLiteral("convert"), dir.filePath(QStringLiteral("in/b")), plain})
                     .exitCode,
                 0);
        const QJsonObject c = compareNifti(plain, gz);
        QCOMPARE(c.value(QStringLiteral("data")).toDouble(), 0.0);
        QCOMPARE(c.value(QStringLiteral("affine")).toDouble(), 0.0);
        QCOMPARE(c.value(QStringLiteral("shapeA")).toArray(), (QJsonArray{24, 24, 4}));
    }

    void unwritableOutputIsNamed()
    {
        QTemporaryDir dir;
        demo::CtPhantomSpec a;
        a.dims = {16, 16, 2};
        QVERIFY(demo::writeCtPhantom(dir.filePath(QStringLiteral("in")), a).ok());
        const QString target = dir.filePath(QStringLiteral("no/such/folder/out.nii"));
        const test::ProcessResult r = test::run(
            cli(), {QStringLiteral("convert"), dir.filePath(QStringLiteral("in")), target});
        QCOMPARE(r.exitCode, 1);
        QVERIFY2(QString::fromUtf8(r.err).contains(target), r.err.constData());
        QVERIFY(!QFileInfo::exists(target));
    }
};

QTEST_GUILESS_MAIN(TestConvert)
#include "tst_convert.moc"
