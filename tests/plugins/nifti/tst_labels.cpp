// Label maps as NIfTI: `loupe-cli segment` thresholds a generated CT series into a label
// NIfTI that lines up voxel for voxel with `loupe-cli convert`'s volume (checked by nibabel
// and numpy, independently), with a JSON sidecar; reading it back gives the same labels and
// segments, and a file on another grid is refused with both grids stated.

#include "app/demo/ctphantom.h"
#include "core/labels/labelops.h"
#include "core/labels/segmentation.h"
#include "core/progress.h"
#include "plugins/nifti/labelnifti.h"

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

/// A volume with the phantom's grid and values, read the way the reader would place it.
std::shared_ptr<Volume> phantomVolume(const demo::CtPhantomSpec &spec)
{
    VolumeGeometry g;
    g.dims = {spec.dims[0], spec.dims[1], spec.dims[2]};
    g.spacing = {spec.pixelSpacing, spec.pixelSpacing, spec.sliceSpacing};
    g.origin = demo::phantomVoxelToPatient(spec, 0, 0, 0);
    auto v = Volume::allocate(g, ScalarType::Int16);
    for (int k = 0; k < spec.dims[2]; ++k)
        for (int j = 0; j < spec.dims[1]; ++j)
            for (int i = 0; i < spec.dims[0]; ++i)
                v->mutableDataAs<std::int16_t>()[v->index(i, j, k)] = static_cast<std::int16_t>(
                    std::lround(demo::phantomHu(demo::phantomVoxelToPatient(spec, i, j, k))));
    v->updateRange();
    return v;
}

} // namespace

class TestLabelNifti : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_spec.dims = {48, 40, 20};
        m_spec.pixelSpacing = 7.0;
        m_spec.sliceSpacing = 12.0;
        m_ct = m_dir.filePath(QStringLiteral("ct"));
        QVERIFY(demo::writeCtPhantom(m_ct, m_spec).ok());
    }

    void segmentLinesUpWithConvert()
    {
        const QString labels = m_dir.filePath(QStringLiteral("bone.nii.gz"));
        const QString volume = m_dir.filePath(QStringLiteral("ct.nii.gz"));
        test::ProcessResult r =
            test::run(cli(), {QStringLiteral("segment"), m_ct, QStringLiteral("--threshold"),
                              QStringLiteral("300:3000"), QStringLiteral("--name"),
                              QStringLiteral("Bone"), QStringLiteral("-o"), labels});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        r = test::run(cli(), {QStringLiteral("convert"), m_ct, volume});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        // nibabel and numpy, on their own: the label is 1 exactly where the converted HU lie in
        // 300..3000, and the two files share shape and affine.
        const test::ProcessResult check = test::run(
            test::debianPython(),
            {QStringLiteral("-c"),
             QStringLiteral("import sys, json, nibabel as nib, numpy as np\n"
                            "l = nib.load(sys.argv[1]); v = nib.load(sys.argv[2])\n"
                            "L = np.asanyarray(l.dataobj); V = v.get_fdata()\n"
                            "expected = ((V >= 300) & (V <= 3000)).astype(np.uint8)\n"
                            "print(json.dumps({'shape': list(L.shape) == list(V.shape),\n"
                            "  'affine': float(np.abs(l.affine - v.affine).max()),\n"
                            "  'dtype': str(L.dtype), 'mismatch': int((L != expected).sum()),\n"
                            "  'labelled': int((L == 1).sum())}))\n"),
             labels, volume});
        QVERIFY2(check.exitCode == 0, check.err.constData());
        const QJsonObject c = QJsonDocument::fromJson(check.out).object();
        QVERIFY(c.value(QStringLiteral("shape")).toBool());
        QVERIFY(c.value(QStringLiteral("affine")).toDouble() < 1e-4);
        QCOMPARE(c.value(QStringLiteral("dtype")).toString(), QStringLiteral("uint8"));
        QCOMPARE(c.value(QStringLiteral("mismatch")).toInt(), 0);
        QVERIFY(c.value(QStringLiteral("labelled")).toInt() > 100);
        // The sidecar names the segment with its codes.
        QFile sidecar(nifti::sidecarPath(labels));
        QVERIFY(sidecar.open(QIODevice::ReadOnly));
        const QJsonObject bone = QJsonDocument::fromJson(sidecar.readAll())
                                     .object()
                                     .value(QStringLiteral("segments"))
                                     .toArray()
                                     .first()
                                     .toObject();
        QCOMPARE(bone.value(QStringLiteral("name")).toString(), QStringLiteral("Bone"));
        QCOMPARE(
            bone.value(QStringLiteral("type")).toObject().value(QStringLiteral("value")).toString(),
            QStringLiteral("272673000"));

        // --largest keeps one connected island, inside what the threshold gave.
        const QString largest = m_dir.filePath(QStringLiteral("largest.nii"));
        r = test::run(cli(), {QStringLiteral("segment"), m_ct, QStringLiteral("--threshold"),
                              QStringLiteral("300:3000"), QStringLiteral("--largest"),
                              QStringLiteral("-o"), largest});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        QVERIFY(QString::fromUtf8(r.out).contains(QStringLiteral("largest island")));
    }

    void readsBackWhatItWrote()
    {
        const auto volume = phantomVolume(m_spec);
        Segmentation s(volume);
        const std::uint8_t bone = s.addSegment(QStringLiteral("Bone"));
        const std::uint8_t lung = s.addSegment(QStringLiteral("Lung"));
        s.edit(QStringLiteral("two"), [&](LabelEdit &e) {
            threshold(e, *volume, 300, 3000, s.ruleFor(bone));
            threshold(e, *volume, -950, -500, s.ruleFor(lung));
        });
        const QString path = m_dir.filePath(QStringLiteral("two.nii.gz"));
        QVERIFY(nifti::writeLabelNifti(s.layers(), *volume, s.segments(), path).ok());
        Result<LabelFile> back = nifti::readLabelNifti(path, *volume);
        QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
        const auto &d = volume->geometry().dims;
        for (std::int64_t k = 0; k < d[2]; ++k)
            for (std::int64_t j = 0; j < d[1]; ++j)
                for (std::int64_t i = 0; i < d[0]; ++i)
                    QCOMPARE(back->layers.front().at(i, j, k), s.layers().front().at(i, j, k));
        QCOMPARE(back->segments.size(), std::size_t(2));
        QCOMPARE(back->segments[1].name, QStringLiteral("Lung"));
        QCOMPARE(back->segments[1].colour, s.segments()[1].colour);
        QCOMPARE(back->segments[1].type, s.segments()[1].type);

        // On another grid: refused, both grids stated.
        demo::CtPhantomSpec other = m_spec;
        other.dims = {48, 40, 21};
        Result<LabelFile> wrong = nifti::readLabelNifti(path, *phantomVolume(other));
        QVERIFY(!wrong.ok());
        QVERIFY2(wrong.errorMessage().contains(QStringLiteral("48×40×20")) &&
                     wrong.errorMessage().contains(QStringLiteral("48×40×21")),
                 qPrintable(wrong.errorMessage()));
        QVERIFY(wrong.errorMessage().contains(path));
        // Without a sidecar: one segment per label found.
        QFile::remove(nifti::sidecarPath(path));
        back = nifti::readLabelNifti(path, *volume);
        QVERIFY(back.ok());
        QCOMPARE(back->segments.size(), std::size_t(2));
        QCOMPARE(back->segments[0].name, QStringLiteral("Label 1"));
    }

private:
    QTemporaryDir m_dir;
    demo::CtPhantomSpec m_spec;
    QString m_ct;
};

QTEST_GUILESS_MAIN(TestLabelNifti)
#include "tst_labels.moc"
