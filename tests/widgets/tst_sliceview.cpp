// Multiplanar slice views: reslicing, orientation letters, crosshair and window linking, and
// what the view says under the mouse.

#include "core/compute/computebackend.h"
#include "core/compute/measure.h"
#include "core/compute/reslice.h"
#include "core/volume.h"
#include "widgets/mprview.h"
#include "widgets/sliceview.h"
#include "widgets/volumeview3d.h"
#include "widgets/vtkopenglwidget.h"

#include "guitest.h"

#include <QApplication>
#include <QMouseEvent>
#include <QScrollBar>
#include <QSignalSpy>
#include <QSurfaceFormat>
#include <QTest>
#include <QWheelEvent>

using namespace loupe;

namespace {

/// Voxel (i, j, k) holds 100 k + 10 j + i: every voxel says where it is.
std::shared_ptr<Volume> coded(Mat3 direction = identity3())
{
    VolumeGeometry g;
    g.dims = {9, 7, 5};
    g.spacing = {1.0, 1.0, 2.0};
    g.direction = direction;
    auto v = Volume::allocate(g, ScalarType::Int16);
    for (int k = 0; k < 5; ++k)
        for (int j = 0; j < 7; ++j)
            for (int i = 0; i < 9; ++i)
                v->mutableDataAs<std::int16_t>()[v->index(i, j, k)] =
                    static_cast<std::int16_t>(100 * k + 10 * j + i);
    v->updateRange();
    VolumeInfo info;
    info.units = QStringLiteral("HU");
    info.windows = {{QStringLiteral("All"), 250, 500}};
    v->setInfo(info);
    return v;
}

void click(QWidget *w, QPointF at, Qt::MouseButton button = Qt::LeftButton)
{
    QMouseEvent press(QEvent::MouseButtonPress, at, w->mapToGlobal(at), button, button,
                      Qt::NoModifier);
    QApplication::sendEvent(w, &press);
    QMouseEvent release(QEvent::MouseButtonRelease, at, w->mapToGlobal(at), button, Qt::NoButton,
                        Qt::NoModifier);
    QApplication::sendEvent(w, &release);
}

/// Waits until the view's picture for its latest change has arrived from the worker.
bool settled(const SliceView *view)
{
    return QTest::qWaitFor([view] { return !view->isRenderPending(); }, 10000);
}

} // namespace

class TestSliceView : public QObject {
    Q_OBJECT

private slots:
    void reslicesEachPlane()
    {
        const auto v = coded();
        std::vector<std::int16_t> s;
        extractSlice16(*v, SliceOrientation::Axial, 3, s);
        QCOMPARE(s[2 * 9 + 4], std::int16_t(300 + 20 + 4)); // (x 4, y 2) = voxel (4, 2, 3)
        extractSlice16(*v, SliceOrientation::Coronal, 6, s);
        QCOMPARE(s.size(), std::size_t(9 * 5));
        QCOMPARE(s[0 * 9 + 1], std::int16_t(400 + 60 + 1)); // top row is the highest k (head up)
        extractSlice16(*v, SliceOrientation::Sagittal, 8, s);
        QCOMPARE(s[4 * 7 + 3], std::int16_t(0 + 30 + 8)); // bottom row k = 0, x along j
        const Vec3 back =
            voxelToPlane(v->geometry(), SliceOrientation::Sagittal,
                         planeToVoxel(v->geometry(), SliceOrientation::Sagittal, 8, 3, 4));
        QCOMPARE(back, (Vec3{3, 4, 8}));
    }

    void colourShowsItsOwnColours()
    {
        // An RGB volume: red along i, green along j, blue along k; no window applies.
        VolumeGeometry g;
        g.dims = {9, 7, 5};
        auto v = Volume::allocate(g, ScalarType::Rgb8);
        for (int k = 0; k < 5; ++k)
            for (int j = 0; j < 7; ++j)
                for (int i = 0; i < 9; ++i) {
                    std::uint8_t *rgb = v->mutableDataAs<std::uint8_t>() + v->index(i, j, k) * 3;
                    rgb[0] = static_cast<std::uint8_t>(20 * i);
                    rgb[1] = static_cast<std::uint8_t>(30 * j);
                    rgb[2] = static_cast<std::uint8_t>(50 * k);
                }
        v->updateRange();
        QCOMPARE(v->maximum(), 200.0);
        QCOMPARE(v->valueAt(1, 1, 1), 0.299 * 20 + 0.587 * 30 + 0.114 * 50); // luminance
        const ComputeBackend cpu(ComputeBackend::Preference::CpuOnly);
        SliceView coronal(SliceOrientation::Coronal, cpu);
        coronal.resize(300, 300);
        coronal.setVolume(v);
        coronal.setSlice(6);
        coronal.setWindow({0, 1}); // ignored for colour
        QVERIFY(settled(&coronal));
        // Coronal: x along i, top row the highest k.
        QCOMPARE(coronal.image().pixelColor(4, 0), QColor(80, 180, 200));
        QCOMPARE(coronal.image().pixelColor(8, 4), QColor(160, 180, 0));
        coronal.show();
        QVERIFY(QTest::qWaitForWindowExposed(&coronal));
        test::moveMouse(&coronal, coronal.planeToScreen({4, 0}));
        QVERIFY2(coronal.hoverText().startsWith(QStringLiteral("RGB 80 180 200 at")),
                 qPrintable(coronal.hoverText()));
    }

    void obliqueResliceInterpolates()
    {
        // Trilinear interpolation is exact for a linear ramp: every oblique sample must equal
        // 100 k + 10 j + i at its position, to within the 1/256-voxel weights and rounding.
        VolumeGeometry g;
        g.dims = {40, 30, 20};
        g.spacing = {0.8, 0.8, 2.0};
        auto v = Volume::allocate(g, ScalarType::Int16);
        for (int k = 0; k < 20; ++k)
            for (int j = 0; j < 30; ++j)
                for (int i = 0; i < 40; ++i)
                    v->mutableDataAs<std::int16_t>()[v->index(i, j, k)] =
                        static_cast<std::int16_t>(100 * k + 10 * j + i);
        v->updateRange();
        const Mat3 turn = multiply(rotationAbout({0, 0, 1}, 0.4), rotationAbout({1, 0, 0}, -0.3));
        const SlicePlane plane =
            obliquePlane(g, SliceOrientation::Coronal, turn, {17.3, 11.8, 9.6});
        QVERIFY(!plane.axisAligned);
        QCOMPARE(plane.spacingX, 0.8); // the finest spacing
        std::vector<std::int16_t> values;
        extractPlane16(*v, plane, values);
        int inside = 0, outside = 0;
        double worst = 0;
        for (int y = 0; y < plane.height; ++y)
            for (int x = 0; x < plane.width; ++x) {
                const Vec3 p = plane.toVoxel(x, y);
                const std::int16_t got = values[std::size_t(y) * plane.width + x];
                if (p[0] < 0 || p[1] < 0 || p[2] < 0 || p[0] > 39 || p[1] > 29 || p[2] > 19) {
                    QCOMPARE(got, std::int16_t(0)); // outside: the volume's minimum
                    ++outside;
                    continue;
                }
                worst = std::max(worst, std::abs(got - (100 * p[2] + 10 * p[1] + p[0])));
                ++inside;
            }
        QVERIFY2(worst <= 1.0, qPrintable(QString::number(worst)));
        QVERIFY(inside > 500 && outside > 500);
        // The plane passes through the point it was given, and maps back to itself.
        const Vec3 back = plane.toPlane({17.3, 11.8, 9.6});
        QVERIFY(std::abs(back[2]) < 1e-9);
        const Vec3 again = plane.toVoxel(back[0], back[1]);
        QVERIFY(norm(again - Vec3{17.3, 11.8, 9.6}) < 1e-9);
        // Its normal is the coronal normal turned the same way.
        const Vec3 n = normalized(g.voxelToPatient(plane.origin + plane.stepNormal) -
                                  g.voxelToPatient(plane.origin));
        QVERIFY(norm(n - multiply(turn, Vec3{0, 1, 0})) < 1e-9);
    }

    void turningTheCrosshairReslicesTheOthers()
    {
        const ComputeBackend cpu(ComputeBackend::Preference::CpuOnly);
        MprView mpr(cpu);
        mpr.resize(800, 800);
        mpr.setVolume(coded());
        mpr.show();
        QVERIFY(QTest::qWaitForWindowExposed(&mpr));
        SliceView *axial = mpr.axial(), *coronal = mpr.coronal(), *sagittal = mpr.sagittal();
        // Untouched: one horizontal and one vertical line.
        const std::vector<QPointF> straight = axial->crosshairDirections();
        QCOMPARE(straight.size(), std::size_t(2));
        QCOMPARE(std::abs(straight[0].x()) + std::abs(straight[1].x()), 1.0);
        QCOMPARE(std::abs(straight[0].y()) + std::abs(straight[1].y()), 1.0);
        QSignalSpy oblique(&mpr, &MprView::obliqueChanged);

        // Period six times in the axial view: 30° turn of the coronal and sagittal planes.
        axial->setFocus();
        for (int n = 0; n < 6; ++n)
            QTest::keyClick(axial, Qt::Key_Period);
        QCOMPARE(oblique.count(), 6);
        QVERIFY(mpr.isOblique());
        QVERIFY(axial->plane().axisAligned); // the view turned in keeps its plane
        QVERIFY(!coronal->plane().axisAligned);
        QVERIFY(!sagittal->plane().axisAligned);
        // Its crosshair lines turned 30° on screen.
        for (const QPointF &d : axial->crosshairDirections()) {
            const double degrees =
                std::acos(std::min(1.0, std::max(std::abs(d.x()), std::abs(d.y())))) * 180 / M_PI;
            QVERIFY2(std::abs(degrees - 30) < 1e-6, qPrintable(QString::number(degrees)));
        }
        // The coronal plane now faces between anterior and left: oblique letters, head still up.
        QCOMPARE(coronal->edgeLetters().mid(2), (QStringList{"S", "I"}));
        QCOMPARE(coronal->edgeLetters().front().size(), 2);
        // Both turned planes still pass through the crosshair; under the mouse, the value
        // interpolated at the pixel (exact on this linear volume).
        const Vec3 cross = axial->crosshair();
        for (SliceView *view : {coronal, sagittal}) {
            const Vec3 at = view->plane().toPlane(cross);
            QVERIFY(std::abs(at[2]) < 1e-9);
            const QPointF pixel(std::round(at[0]), std::round(at[1]));
            const QPointF screen = view->planeToScreen(pixel);
            test::moveMouse(view, screen);
            const Vec3 p = view->plane().toVoxel(pixel.x(), pixel.y());
            const double expected = 100 * p[2] + 10 * p[1] + p[0];
            const double shown = view->hoverText().section(QLatin1Char(' '), 0, 0).toDouble();
            QVERIFY2(std::abs(shown - expected) < 0.01, qPrintable(view->hoverText()));
            QVERIFY(view->hoverText().contains(QStringLiteral(" HU at ")));
        }

        // Scrolling an oblique view moves the crosshair along its normal, one step a slice.
        const int before = coronal->slice();
        QTest::keyClick(coronal, Qt::Key_Up);
        QCOMPARE(coronal->slice(), before + 1);
        const Vec3 moved = coronal->crosshair();
        QVERIFY(norm(moved - cross - coronal->plane().stepNormal) < 1e-9);
        QCOMPARE(axial->crosshair(), moved); // the others follow

        // Shift + drag in the sagittal view: a quarter turn about its normal.
        QSignalSpy turned(sagittal, &SliceView::rotateRequested);
        const Vec3 c = sagittal->plane().toPlane(sagittal->crosshair());
        const QPointF centre = sagittal->planeToScreen({c[0], c[1]});
        QTest::mousePress(sagittal, Qt::LeftButton, Qt::ShiftModifier,
                          (centre + QPointF(40, 0)).toPoint());
        test::moveMouse(sagittal, centre + QPointF(0, 40), Qt::LeftButton, Qt::ShiftModifier);
        QTest::mouseRelease(sagittal, Qt::LeftButton, Qt::ShiftModifier,
                            (centre + QPointF(0, 40)).toPoint());
        QCOMPARE(turned.count(), 1);
        QVERIFY(std::abs(turned.front().at(1).toDouble() - M_PI / 2) < 0.05);

        mpr.resetRotation();
        QVERIFY(!mpr.isOblique());
        for (SliceView *view : {axial, coronal, sagittal})
            QVERIFY(view->plane().axisAligned);
        QCOMPARE(coronal->edgeLetters(), (QStringList{"R", "L", "S", "I"}));
    }

    void renderingLeavesTheUiThreadFree()
    {
        // Reslicing and lookup run on a worker: a change returns at once, the picture comes
        // later, and a burst of changes costs two pictures, the newest last.
        const ComputeBackend cpu(ComputeBackend::Preference::CpuOnly);
        SliceView axial(SliceOrientation::Axial, cpu);
        axial.resize(300, 300);
        axial.setVolume(coded());
        QVERIFY(settled(&axial));
        QSignalSpy rendered(&axial, &SliceView::rendered);
        for (int k = 0; k < 5; ++k) {
            axial.setSlice(k);
            axial.setWindow({250.0 + k, 500});
        }
        QVERIFY(axial.isRenderPending());
        QCOMPARE(rendered.count(), 0); // nothing was drawn on this thread
        QVERIFY(settled(&axial));
        QCOMPARE(rendered.count(), 2); // the first change, then only the newest
        // The picture is slice 4: voxel (3, 2, 4) = 423, through window 254 ± 250.
        const int grey = qRed(axial.image().pixel(3, 2));
        const int expected = int((423 - (254 - 250.0)) / 500 * 255 + 0.5);
        QVERIFY2(std::abs(grey - expected) <= 1, qPrintable(QString::number(grey)));
    }

    void thresholdPreviewTintsTheRange()
    {
        const ComputeBackend cpu(ComputeBackend::Preference::CpuOnly);
        SliceView axial(SliceOrientation::Axial, cpu);
        axial.setVolume(coded());
        QVERIFY(settled(&axial));
        const QColor before = axial.image().pixelColor(4, 2);  // voxel (4, 2, 2) = 224
        const QColor outside = axial.image().pixelColor(0, 0); // 200
        axial.setPreviewRange(std::make_pair(220.0, 230.0), {255, 255, 0});
        QVERIFY(settled(&axial));
        const QColor tinted = axial.image().pixelColor(4, 2);
        QCOMPARE(tinted.red(), (before.red() + 255) / 2);
        QCOMPARE(tinted.blue(), (before.blue() + 0) / 2);
        QCOMPARE(axial.image().pixelColor(0, 0), outside);
        axial.setPreviewRange(std::nullopt);
        QVERIFY(settled(&axial));
        QCOMPARE(axial.image().pixelColor(4, 2), before);
    }

    void orientationLettersFollowTheGeometry()
    {
        const ComputeBackend cpu(ComputeBackend::Preference::CpuOnly);
        SliceView axial(SliceOrientation::Axial, cpu), coronal(SliceOrientation::Coronal, cpu),
            sagittal(SliceOrientation::Sagittal, cpu);
        for (SliceView *view : {&axial, &coronal, &sagittal})
            view->setVolume(coded());
        QCOMPARE(axial.edgeLetters(), (QStringList{"R", "L", "A", "P"}));
        QCOMPARE(coronal.edgeLetters(), (QStringList{"R", "L", "S", "I"}));
        QCOMPARE(sagittal.edgeLetters(), (QStringList{"A", "P", "S", "I"}));
        // Rows stored right to left (i along -x): the letters swap with them.
        axial.setVolume(coded({-1, 0, 0, 0, 1, 0, 0, 0, 1}));
        QCOMPARE(axial.edgeLetters(), (QStringList{"L", "R", "A", "P"}));
        QCOMPARE(orientationLetters(normalized(Vec3{1, -0.5, 0})), QStringLiteral("LA"));
    }

    void linkedCrosshairAndWindow()
    {
        const ComputeBackend cpu(ComputeBackend::Preference::CpuOnly);
        MprView mpr(cpu);
        mpr.resize(800, 800);
        mpr.setVolume(coded());
        mpr.show();
        QVERIFY(QTest::qWaitForWindowExposed(&mpr));
        SliceView *axial = mpr.axial();
        QCOMPARE(axial->slice(), 2);
        QVERIFY(settled(axial));
        QCOMPARE(axial->image().size(), QSize(9, 7));

        // Click on plane pixel (6, 1) of the axial view: the others move to that point.
        QSignalSpy moved(axial, &SliceView::crosshairMoved);
        click(axial, axial->planeToScreen({6, 1}));
        QCOMPARE(moved.count(), 1);
        QCOMPARE(axial->crosshair(), (Vec3{6, 1, 2}));
        QCOMPARE(mpr.coronal()->slice(), 1);  // j
        QCOMPARE(mpr.sagittal()->slice(), 6); // i
        QVERIFY(settled(mpr.coronal()));
        QCOMPARE(qRed(mpr.coronal()->image().pixel(6, 4 - 2)), qRed(axial->image().pixel(6, 1)));

        // The wheel scrolls; the crosshair follows the slice.
        QWheelEvent wheel(axial->planeToScreen({6, 1}),
                          axial->mapToGlobal(axial->planeToScreen({6, 1})), QPoint(),
                          QPoint(0, 120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(axial, &wheel);
        QCOMPARE(axial->slice(), 3);
        QCOMPARE(mpr.coronal()->crosshair()[2], 3.0);
        QVERIFY2(axial->hoverText().startsWith(QStringLiteral("316 HU")),
                 qPrintable(axial->hoverText()));

        // Right drag to the right widens the window, in every view.
        const Window before = axial->window();
        const QPointF start(400, 200);
        QMouseEvent press(QEvent::MouseButtonPress, start, axial->mapToGlobal(start),
                          Qt::RightButton, Qt::RightButton, Qt::NoModifier);
        QApplication::sendEvent(axial, &press);
        test::moveMouse(axial, start + QPointF(120, 0), Qt::RightButton);
        QVERIFY(axial->window().width > before.width * 1.1);
        QCOMPARE(mpr.sagittal()->window().width, axial->window().width);
    }

    void sliceSliderFollowsAndMoves()
    {
        const ComputeBackend cpu(ComputeBackend::Preference::CpuOnly);
        MprView mpr(cpu);
        mpr.resize(800, 800);
        mpr.setVolume(coded());
        mpr.show();
        QVERIFY(QTest::qWaitForWindowExposed(&mpr));
        SliceView *axial = mpr.axial(), *sagittal = mpr.sagittal();
        QScrollBar *bar = axial->findChild<QScrollBar *>(QStringLiteral("sliceSlider"));
        QVERIFY(bar);
        QCOMPARE(bar, axial->sliceSlider());
        QVERIFY(bar->isVisible());
        // Beside the picture, not over it; one step a slice; the top is the last slice.
        QCOMPARE(bar->geometry().right(), axial->width() - 1);
        QVERIFY(axial->planeToScreen({8.5, 0}).x() <= bar->geometry().left());
        QCOMPARE(bar->minimum(), 0);
        QCOMPARE(bar->maximum(), 4); // 5 axial slices
        QCOMPARE(sagittal->sliceSlider()->maximum(), 8);
        QCOMPARE(bar->value(), axial->slice());
        QVERIFY(bar->invertedAppearance());

        // Moving the slider moves the slice, and the crosshair with it in the other views.
        QSignalSpy moved(axial, &SliceView::crosshairMoved);
        bar->setValue(4);
        QCOMPARE(axial->slice(), 4);
        QCOMPARE(moved.count(), 1);
        QCOMPARE(axial->crosshair()[2], 4.0);
        QCOMPARE(mpr.coronal()->crosshair()[2], 4.0);
        // Its step arrow goes one slice down.
        bar->triggerAction(QAbstractSlider::SliderSingleStepSub);
        QCOMPARE(axial->slice(), 3);

        // The slider follows the slice whatever moves it: keys, wheel, a click in another view.
        QTest::keyClick(axial, Qt::Key_Down);
        QCOMPARE(bar->value(), 2);
        click(sagittal, sagittal->planeToScreen({3, 0})); // the top row: the last axial slice
        QCOMPARE(axial->slice(), 4);
        QCOMPARE(bar->value(), 4);
        // Slider, step arrow and key: three moves; the slider following is not a move.
        QCOMPARE(moved.count(), 3);
        QCOMPARE(sagittal->sliceSlider()->value(), sagittal->slice());

        // Oblique planes: the slider spans the turned plane's slices.
        axial->setFocus();
        QTest::keyClick(axial, Qt::Key_Period);
        SliceView *coronal = mpr.coronal();
        QVERIFY(!coronal->plane().axisAligned);
        QCOMPARE(coronal->sliceSlider()->maximum(), coronal->sliceCount() - 1);
        QCOMPARE(coronal->sliceSlider()->value(), coronal->slice());
        const int before = coronal->slice();
        coronal->sliceSlider()->setValue(before + 1);
        QCOMPARE(coronal->slice(), before + 1);
    }

    void rulerAndRoi()
    {
        const auto v = coded();
        // Coronal planes: 1 mm across, 2 mm down (the slice spacing).
        QCOMPARE(
            planeDistanceMm(axisPlane(v->geometry(), SliceOrientation::Coronal, 0), {0, 0}, {3, 2}),
            5.0);
        // An ellipse over axial plane pixels x 2..6, y 1..5 of slice 3: 100 k + 10 y + x.
        const RoiStats s =
            ellipseStats(*v, axisPlane(v->geometry(), SliceOrientation::Axial, 3), {2, 1}, {6, 5});
        double sum = 0, squares = 0;
        int n = 0;
        for (int y = 1; y <= 5; ++y)
            for (int x = 2; x <= 6; ++x) {
                const double ex = (x - 4) / 2.0, ey = (y - 3) / 2.0;
                if (ex * ex + ey * ey <= 1.0) {
                    const double value = 300 + 10 * y + x;
                    sum += value;
                    squares += value * value;
                    ++n;
                }
            }
        QCOMPARE(s.count, std::int64_t(n));
        QCOMPARE(s.mean, sum / n);
        QVERIFY(std::abs(s.stdDev - std::sqrt(squares / n - (sum / n) * (sum / n))) < 1e-9);
        QCOMPARE(s.areaMm2, double(n)); // 1 mm × 1 mm pixels
        QCOMPARE(s.minimum, 300.0 + 10 + 4);
        QCOMPARE(s.maximum, 300.0 + 50 + 4);

        // The same through the view: M for the ruler, a drag, then O and a drag for the ROI.
        const ComputeBackend cpu(ComputeBackend::Preference::CpuOnly);
        SliceView view(SliceOrientation::Axial, cpu);
        view.resize(400, 400);
        view.setVolume(v);
        view.setSlice(3);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        const auto drag = [&](QPointF from, QPointF to) {
            const QPointF a = view.planeToScreen(from), b = view.planeToScreen(to);
            QMouseEvent press(QEvent::MouseButtonPress, a, view.mapToGlobal(a), Qt::LeftButton,
                              Qt::LeftButton, Qt::NoModifier);
            QApplication::sendEvent(&view, &press);
            test::moveMouse(&view, b, Qt::LeftButton);
            QMouseEvent release(QEvent::MouseButtonRelease, b, view.mapToGlobal(b), Qt::LeftButton,
                                Qt::NoButton, Qt::NoModifier);
            QApplication::sendEvent(&view, &release);
        };
        const Vec3 crosshair = view.crosshair();
        QTest::keyClick(&view, Qt::Key_M);
        QCOMPARE(view.tool(), SliceView::Tool::Ruler);
        drag({1, 1}, {4, 5});
        QCOMPARE(view.measurementText(), QStringLiteral("5.0 mm"));
        QCOMPARE(view.crosshair(), crosshair); // measuring does not move the crosshair
        QTest::keyClick(&view, Qt::Key_O);
        drag({2, 1}, {6, 5});
        QVERIFY2(view.measurementText().startsWith(QStringLiteral("area %1 mm², mean %2")
                                                       .arg(double(n), 0, 'f', 1)
                                                       .arg(sum / n, 0, 'f', 1)),
                 qPrintable(view.measurementText()));
        view.setSlice(2); // a measurement belongs to its slice
        QVERIFY(view.measurementText().isEmpty());
        QTest::keyClick(&view, Qt::Key_Escape);
        QCOMPARE(view.tool(), SliceView::Tool::Crosshair);
    }

    void layouts()
    {
        const ComputeBackend cpu(ComputeBackend::Preference::CpuOnly);
        MprView mpr(cpu);
        mpr.resize(800, 600);
        mpr.setVolume(coded());
        mpr.show();
        QVERIFY(QTest::qWaitForWindowExposed(&mpr));
        mpr.setLayout(MprView::Layout::Single, MprView::Focus::Coronal);
        QTRY_VERIFY(mpr.coronal()->isVisible() && !mpr.axial()->isVisible() &&
                    !mpr.sagittal()->isVisible() && !mpr.view3D()->isVisible());
        QTRY_VERIFY(mpr.coronal()->width() > 700);

        mpr.setLayout(MprView::Layout::OnePlusThree, MprView::Focus::View3D);
        QTRY_VERIFY(mpr.axial()->isVisible() && mpr.view3D()->isVisible());
        QTRY_VERIFY(mpr.view3D()->width() > 2 * mpr.axial()->width());
        QVERIFY(mpr.view3D()->height() > 2 * mpr.axial()->height());

        mpr.setLayout(MprView::Layout::Grid2x2, MprView::Focus::Axial);
        QTRY_VERIFY(std::abs(mpr.view3D()->width() - mpr.axial()->width()) < 10);
        QCOMPARE(mpr.layoutMode(), MprView::Layout::Grid2x2);
    }
};

int main(int argc, char **argv)
{
    QSurfaceFormat::setDefaultFormat(VtkOpenGLWidget::defaultFormat());
    QApplication app(argc, argv);
    TestSliceView test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_sliceview.moc"
