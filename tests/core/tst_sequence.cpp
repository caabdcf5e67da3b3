// The timeline of a camera sequence: which frame each camera shows at a time (slack for
// clocks a few ms apart, nothing in gaps, before the start or after the end), and the
// playhead: steps, seeks, speed, and playing to the end.

#include "core/sequence/framecache.h"
#include "core/sequence/playback.h"
#include "core/sequence/timeline.h"

#include <QElapsedTimer>
#include <QSignalSpy>
#include <QTest>
#include <QThread>

#include <atomic>
#include <numeric>

using namespace loupe;

namespace {

constexpr qint64 ms = 1'000'000;

Stream stream(const QString &name, std::vector<qint64> times)
{
    Stream s;
    s.name = name;
    s.timestampsNs = std::move(times);
    return s;
}

/// Camera A at 10 fps from 0 (20 frames); camera B 3 ms late, with a gap (frames 5..9 missing)
/// and ending early.
Sequence twoCameras()
{
    std::vector<qint64> a, b;
    for (int n = 0; n < 20; ++n)
        a.push_back(n * 100 * ms);
    for (int n = 0; n < 15; ++n)
        if (n < 5 || n >= 10)
            b.push_back(n * 100 * ms + 3 * ms);
    Sequence seq;
    seq.streams = {stream(QStringLiteral("a"), a), stream(QStringLiteral("b"), b)};
    return seq;
}

} // namespace

class TestSequence : public QObject {
    Q_OBJECT

private slots:
    void eachCameraShowsItsFrameAtThePlayhead()
    {
        const Sequence seq = twoCameras();
        const Timeline t(seq);
        QCOMPARE(t.primary(), 0); // the most frames
        QCOMPARE(t.frameCount(), 20);
        QCOMPARE(t.intervalNs(0), 100 * ms);
        QCOMPARE(t.slackNs(), 10 * ms);
        // B's frame 3 ms after A's still counts as "now" (within the slack).
        QCOMPARE(t.frameOf(1, t.timeOfFrame(2)), 2);
        QCOMPARE(t.frameOf(1, t.timeOfFrame(4)), 4);
        // Between frames: the latest at or before.
        QCOMPARE(t.frameOf(0, 250 * ms), 2);
        QCOMPARE(t.frameOf(1, 250 * ms), 2);
        // In B's gap (500..900 ms): its frame 4 (at 403 ms) is too old past 553 ms.
        QCOMPARE(t.frameOf(1, 550 * ms), 4);
        QCOMPARE(t.frameOf(1, 600 * ms), -1);
        QCOMPARE(t.frameOf(1, t.timeOfFrame(10)), 5); // B's sixth frame, taken at 1003 ms
        // After B ends (its last at 1403 ms): nothing from 1554 ms.
        QCOMPARE(t.frameOf(1, 1500 * ms), 9);
        QCOMPARE(t.frameOf(1, 1600 * ms), -1);
        // Before anything: nothing; the primary's frame there is 0.
        QCOMPARE(t.frameOf(0, -50 * ms), -1);
        QCOMPARE(t.frameAt(-50 * ms), 0);
        QCOMPARE(t.frameAt(1949 * ms), 19);
        QCOMPARE(t.frameOf(5, 0), -1); // no such stream
    }

    void playheadStepsSeeksAndPlays()
    {
        const Sequence seq = twoCameras();
        const Timeline t(seq);
        Playback p;
        QSignalSpy moved(&p, &Playback::moved);
        p.setTimeline(&t);
        QCOMPARE(p.frame(), 0);
        QCOMPARE(moved.count(), 1);
        p.step(3);
        QCOMPARE(p.frame(), 3);
        QCOMPARE(p.timeNs(), 300 * ms);
        QCOMPARE(p.direction(), 1);
        p.step(-10); // clamped at the start
        QCOMPARE(p.frame(), 0);
        QCOMPARE(p.direction(), -1);
        p.seekTime(1234 * ms);
        QCOMPARE(p.frame(), 12);
        QCOMPARE(p.timeNs(), 1234 * ms);
        p.seekFrame(99);
        QCOMPARE(p.frame(), 19);
        p.setSpeed(10); // clamped to 4×
        QCOMPARE(p.speed(), 4.0);
        // Play from the end starts again from the beginning and runs to the end (2 s of
        // sequence at 4×: about half a second), passing every frame in order.
        moved.clear();
        p.play();
        QVERIFY(p.isPlaying());
        QVERIFY(QTest::qWaitFor([&] { return !p.isPlaying(); }, 5000));
        QCOMPARE(p.frame(), 19);
        int last = -1;
        for (const auto &m : moved) {
            QVERIFY(m.at(1).toInt() >= last);
            last = m.at(1).toInt();
        }
        QCOMPARE(moved.count() + p.framesSkipped(), 20); // each frame shown or counted skipped
        // Stepping pauses.
        p.play();
        p.step(-1);
        QVERIFY(!p.isPlaying());
    }

    void shortDelaysSkipNothingLongOnesKeepTime()
    {
        const Sequence seq = twoCameras();
        const Timeline t(seq);
        Playback p;
        p.setTimeline(&t);
        p.setSpeed(2); // 20 frames in a second
        // Frame 3 takes 150 ms to reach the screen (a slow decode), and the UI thread is busy
        // for 120 ms at frame 8: both within the catch-up limit.
        QElapsedTimer since;
        p.setShown([&] { return p.frame() != 3 || since.elapsed() >= 150; });
        std::vector<int> frames;
        auto c = connect(&p, &Playback::moved, this, [&](qint64, int frame) {
            frames.push_back(frame);
            if (frame == 3)
                since.start();
            if (frame == 8)
                QThread::msleep(120);
        });
        p.play();
        QVERIFY(QTest::qWaitFor([&] { return !p.isPlaying(); }, 5000));
        QCOMPARE(p.framesSkipped(), 0);
        std::vector<int> every(19);
        std::iota(every.begin(), every.end(), 1);
        QCOMPARE(frames, every); // each frame once, in order, to the last
        disconnect(c);

        // Stuck for 700 ms at frame 5 (more than the limit): the playhead keeps time, skipping.
        p.setShown({});
        frames.clear();
        c = connect(&p, &Playback::moved, this, [&](qint64, int frame) {
            frames.push_back(frame);
            if (frame == 5)
                QThread::msleep(700);
        });
        p.play(); // from the end: again from the start
        QVERIFY(QTest::qWaitFor([&] { return !p.isPlaying(); }, 5000));
        disconnect(c);
        QCOMPARE(p.frame(), 19);
        QVERIFY2(p.framesSkipped() >= 5, qPrintable(QString::number(p.framesSkipped())));
        QCOMPARE(int(frames.size()) + p.framesSkipped(), 20); // shown or counted skipped
    }

    void prefetchStopsWhenThePlayheadLeaves()
    {
        // A source whose decodes are long (a video decoding forward from a keyframe): each
        // asks `stop` every millisecond, for up to two seconds.
        struct SlowSource final : FrameSource {
            mutable std::atomic<int> started{0}; ///< of the frames before 100

            mutable std::atomic<int> stopped{0};
            int frameCount() const override { return 200; }
            Result<QImage> decode(int, QSize) const override
            {
                QImage image(8, 8, QImage::Format_RGB32);
                image.fill(Qt::gray);
                return image;
            }
            Result<QImage> decodeUnless(int index, QSize fit, const StopCheck &stop) const override
            {
                if (index < 100)
                    ++started;
                for (int ms = 0; ms < 2000; ++ms) {
                    if (stop()) {
                        ++stopped;
                        return Error{QStringLiteral("stopped")};
                    }
                    QThread::msleep(1);
                }
                return decode(index, fit);
            }
            QString frameName(int index) const override { return QString::number(index); }
        };
        auto source = std::make_shared<SlowSource>();
        auto seq = std::make_shared<Sequence>();
        Stream s = stream(QStringLiteral("slow"), {});
        for (int n = 0; n < 200; ++n)
            s.timestampsNs.push_back(n * 100 * ms);
        s.frameSize = QSize(8, 8);
        s.source = source;
        seq->streams.push_back(s);
        FrameCache cache(seq);
        QSignalSpy ready(&cache, &FrameCache::frameReady);
        QSignalSpy failed(&cache, &FrameCache::frameFailed);
        cache.prefetch(0, 0, +1, 3, {});
        QTest::qWait(50); // the first prefetches are decoding (one a thread)
        QVERIFY(source->started.load() >= 1);
        QCOMPARE(source->stopped.load(), 0);
        // The playhead jumps: the prefetch under way stops, those queued never start.
        cache.prefetch(0, 150, +1, 1, {});
        QVERIFY(QTest::qWaitFor([&] { return source->stopped.load() > 0; }, 1000));
        QTest::qWait(100);
        QCOMPARE(source->stopped.load(), source->started.load());
        for (const auto &r : ready)
            QVERIFY2(r.at(1).toInt() >= 150, qPrintable(r.at(1).toString()));
        QVERIFY(failed.isEmpty()); // stopping is not a failure anyone sees
        QVERIFY(cache.cached(0, 1, {}).isNull());
        QVERIFY(cache.failure(0, 1).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestSequence)
#include "tst_sequence.moc"
