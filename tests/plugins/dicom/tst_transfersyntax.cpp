// Every common transfer syntax decodes to the right voxels. Inputs are the generator's
// uncompressed series converted by DCMTK's own tools (dcmconv, dcmcrle, dcmcjpeg, dcmcjpls)
// and GDCM's gdcmconv for JPEG 2000. Lossless syntaxes must match the original exactly; lossy
// ones must match the reference tool's own decoding exactly and the original within a bound.

#include "app/demo/ctphantom.h"
#include "core/progress.h"
#include "plugins/dicom/dicomreader.h"

#include "dicomtest.h"
#include "testsupport.h"

#include <QTemporaryDir>

#include <cmath>

using namespace loupe;

namespace {

struct Difference {
    double maxAbs = 0;
    double meanAbs = 0;
};

Difference compare(const Volume &a, const Volume &b)
{
    Difference d;
    const auto &g = a.geometry();
    double sum = 0;
    for (std::int64_t k = 0; k < g.dims[2]; ++k)
        for (std::int64_t j = 0; j < g.dims[1]; ++j)
            for (std::int64_t i = 0; i < g.dims[0]; ++i) {
                const double e = std::abs(a.valueAt(i, j, k) - b.valueAt(i, j, k));
                d.maxAbs = std::max(d.maxAbs, e);
                sum += e;
            }
    d.meanAbs = sum / double(g.voxelCount());
    return d;
}

} // namespace

class TestTransferSyntax : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_original = m_dir.filePath(QStringLiteral("original"));
        demo::CtPhantomSpec spec;
        spec.dims = {64, 56, 6};
        spec.pixelSpacing = 5.0; // air, fat, soft tissue and bone in every slice
        spec.sliceSpacing = 40.0;
        QVERIFY(demo::writeCtPhantom(m_original, spec).ok());
        m_reference = test::readOneVolume(m_original);
        QVERIFY(m_reference);
        // The same anatomy stored as 12-bit unsigned, for codecs that need it.
        m_original12 = m_dir.filePath(QStringLiteral("original12"));
        spec.unsigned12 = true;
        QVERIFY(demo::writeCtPhantom(m_original12, spec).ok());
        m_reference12 = test::readOneVolume(m_original12);
        QVERIFY(m_reference12);
        // 12-bit storage changes nothing in this phantom's range (-1000..900 HU).
        QCOMPARE(compare(*m_reference12, *m_reference).maxAbs, 0.0);
        QCOMPARE(test::transferSyntaxOf(m_original), QStringLiteral("LittleEndianExplicit"));
    }

    void lossless_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("syntax");
        QTest::newRow("implicit little endian")
            << "dcmconv" << QStringList{"+ti"} << "LittleEndianImplicit";
        QTest::newRow("explicit big endian")
            << "dcmconv" << QStringList{"+tb"} << "BigEndianExplicit";
        QTest::newRow("deflated") << "dcmconv" << QStringList{"+td"}
                                  << "DeflatedLittleEndianExplicit";
        QTest::newRow("RLE") << "dcmcrle" << QStringList{} << "RLELossless";
        QTest::newRow("JPEG lossless SV1") << "dcmcjpeg" << QStringList{"+e1"}
                                           << "JPEGLossless:Non-hierarchical-1stOrderPrediction";
        QTest::newRow("JPEG lossless, predictor 7") << "dcmcjpeg" << QStringList{"+el", "+sv", "7"}
                                                    << "JPEGLossless:Non-hierarchical:Process14";
        QTest::newRow("JPEG-LS lossless") << "dcmcjpls" << QStringList{"+el"} << "JPEGLSLossless";
        QTest::newRow("JPEG 2000 lossless")
            << "gdcmconv" << QStringList{"--j2k"} << "JPEG2000LosslessOnly";
    }

    void lossless()
    {
        QFETCH(QString, program);
        QFETCH(QStringList, args);
        QFETCH(QString, syntax);
        const QString out = m_dir.filePath(QString::fromLatin1(QTest::currentDataTag())
                                               .replace(QLatin1Char(' '), QLatin1Char('_')));
        QVERIFY(test::convertSeries(m_original, out, program, args));
        QCOMPARE(test::transferSyntaxOf(out), syntax);
        const auto volume = test::readOneVolume(out);
        QVERIFY(volume);
        QCOMPARE(volume->geometry().dims, m_reference->geometry().dims);
        const Difference d = compare(*volume, *m_reference);
        QCOMPARE(d.maxAbs, 0.0);
    }

    void lossy_data()
    {
        QTest::addColumn<QString>("program");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("syntax");
        QTest::addColumn<QString>("referenceDecoder");
        QTest::addColumn<QStringList>("referenceArgs");
        QTest::addColumn<double>("maxAbs");
        QTest::addColumn<double>("meanAbs");
        // JPEG-LS near-lossless guarantees |error| <= NEAR (2 here) for every voxel.
        QTest::newRow("JPEG-LS near-lossless") << "dcmcjpls" << QStringList{"+en"} << "JPEGLSLossy"
                                               << "dcmdjpls" << QStringList{} << 2.0 << 2.0;
        // JPEG extended (process 2+4), 12-bit lossy at DCMTK's default quality.
        QTest::newRow("JPEG extended 12-bit")
            << "dcmcjpeg" << QStringList{"+ee"} << "JPEGExtended:Process2+4"
            << "dcmdjpeg" << QStringList{} << 40.0 << 3.0;
        // JPEG 2000 at 4:1: the bound is on the mean error; edges ring.
        QTest::newRow("JPEG 2000 lossy 4:1")
            << "gdcmconv" << QStringList{"--j2k", "--lossy", "-r", "4"} << "JPEG2000"
            << "gdcmconv" << QStringList{"--raw"} << 30.0 << 1.0;
    }

    void lossy()
    {
        QFETCH(QString, program);
        QFETCH(QStringList, args);
        QFETCH(QString, syntax);
        QFETCH(QString, referenceDecoder);
        QFETCH(QStringList, referenceArgs);
        QFETCH(double, maxAbs);
        QFETCH(double, meanAbs);
        const QString tag = QString::fromLatin1(QTest::currentDataTag())
                                .replace(QLatin1Char(' '), QLatin1Char('_'));
        const QString out = m_dir.filePath(tag);
        QVERIFY(test::convertSeries(m_original12, out, program, args));
        QCOMPARE(test::transferSyntaxOf(out), syntax);
        const auto volume = test::readOneVolume(out);
        QVERIFY(volume);

        // The reference tool's own decoding of the same files: Loupe must agree exactly.
        const QString decoded = m_dir.filePath(tag + QStringLiteral("_decoded"));
        QVERIFY(test::convertSeries(out, decoded, referenceDecoder, referenceArgs));
        const auto reference = test::readOneVolume(decoded);
        QVERIFY(reference);
        QCOMPARE(compare(*volume, *reference).maxAbs, 0.0);

        const Difference d = compare(*volume, *m_reference12);
        qInfo("%s against the original: max |error| %g HU, mean |error| %.3f HU", qPrintable(tag),
              d.maxAbs, d.meanAbs);
        QVERIFY2(d.maxAbs <= maxAbs, qPrintable(QString::number(d.maxAbs)));
        QVERIFY2(d.meanAbs <= meanAbs, qPrintable(QString::number(d.meanAbs)));
        QVERIFY(d.maxAbs > 0); // it really is lossy: the comparison can tell
    }

    void twelveBitLossless()
    {
        // BitsStored 12 of 16, unsigned, through the lossless codecs.
        for (const auto &[program, args] : std::vector<std::pair<QString, QStringList>>{
                 {QStringLiteral("dcmcjpls"), {}},
                 {QStringLiteral("dcmcjpeg"), {QStringLiteral("+e1")}},
                 {QStringLiteral("gdcmconv"), {QStringLiteral("--j2k")}},
                 {QStringLiteral("dcmcrle"), {}}}) {
            const QString out = m_dir.filePath(QStringLiteral("twelve_") + program);
            QVERIFY(test::convertSeries(m_original12, out, program, args));
            const auto volume = test::readOneVolume(out);
            QVERIFY2(volume, qPrintable(program));
            QCOMPARE(compare(*volume, *m_reference12).maxAbs, 0.0);
        }
    }

    void unknownSyntaxIsNamed()
    {
        // RLE data relabelled as MPEG-2 video with pydicom: encapsulated, but no decoder.
        const QString rle = m_dir.filePath(QStringLiteral("mpeg_source"));
        QVERIFY(test::convertSeries(m_original, rle, QStringLiteral("dcmcrle"), {}));
        const QString mpeg = m_dir.filePath(QStringLiteral("mpeg"));
        QDir().mkpath(mpeg);
        const QString file = QDir(rle).entryInfoList(QDir::Files).first().absoluteFilePath();
        const test::ProcessResult r =
            test::run(test::debianPython(),
                      {QStringLiteral("-c"),
                       QStringLiteral("import pydicom,sys; d=pydicom.dcmread(sys.argv[1]); "
                                      "d.file_meta.TransferSyntaxUID='1.2.840.10008.1.2.4.100'; "
                                      "d.save_as(sys.argv[2], write_like_original=True)"),
                       file, mpeg + QStringLiteral("/video.dcm")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        Progress progress;
        Result<Dataset> d = dicom::DicomReader().read(mpeg, progress);
        QVERIFY(!d.ok());
        QVERIFY2(d.errorMessage().contains(QStringLiteral("1.2.840.10008.1.2.4.100")),
                 qPrintable(d.errorMessage()));
        QVERIFY(d.errorMessage().contains(QStringLiteral("MPEG2")));
        QVERIFY(d.errorMessage().contains(QStringLiteral("video.dcm")));
    }

private:
    QTemporaryDir m_dir;
    QString m_original;
    QString m_original12;
    std::shared_ptr<const Volume> m_reference;
    std::shared_ptr<const Volume> m_reference12;
};

QTEST_GUILESS_MAIN(TestTransferSyntax)
#include "tst_transfersyntax.moc"
