// Colour DICOM decodes to the right RGB values: RGB by pixel and by plane, YBR_FULL and
// YBR_FULL_422 from Loupe's generator (checked against pydicom's own decoding and colour
// conversion), and the compressed forms made by DCMTK's and GDCM's tools from the RGB series.
// Lossless forms must give the generator's colours exactly; lossy ones must match the
// reference tool's own decoding exactly and the original within a stated bound. JPEG baseline
// is also checked on 8-bit greyscale.

#include "app/demo/colourseries.h"
#include "core/progress.h"
#include "plugins/dicom/dicomreader.h"

#include "dicomtest.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <algorithm>
#include <cmath>

using namespace loupe;
using Storage = demo::ColourSeriesSpec::Storage;

namespace {

struct Difference {
    double maxAbs = 0;
    double meanAbs = 0;
};

/// Component by component (or value by value for greyscale).
Difference compareBytes(const std::uint8_t *a, const std::uint8_t *b, std::size_t n)
{
    Difference d;
    double sum = 0;
    for (std::size_t i = 0; i < n; ++i) {
        const double e = std::abs(double(a[i]) - double(b[i]));
        d.maxAbs = std::max(d.maxAbs, e);
        sum += e;
    }
    d.meanAbs = n ? sum / double(n) : 0;
    return d;
}

/// The voxels as bytes: colour as it is, greyscale value by value (8-bit data in any type).
std::vector<std::uint8_t> bytesOf(const Volume &v)
{
    if (v.isColour())
        return {v.dataAs<std::uint8_t>(), v.dataAs<std::uint8_t>() + v.sizeInBytes()};
    std::vector<std::uint8_t> out;
    const auto &d = v.geometry().dims;
    for (std::int64_t k = 0; k < d[2]; ++k)
        for (std::int64_t j = 0; j < d[1]; ++j)
            for (std::int64_t i = 0; i < d[0]; ++i)
                out.push_back(static_cast<std::uint8_t>(
                    std::clamp(std::lround(v.valueAt(i, j, k)), 0L, 255L)));
    return out;
}

Difference compare(const Volume &a, const Volume &b)
{
    if (a.geometry().dims != b.geometry().dims || a.scalarType() != b.scalarType())
        return {1e9, 1e9};
    const std::vector<std::uint8_t> x = bytesOf(a), y = bytesOf(b);
    return compareBytes(x.data(), y.data(), x.size());
}

/// The generator's truth for the spec, in Loupe's voxel order.
std::vector<std::uint8_t> truthOf(const demo::ColourSeriesSpec &spec, bool grey)
{
    std::vector<std::uint8_t> out;
    for (int k = 0; k < spec.dims[2]; ++k)
        for (int j = 0; j < spec.dims[1]; ++j)
            for (int i = 0; i < spec.dims[0]; ++i) {
                const auto c = demo::colourAt(spec, i, j, k);
                if (grey)
                    out.push_back(static_cast<std::uint8_t>(
                        std::lround(0.299 * c[0] + 0.587 * c[1] + 0.114 * c[2])));
                else
                    out.insert(out.end(), c.begin(), c.end());
            }
    return out;
}

} // namespace

class TestColour : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_rgb = m_dir.filePath(QStringLiteral("rgb"));
        QVERIFY(demo::writeColourSeries(m_rgb, m_spec).ok());
        m_truth = truthOf(m_spec, false);
        QCOMPARE(test::photometricOf(m_rgb), QStringLiteral("RGB"));
    }

    void rgbIsExact()
    {
        const auto volume = test::readOneVolume(m_rgb);
        QVERIFY(volume);
        QCOMPARE(volume->scalarType(), ScalarType::Rgb8);
        QVERIFY(volume->isColour());
        QCOMPARE(volume->geometry().dims, (std::array<std::int64_t, 3>{64, 48, 10}));
        QCOMPARE(volume->sizeInBytes(), m_truth.size());
        QCOMPARE(
            compareBytes(volume->dataAs<std::uint8_t>(), m_truth.data(), m_truth.size()).maxAbs,
            0.0);
        // Slices are in position order (the files are named the other way round): blue rises.
        QVERIFY(volume->componentAt(0, 0, 9, 2) > volume->componentAt(0, 0, 0, 2));
        QCOMPARE(volume->componentAt(32, 24, 5, 0), 240.0); // the yellow ball
        QCOMPARE(volume->componentAt(32, 24, 5, 1), 200.0);
    }

    void storages_data()
    {
        QTest::addColumn<int>("storage");
        QTest::addColumn<QString>("photometric");
        QTest::addColumn<double>("maxAgainstTruth");
        QTest::newRow("RGB by plane") << int(Storage::RgbPlanar) << "RGB" << 0.0;
        // Rounding to 8-bit YCbCr and back costs at most a step or two.
        QTest::newRow("YBR_FULL") << int(Storage::YbrFull) << "YBR_FULL" << 2.0;
        // Shared chroma: colours change across a pixel pair at the ball's edge.
        QTest::newRow("YBR_FULL_422") << int(Storage::YbrFull422) << "YBR_FULL_422" << 128.0;
    }

    void storages()
    {
        QFETCH(int, storage);
        QFETCH(QString, photometric);
        QFETCH(double, maxAgainstTruth);
        demo::ColourSeriesSpec spec = m_spec;
        spec.storage = Storage(storage);
        const QString dir = m_dir.filePath(QString::fromLatin1(QTest::currentDataTag()));
        QVERIFY(demo::writeColourSeries(dir, spec).ok());
        QCOMPARE(test::photometricOf(dir), photometric);
        const auto volume = test::readOneVolume(dir);
        QVERIFY(volume);
        QCOMPARE(volume->scalarType(), ScalarType::Rgb8);

        // pydicom's decoding and colour conversion of the same files, independently.
        const QString raw = dir + QStringLiteral(".raw");
        const test::ProcessResult r = test::run(
            test::debianPython(),
            {test::sourceTestsDir() + QStringLiteral("/tools/colour_reference.py"), dir, raw});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QCOMPARE(
            QJsonDocument::fromJson(r.out).object().value(QStringLiteral("photometric")).toString(),
            photometric);
        QFile f(raw);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray reference = f.readAll();
        QCOMPARE(std::size_t(reference.size()), volume->sizeInBytes());
        const Difference pydicom = compareBytes(
            volume->dataAs<std::uint8_t>(),
            reinterpret_cast<const std::uint8_t *>(reference.constData()), volume->sizeInBytes());
        // Loupe converts YCbCr in double precision, pydicom in float32: the two round a value
        // that lies within float32's error of .5 differently, and nothing else.
        qInfo("%s against pydicom: max %g, mean %.5f", QTest::currentDataTag(), pydicom.maxAbs,
              pydicom.meanAbs);
        QVERIFY(pydicom.maxAbs <= (photometric == QLatin1String("RGB") ? 0.0 : 1.0));
        QVERIFY(pydicom.meanAbs <= 0.001);

        const Difference truth =
            compareBytes(volume->dataAs<std::uint8_t>(), m_truth.data(), m_truth.size());
        qInfo("%s against the generator's colours: max %g, mean %.3f", QTest::currentDataTag(),
              truth.maxAbs, truth.meanAbs);
        QVERIFY2(truth.maxAbs <= maxAgainstTruth, qPrintable(QString::number(truth.maxAbs)));
        QVERIFY2(truth.meanAbs <= 2.0, qPrintable(QString::number(truth.meanAbs)));
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
        QTest::newRow("JPEG-LS lossless") << "dcmcjpls" << QStringList{"+el"} << "JPEGLSLossless";
        QTest::newRow("JPEG-LS lossless, by line")
            << "dcmcjpls" << QStringList{"+el", "+il"} << "JPEGLSLossless";
        QTest::newRow("JPEG-LS lossless, by plane")
            << "dcmcjpls" << QStringList{"+el", "+in"} << "JPEGLSLossless";
        QTest::newRow("JPEG 2000 lossless (RCT)")
            << "gdcmconv" << QStringList{"--j2k"} << "JPEG2000LosslessOnly";
    }

    void lossless()
    {
        QFETCH(QString, program);
        QFETCH(QStringList, args);
        QFETCH(QString, syntax);
        const QString out = m_dir.filePath(QString::fromLatin1(QTest::currentDataTag())
                                               .replace(QLatin1Char(' '), QLatin1Char('_')));
        QVERIFY(test::convertSeries(m_rgb, out, program, args));
        QCOMPARE(test::transferSyntaxOf(out), syntax);
        const auto volume = test::readOneVolume(out);
        QVERIFY(volume);
        QCOMPARE(volume->scalarType(), ScalarType::Rgb8);
        qInfo("%s: stored as %s", QTest::currentDataTag(), qPrintable(test::photometricOf(out)));
        QCOMPARE(
            compareBytes(volume->dataAs<std::uint8_t>(), m_truth.data(), m_truth.size()).maxAbs,
            0.0);
    }

    void lossy_data()
    {
        QTest::addColumn<bool>("grey");
        QTest::addColumn<QString>("program");
        QTest::addColumn<QStringList>("args");
        QTest::addColumn<QString>("syntax");
        QTest::addColumn<QString>("referenceDecoder");
        QTest::addColumn<QStringList>("referenceArgs");
        QTest::addColumn<double>("maxAbs");
        QTest::addColumn<double>("meanAbs");
        // DCMTK's default quality (90); colour goes through YBR_FULL_422, so edges between
        // strong colours bleed. The bounds are on the whole series, component by component.
        QTest::newRow("JPEG baseline, colour")
            << false << "dcmcjpeg" << QStringList{"+eb"} << "JPEGBaseline"
            << "dcmdjpeg" << QStringList{} << 120.0 << 2.5;
        // +sr: scale by the 8-bit range, which keeps the values (dcmcjpeg otherwise stretches
        // each image's own min..max to 0..255).
        QTest::newRow("JPEG baseline, 8-bit grey")
            << true << "dcmcjpeg" << QStringList{"+eb", "+sr"} << "JPEGBaseline"
            << "dcmdjpeg" << QStringList{} << 24.0 << 1.0;
        QTest::newRow("JPEG extended, colour")
            << false << "dcmcjpeg" << QStringList{"+ee"} << "JPEGExtended:Process2+4"
            << "dcmdjpeg" << QStringList{} << 120.0 << 2.5;
        QTest::newRow("JPEG-LS near-lossless, colour")
            << false << "dcmcjpls" << QStringList{"+en"} << "JPEGLSLossy"
            << "dcmdjpls" << QStringList{} << 2.0 << 2.0;
        // At 4:1 this smooth picture comes back exactly; 10:1 loses detail.
        QTest::newRow("JPEG 2000 lossy 10:1, colour")
            << false << "gdcmconv" << QStringList{"--j2k", "--lossy", "-r", "10"} << "JPEG2000"
            << "gdcmconv" << QStringList{"--raw"} << 60.0 << 2.0;
    }

    void lossy()
    {
        QFETCH(bool, grey);
        QFETCH(QString, program);
        QFETCH(QStringList, args);
        QFETCH(QString, syntax);
        QFETCH(QString, referenceDecoder);
        QFETCH(QStringList, referenceArgs);
        QFETCH(double, maxAbs);
        QFETCH(double, meanAbs);
        const QString tag = QString::fromLatin1(QTest::currentDataTag())
                                .replace(QLatin1Char(' '), QLatin1Char('_'))
                                .remove(QLatin1Char(','));
        QString source = m_rgb;
        if (grey) {
            demo::ColourSeriesSpec spec = m_spec;
            spec.storage = Storage::Grey8;
            source = m_dir.filePath(QStringLiteral("grey8"));
            if (!QDir(source).exists())
                QVERIFY(demo::writeColourSeries(source, spec).ok());
            // The uncompressed 8-bit series itself is exact.
            const auto original = test::readOneVolume(source);
            QVERIFY(original);
            const std::vector<std::uint8_t> bytes = bytesOf(*original),
                                            truth = truthOf(m_spec, true);
            QCOMPARE(compareBytes(bytes.data(), truth.data(), truth.size()).maxAbs, 0.0);
        }
        const QString out = m_dir.filePath(tag);
        QVERIFY(test::convertSeries(source, out, program, args));
        QCOMPARE(test::transferSyntaxOf(out), syntax);
        qInfo("%s: stored as %s", qPrintable(tag), qPrintable(test::photometricOf(out)));
        const auto volume = test::readOneVolume(out);
        QVERIFY(volume);
        QCOMPARE(volume->isColour(), !grey);

        // The reference tool's own decoding of the same files: Loupe must agree exactly.
        const QString decoded = m_dir.filePath(tag + QStringLiteral("_decoded"));
        QVERIFY(test::convertSeries(out, decoded, referenceDecoder, referenceArgs));
        const auto reference = test::readOneVolume(decoded);
        QVERIFY(reference);
        QCOMPARE(compare(*volume, *reference).maxAbs, 0.0);

        const std::vector<std::uint8_t> truth = truthOf(m_spec, grey);
        const std::vector<std::uint8_t> decodedBytes = bytesOf(*volume);
        QCOMPARE(decodedBytes.size(), truth.size());
        const Difference d = compareBytes(decodedBytes.data(), truth.data(), truth.size());
        qInfo("%s against the original: max |error| %g, mean |error| %.3f", qPrintable(tag),
              d.maxAbs, d.meanAbs);
        QVERIFY2(d.maxAbs <= maxAbs, qPrintable(QString::number(d.maxAbs)));
        QVERIFY2(d.meanAbs <= meanAbs, qPrintable(QString::number(d.meanAbs)));
        QVERIFY(d.maxAbs > 0); // it really is lossy: the comparison can tell
    }

    void sixteenBitColourIsNamed()
    {
        // 16-bit RGB is legal DICOM but rare; Loupe says so rather than guessing.
        const QString dir = m_dir.filePath(QStringLiteral("rgb16"));
        QDir().mkpath(dir);
        const QString file = QDir(m_rgb).entryInfoList(QDir::Files).first().absoluteFilePath();
        const test::ProcessResult r = test::run(
            test::debianPython(),
            {QStringLiteral("-c"),
             QStringLiteral("import pydicom,sys,numpy as np; d=pydicom.dcmread(sys.argv[1]); "
                            "a=d.pixel_array.astype(np.uint16)*257; d.BitsAllocated=16; "
                            "d.BitsStored=16; d.HighBit=15; d.PixelData=a.tobytes(); "
                            "d.save_as(sys.argv[2])"),
             file, dir + QStringLiteral("/rgb16.dcm")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        Progress progress;
        Result<Dataset> d = dicom::DicomReader().read(dir, progress);
        QVERIFY(!d.ok());
        QVERIFY2(d.errorMessage().contains(QStringLiteral("16-bit colour")),
                 qPrintable(d.errorMessage()));
        QVERIFY(d.errorMessage().contains(QStringLiteral("rgb16.dcm")));
    }

private:
    QTemporaryDir m_dir;
    demo::ColourSeriesSpec m_spec;
    QString m_rgb;
    std::vector<std::uint8_t> m_truth;
};

QTEST_GUILESS_MAIN(TestColour)
#include "tst_colour.moc"
