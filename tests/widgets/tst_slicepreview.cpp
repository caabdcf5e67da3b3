// The slice preview windows a slice through the compute backend, follows the volume's
// window presets, inverts MONOCHROME1, and holds its slider while a preview is loading.

#include "core/compute/computebackend.h"
#include "core/volume.h"
#include "widgets/slicepreview.h"

#include <QApplication>
#include <QComboBox>
#include <QSlider>
#include <QTest>

using namespace loupe;

namespace {

std::shared_ptr<Volume> ramp(bool invert)
{
    VolumeGeometry g;
    g.dims = {5, 2, 3};
    auto v = Volume::allocate(g, ScalarType::Int16);
    // Slice k, column i: -100 + 50 i + 1000 k (so each slice is told apart).
    for (int k = 0; k < 3; ++k)
        for (int j = 0; j < 2; ++j)
            for (int i = 0; i < 5; ++i)
                v->mutableDataAs<std::int16_t>()[v->index(i, j, k)] =
                    static_cast<std::int16_t>(-100 + 50 * i + 1000 * k);
    v->updateRange();
    VolumeInfo info;
    info.windows = {{QStringLiteral("Test"), 1000, 200}}; // 900 .. 1100 across the grey ramp
    info.invertGrey = invert;
    v->setInfo(info);
    return v;
}

/// Waits for the image of the latest change from the preview's worker.
bool settled(const SlicePreview &preview)
{
    return QTest::qWaitFor([&] { return !preview.isRenderPending(); }, 10000);
}

} // namespace

class TestSlicePreview : public QObject {
    Q_OBJECT

private slots:
    void windowsTheMiddleSlice()
    {
        const ComputeBackend cpu(ComputeBackend::Preference::CpuOnly);
        SlicePreview preview(cpu);
        preview.setVolume(ramp(false));
        QCOMPARE(preview.slice(), 1);
        QVERIFY(settled(preview));
        const QImage &image = preview.image();
        QCOMPARE(image.size(), QSize(5, 2));
        // Values 900, 950, 1000, 1050, 1100 in window 1000/200: 0, 64, 128, 191, 255.
        const int expected[] = {0, 64, 128, 191, 255};
        for (int i = 0; i < 5; ++i)
            QCOMPARE(qRed(image.pixel(i, 0)), expected[i]);
        preview.setSlice(0); // values -100 .. 100: all below the window
        QVERIFY(settled(preview));
        QCOMPARE(qRed(preview.image().pixel(4, 1)), 0);
    }

    void monochrome1IsInverted()
    {
        const ComputeBackend cpu(ComputeBackend::Preference::CpuOnly);
        SlicePreview preview(cpu);
        preview.setVolume(ramp(true));
        QVERIFY(settled(preview));
        QCOMPARE(qRed(preview.image().pixel(0, 0)), 255);
        QCOMPARE(qRed(preview.image().pixel(4, 0)), 0);
    }

    void previewHoldsTheSlider()
    {
        const ComputeBackend cpu(ComputeBackend::Preference::CpuOnly);
        SlicePreview preview(cpu);
        preview.showPreview(ramp(false), 2);
        QVERIFY(preview.isPreview());
        QCOMPARE(preview.slice(), 2);
        QVERIFY(!preview.findChild<QSlider *>()->isEnabled());
        QVERIFY(settled(preview));
        QCOMPARE(qRed(preview.image().pixel(0, 0)), 255); // 1900 is above the window
        preview.setVolume(ramp(false));
        QVERIFY(!preview.isPreview());
        QVERIFY(preview.findChild<QSlider *>()->isEnabled());
    }
};

QTEST_MAIN(TestSlicePreview)
#include "tst_slicepreview.moc"
