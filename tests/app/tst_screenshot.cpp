// `loupe --screenshot`, as scripts/run and a user run it: a real process, a real window
// under Xvfb, and the PNG it saves.

#include "app/buildinfo.h"

#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QGuiApplication>
#include <QImage>
#include <QTemporaryDir>

#include <map>

using namespace loupe;

namespace {

QString loupeBinary()
{
    return test::binDir() + QStringLiteral("/loupe");
}

struct Census {
    double background = 0; ///< share of pixels in the 3D view's background colour
    double phantom = 0;    ///< share of skin and bone tones
};

Census census(const QImage &image)
{
    int background = 0, phantom = 0, total = 0;
    for (int y = 0; y < image.height(); y += 2)
        for (int x = 0; x < image.width(); x += 2) {
            const QRgb c = image.pixel(x, y);
            ++total;
            if (std::abs(qRed(c) - 23) < 4 && std::abs(qGreen(c) - 26) < 4 &&
                std::abs(qBlue(c) - 33) < 4)
                ++background;
            else if (qRed(c) > 60 && qRed(c) > qBlue(c) + 20 && qRed(c) >= qGreen(c) &&
                     qGreen(c) >= qBlue(c) &&
                     qBlue(c) >
                         0.45 * qRed(c)) // skin and bone tones; not the views' yellow letters
                ++phantom;
        }
    return {double(background) / total, double(phantom) / total};
}

} // namespace

class TestScreenshot : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        const test::ProcessResult r =
            test::run(test::binDir() + QStringLiteral("/loupe-cli"),
                      {QStringLiteral("make-demo"), m_dir.path(), QStringLiteral("--no-drive"),
                       QStringLiteral("--ct-size"), QStringLiteral("96x96x60")});
        QVERIFY2(r.exitCode == 0, r.err.constData());
    }

    void version()
    {
        const test::ProcessResult r = test::run(loupeBinary(), {QStringLiteral("--version")});
        QCOMPARE(r.exitCode, 0);
        QVERIFY(QString::fromUtf8(r.out).contains(QStringLiteral(LOUPE_VERSION)));
    }

    void screenshotShowsThePhantomIn3D()
    {
        const QString png = m_dir.filePath(QStringLiteral("shot.png"));
        const test::ProcessResult r =
            test::run(loupeBinary(),
                      {QStringLiteral("--screenshot"), png, m_dir.filePath(QStringLiteral("ct"))},
                      {}, 240000);
        QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
        QCOMPARE(QString::fromUtf8(r.out).trimmed(), png);
        const QImage image(png);
        QVERIFY(!image.isNull());
        QVERIFY(image.width() >= 800 && image.height() >= 600);
        const Census c = census(image);
        QVERIFY2(c.background > 0.05, qPrintable(QString::number(c.background)));
        // The 3D view is one quadrant of the MPR layout: the phantom covers about a third of it.
        QVERIFY2(c.phantom > 0.008, qPrintable(QString::number(c.phantom)));
    }

    void brokenPluginsDoNotStopTheApp()
    {
        const QString png = m_dir.filePath(QStringLiteral("with-broken.png"));
        const test::ProcessResult r =
            test::run(loupeBinary(),
                      {QStringLiteral("--screenshot"), png, m_dir.filePath(QStringLiteral("ct"))},
                      {QStringLiteral("LOUPE_PLUGIN_PATH=") + test::fixturePluginDir()}, 240000);
        QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
        QVERIFY(QString::fromUtf8(r.err).contains(QStringLiteral("libfixture_broken.so")));
        QVERIFY(census(QImage(png)).phantom > 0.008);
    }

    void frameOptionSeeksEveryCamera()
    {
        // Two cameras whose frames are flat colours that say their number: red = 3n on the
        // left camera, green = 3n on the right (PNG: exact after scaling).
        const QString rig = m_dir.filePath(QStringLiteral("rig"));
        for (const QString &cam : {QStringLiteral("left"), QStringLiteral("right")}) {
            QDir().mkpath(rig + QLatin1Char('/') + cam);
            for (int n = 0; n < 60; ++n) {
                QImage frame(160, 90, QImage::Format_RGB32);
                frame.fill(cam == QStringLiteral("left") ? qRgb(3 * n, 0, 40) : qRgb(0, 3 * n, 40));
                QVERIFY(frame.save(QStringLiteral("%1/%2/f%3.png").arg(rig, cam).arg(n)));
            }
        }
        const QString rigFile = rig + QStringLiteral("/rig.json");
        QFile f(rigFile);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"streams": [{"path": "left", "frameRate": 30},
                                {"path": "right", "frameRate": 30}]})");
        f.close();
        const QString png = m_dir.filePath(QStringLiteral("frame37.png"));
        const test::ProcessResult r =
            test::run(loupeBinary(),
                      {QStringLiteral("--screenshot"), png, QStringLiteral("--frame"),
                       QStringLiteral("37"), rigFile},
                      {}, 120000);
        QVERIFY2(r.finished && r.exitCode == 0, r.err.constData());
        const QImage image(png);
        // Pixels of each frame's colour; the filmstrip's thumbnails show a few other frames,
        // small.
        std::map<QRgb, int> count;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                if (const QRgb c = image.pixel(x, y);
                    qBlue(c) == 40 && (qRed(c) == 0 || qGreen(c) == 0))
                    ++count[c];
        const int left = count[qRgb(111, 0, 40)], right = count[qRgb(0, 111, 40)];
        int other = 0;
        for (const auto &[colour, n] : count)
            if (colour != qRgb(111, 0, 40) && colour != qRgb(0, 111, 40))
                other = std::max(other, n);
        // Each camera covers a good part of the window with frame 37; no other frame comes near.
        QVERIFY2(left > 20000 && right > 20000,
                 qPrintable(QStringLiteral("%1 %2").arg(left).arg(right)));
        QVERIFY2(other < left / 4, qPrintable(QStringLiteral("%1 vs %2").arg(other).arg(left)));
        // Past the end: the last frame (59), said on stderr, not a wait for a frame that is not
        // there.
        const test::ProcessResult past =
            test::run(loupeBinary(),
                      {QStringLiteral("--screenshot"), png, QStringLiteral("--frame"),
                       QStringLiteral("60"), rigFile},
                      {}, 60000);
        QVERIFY2(past.finished && past.exitCode == 0, past.err.constData());
        QVERIFY(QString::fromUtf8(past.err).contains(QStringLiteral("past the last frame (59)")));
        const QImage last(png);
        int lastLeft = 0;
        for (int y = 0; y < last.height(); ++y)
            for (int x = 0; x < last.width(); ++x)
                lastLeft += last.pixel(x, y) == qRgb(3 * 59, 0, 40);
        QVERIFY2(lastLeft > 20000, qPrintable(QString::number(lastLeft)));
        // A bad --frame is refused with a message.
        const test::ProcessResult bad =
            test::run(loupeBinary(), {QStringLiteral("--screenshot"), png,
                                      QStringLiteral("--frame"), QStringLiteral("soon"), rigFile});
        QCOMPARE(bad.exitCode, 2);
        QVERIFY(QString::fromUtf8(bad.err).contains(QStringLiteral("--frame")));
    }

    void missingPathIsNamedAndStillSaved()
    {
        const QString png = m_dir.filePath(QStringLiteral("missing.png"));
        const QString missing = m_dir.filePath(QStringLiteral("no-such-scan"));
        const test::ProcessResult r =
            test::run(loupeBinary(), {QStringLiteral("--screenshot"), png, missing}, {}, 120000);
        QVERIFY(r.finished);
        QCOMPARE(r.exitCode, 1);
        QVERIFY(QString::fromUtf8(r.err).contains(missing));
        QVERIFY(!QImage(png).isNull());
    }

private:
    QTemporaryDir m_dir;
};

QTEST_GUILESS_MAIN(TestScreenshot)
#include "tst_screenshot.moc"
