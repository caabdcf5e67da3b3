// Decoded frames to display pixels (compute::convertFrameCpu, the CPU twin of the CUDA
// kernel): each layout's colours against the ITU-R formulas computed here in floating point,
// the area averaging against sums computed here, and the strides a decoder pads rows to.

#include "core/compute/computebackend.h"
#include "core/compute/frameconvert.h"

#include <QTest>

#include <cmath>
#include <random>
#include <vector>

using namespace loupe;
using compute::FramePlanes;
using compute::PixelLayout;
using compute::YuvMatrix;

namespace {

struct Rgb {
    int r, g, b;
};

/// The reference: the matrices as the standards give them, in doubles.
Rgb referenceYuv(double y, double u, double v, YuvMatrix matrix, bool fullRange)
{
    const double kr = matrix == YuvMatrix::Bt709 ? 0.2126 : 0.299;
    const double kb = matrix == YuvMatrix::Bt709 ? 0.0722 : 0.114;
    const double kg = 1 - kr - kb;
    const double luma = fullRange ? y / 255.0 : (y - 16) / 219.0;
    const double pb = (u - 128) / (fullRange ? 255.0 : 224.0);
    const double pr = (v - 128) / (fullRange ? 255.0 : 224.0);
    const double r = luma + 2 * (1 - kr) * pr;
    const double b = luma + 2 * (1 - kb) * pb;
    const double g = (luma - kr * r - kb * b) / kg;
    const auto byte = [](double x) { return int(std::lround(std::clamp(x * 255.0, 0.0, 255.0))); };
    return {byte(r), byte(g), byte(b)};
}

/// A planar or packed frame held in vectors, rows padded to `pad` extra bytes.
struct Frame {
    std::vector<std::uint8_t> bytes[3];
    FramePlanes planes;
    Frame(PixelLayout layout, int width, int height, int pad = 13)
    {
        planes.layout = layout;
        planes.width = width;
        planes.height = height;
        const int chromaWidth = layout == PixelLayout::Yuv444 ? width : (width + 1) / 2;
        for (int p = 0; p < compute::planeCount(layout); ++p) {
            int row = p == 0 ? width : chromaWidth;
            if (layout == PixelLayout::Rgb24 || layout == PixelLayout::Bgr24)
                row = width * 3;
            if (layout == PixelLayout::Nv12 && p == 1)
                row = chromaWidth * 2;
            planes.stride[p] = row + pad;
            bytes[p].assign(compute::planeBytes(planes, p), 0);
            planes.data[p] = bytes[p].data();
        }
    }
    std::uint8_t &at(int plane, int x, int y)
    {
        return bytes[plane][std::size_t(y * planes.stride[plane] + x)];
    }
};

std::vector<std::uint32_t> convert(const FramePlanes &f, int w, int h, int threads = 1)
{
    std::vector<std::uint32_t> out(std::size_t(w) * h, 0u);
    compute::convertFrameCpu(f, w, h, out.data(), std::size_t(w) * 4, threads);
    return out;
}

int red(std::uint32_t p)
{
    return int(p >> 16 & 0xff);
}
int green(std::uint32_t p)
{
    return int(p >> 8 & 0xff);
}
int blue(std::uint32_t p)
{
    return int(p & 0xff);
}

} // namespace

class TestFrameConvert : public QObject {
    Q_OBJECT

private slots:
    void yuvColoursFollowTheStandards_data()
    {
        QTest::addColumn<int>("matrix");
        QTest::addColumn<bool>("fullRange");
        QTest::newRow("BT.601 video range") << int(YuvMatrix::Bt601) << false;
        QTest::newRow("BT.601 full range (JPEG)") << int(YuvMatrix::Bt601) << true;
        QTest::newRow("BT.709 video range") << int(YuvMatrix::Bt709) << false;
        QTest::newRow("BT.709 full range") << int(YuvMatrix::Bt709) << true;
    }

    void yuvColoursFollowTheStandards()
    {
        // Every Y, U and V in steps, at full size (no averaging): within one level of the
        // standard's formula, and exact at black and white.
        QFETCH(int, matrix);
        QFETCH(bool, fullRange);
        for (const PixelLayout layout :
             {PixelLayout::Yuv420, PixelLayout::Yuv422, PixelLayout::Yuv444, PixelLayout::Nv12}) {
            Frame f(layout, 4, 2);
            f.planes.matrix = YuvMatrix(matrix);
            f.planes.fullRange = fullRange;
            int worst = 0;
            for (int y = 0; y <= 255; y += 5)
                for (int u = 0; u <= 255; u += 15)
                    for (int v = 0; v <= 255; v += 15) {
                        for (auto &b : f.bytes[0])
                            b = std::uint8_t(y);
                        if (layout == PixelLayout::Nv12)
                            for (std::size_t i = 0; i < f.bytes[1].size(); ++i)
                                f.bytes[1][i] = std::uint8_t(i % 2 ? v : u);
                        else {
                            std::fill(f.bytes[1].begin(), f.bytes[1].end(), std::uint8_t(u));
                            std::fill(f.bytes[2].begin(), f.bytes[2].end(), std::uint8_t(v));
                        }
                        const std::uint32_t px = convert(f.planes, 4, 2)[5];
                        QCOMPARE(px >> 24, 0xffu);
                        const Rgb ref = referenceYuv(y, u, v, YuvMatrix(matrix), fullRange);
                        worst = std::max({worst, std::abs(red(px) - ref.r),
                                          std::abs(green(px) - ref.g), std::abs(blue(px) - ref.b)});
                    }
            QVERIFY2(
                worst <= 1,
                qPrintable(QStringLiteral("layout %1: %2 levels off").arg(int(layout)).arg(worst)));
            // Black and white.
            std::fill(f.bytes[0].begin(), f.bytes[0].end(), std::uint8_t(fullRange ? 0 : 16));
            for (int p = 1; p < compute::planeCount(layout); ++p)
                std::fill(f.bytes[p].begin(), f.bytes[p].end(), std::uint8_t(128));
            QCOMPARE(convert(f.planes, 4, 2)[0], 0xff000000u);
            std::fill(f.bytes[0].begin(), f.bytes[0].end(), std::uint8_t(fullRange ? 255 : 235));
            QCOMPARE(convert(f.planes, 4, 2)[0], 0xffffffffu);
        }
    }

    void packedLayoutsKeepTheirBytes()
    {
        // At full size RGB, BGR and grey come through exactly, padding ignored.
        std::mt19937 rng(1);
        Frame rgb(PixelLayout::Rgb24, 7, 5), bgr(PixelLayout::Bgr24, 7, 5),
            grey(PixelLayout::Gray8, 7, 5);
        for (int y = 0; y < 5; ++y)
            for (int x = 0; x < 7; ++x) {
                const int r = int(rng() % 256), g = int(rng() % 256), b = int(rng() % 256);
                rgb.at(0, 3 * x, y) = std::uint8_t(r);
                rgb.at(0, 3 * x + 1, y) = std::uint8_t(g);
                rgb.at(0, 3 * x + 2, y) = std::uint8_t(b);
                bgr.at(0, 3 * x, y) = std::uint8_t(b);
                bgr.at(0, 3 * x + 1, y) = std::uint8_t(g);
                bgr.at(0, 3 * x + 2, y) = std::uint8_t(r);
                grey.at(0, x, y) = std::uint8_t(g);
            }
        const auto a = convert(rgb.planes, 7, 5), b = convert(bgr.planes, 7, 5),
                   c = convert(grey.planes, 7, 5);
        for (int y = 0; y < 5; ++y)
            for (int x = 0; x < 7; ++x) {
                const std::uint32_t want = 0xff000000u | std::uint32_t(rgb.at(0, 3 * x, y)) << 16 |
                                           std::uint32_t(rgb.at(0, 3 * x + 1, y)) << 8 |
                                           rgb.at(0, 3 * x + 2, y);
                QCOMPARE(a[std::size_t(y * 7 + x)], want);
                QCOMPARE(b[std::size_t(y * 7 + x)], want);
                const std::uint32_t g = grey.at(0, x, y);
                QCOMPARE(c[std::size_t(y * 7 + x)], 0xff000000u | g << 16 | g << 8 | g);
            }
    }

    void shrinkingAveragesTheAreaCovered()
    {
        // 10×6 grey to 3×2: output (x, y) is the rounded mean of source columns
        // [x·10/3, (x+1)·10/3) and rows [y·3, y·3+3), as summed here.
        Frame f(PixelLayout::Gray8, 10, 6);
        for (int y = 0; y < 6; ++y)
            for (int x = 0; x < 10; ++x)
                f.at(0, x, y) = std::uint8_t(x * 25 + y * 3);
        const auto out = convert(f.planes, 3, 2);
        for (int oy = 0; oy < 2; ++oy)
            for (int ox = 0; ox < 3; ++ox) {
                const int x0 = ox * 10 / 3, x1 = (ox + 1) * 10 / 3;
                int sum = 0, n = 0;
                for (int y = oy * 3; y < oy * 3 + 3; ++y)
                    for (int x = x0; x < x1; ++x, ++n)
                        sum += f.at(0, x, y);
                QCOMPARE(blue(out[std::size_t(oy * 3 + ox)]), (sum + n / 2) / n);
            }
        // A 4:2:0 frame of two halves (left red, right blue) shrunk by 4 keeps the edge where
        // it was: no colour bleeds across an output pixel boundary that is a chroma boundary.
        Frame yuv(PixelLayout::Yuv420, 16, 8);
        for (int y = 0; y < 8; ++y)
            for (int x = 0; x < 16; ++x)
                yuv.at(0, x, y) = x < 8 ? 81 : 41;
        for (int y = 0; y < 4; ++y)
            for (int x = 0; x < 8; ++x) {
                yuv.at(1, x, y) = x < 4 ? 90 : 240;
                yuv.at(2, x, y) = x < 4 ? 240 : 110;
            }
        const auto quarter = convert(yuv.planes, 4, 2);
        QVERIFY(red(quarter[1]) > 240 && blue(quarter[1]) < 15);
        QVERIFY(blue(quarter[2]) > 240 && red(quarter[2]) < 15);
    }

    void threadsGiveTheSamePixels()
    {
        std::mt19937 rng(9);
        Frame f(PixelLayout::Yuv420, 333, 187);
        for (auto &plane : f.bytes)
            for (auto &b : plane)
                b = std::uint8_t(rng());
        QCOMPARE(convert(f.planes, 120, 67, 3), convert(f.planes, 120, 67, 1));
        // And the compute backend on the CPU runs the same twin.
        const ComputeBackend cpu(ComputeBackend::Preference::CpuOnly);
        std::vector<std::uint32_t> viaBackend(120 * 67);
        cpu.convertFrame(f.planes, 120, 67, viaBackend.data(), 120 * 4);
        QCOMPARE(viaBackend, convert(f.planes, 120, 67));
    }
};

QTEST_GUILESS_MAIN(TestFrameConvert)
#include "tst_frameconvert.moc"
