// The tag browser's data: every attribute of a file, with sequences opened, checked against
// DCMTK's dcmdump on the generator's files; and the slice → file map a read records.

#include "app/demo/ctphantom.h"
#include "core/progress.h"
#include "plugins/dicom/dicomreader.h"
#include "plugins/dicom/dicomtags.h"

#include "testsupport.h"

#include <QRegularExpression>
#include <QTemporaryDir>

#include <cmath>

using namespace loupe;

namespace {

const MetadataEntry *find(const std::vector<MetadataEntry> &entries, const QString &tag,
                          int depth = 0)
{
    for (const MetadataEntry &e : entries)
        if (e.tag == tag && e.depth == depth)
            return &e;
    return nullptr;
}

/// The top-level tags dcmdump lists (meta header and dataset), in order.
QStringList dcmdumpTags(const QString &file)
{
    const QString dump =
        QString::fromLatin1(test::run(QStringLiteral("dcmdump"), {QStringLiteral("-M"), file}).out);
    QStringList tags;
    static const QRegularExpression line(QStringLiteral("^(\\([0-9a-f]{4},[0-9a-f]{4}\\))"));
    for (const QString &l : dump.split(QLatin1Char('\n'))) {
        const QRegularExpressionMatch m = line.match(l);
        if (m.hasMatch())
            tags << m.captured(1);
    }
    return tags;
}

} // namespace

class TestTags : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_spec.dims = {32, 24, 8};
        m_spec.pixelSpacing = 9.0;
        m_spec.sliceSpacing = 30.0;
        m_ct = m_dir.filePath(QStringLiteral("ct"));
        QVERIFY(demo::writeCtPhantom(m_ct, m_spec).ok());
    }

    void listsWhatDcmdumpLists()
    {
        const QString file = QDir(m_ct).entryInfoList(QDir::Files).first().absoluteFilePath();
        Result<std::vector<MetadataEntry>> tags = dicom::listAttributes(file);
        QVERIFY2(tags.ok(), qPrintable(tags.errorMessage()));
        QStringList ours;
        for (const MetadataEntry &e : tags.value())
            if (e.depth == 0)
                ours << e.tag;
        const QStringList reference = dcmdumpTags(file);
        QVERIFY(reference.size() > 30);
        QCOMPARE(ours, reference); // the same attributes in the same order

        const MetadataEntry *name = find(tags.value(), QStringLiteral("(0010,0010)"));
        QVERIFY(name);
        QCOMPARE(name->vr, QStringLiteral("PN"));
        QCOMPARE(name->name, QStringLiteral("PatientName"));
        QCOMPARE(name->value, QStringLiteral("Loupe^Phantom"));
        QCOMPARE(find(tags.value(), QStringLiteral("(0028,0010)"))->value,
                 QStringLiteral("24")); // Rows
        QCOMPARE(find(tags.value(), QStringLiteral("(0002,0010)"))->value,
                 QStringLiteral("1.2.840.10008.1.2.1")); // explicit little endian, from the meta
        // Pixel data is named by size, not shown.
        QCOMPARE(find(tags.value(), QStringLiteral("(7fe0,0010)"))->value,
                 QStringLiteral("(%1 bytes)").arg(32 * 24 * 2));
    }

    void opensSequences()
    {
        const QString file = m_dir.filePath(QStringLiteral("enhanced.dcm"));
        QVERIFY(demo::writeEnhancedCtPhantom(file, m_spec).ok());
        Result<std::vector<MetadataEntry>> tags = dicom::listAttributes(file);
        QVERIFY(tags.ok());
        // Per-frame functional groups: one item per frame, each with its position inside.
        const MetadataEntry *perFrame = find(tags.value(), QStringLiteral("(5200,9230)"));
        QVERIFY(perFrame);
        QCOMPARE(perFrame->vr, QStringLiteral("SQ"));
        QCOMPARE(perFrame->value, QStringLiteral("(8 item(s))"));
        int items = 0, positions = 0;
        for (const MetadataEntry &e : tags.value()) {
            items += e.depth == 1 && e.name.startsWith(QStringLiteral("Item "));
            positions += e.tag == QStringLiteral("(0020,0032)") && e.depth == 4;
        }
        QVERIFY(items >= 8 + 1); // per-frame items and the shared group's one
        QCOMPARE(positions, 8);  // PlanePositionSequence > item > ImagePositionPatient
    }

    void recordsWhichFileFilledEachSlice()
    {
        Progress progress;
        Result<Dataset> d = dicom::DicomReader().read(m_ct, progress);
        QVERIFY(d.ok());
        const auto &volume = d->volumes.front();
        const auto &sources = volume->info().sliceSources;
        QCOMPARE(sources.size(), std::size_t(8));
        for (std::size_t k = 0; k < sources.size(); ++k) {
            // The file's own position is the slice's position.
            Result<std::vector<MetadataEntry>> tags = dicom::listAttributes(sources[k].path);
            QVERIFY(tags.ok());
            const double z = find(tags.value(), QStringLiteral("(0020,0032)"))
                                 ->value.section(QLatin1Char('\\'), 2, 2)
                                 .toDouble();
            QVERIFY(std::abs(z - volume->geometry().voxelToPatient({0, 0, double(k)})[2]) < 1e-3);
        }
    }

    void unreadableFileIsNamed()
    {
        const QString junk = m_dir.filePath(QStringLiteral("junk.dcm"));
        QFile f(junk);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("not a DICOM file at all");
        f.close();
        Result<std::vector<MetadataEntry>> tags = dicom::listAttributes(junk);
        QVERIFY(!tags.ok());
        QVERIFY(tags.errorMessage().contains(junk));
    }

private:
    QTemporaryDir m_dir;
    demo::CtPhantomSpec m_spec;
    QString m_ct;
};

QTEST_GUILESS_MAIN(TestTags)
#include "tst_tags.moc"
