// Shrinking picture planes by a whole factor: every sample against the rounded mean of its
// block computed plainly here, and against OpenCV's area resampling where blocks are whole.

#include "plugins/frames/bandshrink.h"
#include "plugins/frames/planeshrink.h"

#include <QTest>

#include <opencv2/core.hpp>
#include <opencv2/imgproc.hpp>

#include <random>

using namespace loupe;

class TestPlaneShrink : public QObject {
    Q_OBJECT

private slots:
    void factorCoversTheView()
    {
        QCOMPARE(wholeShrinkFactor(1920, 1080, 640, 360), 3);
        QCOMPARE(wholeShrinkFactor(1920, 1080, 639, 359), 3);
        QCOMPARE(wholeShrinkFactor(1920, 1080, 641, 361), 2);
        QCOMPARE(wholeShrinkFactor(1920, 1080, 1143, 643), 1);
        QCOMPARE(wholeShrinkFactor(1920, 1080, 1920, 1080), 1);
        QCOMPARE(wholeShrinkFactor(1920, 1080, 4000, 3000), 1);
        QCOMPARE(wholeShrinkFactor(1242, 375, 414, 125), 3); // ⌈1242/3⌉ = 414, ⌈375/3⌉ = 125
        QCOMPARE(wholeShrinkFactor(3840, 2160, 10, 6), 15);  // capped
        QCOMPARE(wholeShrinkFactor(3840, 2160, 10, 6, 4), 4);
    }

    void everySampleIsItsBlocksMean()
    {
        std::mt19937 rng(7);
        std::vector<std::uint16_t> scratch;
        for (const int width : {1, 2, 7, 64, 101, 1921}) // 1921: the vectorised path, then an edge
            for (const int height : {1, 3, 40, 57})
                for (int k = 1; k <= 15; ++k) {
                    const std::ptrdiff_t stride = width + 5, outStride = shrunkExtent(width, k) + 3;
                    std::vector<std::uint8_t> src(std::size_t(stride * height));
                    for (auto &v : src)
                        v = static_cast<std::uint8_t>(rng());
                    // Blocks of all-255 at the largest factor must not overflow the sums.
                    if (k == 15)
                        std::fill(src.begin(), src.end(), std::uint8_t(255));
                    const int outWidth = shrunkExtent(width, k),
                              outHeight = shrunkExtent(height, k);
                    std::vector<std::uint8_t> dst(std::size_t(outStride * outHeight), 0xaa);
                    shrinkPlane(src.data(), width, height, stride, dst.data(), outStride, k,
                                scratch);
                    for (int y = 0; y < outHeight; ++y)
                        for (int x = 0; x < outWidth; ++x) {
                            int sum = 0, n = 0;
                            for (int sy = y * k; sy < std::min(height, (y + 1) * k); ++sy)
                                for (int sx = x * k; sx < std::min(width, (x + 1) * k); ++sx) {
                                    sum += src[std::size_t(sy * stride + sx)];
                                    ++n;
                                }
                            const int expected = (sum + n / 2) / n;
                            const int got = dst[std::size_t(y * outStride + x)];
                            if (got != expected)
                                QFAIL(qPrintable(QStringLiteral("%1x%2 by %3: (%4, %5) is %6, "
                                                                "expected %7")
                                                     .arg(width)
                                                     .arg(height)
                                                     .arg(k)
                                                     .arg(x)
                                                     .arg(y)
                                                     .arg(got)
                                                     .arg(expected)));
                        }
                    // Nothing written past each row's end.
                    for (int y = 0; y < outHeight; ++y)
                        for (std::ptrdiff_t x = outWidth; x < outStride; ++x)
                            QCOMPARE(int(dst[std::size_t(y * outStride + x)]), 0xaa);
                }
    }

    void interleavedPixelsShrinkChannelByChannel()
    {
        // RGB and RGBA rows: each channel the rounded mean of its own block, as a plane of that
        // channel alone would give.
        std::mt19937 rng(11);
        std::vector<std::uint16_t> scratch;
        for (const int channels : {3, 4})
            for (const int width : {1, 5, 64, 97})
                for (const int height : {2, 31})
                    for (int k = 2; k <= 5; ++k) {
                        const std::ptrdiff_t stride = width * channels + 7;
                        const int outWidth = shrunkExtent(width, k),
                                  outHeight = shrunkExtent(height, k);
                        const std::ptrdiff_t outStride = outWidth * channels + 2;
                        std::vector<std::uint8_t> src(std::size_t(stride * height));
                        for (auto &v : src)
                            v = static_cast<std::uint8_t>(rng());
                        std::vector<std::uint8_t> dst(std::size_t(outStride * outHeight), 0xaa);
                        shrinkPixels(src.data(), width, height, stride, channels, dst.data(),
                                     outStride, k, scratch);
                        for (int c = 0; c < channels; ++c) {
                            std::vector<std::uint8_t> plane(std::size_t(width * height));
                            for (int y = 0; y < height; ++y)
                                for (int x = 0; x < width; ++x)
                                    plane[std::size_t(y * width + x)] =
                                        src[std::size_t(y * stride + x * channels + c)];
                            std::vector<std::uint8_t> expected(std::size_t(outWidth * outHeight));
                            shrinkPlane(plane.data(), width, height, width, expected.data(),
                                        outWidth, k, scratch);
                            for (int y = 0; y < outHeight; ++y)
                                for (int x = 0; x < outWidth; ++x)
                                    if (dst[std::size_t(y * outStride + x * channels + c)] !=
                                        expected[std::size_t(y * outWidth + x)])
                                        QFAIL(qPrintable(
                                            QStringLiteral("%1 channels %2x%3 by %4: (%5, %6) "
                                                           "channel %7")
                                                .arg(channels)
                                                .arg(width)
                                                .arg(height)
                                                .arg(k)
                                                .arg(x)
                                                .arg(y)
                                                .arg(c)));
                        }
                        for (int y = 0; y < outHeight; ++y)
                            for (std::ptrdiff_t x = outWidth * channels; x < outStride; ++x)
                                QCOMPARE(int(dst[std::size_t(y * outStride + x)]), 0xaa);
                    }
    }

    void matchesOpenCvAreaResampling()
    {
        // A 1080p plane by 2, 3 and 4 (whole blocks): OpenCV's INTER_AREA gives the same means,
        // rounded alike or one level apart where a mean is exactly half-way.
        cv::Mat plane(1080, 1920, CV_8UC1);
        cv::randu(plane, 0, 256);
        std::vector<std::uint16_t> scratch;
        for (const int k : {2, 3, 4}) {
            cv::Mat ours(1080 / k, 1920 / k, CV_8UC1), theirs;
            shrinkPlane(plane.data, 1920, 1080, std::ptrdiff_t(plane.step), ours.data,
                        std::ptrdiff_t(ours.step), k, scratch);
            cv::resize(plane, theirs, ours.size(), 0, 0, cv::INTER_AREA);
            cv::Mat diff;
            cv::absdiff(ours, theirs, diff);
            double worst = 0;
            cv::minMaxLoc(diff, nullptr, &worst);
            QVERIFY2(worst <= 1,
                     qPrintable(QStringLiteral("by %1: %2 levels apart").arg(k).arg(worst)));
            QVERIFY2(
                std::size_t(cv::countNonZero(diff)) < diff.total() / 20,
                qPrintable(
                    QStringLiteral("by %1: %2 samples differ").arg(k).arg(cv::countNonZero(diff))));
        }
    }

    void bandsShrinkAsTheWholePicture()
    {
        // A 4:2:0 picture of odd size given band by band in uneven bands (as a decoder finishes
        // rows, the first shorter): the same bytes as shrinking it whole, for factors 2 to 5.
        std::mt19937 rng(5);
        const int width = 101, height = 75, chromaWidth = 51, chromaHeight = 38;
        std::vector<std::uint8_t> planes[3];
        const int strides[3] = {128, 64, 64};
        for (int p = 0; p < 3; ++p) {
            planes[p].resize(std::size_t(strides[p]) * std::size_t(p ? chromaHeight : height));
            for (auto &v : planes[p])
                v = std::uint8_t(rng());
        }
        const std::uint8_t *data[3] = {planes[0].data(), planes[1].data(), planes[2].data()};
        std::vector<std::uint16_t> scratch;
        auto samePictures = [](const ShrunkPicture &a, const ShrunkPicture &b, int k) {
            for (int p = 0; p < 3; ++p) {
                QCOMPARE(a.rows[p], b.rows[p]);
                QCOMPARE(a.strides[p], b.strides[p]);
                const std::ptrdiff_t columns = shrunkExtent(p ? chromaWidth : width, k);
                // Every shrunk row and the spare row under the last.
                for (int y = 0; y <= a.rows[p]; ++y) {
                    const auto row = std::ptrdiff_t(y) * a.strides[p];
                    QVERIFY2(std::equal(a.planes[p].begin() + row,
                                        a.planes[p].begin() + row + columns,
                                        b.planes[p].begin() + row),
                             qPrintable(QStringLiteral("plane %1, row %2").arg(p).arg(y)));
                }
            }
        };
        for (int k = 2; k <= 5; ++k) {
            ShrunkPicture whole;
            shrinkPicture(data, strides, width, height, 1, 1, k, whole, scratch);
            QCOMPARE(whole.rows[0], shrunkExtent(height, k));
            QCOMPARE(whole.rows[1], shrunkExtent(chromaHeight, k));
            // The spare row repeats the last.
            QVERIFY(std::equal(whole.planes[0].begin() + (whole.rows[0] - 1) * whole.strides[0],
                               whole.planes[0].begin() + whole.rows[0] * whole.strides[0],
                               whole.planes[0].begin() + whole.rows[0] * whole.strides[0]));
            // Only the first plane's row 0, checked against its block's mean.
            int sum = 0;
            for (int y = 0; y < k; ++y)
                for (int x = 0; x < k; ++x)
                    sum += planes[0][std::size_t(y * strides[0] + x)];
            QCOMPARE(int(whole.planes[0][0]), (sum + k * k / 2) / (k * k));

            BandShrinker bands(2);
            const int key = 0; // any address names the picture
            bands.begin(&key, width, height, 1, 1, k);
            int top = 0;
            for (const int rows : {12, 16, 16, 7, 1, 16}) {
                QVERIFY(!bands.finished(&key, width, height, k)); // not yet whole
                bands.band(&key, data, strides, top, rows);
                top += rows;
            }
            bands.band(&key, data, strides, top, height - top);
            const ShrunkPicture *banded = bands.finished(&key, width, height, k);
            QVERIFY(banded);
            samePictures(*banded, whole, k);
            QVERIFY(!bands.finished(&key, width, height, k + 1)); // another factor
            QVERIFY(!bands.finished(&key, width, height - 1, k)); // another size
        }
    }

    void bandsWithAGapOrAFieldAreGivenUp()
    {
        std::vector<std::uint8_t> luma(64 * 32, 50), chroma(32 * 16, 128);
        const std::uint8_t *data[3] = {luma.data(), chroma.data(), chroma.data()};
        const int strides[3] = {64, 32, 32};
        BandShrinker bands(2);
        const int a = 0, b = 0, c = 0;
        // A gap: rows 16 to 19 never finished (a lost slice).
        bands.begin(&a, 64, 32, 1, 1, 2);
        bands.band(&a, data, strides, 0, 16);
        bands.band(&a, data, strides, 20, 12);
        QVERIFY(!bands.finished(&a, 64, 32, 2));
        // Given up (a field), then begun again in the same buffer: whole once more.
        bands.begin(&b, 64, 32, 1, 1, 2);
        bands.band(&b, data, strides, 0, 32);
        QVERIFY(bands.finished(&b, 64, 32, 2));
        bands.abandon(&b);
        QVERIFY(!bands.finished(&b, 64, 32, 2));
        bands.begin(&b, 64, 32, 1, 1, 2);
        QVERIFY(!bands.finished(&b, 64, 32, 2)); // begun, no rows yet
        bands.band(&b, data, strides, 0, 32);
        QVERIFY(bands.finished(&b, 64, 32, 2));
        QCOMPARE(int(bands.finished(&b, 64, 32, 2)->planes[0][0]), 50);
        // Bands of a buffer not begun are ignored; with two places, the third picture takes
        // the place of the one begun longest ago.
        bands.band(&c, data, strides, 0, 32);
        QVERIFY(!bands.finished(&c, 64, 32, 2));
        bands.begin(&a, 64, 32, 1, 1, 2); // now b is the older
        bands.begin(&c, 64, 32, 1, 1, 2);
        bands.band(&c, data, strides, 0, 32);
        QVERIFY(bands.finished(&c, 64, 32, 2));
        QVERIFY(!bands.finished(&b, 64, 32, 2));
    }
};

QTEST_GUILESS_MAIN(TestPlaneShrink)
#include "tst_planeshrink.moc"
