// Multi-frame objects: an enhanced CT (functional groups, frames stored shuffled) and an RT
// dose grid (GridFrameOffsetVector, DoseGridScaling), both from Loupe's generator; the
// enhanced CT also compressed frame by frame with DCMTK's and GDCM's tools, and checked
// against dcm2niix and pydicom.

#include "app/demo/ctphantom.h"
#include "core/progress.h"
#include "plugins/dicom/dicomreader.h"

#include "dicomtest.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cmath>

using namespace loupe;

namespace {

int phantomMismatches(const Volume &v, const demo::CtPhantomSpec &spec)
{
    int mismatches = 0;
    for (int k = 0; k < spec.dims[2]; ++k)
        for (int j = 0; j < spec.dims[1]; ++j)
            for (int i = 0; i < spec.dims[0]; ++i)
                if (v.valueAt(i, j, k) != double(std::lround(demo::phantomHu(
                                              demo::phantomVoxelToPatient(spec, i, j, k)))))
                    ++mismatches;
    return mismatches;
}

} // namespace

class TestMultiFrame : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_spec.dims = {48, 40, 16};
        m_spec.pixelSpacing = 6.5;
        m_spec.sliceSpacing = 17.5;
        m_enhanced = m_dir.filePath(QStringLiteral("enhanced/ct.dcm"));
        QVERIFY(QDir().mkpath(m_dir.filePath(QStringLiteral("enhanced"))));
        QVERIFY(demo::writeEnhancedCtPhantom(m_enhanced, m_spec).ok());
    }

    void enhancedCtPlacesShuffledFramesByPosition()
    {
        const auto v = test::readOneVolume(m_enhanced);
        QVERIFY(v);
        QCOMPARE(v->geometry().dims[2], 16);
        QVERIFY(std::abs(v->geometry().spacing[2] - 17.5) < 1e-6);
        QVERIFY(std::abs(v->geometry().spacing[0] - 6.5) < 1e-6);
        const Vec3 origin = demo::phantomVoxelToPatient(m_spec, 0, 0, 0);
        for (int a = 0; a < 3; ++a)
            QVERIFY(std::abs(v->geometry().origin[a] - origin[a]) < 1e-3);
        QCOMPARE(v->info().units, QStringLiteral("HU")); // rescale from the shared groups
        QCOMPARE(phantomMismatches(*v, m_spec), 0);

        // pydicom agrees the file stores its frames out of order.
        const test::ProcessResult r = test::run(
            test::debianPython(),
            {QStringLiteral("-c"),
             QStringLiteral("import pydicom,sys; d=pydicom.dcmread(sys.argv[1]); "
                            "print(d.NumberOfFrames, d.PerFrameFunctionalGroupsSequence[0]"
                            ".PlanePositionSequence[0].ImagePositionPatient[2])"),
             m_enhanced});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QStringList parts = QString::fromUtf8(r.out).split(QLatin1Char(' '));
        QCOMPARE(parts[0].toInt(), 16);
        QVERIFY(std::abs(parts[1].toDouble() - origin[2]) > 1.0); // frame 0 is not the first slice
    }

    void enhancedCtMatchesDcm2niix()
    {
        const QString ours = m_dir.filePath(QStringLiteral("enhanced.nii"));
        test::ProcessResult r = test::run(test::binDir() + QStringLiteral("/loupe-cli"),
                                          {QStringLiteral("convert"), m_enhanced, ours});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QString refDir = m_dir.filePath(QStringLiteral("ref"));
        QDir().mkpath(refDir);
        const QString single = m_dir.filePath(QStringLiteral("single"));
        QDir().mkpath(single);
        QVERIFY(QFile::copy(m_enhanced, single + QStringLiteral("/ct.dcm")));
        r = test::run(QStringLiteral("dcm2niix"),
                      {QStringLiteral("-z"), QStringLiteral("n"), QStringLiteral("-b"),
                       QStringLiteral("n"), QStringLiteral("-f"), QStringLiteral("ref"),
                       QStringLiteral("-o"), refDir, single});
        QCOMPARE(r.exitCode, 0);
        r = test::run(test::debianPython(),
                      {test::sourceTestsDir() + QStringLiteral("/tools/nifti_compare.py"),
                       refDir + QStringLiteral("/ref.nii"), ours});
        const QJsonObject c = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(c.value(QStringLiteral("data")).toDouble(), 0.0);
        QVERIFY(c.value(QStringLiteral("affine")).toDouble() < 1e-3);
    }

    void compressedMultiFrame_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QStringList>("args");
        QTest::newRow("JPEG lossless") << "dcmcjpeg" << QStringList{"+e1"};
        QTest::newRow("RLE") << "dcmcrle" << QStringList{};
        QTest::newRow("JPEG-LS lossless") << "dcmcjpls" << QStringList{};
        QTest::newRow("JPEG 2000 lossless") << "gdcmconv" << QStringList{"--j2k"};
    }

    void compressedMultiFrame()
    {
        QFETCH(QString, program);
        QFETCH(QStringList, args);
        const QString dir = m_dir.filePath(QString::fromLatin1(QTest::currentDataTag())
                                               .replace(QLatin1Char(' '), QLatin1Char('_')));
        QDir().mkpath(dir);
        const QString out = dir + QStringLiteral("/ct.dcm");
        const test::ProcessResult r = test::run(program, QStringList(args) << m_enhanced << out);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const auto v = test::readOneVolume(out);
        QVERIFY(v);
        QCOMPARE(phantomMismatches(*v, m_spec), 0);
    }

    void doseGrid()
    {
        demo::CtPhantomSpec spec;
        spec.dims = {40, 32, 12};
        spec.pixelSpacing = 6.0;
        spec.sliceSpacing = 15.0;
        const QString file = m_dir.filePath(QStringLiteral("dose/rtdose.dcm"));
        QDir().mkpath(m_dir.filePath(QStringLiteral("dose")));
        QVERIFY(demo::writeDoseGrid(file, spec).ok());
        const auto v = test::readOneVolume(file);
        QVERIFY(v);
        QCOMPARE(v->info().modality, QStringLiteral("RTDOSE"));
        QCOMPARE(v->info().units, QStringLiteral("Gy"));
        QCOMPARE(v->scalarType(), ScalarType::Float32);
        QCOMPARE(v->geometry().dims[2], 12);
        QVERIFY(std::abs(v->geometry().spacing[2] - 15.0) < 1e-6);
        double worst = 0;
        for (int k = 0; k < 12; ++k)
            for (int j = 0; j < 32; ++j)
                for (int i = 0; i < 40; ++i) {
                    const double stored =
                        std::lround(demo::phantomDose(demo::phantomVoxelToPatient(spec, i, j, k)) /
                                    demo::kDoseGridScaling);
                    worst = std::max(
                        worst, std::abs(v->valueAt(i, j, k) - stored * demo::kDoseGridScaling));
                }
        QVERIFY2(worst < 1e-6, qPrintable(QString::number(worst)));
        QVERIFY(std::abs(v->maximum() - 2.0) < 1e-6);
        QVERIFY(v->minimum() < 0.5); // the fall-off reaches the grid's corners
    }

private:
    QTemporaryDir m_dir;
    demo::CtPhantomSpec m_spec;
    QString m_enhanced;
};

QTEST_GUILESS_MAIN(TestMultiFrame)
#include "tst_multiframe.moc"
