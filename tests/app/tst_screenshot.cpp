// `loupe --screenshot`, as scripts/run and a user run it: a real process, a real window
// under Xvfb, and the PNG it saves.

#include "app/buildinfo.h"

#include "testsupport.h"

#include <QGuiApplication>
#include <QImage>
#include <QTemporaryDir>

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
