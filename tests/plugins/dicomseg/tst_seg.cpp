// DICOM SEG: written with DCMTK's dcmseg from segments drawn on a generated CT series, checked
// by Debian's dciodvfy (no errors) and read back by pydicom; read by Loupe (binary, and
// fractional made binary at one half) back onto the series' grid; round trips SEG → Loupe →
// SEG and SEG ↔ NIfTI with identical voxels; a SEG on another grid is refused with the series
// it refers to.

#include "app/demo/ctphantom.h"
#include "core/labels/labelops.h"
#include "core/labels/segmentation.h"
#include "core/progress.h"
#include "plugins/dicom/dicomreader.h"
#include "plugins/dicomseg/segreader.h"
#include "plugins/dicomseg/segwriter.h"
#include "plugins/nifti/labelnifti.h"

#include "../dicom/dicomtest.h"
#include "testsupport.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QTemporaryDir>

using namespace loupe;

namespace {

bool sameLabels(const LabelMap &a, const LabelMap &b)
{
    const auto &d = a.geometry().dims;
    for (std::int64_t k = 0; k < d[2]; ++k)
        for (std::int64_t j = 0; j < d[1]; ++j)
            for (std::int64_t i = 0; i < d[0]; ++i)
                if (a.at(i, j, k) != b.at(i, j, k))
                    return false;
    return true;
}

QJsonObject python(const QString &script, const QStringList &args)
{
    const test::ProcessResult r =
        test::run(test::debianPython(), QStringList{QStringLiteral("-c"), script} + args);
    if (r.exitCode != 0)
        qWarning("%s", r.err.constData());
    return QJsonDocument::fromJson(r.out).object();
}

} // namespace

class TestSeg : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        demo::CtPhantomSpec spec;
        spec.dims = {64, 56, 16};
        spec.pixelSpacing = 5.0;
        spec.sliceSpacing = 15.0;
        m_ct = m_dir.filePath(QStringLiteral("ct"));
        QVERIFY(demo::writeCtPhantom(m_ct, spec).ok());
        m_volume = test::readOneVolume(m_ct);
        QVERIFY(m_volume);
        m_labels = std::make_unique<Segmentation>(m_volume);
        const std::uint8_t bone = m_labels->addSegment(QStringLiteral("Bone"));
        const std::uint8_t lung = m_labels->addSegment(QStringLiteral("Lung"));
        m_labels->edit(QStringLiteral("thresholds"), [&](LabelEdit &e) {
            threshold(e, *m_volume, 300, 3000, m_labels->ruleFor(bone));
            threshold(e, *m_volume, -950, -500, m_labels->ruleFor(lung));
        });
        QVERIFY(m_labels->layers().front().histogram()[bone] > 0);
        QVERIFY(m_labels->layers().front().histogram()[lung] > 0);
        m_seg = m_dir.filePath(QStringLiteral("seg.dcm"));
        const Result<void> r =
            dicomseg::writeSeg(m_labels->layers(), *m_volume, m_labels->segments(), m_seg);
        QVERIFY2(r.ok(), qPrintable(r.errorMessage()));
    }

    void passesDciodvfy()
    {
        const test::ProcessResult r =
            test::run(QStringLiteral("dciodvfy"), {QStringLiteral("-new"), m_seg});
        const QString report = QString::fromLatin1(r.out + r.err);
        const int errors = report.count(QStringLiteral("Error - "));
        if (errors)
            qWarning("%s", qPrintable(report));
        QCOMPARE(errors, 0);
        QVERIFY(report.contains(QStringLiteral("Segmentation"))); // it did check a SEG IOD
    }

    void pydicomReadsTheSameSegmentsAndFrames()
    {
        const QJsonObject o = python(
            QStringLiteral(
                "import sys, json, pydicom\n"
                "d = pydicom.dcmread(sys.argv[1])\n"
                "a = d.pixel_array\n"
                "per = d.PerFrameFunctionalGroupsSequence\n"
                "count = {}\n"
                "for f, fg in enumerate(per):\n"
                "    n = int(fg.SegmentIdentificationSequence[0].ReferencedSegmentNumber)\n"
                "    count[n] = count.get(n, 0) + int(a[f].sum())\n"
                "print(json.dumps({'frames': int(d.NumberOfFrames),\n"
                "  'labels': [s.SegmentLabel for s in d.SegmentSequence],\n"
                "  'type': d.SegmentSequence[0].SegmentedPropertyTypeCodeSequence[0].CodeValue,\n"
                "  'scheme': d.SegmentSequence[0].SegmentedPropertyTypeCodeSequence[0]"
                ".CodingSchemeDesignator,\n"
                "  'bone': count.get(1, 0), 'lung': count.get(2, 0),\n"
                "  'for': d.FrameOfReferenceUID, 'study': d.StudyInstanceUID,\n"
                "  'refs': len(d.ReferencedSeriesSequence[0].ReferencedInstanceSequence)}))\n"),
            {m_seg});
        const auto h = m_labels->layers().front().histogram();
        QCOMPARE(o.value(QStringLiteral("bone")).toInt(), int(h[1]));
        QCOMPARE(o.value(QStringLiteral("lung")).toInt(), int(h[2]));
        QCOMPARE(o.value(QStringLiteral("labels")).toVariant().toStringList(),
                 (QStringList{"Bone", "Lung"}));
        QCOMPARE(o.value(QStringLiteral("type")).toString(), QStringLiteral("272673000"));
        QCOMPARE(o.value(QStringLiteral("scheme")).toString(), QStringLiteral("SCT"));
        QCOMPARE(o.value(QStringLiteral("study")).toString(), m_volume->info().studyInstanceUid);
        QCOMPARE(o.value(QStringLiteral("refs")).toInt(), 16); // every source image
        QVERIFY(o.value(QStringLiteral("frames")).toInt() > 0);
    }

    void roundTrips()
    {
        // SEG -> Loupe: the same voxels, names, codes, colours (CIELab rounding aside).
        Result<LabelFile> back = dicomseg::readSeg(m_seg, *m_volume);
        QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
        QVERIFY(sameLabels(back->layers.front(), m_labels->layers().front()));
        QCOMPARE(back->segments.size(), std::size_t(2));
        QCOMPARE(back->segments[0].name, QStringLiteral("Bone"));
        QCOMPARE(back->segments[0].type, m_labels->segments()[0].type);
        for (int c = 0; c < 3; ++c)
            QVERIFY(std::abs(back->segments[1].colour[c] - m_labels->segments()[1].colour[c]) <= 2);
        // -> SEG again -> Loupe: identical; and new UIDs for the new file.
        const QString again = m_dir.filePath(QStringLiteral("again.dcm"));
        QVERIFY(dicomseg::writeSeg(back->layers, *m_volume, back->segments, again).ok());
        Result<LabelFile> twice = dicomseg::readSeg(again, *m_volume);
        QVERIFY(twice.ok());
        QVERIFY(sameLabels(twice->layers.front(), m_labels->layers().front()));
        const QJsonObject uids = python(
            QStringLiteral("import sys, json, pydicom\n"
                           "a, b = pydicom.dcmread(sys.argv[1]), pydicom.dcmread(sys.argv[2])\n"
                           "print(json.dumps({'sop': a.SOPInstanceUID != b.SOPInstanceUID,\n"
                           "  'series': a.SeriesInstanceUID != b.SeriesInstanceUID}))\n"),
            {m_seg, again});
        QVERIFY(uids.value(QStringLiteral("sop")).toBool());
        QVERIFY(uids.value(QStringLiteral("series")).toBool());
        // SEG <-> NIfTI.
        const QString nii = m_dir.filePath(QStringLiteral("labels.nii.gz"));
        QVERIFY(nifti::writeLabelNifti(back->layers, *m_volume, back->segments, nii).ok());
        Result<LabelFile> fromNifti = nifti::readLabelNifti(nii, *m_volume);
        QVERIFY(fromNifti.ok());
        QVERIFY(sameLabels(fromNifti->layers.front(), m_labels->layers().front()));
        const QString segFromNifti = m_dir.filePath(QStringLiteral("fromnifti.dcm"));
        QVERIFY(dicomseg::writeSeg(fromNifti->layers, *m_volume, fromNifti->segments, segFromNifti)
                    .ok());
        QVERIFY(sameLabels(dicomseg::readSeg(segFromNifti, *m_volume)->layers.front(),
                           m_labels->layers().front()));
    }

    void overlappingSegmentsRoundTrip()
    {
        // Body (everything above -500 HU) and, on a layer of its own, bone inside it: the two
        // overlap. The SEG keeps both whole; pydicom sees the overlap; Loupe reads it back
        // onto two layers; NIfTI, one label per voxel, refuses with both names.
        Segmentation s(m_volume);
        const std::uint8_t body = s.addSegment(QStringLiteral("Body"));
        const std::uint8_t bone = s.addSegment(QStringLiteral("Bone"));
        s.edit(QStringLiteral("body"),
               [&](LabelEdit &e) { threshold(e, *m_volume, -500, 3000, s.ruleFor(body)); });
        s.moveToOwnLayer(bone);
        QVERIFY(QTest::qWaitFor([&] { return !s.isBusy(); }, 10000));
        QCOMPARE(s.layerOf(bone), std::uint8_t(1));
        s.setCurrentLabel(bone);
        s.edit(QStringLiteral("bone"),
               [&](LabelEdit &e) { threshold(e, *m_volume, 300, 3000, s.ruleFor(bone)); });
        const std::int64_t bodyVoxels = s.layers()[0].histogram()[body];
        const std::int64_t boneVoxels = s.layers()[1].histogram()[bone];
        QVERIFY(boneVoxels > 0 && bodyVoxels > boneVoxels);
        const QString path = m_dir.filePath(QStringLiteral("overlap.dcm"));
        const Result<void> w = dicomseg::writeSeg(s.layers(), *m_volume, s.segments(), path);
        QVERIFY2(w.ok(), qPrintable(w.errorMessage()));

        const test::ProcessResult v =
            test::run(QStringLiteral("dciodvfy"), {QStringLiteral("-new"), path});
        const QString report = QString::fromLatin1(v.out + v.err);
        if (report.count(QStringLiteral("Error - ")))
            qWarning("%s", qPrintable(report));
        QCOMPARE(report.count(QStringLiteral("Error - ")), 0);

        const QJsonObject o =
            python(QStringLiteral(
                       "import sys, json, pydicom\n"
                       "d = pydicom.dcmread(sys.argv[1])\n"
                       "a = d.pixel_array\n"
                       "count, both = {}, 0\n"
                       "frames = {}\n"
                       "for f, fg in enumerate(d.PerFrameFunctionalGroupsSequence):\n"
                       "    n = int(fg.SegmentIdentificationSequence[0].ReferencedSegmentNumber)\n"
                       "    z = tuple(fg.PlanePositionSequence[0].ImagePositionPatient)\n"
                       "    count[n] = count.get(n, 0) + int(a[f].sum())\n"
                       "    frames.setdefault(z, {})[n] = a[f]\n"
                       "for z, seg in frames.items():\n"
                       "    if 1 in seg and 2 in seg:\n"
                       "        both += int((seg[1] & seg[2]).sum())\n"
                       "print(json.dumps({'body': count.get(1, 0), 'bone': count.get(2, 0),\n"
                       "  'both': both}))\n"),
                   {path});
        QCOMPARE(o.value(QStringLiteral("body")).toInt(), int(bodyVoxels));
        QCOMPARE(o.value(QStringLiteral("bone")).toInt(), int(boneVoxels));
        QCOMPARE(o.value(QStringLiteral("both")).toInt(), int(boneVoxels)); // bone is in body

        Result<LabelFile> back = dicomseg::readSeg(path, *m_volume);
        QVERIFY2(back.ok(), qPrintable(back.errorMessage()));
        QCOMPARE(back->layers.size(), std::size_t(2));
        QCOMPARE(back->segments[0].layer, std::uint8_t(0));
        QCOMPARE(back->segments[1].layer, std::uint8_t(1));
        QVERIFY(sameLabels(back->layers[0], s.layers()[0]));
        QVERIFY(sameLabels(back->layers[1], s.layers()[1]));

        const QString nii = m_dir.filePath(QStringLiteral("overlap.nii.gz"));
        const Result<void> n = nifti::writeLabelNifti(s.layers(), *m_volume, s.segments(), nii);
        QVERIFY(!n.ok());
        QVERIFY2(n.errorMessage().contains(QStringLiteral("\"Body\" and \"Bone\" overlap")),
                 qPrintable(n.errorMessage()));
        QVERIFY(n.errorMessage().contains(nii));
        QVERIFY(!QFile::exists(nii));
    }

    void fractionalBecomesBinaryAtOneHalf()
    {
        // The same SEG rewritten by pydicom as FRACTIONAL (8-bit, max 255) with a given value
        // where the binary SEG is set.
        const auto fractional = [&](int value) {
            const QString out = m_dir.filePath(QStringLiteral("fractional%1.dcm").arg(value));
            python(QStringLiteral("import sys, json, pydicom, numpy as np\n"
                                  "d = pydicom.dcmread(sys.argv[1])\n"
                                  "a = d.pixel_array.astype(np.uint8) * int(sys.argv[3])\n"
                                  "d.SegmentationType = 'FRACTIONAL'\n"
                                  "d.SegmentationFractionalType = 'PROBABILITY'\n"
                                  "d.MaximumFractionalValue = 255\n"
                                  "d.BitsAllocated = 8; d.BitsStored = 8; d.HighBit = 7\n"
                                  "d.PixelData = a.tobytes()\n"
                                  "d.save_as(sys.argv[2])\n"
                                  "print(json.dumps({}))\n"),
                   {m_seg, out, QString::number(value)});
            return out;
        };
        Result<LabelFile> high = dicomseg::readSeg(fractional(200), *m_volume);
        QVERIFY2(high.ok(), qPrintable(high.errorMessage()));
        QVERIFY(sameLabels(high->layers.front(), m_labels->layers().front()));
        Result<LabelFile> low = dicomseg::readSeg(fractional(100), *m_volume);
        QVERIFY(low.ok());
        QCOMPARE(low->layers.front().histogram()[1] + low->layers.front().histogram()[2],
                 std::int64_t(0));
    }

    void ownGridMatchesTheSeries()
    {
        // The SEG's own grid: the series' orientation, spacing and in-plane size, starting at the
        // first labelled slice; reading onto it gives the same voxels, shifted by that slice.
        Result<VolumeGeometry> grid = dicomseg::segGrid(m_seg);
        QVERIFY2(grid.ok(), qPrintable(grid.errorMessage()));
        const VolumeGeometry &g = m_volume->geometry();
        QCOMPARE(grid->dims[0], g.dims[0]);
        QCOMPARE(grid->dims[1], g.dims[1]);
        for (int a = 0; a < 3; ++a)
            QVERIFY(std::abs(grid->spacing[a] - g.spacing[a]) < 1e-4);
        const Vec3 start = g.patientToVoxel(grid->origin);
        QVERIFY(std::abs(start[0]) < 1e-3 && std::abs(start[1]) < 1e-3);
        const auto k0 = static_cast<std::int64_t>(std::lround(start[2]));
        auto blank = Volume::allocate(grid.value(), ScalarType::UInt8);
        Result<LabelFile> onOwn = dicomseg::readSeg(m_seg, *blank);
        QVERIFY2(onOwn.ok(), qPrintable(onOwn.errorMessage()));
        for (std::int64_t k = 0; k < grid->dims[2]; ++k)
            for (std::int64_t j = 0; j < g.dims[1]; ++j)
                for (std::int64_t i = 0; i < g.dims[0]; ++i)
                    QCOMPARE(onOwn->layers.front().at(i, j, k),
                             m_labels->layers().front().at(i, j, k + k0));
    }

    void anotherGridIsRefused()
    {
        demo::CtPhantomSpec other;
        other.dims = {64, 56, 16};
        other.pixelSpacing = 5.0;
        other.sliceSpacing = 10.0; // same frames size, other slice positions
        const QString dir = m_dir.filePath(QStringLiteral("other"));
        QVERIFY(demo::writeCtPhantom(dir, other).ok());
        const auto volume = test::readOneVolume(dir);
        Result<LabelFile> r = dicomseg::readSeg(m_seg, *volume);
        QVERIFY(!r.ok());
        QVERIFY2(r.errorMessage().contains(m_volume->info().seriesInstanceUid),
                 qPrintable(r.errorMessage()));
        QVERIFY(r.errorMessage().contains(m_seg));
        QVERIFY(r.errorMessage().contains(QStringLiteral("lie off")));
        // And a volume not read from DICOM cannot be written as SEG.
        auto bare = Volume::allocate(m_volume->geometry(), ScalarType::Int16);
        Result<void> w = dicomseg::writeSeg(m_labels->layers(), *bare, m_labels->segments(),
                                            m_dir.filePath(QStringLiteral("bare.dcm")));
        QVERIFY(!w.ok());
        QVERIFY(w.errorMessage().contains(QStringLiteral("NIfTI")));
    }

    void commandLine()
    {
        // segment -o .dcm, then seg convert to NIfTI and back: the same voxels, and the
        // converted SEG still passes dciodvfy.
        const QString cli = test::binDir() + QStringLiteral("/loupe-cli");
        const QString seg = m_dir.filePath(QStringLiteral("cli.dcm"));
        const QString nii = m_dir.filePath(QStringLiteral("cli.nii.gz"));
        const QString back = m_dir.filePath(QStringLiteral("cli-back.dcm"));
        const QString nii2 = m_dir.filePath(QStringLiteral("cli-back.nii.gz"));
        test::ProcessResult r =
            test::run(cli, {QStringLiteral("segment"), m_ct, QStringLiteral("--threshold"),
                            QStringLiteral("300:3000"), QStringLiteral("--name"),
                            QStringLiteral("Bone"), QStringLiteral("-o"), seg});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        for (const auto &[from, to] :
             {std::pair{seg, nii}, std::pair{nii, back}, std::pair{back, nii2}}) {
            r = test::run(cli, {QStringLiteral("seg"), QStringLiteral("convert"), from, to,
                                QStringLiteral("--reference"), m_ct});
            QVERIFY2(r.exitCode == 0, r.err.constData());
        }
        const test::ProcessResult v =
            test::run(QStringLiteral("dciodvfy"), {QStringLiteral("-new"), back});
        QCOMPARE(QString::fromLatin1(v.out + v.err).count(QStringLiteral("Error - ")), 0);
        const QJsonObject o =
            python(QStringLiteral(
                       "import sys, json, nibabel as nib, numpy as np\n"
                       "a = np.asanyarray(nib.load(sys.argv[1]).dataobj)\n"
                       "b = np.asanyarray(nib.load(sys.argv[2]).dataobj)\n"
                       "print(json.dumps({'same': bool((a == b).all()), 'n': int(a.sum())}))\n"),
                   {nii, nii2});
        QVERIFY(o.value(QStringLiteral("same")).toBool());
        QCOMPARE(o.value(QStringLiteral("n")).toInt(),
                 int(m_labels->layers().front().histogram()[1]));
        // A SEG to NIfTI without its series: on the SEG's own grid (only the labelled slices),
        // each labelled voxel at the same place in the patient as with the series' grid.
        const QString own = m_dir.filePath(QStringLiteral("own.nii.gz"));
        r = test::run(cli, {QStringLiteral("seg"), QStringLiteral("convert"), seg, own});
        QVERIFY2(r.exitCode == 0, r.err.constData());
        const QJsonObject placed = python(
            QStringLiteral(
                "import sys, json, nibabel as nib, numpy as np\n"
                "o = nib.load(sys.argv[1]); f = nib.load(sys.argv[2])\n"
                "O = np.asanyarray(o.dataobj); F = np.asanyarray(f.dataobj)\n"
                "ijk = np.argwhere(O > 0)\n"
                "world = nib.affines.apply_affine(o.affine, ijk)\n"
                "back = np.rint(nib.affines.apply_affine(np.linalg.inv(f.affine), "
                "world)).astype(int)\n"
                "same = all(F[tuple(v)] == O[tuple(u)] for u, v in zip(ijk, back))\n"
                "print(json.dumps({'count': int((O > 0).sum()), 'full': int((F > 0).sum()),\n"
                "  'same': bool(same), 'slices': int(O.shape[2])}))\n"),
            {own, nii});
        QCOMPARE(placed.value(QStringLiteral("count")).toInt(),
                 placed.value(QStringLiteral("full")).toInt());
        QVERIFY(placed.value(QStringLiteral("same")).toBool());
        QVERIFY(placed.value(QStringLiteral("slices")).toInt() <= 16);
        // NIfTI to SEG needs the series: a message that says what to give.
        r = test::run(cli, {QStringLiteral("seg"), QStringLiteral("convert"), nii,
                            m_dir.filePath(QStringLiteral("x.dcm"))});
        QCOMPARE(r.exitCode, 2);
        QVERIFY(r.err.contains("--reference"));
    }

private:
    QTemporaryDir m_dir;
    QString m_ct;
    QString m_seg;
    std::shared_ptr<const Volume> m_volume;
    std::unique_ptr<Segmentation> m_labels;
};

QTEST_GUILESS_MAIN(TestSeg)
#include "tst_seg.moc"
