// The DICOM reader against series written by Loupe's generator, changed with DCMTK's own
// dcmodify where a case needs it, and checked against pydicom's independent reading.

#include "app/demo/ctphantom.h"
#include "core/progress.h"
#include "plugins/dicom/dicomreader.h"

#include "testsupport.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

#include <cmath>
#include <cstring>

using namespace loupe;

namespace {

demo::CtPhantomSpec smallSpec()
{
    demo::CtPhantomSpec spec;
    spec.dims = {64, 48, 30};
    spec.pixelSpacing = 4.8;
    spec.sliceSpacing = 10.0;
    return spec;
}

QStringList seriesFiles(const QString &dir)
{
    QStringList files;
    for (const QFileInfo &f : QDir(dir).entryInfoList(QDir::Files, QDir::Name))
        files << f.absoluteFilePath();
    return files;
}

/// The file holding slice k (in position order): its ImagePositionPatient z gives it away.
QString fileOfSlice(const QString &dir, const demo::CtPhantomSpec &spec, int k)
{
    const double z = demo::phantomVoxelToPatient(spec, 0, 0, k)[2];
    for (const QString &f : seriesFiles(dir)) {
        const test::ProcessResult r = test::run(
            QStringLiteral("dcmdump"), {QStringLiteral("+P"), QStringLiteral("0020,0032"), f});
        const QString text = QString::fromLatin1(r.out);
        const QString value = text.section(QLatin1Char('['), 1).section(QLatin1Char(']'), 0, 0);
        if (std::abs(value.section(QLatin1Char('\\'), 2, 2).toDouble() - z) < 1e-3)
            return f;
    }
    return {};
}

void dcmodify(const QStringList &args)
{
    const test::ProcessResult r = test::run(QStringLiteral("dcmodify"), args);
    QVERIFY2(r.exitCode == 0, r.err.constData());
}

} // namespace

class TestDicomReader : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_series = m_dir.filePath(QStringLiteral("ct"));
        QVERIFY(demo::writeCtPhantom(m_series, m_spec).ok());
    }

    void readsGeometryAndHounsfieldUnits()
    {
        Progress progress;
        Result<Dataset> d = dicom::DicomReader().read(m_series, progress);
        QVERIFY2(d.ok(), qPrintable(d.errorMessage()));
        QCOMPARE(d->volumes.size(), std::size_t(1));
        QVERIFY2(d->warnings.isEmpty(), qPrintable(d->warnings.join(QLatin1Char('\n'))));
        const Volume &v = *d->volumes.front();
        const VolumeGeometry &g = v.geometry();
        QCOMPARE(g.dims[0], 64);
        QCOMPARE(g.dims[1], 48);
        QCOMPARE(g.dims[2], 30);
        QVERIFY(std::abs(g.spacing[0] - 4.8) < 1e-6);
        QVERIFY(std::abs(g.spacing[2] - 10.0) < 1e-6);
        const Vec3 origin = demo::phantomVoxelToPatient(m_spec, 0, 0, 0);
        for (int a = 0; a < 3; ++a)
            QVERIFY(std::abs(g.origin[a] - origin[a]) < 1e-3);
        QCOMPARE(g.direction, identity3());
        QCOMPARE(v.scalarType(), ScalarType::Int16);
        QCOMPARE(v.info().units, QStringLiteral("HU"));
        QCOMPARE(v.info().modality, QStringLiteral("CT"));
        QCOMPARE(v.info().rescaleIntercept, -1024.0);

        // Every voxel equals the phantom's analytic value at its patient position: that
        // proves slice order, in-plane orientation and rescale together.
        int mismatches = 0;
        for (int k = 0; k < 30; ++k)
            for (int j = 0; j < 48; ++j)
                for (int i = 0; i < 64; ++i) {
                    const double expected = std::lround(
                        demo::phantomHu(g.voxelToPatient({double(i), double(j), double(k)})));
                    if (v.valueAt(i, j, k) != expected)
                        ++mismatches;
                }
        QCOMPARE(mismatches, 0);
        QCOMPARE(v.minimum(), -1000.0);
        QCOMPARE(v.maximum(), 900.0);
    }

    void agreesWithPydicom()
    {
        const QStringList voxels{QStringLiteral("32,24,15"), QStringLiteral("0,0,0"),
                                 QStringLiteral("40,30,20"), QStringLiteral("32,37,5"),
                                 QStringLiteral("20,24,25")};
        const test::ProcessResult r =
            test::run(test::debianPython(),
                      QStringList{test::sourceTestsDir() + QStringLiteral("/tools/dicom_probe.py"),
                                  m_series} +
                          voxels);
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject probe = QJsonDocument::fromJson(r.out).object();
        QCOMPARE(probe.value(QStringLiteral("count")).toInt(), 30);
        QCOMPARE(probe.value(QStringLiteral("sopClass")).toString(),
                 QStringLiteral("1.2.840.10008.5.1.4.1.1.2"));
        // Instance numbers run opposite to position: sorting by them would flip the volume.
        const QJsonArray numbers = probe.value(QStringLiteral("instanceNumbers")).toArray();
        QVERIFY(numbers[0].toInt() > numbers[1].toInt());

        Progress progress;
        Result<Dataset> d = dicom::DicomReader().read(m_series, progress);
        QVERIFY(d.ok());
        const Volume &v = *d->volumes.front();
        const QJsonArray first = probe.value(QStringLiteral("firstPosition")).toArray();
        for (int a = 0; a < 3; ++a)
            QVERIFY(std::abs(v.geometry().origin[a] - first[a].toDouble()) < 1e-4);
        QVERIFY(std::abs(v.geometry().spacing[2] -
                         probe.value(QStringLiteral("sliceSpacing")).toDouble()) < 1e-4);
        const QJsonArray values = probe.value(QStringLiteral("values")).toArray();
        for (int n = 0; n < voxels.size(); ++n) {
            const QStringList ijk = voxels[n].split(QLatin1Char(','));
            QCOMPARE(v.valueAt(ijk[0].toInt(), ijk[1].toInt(), ijk[2].toInt()),
                     values[n].toDouble());
        }
    }

    void oneFileOpensItsWholeSeries()
    {
        dicom::DicomReader reader;
        const QString one = seriesFiles(m_series).first();
        QCOMPARE(reader.canRead(one), 90);
        QCOMPARE(reader.canRead(m_series), 80);
        Progress progress;
        Result<Dataset> d = reader.read(one, progress);
        QVERIFY2(d.ok(), qPrintable(d.errorMessage()));
        QCOMPARE(d->volumes.front()->geometry().dims[2], 30);
    }

    void notDicomIsRefusedWithTheName()
    {
        QTemporaryDir dir;
        const QString text = dir.filePath(QStringLiteral("readme.txt"));
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QByteArray(300, 'x'));
        f.close();
        dicom::DicomReader reader;
        QCOMPARE(reader.canRead(text), 0);
        QCOMPARE(reader.canRead(dir.path()), 0);
        Progress progress;
        Result<Dataset> d = reader.read(dir.path(), progress);
        QVERIFY(!d.ok());
        QVERIFY(d.errorMessage().contains(dir.path()));
        QVERIFY(d.errorMessage().contains(QStringLiteral("No DICOM images")));
    }

    void truncatedFileIsNamedAndLeavesAGap()
    {
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("ct"));
        QVERIFY(demo::writeCtPhantom(copy, m_spec).ok());
        const QString victim = fileOfSlice(copy, m_spec, 7);
        QFile f(victim);
        QVERIFY(f.resize(f.size() - 2000)); // cut into the pixel data
        Progress progress;
        Result<Dataset> d = dicom::DicomReader().read(copy, progress);
        QVERIFY2(d.ok(), qPrintable(d.errorMessage()));
        const QString warnings = d->warnings.join(QLatin1Char('\n'));
        QVERIFY2(warnings.contains(victim), qPrintable(warnings));
        QVERIFY(warnings.contains(QStringLiteral("Slice 8 is left empty")));
        // The rest of the series is there; the gap holds the lowest value (air).
        const Volume &v = *d->volumes.front();
        QCOMPARE(v.geometry().dims[2], 30);
        QCOMPARE(v.valueAt(32, 24, 7), -1000.0);
        const Vec3 p = v.geometry().voxelToPatient({32, 24, 8});
        QCOMPARE(v.valueAt(32, 24, 8), double(std::lround(demo::phantomHu(p))));
        QVERIFY(v.valueAt(32, 24, 8) != -1000.0);
    }

    void aSeriesOfOnlyBrokenFilesIsAnError()
    {
        QTemporaryDir dir;
        demo::CtPhantomSpec tiny = m_spec;
        tiny.dims = {16, 16, 2};
        QVERIFY(demo::writeCtPhantom(dir.path(), tiny).ok());
        for (const QString &file : seriesFiles(dir.path())) {
            QFile f(file);
            QVERIFY(f.resize(f.size() - 300));
        }
        Progress progress;
        Result<Dataset> d = dicom::DicomReader().read(dir.path(), progress);
        QVERIFY(!d.ok());
        QVERIFY2(d.errorMessage().contains(dir.path()), qPrintable(d.errorMessage()));
        QVERIFY(d.errorMessage().contains(QStringLiteral("truncated")));
    }

    void missingAndDuplicateSlicesAreReported()
    {
        QTemporaryDir dir;
        const QString copy = dir.filePath(QStringLiteral("ct"));
        QVERIFY(demo::writeCtPhantom(copy, m_spec).ok());
        // Remove slice 10; duplicate slice 20 under a new SOP Instance UID with DCMTK.
        QVERIFY(QFile::remove(fileOfSlice(copy, m_spec, 10)));
        const QString dup = copy + QStringLiteral("/dup.dcm");
        QVERIFY(QFile::copy(fileOfSlice(copy, m_spec, 20), dup));
        dcmodify({QStringLiteral("-nb"), QStringLiteral("-gin"), dup});

        Progress progress;
        Result<Dataset> d = dicom::DicomReader().read(copy, progress);
        QVERIFY2(d.ok(), qPrintable(d.errorMessage()));
        const QString warnings = d->warnings.join(QLatin1Char('\n'));
        QVERIFY2(warnings.contains(QStringLiteral("missing")), qPrintable(warnings));
        QVERIFY2(warnings.contains(QStringLiteral("duplicate")), qPrintable(warnings));
        // The gap keeps its place: slices after it stay at their true positions.
        const Volume &v = *d->volumes.front();
        QCOMPARE(v.geometry().dims[2], 30);
        QCOMPARE(v.info().missingSlices, std::vector<int>{10});
        QVERIFY(std::abs(v.geometry().spacing[2] - 10.0) < 1e-6);
        const Vec3 p = v.geometry().voxelToPatient({32, 24, 25});
        QCOMPARE(v.valueAt(32, 24, 25), double(std::lround(demo::phantomHu(p))));
    }

    void seriesAreSplitAndTiltIsReported()
    {
        QTemporaryDir dir;
        const QString two = dir.filePath(QStringLiteral("two"));
        QVERIFY(demo::writeCtPhantom(two + QStringLiteral("/a"), m_spec).ok());
        demo::CtPhantomSpec other = m_spec;
        other.dims = {32, 32, 12};
        QVERIFY(demo::writeCtPhantom(two + QStringLiteral("/b"), other).ok());
        Progress progress;
        Result<Dataset> d = dicom::DicomReader().read(two, progress);
        QVERIFY2(d.ok(), qPrintable(d.errorMessage()));
        QCOMPARE(d->volumes.size(), std::size_t(2));
        QCOMPARE(d->volumes[0]->geometry().dims[2], 30); // largest first
        QCOMPARE(d->volumes[1]->geometry().dims[2], 12);

        // Shear the stack along y (a gantry tilt) by rewriting positions with dcmodify.
        const QString tilted = dir.filePath(QStringLiteral("tilted"));
        demo::CtPhantomSpec small = m_spec;
        small.dims = {16, 16, 6};
        QVERIFY(demo::writeCtPhantom(tilted, small).ok());
        for (int k = 0; k < 6; ++k) {
            const Vec3 p = demo::phantomVoxelToPatient(small, 0, 0, k);
            const QString file = fileOfSlice(tilted, small, k);
            QVERIFY(!file.isEmpty());
            dcmodify(
                {QStringLiteral("-nb"), QStringLiteral("-m"),
                 QStringLiteral("(0020,0032)=%1\\%2\\%3").arg(p[0]).arg(p[1] + 2.0 * k).arg(p[2]),
                 file});
        }
        d = dicom::DicomReader().read(tilted, progress);
        QVERIFY2(d.ok(), qPrintable(d.errorMessage()));
        QVERIFY2(d->warnings.join(QLatin1Char('\n')).contains(QStringLiteral("gantry tilt")),
                 qPrintable(d->warnings.join(QLatin1Char('\n'))));
        const Vec3 kAxis = column(d->volumes.front()->geometry().direction, 2);
        QVERIFY(std::abs(kAxis[1] - 2.0 / std::sqrt(104.0)) < 1e-6);
    }

    void monochrome1KeepsValuesAndSaysInvert()
    {
        QTemporaryDir dir;
        demo::CtPhantomSpec tiny = m_spec;
        tiny.dims = {24, 20, 3};
        QVERIFY(demo::writeCtPhantom(dir.path(), tiny).ok());
        Progress progress;
        Result<Dataset> before = dicom::DicomReader().read(dir.path(), progress);
        QVERIFY(before.ok());
        QVERIFY(!before->volumes.front()->info().invertGrey);
        for (const QString &file : seriesFiles(dir.path()))
            dcmodify({QStringLiteral("-nb"), QStringLiteral("-m"),
                      QStringLiteral("(0028,0004)=MONOCHROME1"), file});
        Result<Dataset> after = dicom::DicomReader().read(dir.path(), progress);
        QVERIFY(after.ok());
        QVERIFY(after->volumes.front()->info().invertGrey);
        const Volume &a = *before->volumes.front(), &b = *after->volumes.front();
        QCOMPARE(std::memcmp(a.data(), b.data(), a.sizeInBytes()), 0);
    }

    void valuesBeyondInt16FallBackToFloat()
    {
        // Intercept +32000 pushes bone past 32767: the reader must notice and read float32
        // (found by the fuzzer, which also caught the undefined cast on the way).
        QTemporaryDir dir;
        demo::CtPhantomSpec tiny = m_spec;
        tiny.dims = {24, 20, 3};
        QVERIFY(demo::writeCtPhantom(dir.path(), tiny).ok());
        for (const QString &file : seriesFiles(dir.path()))
            dcmodify({QStringLiteral("-nb"), QStringLiteral("-m"),
                      QStringLiteral("(0028,1052)=32000"), file});
        Progress progress;
        Result<Dataset> d = dicom::DicomReader().read(dir.path(), progress);
        QVERIFY2(d.ok(), qPrintable(d.errorMessage()));
        const Volume &v = *d->volumes.front();
        QCOMPARE(v.scalarType(), ScalarType::Float32);
        for (int k = 0; k < 3; ++k)
            for (int j = 0; j < 20; j += 3)
                for (int i = 0; i < 24; i += 3) {
                    const double hu =
                        std::lround(demo::phantomHu(demo::phantomVoxelToPatient(tiny, i, j, k)));
                    QCOMPARE(v.valueAt(i, j, k), hu + 1024 + 32000);
                }
        QVERIFY(v.maximum() > 32767);
    }

    void impossibleBitsStoredIsTreatedAsAllocated()
    {
        // BitsStored 62 of 16 (found by the fuzzer: it drove a shift past 32 bits).
        QTemporaryDir dir;
        demo::CtPhantomSpec tiny = m_spec;
        tiny.dims = {16, 16, 2};
        QVERIFY(demo::writeCtPhantom(dir.path(), tiny).ok());
        for (const QString &file : seriesFiles(dir.path()))
            dcmodify({QStringLiteral("-nb"), QStringLiteral("-m"), QStringLiteral("(0028,0101)=62"),
                      file});
        Progress progress;
        Result<Dataset> d = dicom::DicomReader().read(dir.path(), progress);
        QVERIFY2(d.ok(), qPrintable(d.errorMessage()));
        const Vec3 p = demo::phantomVoxelToPatient(tiny, 8, 8, 1);
        QCOMPARE(d->volumes.front()->valueAt(8, 8, 1), double(std::lround(demo::phantomHu(p))));
    }

    void middleSliceIsPreviewedFirst()
    {
        Progress progress;
        int previews = 0;
        std::int64_t shown = -1;
        double centreAtPreview = 0;
        progress.setPreviewCallback([&](std::shared_ptr<const Volume> v, std::int64_t k) {
            ++previews;
            shown = k;
            centreAtPreview = v->valueAt(32, 24, k); // the slice is complete already
            QCOMPARE(v->info().units, QStringLiteral("HU"));
        });
        Result<Dataset> d = dicom::DicomReader().read(m_series, progress);
        QVERIFY(d.ok());
        QCOMPARE(previews, 1);
        QCOMPARE(shown, std::int64_t(15));
        const Volume &v = *d->volumes.front();
        QCOMPARE(centreAtPreview, v.valueAt(32, 24, 15));
        QCOMPARE(centreAtPreview,
                 double(std::lround(demo::phantomHu(v.geometry().voxelToPatient({32, 24, 15})))));
    }

    void repeatedAcquisitionsAreSplit()
    {
        // Two scans of the same region in one series (acquisition 1 and 2), made by giving
        // the second phantom series the first one's UIDs with dcmodify.
        QTemporaryDir dir;
        demo::CtPhantomSpec tiny = m_spec;
        tiny.dims = {16, 16, 5};
        const QString a = dir.filePath(QStringLiteral("a")), b = dir.filePath(QStringLiteral("b"));
        QVERIFY(demo::writeCtPhantom(a, tiny).ok());
        QVERIFY(demo::writeCtPhantom(b, tiny).ok());
        const QString dump = QString::fromLatin1(
            test::run(QStringLiteral("dcmdump"),
                      {QStringLiteral("+P"), QStringLiteral("0020,000e"), seriesFiles(a).first()})
                .out);
        const QString uid = dump.section(QLatin1Char('['), 1).section(QLatin1Char(']'), 0, 0);
        QVERIFY(!uid.isEmpty());
        for (const QString &file : seriesFiles(b))
            dcmodify({QStringLiteral("-nb"), QStringLiteral("-m"),
                      QStringLiteral("(0020,000e)=") + uid, QStringLiteral("-m"),
                      QStringLiteral("(0020,0012)=2"), file});
        Progress progress;
        Result<Dataset> d = dicom::DicomReader().read(dir.path(), progress);
        QVERIFY2(d.ok(), qPrintable(d.errorMessage()));
        QCOMPARE(d->volumes.size(), std::size_t(2));
        QCOMPARE(d->volumes[0]->geometry().dims[2], 5);
        QCOMPARE(d->volumes[1]->geometry().dims[2], 5);
        QVERIFY(!d->warnings.join(QLatin1Char('\n')).contains(QStringLiteral("duplicate")));

        // Sequential scanning: every slice its own acquisition number, no repeats: one volume.
        QTemporaryDir seq;
        QVERIFY(demo::writeCtPhantom(seq.path(), tiny).ok());
        int n = 0;
        for (const QString &file : seriesFiles(seq.path()))
            dcmodify({QStringLiteral("-nb"), QStringLiteral("-m"),
                      QStringLiteral("(0020,0012)=%1").arg(++n), file});
        d = dicom::DicomReader().read(seq.path(), progress);
        QVERIFY(d.ok());
        QCOMPARE(d->volumes.size(), std::size_t(1));
        QCOMPARE(d->volumes[0]->geometry().dims[2], 5);
    }

    void dicomDirReadsWhatItLists()
    {
        // A DICOMDIR made by DCMTK's dcmmkdir over one series, with another series beside it
        // that the DICOMDIR does not list; then the media's names turned to lower case.
        QTemporaryDir dir;
        demo::CtPhantomSpec tiny = m_spec;
        tiny.dims = {16, 16, 4};
        QVERIFY(demo::writeCtPhantom(dir.filePath(QStringLiteral("src")), tiny).ok());
        QVERIFY(QDir(dir.path()).mkpath(QStringLiteral("DATA")));
        int n = 0;
        for (const QString &file : seriesFiles(dir.filePath(QStringLiteral("src"))))
            QVERIFY(QFile::copy(file, dir.filePath(QStringLiteral("DATA/IM%1").arg(++n))));
        QDir(dir.filePath(QStringLiteral("src"))).removeRecursively();
        test::ProcessResult r =
            test::run(QStringLiteral("dcmmkdir"),
                      {QStringLiteral("+r"), QStringLiteral("+I"), QStringLiteral("+D"),
                       dir.filePath(QStringLiteral("DICOMDIR")), QStringLiteral("+id"), dir.path(),
                       QStringLiteral("DATA")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        demo::CtPhantomSpec other = tiny;
        other.dims = {20, 20, 3};
        QVERIFY(demo::writeCtPhantom(dir.filePath(QStringLiteral("unlisted")), other).ok());
        QVERIFY(QDir(dir.path()).rename(QStringLiteral("DATA"), QStringLiteral("data")));

        dicom::DicomReader reader;
        QCOMPARE(reader.canRead(dir.filePath(QStringLiteral("DICOMDIR"))), 95);
        Progress progress;
        Result<Dataset> d = reader.read(dir.filePath(QStringLiteral("DICOMDIR")), progress);
        QVERIFY2(d.ok(), qPrintable(d.errorMessage()));
        QCOMPARE(d->volumes.size(), std::size_t(1));
        QCOMPARE(d->volumes.front()->geometry().dims[2], 4);
        // The folder itself holds both series.
        d = reader.read(dir.path(), progress);
        QVERIFY(d.ok());
        QCOMPARE(d->volumes.size(), std::size_t(2));
    }

    void cancelStopsReading()
    {
        Progress progress;
        progress.cancel();
        Result<Dataset> d = dicom::DicomReader().read(m_series, progress);
        QVERIFY(!d.ok());
        QVERIFY(d.errorMessage().contains(QStringLiteral("canceled")));
    }

private:
    QTemporaryDir m_dir;
    QString m_series;
    demo::CtPhantomSpec m_spec = smallSpec();
};

QTEST_GUILESS_MAIN(TestDicomReader)
#include "tst_dicomreader.moc"
