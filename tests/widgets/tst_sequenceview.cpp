// The camera sequence on screen: two synced cameras of a real drive (PNG and JPEG on disk),
// seeking, stepping with the keys, playing, maximising a view, a camera with no frame at the
// playhead, and a damaged frame that shows its reason while playback goes on.

#include "app/demo/drivedemo.h"
#include "core/sequence/framecache.h"
#include "core/sequence/playback.h"
#include "core/sequence/timeline.h"
#include "plugins/frames/framereader.h"
#include "plugins/frames/imagesource.h"
#include "widgets/cameragrid.h"
#include "widgets/filmstrip.h"
#include "widgets/frameview.h"
#include "widgets/sequenceview.h"
#include "widgets/timelinebar.h"
#include "widgets/timelinemarkers.h"

#include "testsupport.h"

#include <QApplication>
#include <QDir>
#include <QFile>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLineEdit>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QSlider>
#include <QStyle>
#include <QStyleOptionSlider>
#include <QTemporaryDir>
#include <QTest>
#include <QWheelEvent>

#include <set>

using namespace loupe;

namespace {

std::shared_ptr<const Sequence> read(const QString &path)
{
    Result<Dataset> d = frames::readFrames(path);
    if (!d.ok())
        qFatal("%s", qPrintable(d.errorMessage()));
    return d->sequences.front();
}

bool settled(SequenceView &view)
{
    return QTest::qWaitFor([&] { return view.isSettled(); }, 10000);
}

} // namespace

class TestSequenceView : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        m_spec.frames = 40;
        m_spec.width = 320;
        m_spec.height = 120;
        m_drive = m_dir.filePath(QStringLiteral("drive"));
        QVERIFY(demo::writeDrive(m_drive, m_spec).ok());
    }

    void twoCamerasShowTheFrameAtThePlayhead()
    {
        SequenceView view;
        view.resize(900, 700);
        view.setSequence(read(m_drive));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(settled(view));
        QCOMPARE(view.grid()->count(), 2);
        // Wide frames: stacked, one camera above the other.
        QVERIFY(view.grid()->view(1)->geometry().top() > view.grid()->view(0)->geometry().top());
        for (int c = 0; c < 2; ++c)
            QCOMPARE(view.grid()->view(c)->frame(), 0);

        // Seek: both cameras at frame 25, each the picture its file holds.
        view.playback()->seekFrame(25);
        QVERIFY(settled(view));
        const QStringList files{QStringLiteral("image_02/data/0000000025.png"),
                                QStringLiteral("image_03/data/0000000025.jpg")};
        for (int c = 0; c < 2; ++c) {
            FrameView *v = view.grid()->view(c);
            QCOMPARE(v->frame(), 25);
            QVERIFY(v->hasPicture());
            QVERIFY2(v->info().startsWith(QStringLiteral("frame 25 · ")), qPrintable(v->info()));
            const frames::ImageFileSource file({QDir(m_drive).filePath(files[c])});
            const QImage expected = file.decode(0, v->decodeSize()).value();
            QCOMPARE(v->image().size(), expected.size());
            QCOMPARE(v->image(), expected);
        }
        QVERIFY(view.bar()->positionText().startsWith(QStringLiteral("frame 25 / 39")));
        QCOMPARE(view.bar()->slider()->value(), 25);

        // Keys (window shortcuts): Right, Page Down, Left, Home, End.
        view.activateWindow();
        QVERIFY(QTest::qWaitForWindowActive(&view));
        view.setFocus();
        QTest::keyClick(&view, Qt::Key_Right);
        QCOMPARE(view.playback()->frame(), 26);
        QTest::keyClick(&view, Qt::Key_PageDown);
        QCOMPARE(view.playback()->frame(), 36);
        QTest::keyClick(&view, Qt::Key_Left);
        QCOMPARE(view.playback()->frame(), 35);
        QTest::keyClick(&view, Qt::Key_End);
        QCOMPARE(view.playback()->frame(), 39);
        QTest::keyClick(&view, Qt::Key_Home);
        QCOMPARE(view.playback()->frame(), 0);
        QVERIFY(settled(view));
        QCOMPARE(view.grid()->view(1)->frame(), 0);

        // The jump box: a frame, then a time (seconds from the start).
        view.bar()->jumpBox()->setText(QStringLiteral("12"));
        QTest::keyClick(view.bar()->jumpBox(), Qt::Key_Return);
        QCOMPARE(view.playback()->frame(), 12);
        view.bar()->jumpBox()->setText(QStringLiteral("2.05s")); // frames are 0.1 s apart
        QTest::keyClick(view.bar()->jumpBox(), Qt::Key_Return);
        QCOMPARE(view.playback()->frame(), 20);
        // The slider scrubs.
        view.bar()->slider()->setValue(33);
        QCOMPARE(view.playback()->frame(), 33);
        QVERIFY(settled(view));
        QCOMPARE(view.grid()->view(0)->frame(), 33);
        QCOMPARE(view.grid()->view(1)->frame(), 33);

        // Space plays (at 4×, 40 frames of 10 fps take a second) to the end, and stops there.
        view.playback()->seekFrame(0);
        view.playback()->setSpeed(4.0);
        QSignalSpy playing(view.playback(), &Playback::playingChanged);
        QTest::keyClick(&view, Qt::Key_Space);
        QVERIFY(view.playback()->isPlaying());
        QVERIFY(QTest::qWaitFor([&] { return !view.playback()->isPlaying(); }, 10000));
        QCOMPARE(view.playback()->frame(), 39);
        QVERIFY(settled(view));
        QCOMPARE(view.grid()->view(1)->frame(), 39);
        QVERIFY(view.framesShown() > 10);

        // The filmstrip: thumbnails spread over the sequence; a click goes there.
        Filmstrip *strip = view.filmstrip();
        QVERIFY(strip->frames().size() >= 3);
        QVERIFY(QTest::qWaitFor(
            [&] { return strip->thumbnailsReady() == int(strip->frames().size()); }, 10000));
        QVERIFY(strip->frames().front() < 10 && strip->frames().back() > 30);
        QTest::mouseClick(strip, Qt::LeftButton, Qt::NoModifier,
                          QPoint(strip->width() * 3 / 4, strip->height() / 2));
        QCOMPARE(view.playback()->frame(), strip->frameAt(strip->width() * 3 / 4));
        QCOMPARE(view.playback()->frame(), 30); // three quarters of 40 frames

        // Double-click maximises a view; again brings the grid back.
        FrameView *right = view.grid()->view(1);
        QTest::mouseDClick(right, Qt::LeftButton);
        QCOMPARE(view.grid()->maximised(), 1);
        QVERIFY(!view.grid()->view(0)->isVisible());
        QTest::mouseDClick(right, Qt::LeftButton);
        QCOMPARE(view.grid()->maximised(), -1);
        QVERIFY(view.grid()->view(0)->isVisible());
    }

    void camerasZoomPanAndFillAGridOfSix()
    {
        // A rig of seven cameras (the drive's left one, seven times): six views, 3 by 2, and a
        // warning that names the cameras not shown.
        const QString rig = m_dir.filePath(QStringLiteral("seven.json"));
        QJsonArray streams;
        for (int c = 1; c <= 7; ++c)
            streams.append(
                QJsonObject{{QStringLiteral("name"), QStringLiteral("cam %1").arg(c)},
                            {QStringLiteral("path"), QStringLiteral("drive/image_02/data")},
                            {QStringLiteral("frameRate"), 10}});
        QFile f(rig);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(QJsonDocument(QJsonObject{{QStringLiteral("streams"), streams}}).toJson());
        f.close();
        SequenceView view;
        view.resize(1200, 700);
        QSignalSpy warned(&view, &SequenceView::warning);
        view.setSequence(read(rig));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(settled(view));
        QCOMPARE(view.grid()->count(), 6);
        QCOMPARE(warned.count(), 1);
        const QString said = warned.front().front().toString();
        QVERIFY2(said.contains(QStringLiteral("7 cameras")) &&
                     said.contains(QStringLiteral("first 6")) &&
                     said.contains(QStringLiteral("cam 7 is not shown")),
                 qPrintable(said));
        // Six cells of one grid (laid out for the frames' shape: 2 by 3 or 3 by 2), none
        // overlapping another.
        std::set<int> columns, rows;
        for (int c = 0; c < 6; ++c) {
            const QRect cell = view.grid()->view(c)->geometry();
            QVERIFY(view.grid()->view(c)->isVisible() && cell.width() > 100);
            columns.insert(cell.left());
            rows.insert(cell.top());
            for (int d = 0; d < c; ++d)
                QVERIFY(!cell.intersects(view.grid()->view(d)->geometry()));
        }
        QCOMPARE(int(columns.size() * rows.size()), 6);
        QVERIFY(columns.size() >= 2 && rows.size() >= 2);
        // The wheel zooms about the pointer: the frame pixel under it stays under it.
        FrameView *v = view.grid()->view(0);
        const QPointF at(v->width() * 0.3, v->height() * 0.6);
        const QPointF under = v->screenToFrame(at);
        QWheelEvent wheel(at, v->mapToGlobal(at), QPoint(), QPoint(0, 240), Qt::NoButton,
                          Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(v, &wheel);
        QCOMPARE(v->zoom(), 1.25 * 1.25);
        const QPointF still = v->frameToScreen(under);
        QVERIFY2(std::abs(still.x() - at.x()) < 0.5 && std::abs(still.y() - at.y()) < 0.5,
                 qPrintable(QStringLiteral("%1,%2").arg(still.x()).arg(still.y())));
        // A left drag pans: the same frame pixel moves with the pointer.
        const QPoint from = at.toPoint(), to = from + QPoint(40, -15);
        QTest::mousePress(v, Qt::LeftButton, {}, from);
        QMouseEvent move(QEvent::MouseMove, QPointF(to), v->mapToGlobal(QPointF(to)), Qt::NoButton,
                         Qt::LeftButton, Qt::NoModifier);
        QApplication::sendEvent(v, &move);
        QTest::mouseRelease(v, Qt::LeftButton, {}, to);
        const QPointF moved = v->frameToScreen(under);
        QVERIFY2(std::abs(moved.x() - to.x()) < 1 && std::abs(moved.y() - to.y()) < 1,
                 qPrintable(QStringLiteral("%1,%2").arg(moved.x()).arg(moved.y())));
        // The other cameras keep their own view; R puts this one back.
        QCOMPARE(view.grid()->view(1)->zoom(), 1.0);
        QTest::keyClick(v, Qt::Key_R);
        QCOMPARE(v->zoom(), 1.0);
        const QPointF back = v->frameToScreen(under);
        QVERIFY(std::abs(back.x() - at.x()) < 0.5 && std::abs(back.y() - at.y()) < 0.5);
    }

    void aCameraWithoutAFrameThereSaysSo()
    {
        // The right camera starts 1.5 s late (a rig offset): at frame 5 it has nothing yet.
        const QString rig = m_dir.filePath(QStringLiteral("late.json"));
        QFile f(rig);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write(R"({"streams": [{"path": "drive/image_02/data"},
                                {"path": "drive/image_03/data", "offset": 1.5}]})");
        f.close();
        SequenceView view;
        view.resize(700, 500);
        view.setSequence(read(rig));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.playback()->seekFrame(5);
        QVERIFY(settled(view));
        QCOMPARE(view.grid()->view(0)->frame(), 5);
        QCOMPARE(view.grid()->view(1)->frame(), -1);
        QVERIFY(view.grid()->view(1)->placeholder().contains(QStringLiteral("No frame")));
        view.playback()->seekFrame(25); // 2.5 s: the right camera's frame 10
        QVERIFY(settled(view));
        QCOMPARE(view.grid()->view(1)->frame(), 10);
        QVERIFY(view.grid()->view(1)->hasPicture());
    }

    void aDamagedFrameShowsWhyAndPlaybackGoesOn()
    {
        const QString copy = m_dir.filePath(QStringLiteral("damaged"));
        QDir().mkpath(copy);
        for (int n = 0; n < 6; ++n) {
            const QString name = QStringLiteral("%1.jpg").arg(n);
            const QString from = QDir(m_drive).filePath(
                QStringLiteral("image_03/data/%1.jpg").arg(n, 10, 10, QLatin1Char('0')));
            QVERIFY(QFile::copy(from, QDir(copy).filePath(name)));
        }
        // Frame 2 cut short.
        QFile cut(QDir(copy).filePath(QStringLiteral("2.jpg")));
        QVERIFY(cut.open(QIODevice::ReadWrite));
        QVERIFY(cut.resize(cut.size() / 3));
        cut.close();
        SequenceView view;
        view.resize(600, 400);
        view.setSequence(read(copy));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        view.playback()->seekFrame(2);
        QVERIFY(settled(view));
        FrameView *v = view.grid()->view(0);
        QCOMPARE(v->frame(), 2);
        QVERIFY(!v->hasPicture());
        QVERIFY2(v->placeholder().contains(QStringLiteral("2.jpg")), qPrintable(v->placeholder()));
        // Playing on from it reaches the end with pictures again.
        view.playback()->setSpeed(4.0);
        view.playback()->play();
        QVERIFY(QTest::qWaitFor([&] { return !view.playback()->isPlaying(); }, 10000));
        QVERIFY(settled(view));
        QCOMPARE(v->frame(), 5);
        QVERIFY(v->hasPicture());
    }

    void cacheKeepsToItsBudget()
    {
        const std::shared_ptr<const Sequence> seq = read(m_drive);
        const qint64 frameBytes = 320 * 120 * 4;
        FrameCache cache(seq, frameBytes * 20); // twenty full frames
        QSignalSpy ready(&cache, &FrameCache::frameReady);
        cache.request(0, 0, {});
        cache.prefetch(0, 0, 1, 30, {});
        // Prefetch stops at half the budget shared by the two cameras: 5 frames, and the one
        // asked for.
        QVERIFY(QTest::qWaitFor([&] { return ready.count() >= 6; }, 10000));
        QTest::qWait(100);
        QCOMPARE(ready.count(), 6);
        QCOMPARE(cache.bytes(), 6 * frameBytes);
        for (int n = 0; n <= 5; ++n)
            QVERIFY(!cache.cached(0, n, {}).isNull());
        // A smaller request is served from the larger frame; a larger one is not.
        QCOMPARE(cache.cached(0, 1, {160, 60}).size(), QSize(320, 120));
        // Asking for more than fits: the oldest go, but never a camera's frame last asked for.
        for (int n = 0; n < 30; ++n)
            cache.request(1, n, {});
        QVERIFY(QTest::qWaitFor([&] { return ready.count() >= 36; }, 10000));
        QVERIFY(cache.bytes() <= cache.budget());
        QVERIFY(!cache.cached(0, 0, {}).isNull()); // stream 0's last request
        for (int n = 1; n <= 5; ++n)
            QVERIFY(cache.cached(0, n, {}).isNull()); // the oldest
        QVERIFY(!cache.cached(1, 29, {}).isNull());
        QCOMPARE(cache.decodedCount(), qint64(36));
    }

    void aFrameDecodedNearlyToSizeIsNotDecodedAgain()
    {
        // 1242×375 JPEG: its 1/2 DCT scale is 621×188 (rounded up), which fitted into 600×181
        // comes out narrower than the exact aspect gives. That is the frame asked for; it once
        // made the view ask again and again.
        demo::DriveSpec spec;
        spec.frames = 2;
        const QString drive = m_dir.filePath(QStringLiteral("kitti-size"));
        QVERIFY(demo::writeDrive(drive, spec).ok());
        FrameCache cache(read(drive));
        QSignalSpy ready(&cache, &FrameCache::frameReady);
        const QSize view(600, 181);
        cache.request(1, 0, view);
        QVERIFY(ready.wait(10000));
        const QImage frame = cache.cached(1, 0, view);
        QVERIFY(!frame.isNull());
        const int exact = fittedSize(QSize(1242, 375), view).width();
        QVERIFY2(frame.width() < exact, qPrintable(QStringLiteral("%1, exact %2") // the case
                                                       .arg(frame.width())
                                                       .arg(exact)));
        cache.request(1, 0, view);
        QTest::qWait(200);
        QCOMPARE(cache.decodedCount(), qint64(1));
    }

    void videoKeyframesAreMarkedOnTheTimeline()
    {
        // A video with a keyframe every 10 frames: ticks above the slider at 0, 10, 20 and 30,
        // under the slider's handle when it is there; clicking one seeks to it.
        const QString video = m_dir.filePath(QStringLiteral("gop10.mp4"));
        const test::ProcessResult made =
            test::run(QStringLiteral("ffmpeg"),
                      {QStringLiteral("-y"), QStringLiteral("-loglevel"), QStringLiteral("error"),
                       QStringLiteral("-framerate"), QStringLiteral("10"), QStringLiteral("-i"),
                       m_drive + QStringLiteral("/image_03/data/%010d.jpg"), QStringLiteral("-c:v"),
                       QStringLiteral("libx264"), QStringLiteral("-g"), QStringLiteral("10"),
                       QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"), video});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        SequenceView view;
        view.resize(900, 500);
        view.setSequence(read(video));
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(settled(view));
        TimelineMarkers *markers = view.bar()->markers();
        QCOMPARE(markers->markers(QStringLiteral("keyframes")), (std::vector<int>{0, 10, 20, 30}));
        QVERIFY(markers->toolTip().contains(QStringLiteral("keyframes")));
        QSlider *slider = view.bar()->slider();
        view.playback()->seekFrame(20);
        QVERIFY(settled(view));
        QCOMPARE(slider->value(), 20);
        QStyleOptionSlider option;
        option.initFrom(slider);
        option.minimum = slider->minimum();
        option.maximum = slider->maximum();
        option.sliderPosition = option.sliderValue = slider->value();
        const QRect handle = slider->style()->subControlRect(QStyle::CC_Slider, &option,
                                                             QStyle::SC_SliderHandle, slider);
        const int handleX = markers->mapFromGlobal(slider->mapToGlobal(handle.center())).x();
        QVERIFY2(std::abs(markers->xOfFrame(20) - handleX) <= 2,
                 qPrintable(QStringLiteral("%1 vs %2").arg(markers->xOfFrame(20)).arg(handleX)));
        QTest::mouseClick(markers, Qt::LeftButton, {}, QPoint(markers->xOfFrame(30) + 1, 3));
        QTRY_COMPARE(view.playback()->frame(), 30);
        QVERIFY(settled(view));
        QCOMPARE(view.grid()->view(0)->frame(), 30);
        // An image folder has no keyframes: no ticks, and the tooltip says so.
        view.setSequence(read(m_drive));
        QVERIFY(markers->markers(QStringLiteral("keyframes")).empty());
        QVERIFY(markers->toolTip().contains(QStringLiteral("none")));
    }

private:
    QTemporaryDir m_dir;
    QString m_drive;
    demo::DriveSpec m_spec;
};

QTEST_MAIN(TestSequenceView)
#include "tst_sequenceview.moc"
