// Camera sequences from image files: natural order, timestamps (KITTI, CSV, a stated rate),
// KITTI drives with their calibration, rig files with offsets, JPEG decoded at reduced size
// (checked against OpenCV's own reduced decoding), PNG of every layout (against OpenCV), and
// the messages for bad input.

#include "app/demo/drivedemo.h"
#include "core/compute/computebackend.h"
#include "core/progress.h"
#include "core/sequence/framecache.h"
#include "plugins/frames/avdecoder.h"
#include "plugins/frames/framereader.h"
#include "plugins/frames/imagesource.h"
#include "plugins/frames/planeshrink.h"
#include "plugins/frames/streams.h"
#include "plugins/frames/videosource.h"

#include "testsupport.h"

#include <QDir>
#include <QFile>
#include <QImage>
#include <QSignalSpy>
#include <QTemporaryDir>
#include <QTest>

#include <opencv2/core.hpp>
#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <random>

using namespace loupe;

namespace {

void writeText(const QString &path, const QByteArray &text)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly));
    f.write(text);
}

/// A frame whose top-left pixel encodes its number, so order can be checked on the pixels.
void writeFrame(const QString &path, int number, QSize size = {64, 48})
{
    QImage image(size, QImage::Format_RGB32);
    image.fill(QColor(number * 10 % 256, 100, 200));
    QVERIFY(image.save(path));
}

/// `image` area-averaged by OpenCV to `size`: the reference for a frame fitted to a view.
QImage areaAveraged(const QImage &image, QSize size)
{
    QImage out(size, QImage::Format_RGB32);
    const cv::Mat from(image.height(), image.width(), CV_8UC4,
                       const_cast<uchar *>(image.constBits()), std::size_t(image.bytesPerLine()));
    cv::Mat to(size.height(), size.width(), CV_8UC4, out.bits(), std::size_t(out.bytesPerLine()));
    cv::resize(from, to, to.size(), 0, 0, cv::INTER_AREA);
    return out;
}

/// Empty when `a` looks like `b` (same size; 90 % of pixels within 6 levels, a mean difference
/// under 2.5): edges differ between ways of scaling (interpolated or area-averaged chroma),
/// while a wrong matrix, range or offset moves most pixels by far more. Else what differs.
QString looksDifferent(const QImage &a, const QImage &b)
{
    if (a.size() != b.size())
        return QStringLiteral("sizes differ");
    qint64 total = 0, close = 0;
    for (int y = 0; y < a.height(); ++y)
        for (int x = 0; x < a.width(); ++x) {
            const QRgb p = a.pixel(x, y), q = b.pixel(x, y);
            const int d = std::max({std::abs(qRed(p) - qRed(q)), std::abs(qGreen(p) - qGreen(q)),
                                    std::abs(qBlue(p) - qBlue(q))});
            total += d;
            close += d <= 6;
        }
    const double pixels = double(a.width()) * a.height();
    if (close >= 0.9 * pixels && total / pixels < 2.5)
        return {};
    return QStringLiteral("%1x%2: %3 of %4 close, mean %5")
        .arg(a.width())
        .arg(a.height())
        .arg(close)
        .arg(pixels)
        .arg(total / pixels);
}

/// What a decoder's frame shrunk by the whole factor `k` should be, found without Loupe's
/// shrinking: each of the codec's planes (padded by repeating its edge to a multiple of `k`)
/// area-averaged by OpenCV, then converted by the CPU twin.
QImage shrunkReference(const compute::FramePlanes &planes, int k, const ComputeBackend &cpu)
{
    std::vector<cv::Mat> shrunk;
    compute::FramePlanes out = planes;
    out.width = (planes.width + k - 1) / k;
    out.height = (planes.height + k - 1) / k;
    for (int p = 0; p < compute::planeCount(planes.layout); ++p) {
        const int rows = compute::planeRows(planes, p),
                  columns = p == 0 ? planes.width : (planes.width + 1) / 2;
        const cv::Mat plane(rows, columns, CV_8UC1, const_cast<std::uint8_t *>(planes.data[p]),
                            std::size_t(planes.stride[p]));
        cv::Mat padded, small;
        cv::copyMakeBorder(plane, padded, 0, (k - rows % k) % k, 0, (k - columns % k) % k,
                           cv::BORDER_REPLICATE);
        cv::resize(padded, small, cv::Size(padded.cols / k, padded.rows / k), 0, 0, cv::INTER_AREA);
        shrunk.push_back(small);
        out.data[p] = small.data;
        out.stride[p] = int(small.step);
    }
    QImage image(out.width, out.height, QImage::Format_RGB32);
    cpu.convertFrame(out, out.width, out.height, reinterpret_cast<std::uint32_t *>(image.bits()),
                     std::size_t(image.bytesPerLine()));
    return image;
}

} // namespace

class TestFrames : public QObject {
    Q_OBJECT

private slots:
    void initTestCase()
    {
        QVERIFY(m_dir.isValid());
        demo::DriveSpec spec;
        spec.frames = 12;
        spec.width = 320;
        spec.height = 120;
        m_spec = spec;
        m_drive = m_dir.filePath(QStringLiteral("drive"));
        QVERIFY(demo::writeDrive(m_drive, spec).ok());
    }

    void naturalOrder()
    {
        QStringList names{"frame10.png", "frame2.png", "Frame1.png", "frame002.png", "a.png"};
        std::sort(names.begin(), names.end(), naturalLess);
        QCOMPARE(names,
                 (QStringList{"a.png", "Frame1.png", "frame2.png", "frame002.png", "frame10.png"}));
        // An image folder lists its frames that way.
        const QString dir = m_dir.filePath(QStringLiteral("natural"));
        QDir().mkpath(dir);
        for (int n : {10, 2, 1, 33})
            writeFrame(QDir(dir).filePath(QStringLiteral("frame%1.png").arg(n)), n);
        QStringList warnings;
        frames::FolderOptions options;
        options.frameRate = 20;
        Result<Stream> s = frames::imageFolderStream(dir, options, warnings);
        QVERIFY2(s.ok(), qPrintable(s.errorMessage()));
        QCOMPARE(s->frameCount(), 4);
        QVERIFY(warnings.isEmpty()); // a rate was stated
        const int expected[] = {1, 2, 10, 33};
        for (int n = 0; n < 4; ++n) {
            const Result<QImage> frame = s->source->decode(n, {});
            QVERIFY(frame.ok());
            QCOMPARE(qRed(frame->pixel(0, 0)), expected[n] * 10 % 256);
            QCOMPARE(s->timestampsNs[std::size_t(n)], qint64(n) * 50'000'000); // 20 fps
        }
    }

    void timestampFiles()
    {
        const QString kitti = m_dir.filePath(QStringLiteral("kitti.txt"));
        writeText(kitti, "2011-09-26 13:02:25.594360375\n2011-09-26 13:02:25.604340600\n");
        Result<std::vector<qint64>> k = readTimestamps(kitti);
        QVERIFY2(k.ok(), qPrintable(k.errorMessage()));
        QCOMPARE(k->size(), std::size_t(2));
        QCOMPARE(k.value()[1] - k.value()[0], qint64(9'980'225));
        QCOMPARE(k.value()[0] % 1'000'000'000, qint64(594'360'375));
        // CSV of frame,seconds, with a header, frames out of order.
        const QString csv = m_dir.filePath(QStringLiteral("t.csv"));
        writeText(csv, "frame,time\n1,0.5\n0,0.25\n2,0.75\n");
        Result<std::vector<qint64>> c = readTimestamps(csv);
        QVERIFY(c.ok());
        QCOMPARE(c.value(), (std::vector<qint64>{250'000'000, 500'000'000, 750'000'000}));
        // A bad line: the file and the line.
        writeText(csv, "0,0.1\n1,soon\n");
        c = readTimestamps(csv);
        QVERIFY(!c.ok());
        QVERIFY2(c.errorMessage().contains(csv) &&
                     c.errorMessage().contains(QStringLiteral("line 2")),
                 qPrintable(c.errorMessage()));
        // Backwards and repeated times are reported; frames keep index order.
        std::vector<qint64> t{0, 100, 50, 50, 200};
        const QStringList problems = checkTimestamps(QStringLiteral("front"), t);
        QCOMPARE(problems.size(), 2);
        QVERIFY(problems[0].contains(QStringLiteral("backwards")));
        QVERIFY(problems[0].contains(QStringLiteral("front")));
        // Each says where it first happens: backwards at frame 2, a repeat at frame 3.
        QVERIFY2(problems[0].contains(QStringLiteral("first at frame 2")), qPrintable(problems[0]));
        QVERIFY2(problems[1].contains(QStringLiteral("repeat")) &&
                     problems[1].contains(QStringLiteral("first at frame 3")),
                 qPrintable(problems[1]));
        QVERIFY(std::is_sorted(t.begin(), t.end()));
    }

    void kittiDriveWithCalibration()
    {
        QCOMPARE(frames::frameConfidence(m_drive), 95);
        Result<Dataset> d = frames::readFrames(m_drive);
        QVERIFY2(d.ok(), qPrintable(d.errorMessage()));
        QCOMPARE(d->sequences.size(), std::size_t(1));
        const Sequence &seq = *d->sequences.front();
        QCOMPARE(seq.streams.size(), std::size_t(2));
        QCOMPARE(seq.streams[0].name, QStringLiteral("image_02"));
        QCOMPARE(seq.streams[1].name, QStringLiteral("image_03"));
        const demo::DriveCamera cam = demo::driveCamera(m_spec);
        for (int c = 0; c < 2; ++c) {
            const Stream &s = seq.streams[std::size_t(c)];
            QCOMPARE(s.frameCount(), m_spec.frames);
            QCOMPARE(s.frameSize, QSize(320, 120));
            for (int n = 0; n < m_spec.frames; ++n)
                QCOMPARE(s.timestampsNs[std::size_t(n)], demo::driveTimestampNs(c + 2, n, m_spec));
            QVERIFY(s.intrinsics);
            QVERIFY(std::abs(s.intrinsics->fx - cam.fx) < 1e-3 * cam.fx);
            QVERIFY(std::abs(s.intrinsics->cx - cam.cx) < 1e-3 * cam.cx);
        }
        // The right camera's projection holds the baseline: P[3] = -fx × baseline.
        QVERIFY(std::abs(seq.streams[1].intrinsics->projection[3] + cam.fx * cam.baseline) < 0.5);
        // The frames decode to what the files hold (PNG left, JPEG right).
        const Result<QImage> left = seq.streams[0].source->decode(3, {});
        QVERIFY(left.ok());
        QImage png(QDir(m_drive).filePath(QStringLiteral("image_02/data/0000000003.png")));
        QCOMPARE(left->convertToFormat(QImage::Format_RGB32),
                 png.convertToFormat(QImage::Format_RGB32));
    }

    void jpegDecodesAtReducedSizeLikeOpenCV()
    {
        const QString jpeg = QDir(m_drive).filePath(QStringLiteral("image_03/data/0000000005.jpg"));
        QFile f(jpeg);
        QVERIFY(f.open(QIODevice::ReadOnly));
        const QByteArray bytes = f.readAll();
        const auto *data = reinterpret_cast<const uchar *>(bytes.constData());
        // Full size: the same pixels as OpenCV's decoder (both libjpeg-turbo).
        const Result<QImage> full = frames::decodeJpeg(data, bytes.size(), {}, jpeg);
        QVERIFY(full.ok());
        QCOMPARE(full->size(), QSize(320, 120));
        const cv::Mat ref = cv::imread(jpeg.toStdString(), cv::IMREAD_COLOR);
        // A view of 160×60 or less: DCT scaling to one half, as IMREAD_REDUCED_COLOR_2 does.
        const Result<QImage> half = frames::decodeJpeg(data, bytes.size(), {150, 100}, jpeg);
        QVERIFY(half.ok());
        QCOMPARE(half->size(), QSize(160, 60));
        const cv::Mat refHalf = cv::imread(jpeg.toStdString(), cv::IMREAD_REDUCED_COLOR_2);
        QCOMPARE(refHalf.cols, 160);
        for (const auto &[image, mat] :
             {std::pair{&full.value(), &ref}, std::pair{&half.value(), &refHalf}}) {
            int worst = 0;
            for (int y = 0; y < mat->rows; ++y)
                for (int x = 0; x < mat->cols; ++x) {
                    const cv::Vec3b bgr = mat->at<cv::Vec3b>(y, x);
                    const QRgb q = image->pixel(x, y);
                    worst = std::max({worst, std::abs(qBlue(q) - bgr[0]),
                                      std::abs(qGreen(q) - bgr[1]), std::abs(qRed(q) - bgr[2])});
                }
            QVERIFY2(worst <= 1, qPrintable(QString::number(worst)));
        }
        // Never smaller than asked, and only by 1/2, 1/4 or 1/8 (the other scales are slower
        // than the whole frame): a 200×100 view (200×75 of frame) gets the whole frame, not
        // 5/8; an 80×30 view gets 1/4, and a 79×29 one 1/4 too, not 1/8.
        QCOMPARE(frames::decodeJpeg(data, bytes.size(), {200, 100}, jpeg)->size(), QSize(320, 120));
        QCOMPARE(frames::decodeJpeg(data, bytes.size(), {80, 30}, jpeg)->size(), QSize(80, 30));
        QCOMPARE(frames::decodeJpeg(data, bytes.size(), {79, 29}, jpeg)->size(), QSize(80, 30));
        QCOMPARE(frames::decodeJpeg(data, bytes.size(), {40, 15}, jpeg)->size(), QSize(40, 15));
    }

    void pngDecodesLikeOpenCV()
    {
        // PNGs of every layout, with noise (so every row filter is used), read one after
        // another on one thread: each gives OpenCV's pixels (libpng), whichever decoder reads
        // it (FFmpeg's for 8-bit RGB, RGBA and grey; Qt's for the rest).
        const QString dir = m_dir.filePath(QStringLiteral("png"));
        QDir().mkpath(dir);
        std::mt19937 rng(3);
        const auto noisy = [&](QImage::Format format) {
            QImage image(97, 41, format);
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x)
                    image.setPixelColor(x, y,
                                        QColor::fromRgb(int(rng() % 256), (x * 5 + y) % 256,
                                                        int(rng() % 256), int(rng() % 256)));
            return image;
        };
        QImage palette = noisy(QImage::Format_RGB32).convertToFormat(QImage::Format_Indexed8);
        const std::vector<std::pair<QString, QImage>> cases{
            {QStringLiteral("rgb"), noisy(QImage::Format_RGB32)},
            {QStringLiteral("rgba"), noisy(QImage::Format_ARGB32)},
            {QStringLiteral("grey"), noisy(QImage::Format_Grayscale8)},
            {QStringLiteral("rgb2"), noisy(QImage::Format_RGB32)},
            {QStringLiteral("grey16"), noisy(QImage::Format_Grayscale16)},
            {QStringLiteral("rgb48"), noisy(QImage::Format_RGBX64)},
            {QStringLiteral("palette"), palette}};
        QStringList paths;
        for (const auto &[name, image] : cases) {
            paths << QDir(dir).filePath(name + QStringLiteral(".png"));
            QVERIFY(image.save(paths.back()));
        }
        const frames::ImageFileSource source(paths);
        for (int n = 0; n < source.frameCount(); ++n) {
            const Result<QImage> frame = source.decode(n, {});
            QVERIFY2(frame.ok(), qPrintable(frame.errorMessage()));
            QCOMPARE(frame->format(), QImage::Format_RGB32);
            const cv::Mat ref = cv::imread(paths[n].toStdString(), cv::IMREAD_COLOR);
            QCOMPARE(frame->size(), QSize(ref.cols, ref.rows));
            int worst = 0;
            for (int y = 0; y < ref.rows; ++y)
                for (int x = 0; x < ref.cols; ++x) {
                    const cv::Vec3b bgr = ref.at<cv::Vec3b>(y, x);
                    const QRgb q = frame->pixel(x, y);
                    worst = std::max({worst, std::abs(qBlue(q) - bgr[0]),
                                      std::abs(qGreen(q) - bgr[1]), std::abs(qRed(q) - bgr[2])});
                    QCOMPARE(qAlpha(q), 255);
                }
            QVERIFY2(worst == 0, qPrintable(QStringLiteral("%1: %2").arg(paths[n]).arg(worst)));
        }
        // A PNG cut short names the file.
        QFile whole(paths.front());
        QVERIFY(whole.open(QIODevice::ReadOnly));
        const QString cut = QDir(dir).filePath(QStringLiteral("cut.png"));
        writeText(cut, whole.readAll().left(400));
        const Result<QImage> bad = frames::ImageFileSource({cut}).decode(0, {});
        QVERIFY(!bad.ok());
        QVERIFY2(bad.errorMessage().contains(cut), qPrintable(bad.errorMessage()));
    }

    void rigWithOffsets()
    {
        const QString rig = m_dir.filePath(QStringLiteral("rig.json"));
        writeText(rig, R"({"name": "two", "streams": [
            {"name": "left", "path": "drive/image_02/data"},
            {"name": "right", "path": "drive/image_03/data", "offset": 0.25}]})");
        QCOMPARE(frames::frameConfidence(rig), 95);
        Result<Dataset> d = frames::readFrames(rig);
        QVERIFY2(d.ok(), qPrintable(d.errorMessage()));
        const Sequence &seq = *d->sequences.front();
        QCOMPARE(seq.name, QStringLiteral("two"));
        QCOMPARE(seq.streams[1].name, QStringLiteral("right"));
        // The timestamps beside data/ are found, and the offset is added.
        QCOMPARE(seq.streams[1].timestampsNs[0],
                 demo::driveTimestampNs(3, 0, m_spec) + 250'000'000);
        // A stream whose folder is missing: named.
        writeText(rig, R"({"streams": [{"path": "nowhere"}]})");
        d = frames::readFrames(rig);
        QVERIFY(!d.ok());
        QVERIFY2(d.errorMessage().contains(QStringLiteral("nowhere")),
                 qPrintable(d.errorMessage()));
    }

    void badInputIsNamed()
    {
        // Mixed sizes: the folder and the odd file.
        const QString mixed = m_dir.filePath(QStringLiteral("mixed"));
        QDir().mkpath(mixed);
        writeFrame(QDir(mixed).filePath(QStringLiteral("0.png")), 0);
        writeFrame(QDir(mixed).filePath(QStringLiteral("1.png")), 1, {32, 32});
        QStringList warnings;
        Result<Stream> s = frames::imageFolderStream(mixed, {}, warnings);
        QVERIFY(!s.ok());
        QVERIFY2(s.errorMessage().contains(QStringLiteral("1.png")) &&
                     s.errorMessage().contains(QStringLiteral("mixes image sizes")),
                 qPrintable(s.errorMessage()));
        // No timestamps: 10 fps, and a warning that says so.
        QFile::remove(QDir(mixed).filePath(QStringLiteral("1.png")));
        s = frames::imageFolderStream(mixed, {}, warnings);
        QVERIFY(s.ok());
        QCOMPARE(warnings.size(), 1);
        QVERIFY(warnings[0].contains(QStringLiteral("no timestamps")));
        // Timestamps of another length.
        writeText(QDir(mixed).filePath(QStringLiteral("timestamps.csv")), "0,0\n1,0.1\n");
        s = frames::imageFolderStream(mixed, {}, warnings);
        QVERIFY(!s.ok());
        QVERIFY(s.errorMessage().contains(QStringLiteral("2 timestamps for 1 images")));
        // A truncated JPEG: a decode error naming it (the folder still opens).
        const QString cut = m_dir.filePath(QStringLiteral("cut"));
        QDir().mkpath(cut);
        const QString src = QDir(m_drive).filePath(QStringLiteral("image_03/data/0000000001.jpg"));
        QFile in(src);
        QVERIFY(in.open(QIODevice::ReadOnly));
        writeText(QDir(cut).filePath(QStringLiteral("a.jpg")), in.readAll().left(900));
        QVERIFY(QFile::copy(src, QDir(cut).filePath(QStringLiteral("b.jpg"))));
        frames::FolderOptions rate;
        rate.frameRate = 10;
        s = frames::imageFolderStream(cut, rate, warnings);
        QVERIFY2(s.ok(), qPrintable(s.errorMessage()));
        const Result<QImage> broken = s->source->decode(0, {});
        QVERIFY(!broken.ok());
        QVERIFY2(broken.errorMessage().contains(QStringLiteral("a.jpg")),
                 qPrintable(broken.errorMessage()));
        QVERIFY(s->source->decode(1, {}).ok());
        // An empty folder.
        const QString empty = m_dir.filePath(QStringLiteral("empty"));
        QDir().mkpath(empty);
        QCOMPARE(frames::frameConfidence(empty), 0);
    }

    void videosSeekToTheExactFrame_data()
    {
        QTest::addColumn<QString>("codec");
        QTest::addColumn<QString>("file");
        QTest::newRow("H.264, GOP 15, B-frames") << "libx264 -g 15 -bf 2 -pix_fmt yuv420p"
                                                 << "h264.mp4";
        QTest::newRow("H.265") << "libx265 -x265-params keyint=20:log-level=error -pix_fmt yuv420p"
                               << "h265.mkv";
        QTest::newRow("MJPEG") << "mjpeg -q:v 2"
                               << "mjpeg.avi";
    }

    void videosSeekToTheExactFrame()
    {
        // 70 flat frames whose grey says their number (20 + 3n), made by Debian's ffmpeg.
        QFETCH(QString, codec);
        QFETCH(QString, file);
        const QString frames = m_dir.filePath(QStringLiteral("grey"));
        if (!QDir(frames).exists()) {
            QDir().mkpath(frames);
            for (int n = 0; n < 70; ++n) {
                QImage f(96, 64, QImage::Format_RGB32);
                f.fill(qRgb(20 + 3 * n, 20 + 3 * n, 20 + 3 * n));
                QVERIFY(f.save(
                    QStringLiteral("%1/%2.png").arg(frames).arg(n, 3, 10, QLatin1Char('0'))));
            }
        }
        const QString video = m_dir.filePath(file);
        const test::ProcessResult made = test::run(
            QStringLiteral("ffmpeg"),
            QStringList{QStringLiteral("-y"), QStringLiteral("-loglevel"), QStringLiteral("error"),
                        QStringLiteral("-framerate"), QStringLiteral("25"), QStringLiteral("-i"),
                        frames + QStringLiteral("/%03d.png"), QStringLiteral("-c:v")} +
                codec.split(QLatin1Char(' ')) + QStringList{video});
        QVERIFY2(made.exitCode == 0, made.err.constData());

        const QString cache = m_dir.filePath(QStringLiteral("cache"));
        Result<frames::VideoIndex> index = frames::videoIndex(video, cache);
        QVERIFY2(index.ok(), qPrintable(index.errorMessage()));
        QCOMPARE(index->frames, 70);
        QCOMPARE(index->size, QSize(96, 64));
        QCOMPARE(index->fps, 25.0);
        QCOMPARE(index->keyframes.front(), 0);
        if (file == QStringLiteral("h264.mp4"))
            QCOMPARE(index->keyframes, (std::vector<int>{0, 15, 30, 45, 60}));
        if (file == QStringLiteral("mjpeg.avi"))
            QCOMPARE(int(index->keyframes.size()), 70); // every frame
        // The index is kept in the cache folder (not beside the video) and read back from it.
        QVERIFY(!QDir(cache).entryList({QStringLiteral("*.json")}, QDir::Files).isEmpty());
        QCOMPARE(QDir(m_dir.path())
                     .entryList({QStringLiteral("*.json")}, QDir::Files)
                     .filter(file)
                     .size(),
                 0);
        Result<frames::VideoIndex> again = frames::videoIndex(video, cache);
        QCOMPARE(again->keyframes, index->keyframes);

        // Every frame, in a scrambled order (backwards, across GOPs, forwards within one).
        frames::VideoSource source(video, index.value());
        std::vector<int> order;
        for (int n = 69; n >= 0; n -= 7)
            order.push_back(n);
        for (int n : {3, 4, 5, 31, 32, 59, 16, 0, 69, 44, 46})
            order.push_back(n);
        for (int n : order) {
            const Result<QImage> frame = source.decode(n, {});
            QVERIFY2(frame.ok(), qPrintable(frame.errorMessage()));
            QCOMPARE(frame->size(), QSize(96, 64));
            QCOMPARE(frame->constBits()[3], uchar(255)); // RGB32's fourth byte, as Qt needs it
            const int grey = qGreen(frame->pixel(48, 32));
            QVERIFY2(std::abs(grey - (20 + 3 * n)) <= 1,
                     qPrintable(QStringLiteral("frame %1 reads %2").arg(n).arg(grey)));
        }
        // Scaled for a small view, keeping the aspect.
        QCOMPARE(source.decode(10, {48, 48})->size(), QSize(48, 32));

        // Reaching a frame from its keyframe passes every frame between; H.264 pictures no
        // other refers to (its unreferenced B-frames) are passed without being decoded.
        frames::VideoSource fresh(video, index.value());
        const int target = index->keyframes[1] + 13;
        const Result<QImage> far = fresh.decode(target, {});
        QVERIFY2(far.ok(), qPrintable(far.errorMessage()));
        QVERIFY(std::abs(qGreen(far->pixel(48, 32)) - (20 + 3 * target)) <= 1);
        QCOMPARE(fresh.framesSkippedOver(), target - index->keyframeBefore(target));
        if (file == QStringLiteral("h264.mp4"))
            QVERIFY2(fresh.framesLeftUndecoded() > 0 && fresh.framesLeftUndecoded() < 13,
                     qPrintable(QString::number(fresh.framesLeftUndecoded())));
        else
            QCOMPARE(fresh.framesLeftUndecoded(), 0);
        // A decode told to stop gives up (a prefetch the playhead left) without harm: the
        // frame after it still decodes right.
        const Result<QImage> stopped = fresh.decodeUnless(target + 1, {}, [] { return true; });
        if (file != QStringLiteral("mjpeg.avi")) { // every MJPEG frame is a keyframe: no steps
            QVERIFY(!stopped.ok());
            QVERIFY(stopped.errorMessage().contains(QStringLiteral("stopped")));
        }
        const Result<QImage> after = fresh.decode(target + 1, {});
        QVERIFY2(after.ok(), qPrintable(after.errorMessage()));
        QVERIFY(std::abs(qGreen(after->pixel(48, 32)) - (20 + 3 * (target + 1))) <= 1);
        // Opened through the reader: one camera, 25 fps timestamps.
        Result<Dataset> d = frames::readFrames(video);
        QVERIFY2(d.ok(), qPrintable(d.errorMessage()));
        const Stream &s = d->sequences.front()->streams.front();
        QCOMPARE(s.frameCount(), 70);
        QCOMPARE(s.timestampsNs[10], qint64(400'000'000));
    }

    void videoPlanesConvertLikeTheDecoder()
    {
        // A flat colour in BT.601 and BT.709 (converted by ffmpeg with that matrix and tagged
        // so): both conversions give the colour back.
        for (const QString &matrix : {QStringLiteral("bt470bg"), QStringLiteral("bt709")}) {
            const QString video = m_dir.filePath(QStringLiteral("flat-%1.mp4").arg(matrix));
            const QString colourMatrix =
                matrix == QStringLiteral("bt709") ? matrix : QStringLiteral("bt601");
            const test::ProcessResult made = test::run(
                QStringLiteral("ffmpeg"),
                {QStringLiteral("-y"), QStringLiteral("-loglevel"), QStringLiteral("error"),
                 QStringLiteral("-f"), QStringLiteral("lavfi"), QStringLiteral("-i"),
                 QStringLiteral("color=c=0xC83214:size=64x48:rate=25"), QStringLiteral("-frames:v"),
                 QStringLiteral("3"), QStringLiteral("-vf"),
                 QStringLiteral("scale=out_color_matrix=%1:out_range=tv,format=yuv420p")
                     .arg(colourMatrix),
                 QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-qp"),
                 QStringLiteral("0"), QStringLiteral("-colorspace"), matrix, video});
            QVERIFY2(made.exitCode == 0, made.err.constData());
            Result<frames::VideoIndex> index =
                frames::videoIndex(video, m_dir.filePath(QStringLiteral("cache")));
            QVERIFY2(index.ok(), qPrintable(index.errorMessage()));
            const frames::VideoSource source(video, index.value());
            const Result<QImage> decoded = source.decode(1, {});
            QVERIFY2(decoded.ok(), qPrintable(decoded.errorMessage()));
            const Result<DecodedPlanes> planes = source.decodePlanes(1, {});
            QVERIFY2(planes.ok() && planes->offered(), qPrintable(planes.errorMessage()));
            QImage twin(64, 48, QImage::Format_RGB32);
            ComputeBackend(ComputeBackend::Preference::CpuOnly)
                .convertFrame(planes->planes, 64, 48,
                              reinterpret_cast<std::uint32_t *>(twin.bits()),
                              std::size_t(twin.bytesPerLine()));
            for (const QImage *image : {static_cast<const QImage *>(&decoded.value()),
                                        static_cast<const QImage *>(&twin)}) {
                const QRgb p = image->pixel(30, 20);
                QVERIFY2(std::abs(qRed(p) - 200) <= 3 && std::abs(qGreen(p) - 50) <= 3 &&
                             std::abs(qBlue(p) - 20) <= 3,
                         qPrintable(QStringLiteral("%1: %2 %3 %4")
                                        .arg(matrix)
                                        .arg(qRed(p))
                                        .arg(qGreen(p))
                                        .arg(qBlue(p))));
            }
        }

        // A colourful H.264 clip (ffmpeg's testsrc2) in BT.601 and BT.709: the codec's planes
        // scaled and converted by the compute backend's CPU twin (what the GPU path runs, bit
        // for bit) look like the decoder's own libswscale conversion, at full size and, area
        // averaged by OpenCV, for a view half its size.
        for (const QString &matrix : {QStringLiteral("bt470bg"), QStringLiteral("bt709")}) {
            // One clip 202 wide, not a multiple of 8 (as KITTI's 1242): libswscale's converters
            // write whole blocks of 8 pixels, which must land in the image's padding.
            const QSize clip =
                matrix == QStringLiteral("bt709") ? QSize(202, 114) : QSize(320, 180);
            const QString video = m_dir.filePath(QStringLiteral("colour-%1.mp4").arg(matrix));
            const test::ProcessResult made = test::writeTestVideo(
                video, QStringLiteral("%1x%2").arg(clip.width()).arg(clip.height()), 12,
                {QStringLiteral("-vf"),
                 QStringLiteral("scale=out_color_matrix=%1:out_range=tv")
                     .arg(matrix == QStringLiteral("bt709") ? matrix : QStringLiteral("bt601")),
                 QStringLiteral("-c:v"), QStringLiteral("libx264"), QStringLiteral("-crf"),
                 QStringLiteral("12"), QStringLiteral("-pix_fmt"), QStringLiteral("yuv420p"),
                 QStringLiteral("-colorspace"), matrix});
            QVERIFY2(made.exitCode == 0, made.err.constData());
            Result<frames::VideoIndex> index =
                frames::videoIndex(video, m_dir.filePath(QStringLiteral("cache")));
            QVERIFY2(index.ok(), qPrintable(index.errorMessage()));
            const frames::VideoSource source(video, index.value());
            const Result<DecodedPlanes> planes = source.decodePlanes(7, {});
            QVERIFY2(planes.ok(), qPrintable(planes.errorMessage()));
            QVERIFY(planes->offered());
            QCOMPARE(int(planes->planes.layout), int(compute::PixelLayout::Yuv420));
            QCOMPARE(planes->planes.matrix, matrix == QStringLiteral("bt709")
                                                ? compute::YuvMatrix::Bt709
                                                : compute::YuvMatrix::Bt601);
            QVERIFY(!planes->planes.fullRange);
            const ComputeBackend cpu(ComputeBackend::Preference::CpuOnly);
            const Result<QImage> full = source.decode(7, {});
            QVERIFY2(full.ok(), qPrintable(full.errorMessage()));
            for (const QSize size : {clip, clip / 2}) {
                QImage twin(size, QImage::Format_RGB32);
                cpu.convertFrame(planes->planes, size.width(), size.height(),
                                 reinterpret_cast<std::uint32_t *>(twin.bits()),
                                 std::size_t(twin.bytesPerLine()));
                const QString differs = looksDifferent(twin, areaAveraged(full.value(), size));
                QVERIFY2(differs.isEmpty(),
                         qPrintable(matrix + QStringLiteral(" twin: ") + differs));
            }
            // The decoder's own fit to smaller views (the planes shrunk by a whole factor, then
            // libswscale for what is left): it covers the view, by at most a fifth more, and
            // looks like the frame shrunk as planes.
            for (const QSize fit : {clip / 2, clip / 3, clip * 0.7}) {
                const Result<QImage> fitted = source.decode(7, fit);
                QVERIFY2(fitted.ok(), qPrintable(fitted.errorMessage()));
                const QSize need = fittedSize(clip, fit), got = fitted->size();
                QVERIFY2(got.width() >= need.width() && got.height() >= need.height() &&
                             got.width() * 4 <= need.width() * 5 &&
                             got.height() * 4 <= need.height() * 5,
                         qPrintable(QStringLiteral("%1x%2 for %3x%4")
                                        .arg(got.width())
                                        .arg(got.height())
                                        .arg(need.width())
                                        .arg(need.height())));
                // Shrunk by a whole factor k: against the planes shrunk and converted without
                // Loupe's code. Else libswscale scaled it all: against the full frame
                // area-averaged, both seen at half size (libswscale's RGB output has chroma at
                // half its width, which at testsrc2's one-pixel colour edges differs by far; a
                // wrong matrix, range or row does not average away).
                const int k =
                    wholeShrinkFactor(clip.width(), clip.height(), need.width(), need.height());
                const QString differs =
                    k > 1 ? looksDifferent(fitted.value(), shrunkReference(planes->planes, k, cpu))
                          : looksDifferent(areaAveraged(fitted.value(), got / 2),
                                           areaAveraged(areaAveraged(full.value(), got), got / 2));
                QVERIFY2(differs.isEmpty(),
                         qPrintable(matrix + QStringLiteral(" decoder: ") + differs));
            }
            // Through the frame cache with the backend as its converter.
            Result<Dataset> opened = frames::readFrames(video);
            QVERIFY2(opened.ok(), qPrintable(opened.errorMessage()));
            FrameCache cache(opened->sequences.front());
            cache.setConverter(&cpu);
            QSignalSpy ready(&cache, &FrameCache::frameReady);
            cache.request(0, 7, {160, 90});
            QVERIFY(ready.wait(5000));
            QImage viaCache = cache.cached(0, 7, {160, 90});
            const QSize fitted = fittedSize(clip, {160, 90});
            QImage expected(fitted, QImage::Format_RGB32);
            cpu.convertFrame(planes->planes, fitted.width(), fitted.height(),
                             reinterpret_cast<std::uint32_t *>(expected.bits()),
                             std::size_t(expected.bytesPerLine()));
            QCOMPARE(viaCache, expected);
        }
    }

    void indexingAVideoSaysHowFarAndCanBeCanceled()
    {
        const QString video = m_dir.filePath(QStringLiteral("indexing.mp4"));
        const test::ProcessResult made = test::writeTestVideo(
            video, QStringLiteral("640x360"), 60,
            QStringLiteral("-c:v libx264 -qp 8 -pix_fmt yuv420p").split(QLatin1Char(' ')));
        QVERIFY2(made.exitCode == 0, made.err.constData());
        const qint64 size = QFileInfo(video).size();

        // How far, in bytes of the file: from 0 to all of it, never back, many times.
        std::vector<std::pair<qint64, qint64>> steps;
        QString said;
        Progress progress([&](qint64 done, qint64 total, const QString &what) {
            steps.emplace_back(done, total);
            said = what;
        });
        const Result<frames::VideoIndex> index = frames::buildVideoIndex(video, &progress);
        QVERIFY2(index.ok(), qPrintable(index.errorMessage()));
        QCOMPARE(index->frames, 60);
        QVERIFY2(steps.size() >= 10, qPrintable(QString::number(steps.size())));
        QCOMPARE(steps.front(), std::make_pair(qint64(0), size));
        QCOMPARE(steps.back(), std::make_pair(size, size));
        for (std::size_t n = 1; n < steps.size(); ++n) {
            QVERIFY(steps[n].first >= steps[n - 1].first);
            QCOMPARE(steps[n].second, size);
        }
        QVERIFY(said.contains(QStringLiteral("indexing.mp4")));

        // Canceled once under way: an error that names the video, and no index is kept.
        const QString cache = m_dir.filePath(QStringLiteral("canceled-cache"));
        std::unique_ptr<Progress> midway;
        midway = std::make_unique<Progress>([&midway](qint64 done, qint64, const QString &) {
            if (done > 0)
                midway->cancel();
        });
        const Result<frames::VideoIndex> stopped = frames::videoIndex(video, cache, midway.get());
        QVERIFY(!stopped.ok());
        QVERIFY2(stopped.errorMessage().contains(QStringLiteral("canceled")) &&
                     stopped.errorMessage().contains(video),
                 qPrintable(stopped.errorMessage()));
        QVERIFY(QDir(cache).entryList({QStringLiteral("*.json")}, QDir::Files).isEmpty());
        // Through the reader, as Loupe opens it.
        Progress canceledBefore;
        canceledBefore.cancel();
        const Result<Dataset> opened = frames::readFrames(video, cache, &canceledBefore);
        QVERIFY(!opened.ok());
        QVERIFY(opened.errorMessage().contains(QStringLiteral("canceled")));
    }

    void picturesShrunkWhileDecodedMatchShrunkAfter_data()
    {
        QTest::addColumn<QString>("encoding");
        QTest::addColumn<bool>("damage");
        QTest::addColumn<QString>("size");
        QTest::newRow("4:2:0, B-frames, four slices a picture")
            << "-g 16 -bf 3 -x264-params slices=4:log-level=error -pix_fmt yuv420p" << true
            << "478x270";
        QTest::newRow("4:2:2") << "-g 16 -bf 2 -x264-params log-level=error -pix_fmt yuv422p"
                               << false << "478x270";
        QTest::newRow("4:4:4") << "-g 16 -x264-params log-level=error -pix_fmt yuv444p" << false
                               << "478x270";
        QTest::newRow("full range")
            << "-g 16 -x264-params log-level=error -pix_fmt yuvj420p" << false << "478x270";
        QTest::newRow("interlaced (MBAFF)")
            << "-g 16 -flags +ildct+ilme -x264-params log-level=error -pix_fmt yuv420p" << false
            << "478x268"; // x264 interlaces heights of whole 4 rows
    }

    void picturesShrunkWhileDecodedMatchShrunkAfter()
    {
        // A moving test pattern in H.264, 478×270 or 478×268 (not a whole number of
        // macroblocks), made by Debian's ffmpeg in each encoding.
        QFETCH(QString, encoding);
        QFETCH(bool, damage);
        QFETCH(QString, size);
        QString name = QString::fromLatin1(QTest::currentDataTag());
        for (QChar &c : name)
            if (!c.isLetterOrNumber())
                c = QLatin1Char('-');
        const QString video = m_dir.filePath(QStringLiteral("pattern-%1.mp4").arg(name));
        const test::ProcessResult made = test::writeTestVideo(
            video, size, 48, (QStringLiteral("-c:v libx264 ") + encoding).split(QLatin1Char(' ')));
        QVERIFY2(made.exitCode == 0, made.err.constData());
        const Result<frames::VideoIndex> index = frames::buildVideoIndex(video);
        QVERIFY2(index.ok(), qPrintable(index.errorMessage()));
        QCOMPARE(index->frames, 48);

        // The same frames through a decoder that shrinks each picture band by band as it is
        // decoded, and one that shrinks it after: byte for byte the same, by 3, by 2, and
        // (not shrunk) full size; in order, then seeking about.
        auto open = [&](bool bands) {
            Result<std::unique_ptr<frames::AvDecoder>> d = frames::AvDecoder::open(video);
            if (d.ok())
                d.value()->setShrinkWhileDecoding(bands);
            return d;
        };
        Result<std::unique_ptr<frames::AvDecoder>> during = open(true), after = open(false);
        QVERIFY(during.ok() && after.ok());
        auto same = [&](int n, QSize fit) {
            const Result<QImage> a = during.value()->frame(n, fit, index.value());
            const Result<QImage> b = after.value()->frame(n, fit, index.value());
            QVERIFY2(a.ok() && b.ok(), qPrintable(a.errorMessage() + b.errorMessage()));
            QVERIFY2(a.value() == b.value(), qPrintable(QStringLiteral("frame %1 for %2x%3 differs")
                                                            .arg(n)
                                                            .arg(fit.width())
                                                            .arg(fit.height())));
        };
        for (int n = 0; n < 48; ++n)
            same(n, {160, 90}); // 478×270 by 3: 160×90
        QCOMPARE(during.value()->shrunkWhileDecoding(), 48);
        QCOMPARE(after.value()->shrunkWhileDecoding(), 0);
        QCOMPARE(QSize(during.value()->frame(0, {160, 90}, index.value())->size()), QSize(160, 90));
        for (int n : {40, 3, 17, 18, 19, 47, 0, 33, 32})
            same(n, {240, 135}); // by 2
        QVERIFY(during.value()->shrunkWhileDecoding() > 48);
        for (int n : {5, 6, 30})
            same(n, {}); // full size
        // Frames a view of another size asked for next are shrunk after (a picture decoded
        // ahead for the other size), still the same.
        for (int n = 10; n < 20; ++n)
            same(n, n % 2 ? QSize(160, 90) : QSize(240, 135));

        if (!damage)
            return;
        // Damaged: bytes overwritten in the middle of the pictures. The decoder conceals what
        // it cannot read, changing rows after their bands were shrunk; those pictures are
        // shrunk again after, so both still agree wherever a frame decodes at all.
        QFile file(video);
        QVERIFY(file.open(QIODevice::ReadOnly));
        QByteArray bytes = file.readAll();
        file.close();
        std::mt19937 rng(11);
        for (int at = int(bytes.size() * 0.3); at < int(bytes.size() * 0.8); at += 2500)
            for (int i = 0; i < 24; ++i)
                bytes[at + i] = char(rng());
        const QString damaged = m_dir.filePath(QStringLiteral("pattern-damaged.mp4"));
        writeText(damaged, bytes);
        const Result<frames::VideoIndex> damagedIndex = frames::buildVideoIndex(damaged);
        QVERIFY2(damagedIndex.ok(), qPrintable(damagedIndex.errorMessage()));
        Result<std::unique_ptr<frames::AvDecoder>> bandsOn = frames::AvDecoder::open(damaged),
                                                   bandsOff = frames::AvDecoder::open(damaged);
        QVERIFY(bandsOn.ok() && bandsOff.ok());
        bandsOff.value()->setShrinkWhileDecoding(false);
        int decoded = 0;
        for (int n = 0; n < damagedIndex->frames; ++n) {
            const Result<QImage> a = bandsOn.value()->frame(n, {160, 90}, damagedIndex.value());
            const Result<QImage> b = bandsOff.value()->frame(n, {160, 90}, damagedIndex.value());
            QCOMPARE(a.ok(), b.ok());
            if (!a.ok())
                continue;
            ++decoded;
            QVERIFY2(a.value() == b.value(), qPrintable(QStringLiteral("frame %1 differs").arg(n)));
        }
        QVERIFY(decoded > 24);
        // Some pictures were not taken from their bands: the damaged ones.
        QVERIFY2(bandsOn.value()->shrunkWhileDecoding() < decoded,
                 qPrintable(QStringLiteral("%1 of %2 from bands")
                                .arg(bandsOn.value()->shrunkWhileDecoding())
                                .arg(decoded)));
        QVERIFY(bandsOn.value()->shrunkWhileDecoding() > 0);
    }

    void badVideosAreNamed()
    {
        const QString junk = m_dir.filePath(QStringLiteral("notavideo.mp4"));
        writeText(junk, QByteArray(4096, 'x'));
        Result<Dataset> d = frames::readFrames(junk);
        QVERIFY(!d.ok());
        QVERIFY2(d.errorMessage().contains(junk), qPrintable(d.errorMessage()));
        d = frames::readFrames(m_dir.filePath(QStringLiteral("missing.mp4")));
        QVERIFY(!d.ok());
        QVERIFY(d.errorMessage().contains(QStringLiteral("missing.mp4")));
    }

private:
    QTemporaryDir m_dir;
    QString m_drive;
    demo::DriveSpec m_spec;
};

QTEST_GUILESS_MAIN(TestFrames)
#include "tst_frames.moc"
