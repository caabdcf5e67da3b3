// The reader's parsing and decoding of a single file must survive any bytes. This runs the
// fuzzer's entry point (decodeAnyFile) over real seed files (the generator's output, also
// compressed with DCMTK's and GDCM's tools) and thousands of deterministic mutations of them:
// flipped bytes, truncations, duplicated and inserted runs. CI runs it with g++; scripts/fuzz
// runs the same entry point under libFuzzer (clang) for as long as one likes.

#include "app/demo/ctphantom.h"
#include "plugins/dicom/dicomfuzz.h"

#include "testsupport.h"

#include <QElapsedTimer>
#include <QTemporaryDir>

#include <random>

using namespace loupe;

namespace {

QByteArray readAll(const QString &path)
{
    QFile f(path);
    return f.open(QIODevice::ReadOnly) ? f.readAll() : QByteArray();
}

int decode(const QByteArray &bytes)
{
    return dicom::decodeAnyFile(reinterpret_cast<const std::uint8_t *>(bytes.constData()),
                                static_cast<std::size_t>(bytes.size()));
}

QByteArray mutate(QByteArray b, std::mt19937 &rng)
{
    std::uniform_int_distribution<int> kinds(0, 5), count(1, 8), byte(0, 255);
    const int n = count(rng);
    for (int m = 0; m < n && !b.isEmpty(); ++m) {
        std::uniform_int_distribution<int> at(0, int(b.size()) - 1);
        switch (kinds(rng)) {
        case 0: b[at(rng)] = char(byte(rng)); break;                           // random byte
        case 1: b[at(rng)] = char(b[at(rng)] ^ (1 << (byte(rng) % 8))); break; // bit flip
        case 2: b.truncate(at(rng)); break;                                    // cut short
        case 3: {
            const int p = at(rng);
            b.insert(p, b.mid(at(rng), 64));
            break;
        } // repeat a run
        case 4: {
            const int p = at(rng);
            b.insert(p, QByteArray(byte(rng) % 16 + 1, char(0xFF)));
            break;
        }
        case 5: {
            const int p = at(rng);
            for (int i = p; i < std::min<int>(p + 4, b.size()); ++i)
                b[i] = char(0xFF);
            break;
        } // huge lengths
        }
    }
    return b;
}

} // namespace

class TestFuzzCorpus : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        demo::CtPhantomSpec spec;
        spec.dims = {20, 16, 4};
        spec.pixelSpacing = 15;
        QVERIFY(demo::writeCtPhantom(m_dir.filePath(QStringLiteral("ct")), spec).ok());
        const QString one = QDir(m_dir.filePath(QStringLiteral("ct")))
                                .entryInfoList(QDir::Files)
                                .first()
                                .absoluteFilePath();
        const QString enhanced = m_dir.filePath(QStringLiteral("enhanced.dcm"));
        QVERIFY(demo::writeEnhancedCtPhantom(enhanced, spec).ok());
        const QString dose = m_dir.filePath(QStringLiteral("dose.dcm"));
        QVERIFY(demo::writeDoseGrid(dose, spec).ok());
        m_seeds = {{one, 1}, {enhanced, 4}, {dose, 4}};
        const struct {
            const char *program;
            QStringList args;
        } codecs[] = {{"dcmcrle", {}},
                      {"dcmcjpeg", {QStringLiteral("+e1")}},
                      {"dcmcjpls", {}},
                      {"gdcmconv", {QStringLiteral("--j2k")}},
                      {"dcmconv", {QStringLiteral("+tb")}}};
        int n = 0;
        for (const auto &c : codecs) {
            for (const auto &[source, frames] :
                 std::vector<std::pair<QString, int>>{{one, 1}, {enhanced, 4}}) {
                const QString out = m_dir.filePath(QStringLiteral("seed%1.dcm").arg(++n));
                const test::ProcessResult r =
                    test::run(QString::fromLatin1(c.program), QStringList(c.args) << source << out);
                QVERIFY2(r.exitCode == 0, r.err.constData());
                m_seeds.emplace_back(out, frames);
            }
        }
    }

    void seedsDecodeCompletely()
    {
        for (const auto &[path, frames] : m_seeds)
            QVERIFY2(decode(readAll(path)) == frames, qPrintable(path));
    }

    void mutationsNeverCrash()
    {
        std::mt19937 rng(2026);
        QElapsedTimer timer;
        timer.start();
        int runs = 0, decodedSomething = 0;
        for (int i = 0; i < 20000; ++i) {
            const QByteArray seed =
                readAll(m_seeds[static_cast<std::size_t>(i) % m_seeds.size()].first);
            decodedSomething += decode(mutate(seed, rng)) > 0 ? 1 : 0;
            ++runs;
        }
        qInfo("%d mutated inputs in %lld ms; %d still decoded at least one frame", runs,
              static_cast<long long>(timer.elapsed()), decodedSomething);
        QCOMPARE(runs, 20000);
        QVERIFY(decodedSomething > 0); // the mutations do not only produce garbage
    }

    void earlierFindingsStayFixed()
    {
        // Inputs the fuzzer once broke the reader with (under the asan preset a regression
        // aborts here; in any build they must decode without crashing).
        const QDir dir(test::sourceTestsDir() + QStringLiteral("/plugins/dicom/fuzz-regressions"));
        const QFileInfoList files = dir.entryInfoList(QDir::Files);
        QVERIFY(!files.isEmpty());
        for (const QFileInfo &f : files)
            decode(readAll(f.absoluteFilePath()));
    }

    void emptyAndTinyInputs()
    {
        QCOMPARE(decode(QByteArray()), 0);
        QCOMPARE(decode(QByteArray("DICM")), 0);
        QCOMPARE(decode(QByteArray(132, '\0') + "DICM"), 0);
    }

private:
    QTemporaryDir m_dir;
    std::vector<std::pair<QString, int>> m_seeds;
};

QTEST_GUILESS_MAIN(TestFuzzCorpus)
#include "tst_fuzzcorpus.moc"
