#include "core/compute/computebackend.h"
#include "core/compute/windowlevel_cpu.h"

#include <QTest>

#include <cmath>
#include <random>
#include <vector>

using namespace loupe;

class TestWindowLevel : public QObject {
    Q_OBJECT

private slots:
    void indexFollowsTheWindow_data()
    {
        QTest::addColumn<int>("value");
        QTest::addColumn<double>("center");
        QTest::addColumn<double>("width");
        QTest::addColumn<int>("expected");
        // Soft-tissue window 40/400 over 256 entries: lower edge -160, upper edge 240.
        QTest::newRow("far below") << -1000 << 40.0 << 400.0 << 0;
        QTest::newRow("lower edge") << -160 << 40.0 << 400.0 << 0;
        QTest::newRow("centre") << 40 << 40.0 << 400.0 << 128; // 0.5 * 255 = 127.5 rounds up
        QTest::newRow("upper edge") << 240 << 40.0 << 400.0 << 255;
        QTest::newRow("far above") << 3000 << 40.0 << 400.0 << 255;
        QTest::newRow("one step") << -158 << 40.0 << 400.0 << 1;    // 2 * 255 / 400 = 1.275
        QTest::newRow("narrow window") << 10 << 10.0 << 0.2 << 128; // width < 1 counts as 1
        QTest::newRow("lung") << -600 << -600.0 << 1500.0 << 128;
    }

    void indexFollowsTheWindow()
    {
        QFETCH(int, value);
        QFETCH(double, center);
        QFETCH(double, width);
        QFETCH(int, expected);
        const auto p = compute::makeWindowLevelParams(center, width, 256);
        QCOMPARE(compute::windowLevelIndex(static_cast<std::int16_t>(value), p), expected);
    }

    void greyLutIsARamp()
    {
        std::uint32_t lut[256];
        compute::makeGreyLut(lut, 256);
        QCOMPARE(lut[0], 0xFF000000u);
        QCOMPARE(lut[255], 0xFFFFFFFFu);
        QCOMPARE(lut[128] & 0xFFu, 128u);
        QCOMPARE((lut[128] >> 8) & 0xFFu, 128u);
    }

    void cpuTwinMatchesADoublePrecisionReference()
    {
        // Away from exact .5 boundaries the float pipeline must agree with plain maths.
        std::vector<std::int16_t> values;
        for (int v = -2048; v <= 4095; ++v)
            values.push_back(static_cast<std::int16_t>(v));
        std::uint32_t lut[256];
        compute::makeGreyLut(lut, 256);
        const auto p = compute::makeWindowLevelParams(-600, 1500, 256);
        std::vector<std::uint32_t> out(values.size());
        compute::windowLevelToRgbaCpu(values.data(), values.size(), p, lut, out.data());
        int checked = 0;
        for (std::size_t i = 0; i < values.size(); ++i) {
            const double t = (values[i] - (-600 - 750.0)) * 255.0 / 1500.0;
            if (std::abs(t - std::floor(t) - 0.5) < 1e-3)
                continue;
            const int expected = t <= 0     ? 0
                                 : t >= 255 ? 255
                                            : static_cast<int>(std::floor(t + 0.5));
            QCOMPARE(out[i], lut[expected]);
            ++checked;
        }
        QVERIFY(checked > 6000);
    }

    void gpuMatchesCpuTwin()
    {
        const ComputeBackend backend;
        const ComputeBackend cpuOnly(ComputeBackend::Preference::CpuOnly);
        QVERIFY(!cpuOnly.gpuInUse());
        QVERIFY(cpuOnly.description().startsWith(QStringLiteral("CPU")));
        if (!backend.gpuInUse())
            QSKIP(qPrintable(QStringLiteral("No GPU in use (%1); the CPU twin is what runs, and "
                                            "gpu/check compares the kernels where a device exists.")
                                 .arg(backend.description())));
        std::vector<std::int16_t> values(1 << 20);
        std::mt19937 rng(1);
        for (auto &v : values)
            v = static_cast<std::int16_t>(rng());
        std::uint32_t lut[256];
        compute::makeGreyLut(lut, 256);
        const auto p = compute::makeWindowLevelParams(40, 400, 256);
        std::vector<std::uint32_t> gpu(values.size()), cpu(values.size());
        backend.windowLevelToRgba(values.data(), values.size(), p, lut, gpu.data());
        cpuOnly.windowLevelToRgba(values.data(), values.size(), p, lut, cpu.data());
        QVERIFY(gpu == cpu);
    }
};

QTEST_GUILESS_MAIN(TestWindowLevel)
#include "tst_windowlevel.moc"
