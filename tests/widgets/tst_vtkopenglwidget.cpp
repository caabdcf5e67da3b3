// The Qt 6 <-> VTK bridge in a real window (Xvfb, Mesa llvmpipe): pixels are drawn, and Qt
// input reaches VTK's interaction.

#include "core/labels/labelops.h"
#include "core/labels/segmentation.h"
#include "core/volume.h"
#include "widgets/segmentsurfaces.h"
#include "widgets/volumeview3d.h"
#include "widgets/vtkopenglwidget.h"

#include <QApplication>
#include <QMouseEvent>
#include <QSignalSpy>
#include <QSurfaceFormat>
#include <QTest>
#include <QWheelEvent>

#include <vtkActor.h>
#include <vtkCamera.h>
#include <vtkDataArray.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkPolyDataMapper.h>
#include <vtkProperty.h>
#include <vtkRenderer.h>
#include <vtkSphereSource.h>

#include <cmath>

using namespace loupe;

namespace {

bool near(QRgb c, int r, int g, int b, int tolerance = 6)
{
    return std::abs(qRed(c) - r) <= tolerance && std::abs(qGreen(c) - g) <= tolerance &&
           std::abs(qBlue(c) - b) <= tolerance;
}

void sendMouse(QWidget *w, QEvent::Type type, QPoint at, Qt::MouseButton button)
{
    const Qt::MouseButtons buttons =
        type == QEvent::MouseButtonRelease ? Qt::NoButton : Qt::MouseButtons(button);
    QMouseEvent e(type, QPointF(at), w->mapToGlobal(QPointF(at)),
                  type == QEvent::MouseMove ? Qt::NoButton : button, buttons, Qt::NoModifier);
    QApplication::sendEvent(w, &e);
}

/// Centre of the red pixels, in image coordinates (top-left origin).
QPointF redCentroid(const QImage &image)
{
    double sx = 0, sy = 0;
    int n = 0;
    for (int y = 0; y < image.height(); ++y)
        for (int x = 0; x < image.width(); ++x)
            if (near(image.pixel(x, y), 255, 0, 0)) {
                sx += x;
                sy += y;
                ++n;
            }
    return n ? QPointF(sx / n, sy / n) : QPointF(-1, -1);
}

/// A 48³ CT-like volume: `core` HU inside radius `inner`, `shell` HU out to radius `outer`,
/// air beyond.
std::shared_ptr<Volume> spheres(double inner, std::int16_t core, double outer, std::int16_t shell)
{
    VolumeGeometry g;
    g.dims = {48, 48, 48};
    g.origin = {-24, -24, -24};
    auto volume = Volume::allocate(g, ScalarType::Int16);
    for (int k = 0; k < 48; ++k)
        for (int j = 0; j < 48; ++j)
            for (int i = 0; i < 48; ++i) {
                const double r2 =
                    (i - 23.5) * (i - 23.5) + (j - 23.5) * (j - 23.5) + (k - 23.5) * (k - 23.5);
                volume->mutableDataAs<std::int16_t>()[volume->index(i, j, k)] =
                    r2 < inner * inner   ? core
                    : r2 < outer * outer ? shell
                                         : std::int16_t(-1000);
            }
    volume->updateRange();
    VolumeInfo info;
    info.units = QStringLiteral("HU");
    volume->setInfo(info);
    return volume;
}

/// Waits until the widget has drawn at least one more frame than `since`.
bool waitForFrame(VtkOpenGLWidget *w, quint64 since)
{
    return QTest::qWaitFor([&] { return w->framesRendered() > since; }, 20000);
}

} // namespace

class TestVtkOpenGLWidget : public QObject {
    Q_OBJECT

private slots:
    void init()
    {
        m_widget = new VtkOpenGLWidget;
        m_widget->resize(320, 320);
        m_widget->renderer()->SetBackground(0.0, 0.0, 0.5);
        vtkNew<vtkSphereSource> sphere;
        sphere->SetRadius(1.0);
        sphere->SetThetaResolution(32);
        sphere->SetPhiResolution(32);
        vtkNew<vtkPolyDataMapper> mapper;
        mapper->SetInputConnection(sphere->GetOutputPort());
        vtkNew<vtkActor> actor;
        actor->SetMapper(mapper);
        // Flat red: no lighting, so the colour is exact.
        actor->GetProperty()->SetColor(1, 0, 0);
        actor->GetProperty()->SetAmbient(1.0);
        actor->GetProperty()->SetDiffuse(0.0);
        actor->GetProperty()->SetSpecular(0.0);
        m_widget->renderer()->AddActor(actor);
        m_widget->renderer()->ResetCamera();
        m_widget->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_widget));
        QVERIFY(waitForFrame(m_widget, 0));
    }

    void cleanup()
    {
        delete m_widget;
        m_widget = nullptr;
    }

    void drawsTheObjectNotBlack()
    {
        const QImage image = m_widget->grabFramebuffer();
        QCOMPARE(image.size(), QSize(320, 320) * m_widget->devicePixelRatio());
        const QRgb centre = image.pixel(image.width() / 2, image.height() / 2);
        QVERIFY2(near(centre, 255, 0, 0),
                 qPrintable(QStringLiteral("centre is #%1").arg(centre, 8, 16)));
        for (const QPoint corner :
             {QPoint(2, 2), QPoint(image.width() - 3, 2), QPoint(2, image.height() - 3),
              QPoint(image.width() - 3, image.height() - 3)}) {
            const QRgb c = image.pixel(corner);
            QVERIFY2(near(c, 0, 0, 127), qPrintable(QStringLiteral("corner is #%1").arg(c, 8, 16)));
        }
        // The sphere covers a disc, not the whole frame.
        int red = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x)
                red += near(image.pixel(x, y), 255, 0, 0) ? 1 : 0;
        const double fraction = double(red) / (image.width() * image.height());
        QVERIFY2(fraction > 0.1 && fraction < 0.9, qPrintable(QString::number(fraction)));
    }

    void leftDragRotatesTheCamera()
    {
        vtkCamera *camera = m_widget->renderer()->GetActiveCamera();
        double before[3], after[3], focal[3];
        camera->GetPosition(before);
        camera->GetFocalPoint(focal);
        const quint64 frames = m_widget->framesRendered();
        const QPoint c(160, 160);
        sendMouse(m_widget, QEvent::MouseButtonPress, c, Qt::LeftButton);
        for (int dx = 10; dx <= 100; dx += 10)
            sendMouse(m_widget, QEvent::MouseMove, c + QPoint(dx, 0), Qt::LeftButton);
        sendMouse(m_widget, QEvent::MouseButtonRelease, c + QPoint(100, 0), Qt::LeftButton);
        camera->GetPosition(after);
        double dot = 0, na = 0, nb = 0;
        for (int a = 0; a < 3; ++a) {
            const double u = before[a] - focal[a], v = after[a] - focal[a];
            dot += u * v;
            na += u * u;
            nb += v * v;
        }
        const double angle =
            std::acos(std::clamp(dot / std::sqrt(na * nb), -1.0, 1.0)) * 180 / M_PI;
        QVERIFY2(angle > 10, qPrintable(QString::number(angle)));
        QVERIFY(waitForFrame(m_widget, frames)); // the interaction asked for a new frame
    }

    void wheelZoomsAndMiddleDragPans()
    {
        vtkCamera *camera = m_widget->renderer()->GetActiveCamera();
        const double distance = camera->GetDistance();
        QWheelEvent wheel(QPointF(160, 160), m_widget->mapToGlobal(QPointF(160, 160)), QPoint(),
                          QPoint(0, 120), Qt::NoButton, Qt::NoModifier, Qt::NoScrollPhase, false);
        QApplication::sendEvent(m_widget, &wheel);
        QVERIFY2(camera->GetDistance() < distance * 0.95,
                 qPrintable(QString::number(camera->GetDistance())));

        double focalBefore[3], focalAfter[3];
        camera->GetFocalPoint(focalBefore);
        sendMouse(m_widget, QEvent::MouseButtonPress, QPoint(160, 160), Qt::MiddleButton);
        for (int d = 10; d <= 60; d += 10)
            sendMouse(m_widget, QEvent::MouseMove, QPoint(160 + d, 160 + d), Qt::MiddleButton);
        sendMouse(m_widget, QEvent::MouseButtonRelease, QPoint(220, 220), Qt::MiddleButton);
        camera->GetFocalPoint(focalAfter);
        double moved = 0;
        for (int a = 0; a < 3; ++a)
            moved += std::abs(focalAfter[a] - focalBefore[a]);
        QVERIFY2(moved > 0.05, qPrintable(QString::number(moved)));

        // On screen, the sphere followed the mouse: right and down by tens of pixels.
        const QImage image = m_widget->grabFramebuffer();
        const QPointF centroid = redCentroid(image);
        QVERIFY2(
            centroid.x() > image.width() / 2.0 + 10 && centroid.y() > image.height() / 2.0 + 10,
            qPrintable(
                QStringLiteral("sphere centre at %1, %2").arg(centroid.x()).arg(centroid.y())));
    }

    void volumeViewRendersAVolume()
    {
        const auto volume = spheres(15, 1000, 15, 1000);

        VolumeView3D view;
        view.resize(320, 320);
        QSignalSpy rendered(&view, &VolumeView3D::volumeRendered);
        view.setVolume(volume);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(rendered.count() == 1 || rendered.wait(30000));
        QVERIFY(view.hasRenderedVolume());
        const QImage image = view.renderWidget()->grabFramebuffer();
        const QRgb background = image.pixel(3, 3);
        QVERIFY(near(background, 23, 26, 33, 3)); // the view's dark background
        const QRgb centre = image.pixel(image.width() / 2, image.height() / 2);
        QVERIFY2(qRed(centre) > 150 && qRed(centre) > qBlue(centre),
                 qPrintable(QStringLiteral("centre is #%1").arg(centre, 8, 16))); // bone colour
    }

    void presetsChangeWhatIsDrawn()
    {
        // A soft-tissue ball (40 HU, radius 20) with a bone core (1000 HU, radius 8) in air.
        const auto volume = spheres(8, 1000, 20, 40);

        VolumeView3D view;
        view.resize(320, 320);
        view.setVolume(volume);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QCOMPARE(view.effectivePreset(), VolumeView3D::Preset::CtSoftTissue);

        // MIP: the brightest value along each ray, grey over -1000..1000 HU.
        quint64 frames = view.renderWidget()->framesRendered();
        view.setPreset(VolumeView3D::Preset::Mip);
        QVERIFY(waitForFrame(view.renderWidget(), frames));
        QImage mip = view.renderWidget()->grabFramebuffer();
        const int cy = mip.height() / 2;
        QVERIFY2(qRed(mip.pixel(mip.width() / 2, cy)) >= 245, "bone core shows white");
        int softX = -1;
        for (int x = mip.width() / 2; x < mip.width() && softX < 0; ++x) {
            const QRgb c = mip.pixel(x, cy);
            if (std::abs(qRed(c) - 133) <= 4 && qRed(c) == qGreen(c) && qGreen(c) == qBlue(c))
                softX = x; // a ray through soft tissue only: (40 + 1000) / 2000 of white
        }
        QVERIFY2(softX > 0, "a ray through soft tissue alone shows its grey");

        // Bone only: that soft-tissue ray now shows the background.
        frames = view.renderWidget()->framesRendered();
        view.setPreset(VolumeView3D::Preset::CtBone);
        QVERIFY(waitForFrame(view.renderWidget(), frames));
        const QImage bone = view.renderWidget()->grabFramebuffer();
        QVERIFY(near(bone.pixel(softX, cy), 23, 26, 33, 3));
        QVERIFY(!near(bone.pixel(bone.width() / 2, cy), 23, 26, 33, 10));
    }

    void crosshairShowsAndClippingBoxCuts()
    {
        const auto volume = spheres(15, 1000, 15, 1000);
        VolumeView3D view;
        view.resize(320, 320);
        view.setVolume(volume);
        view.setPreset(VolumeView3D::Preset::Mip);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        VtkOpenGLWidget *w = view.renderWidget();

        const auto greenCentroid = [](const QImage &image, int *count) {
            double sx = 0;
            *count = 0;
            for (int y = 0; y < image.height(); ++y)
                for (int x = 0; x < image.width(); ++x)
                    if (near(image.pixel(x, y), 90, 220, 120, 40)) {
                        sx += x;
                        ++*count;
                    }
            return *count ? sx / *count : -1.0;
        };
        // The crosshair starts in the middle; moving it to the patient's left (+x) moves its
        // lines to the right of the screen (the camera faces the patient).
        QVERIFY(QTest::qWaitFor([&] { return view.hasRenderedVolume(); }, 30000));
        quint64 frames = 0;
        int before = 0, after = 0;
        const double x0 = greenCentroid(w->grabFramebuffer(), &before);
        QVERIFY2(before > 30, qPrintable(QString::number(before)));
        frames = w->framesRendered();
        view.setCrosshair({12, 0, 0});
        QCOMPARE(view.crosshair(), (Vec3{12, 0, 0}));
        QVERIFY(waitForFrame(w, frames));
        const double x1 = greenCentroid(w->grabFramebuffer(), &after);
        QVERIFY(after > 30);
        QVERIFY2(x1 > x0 + 10, qPrintable(QStringLiteral("%1 -> %2").arg(x0).arg(x1)));

        // The clipping box starts around the whole volume: nothing is cut.
        const QImage whole = w->grabFramebuffer();
        const QPoint left(whole.width() / 2 - 40, whole.height() / 2);
        const QPoint right(whole.width() / 2 + 40, whole.height() / 2);
        QVERIFY(qRed(whole.pixel(left)) > 200 && qRed(whole.pixel(right)) > 200);
        frames = w->framesRendered();
        view.setClippingBoxEnabled(true);
        QVERIFY(waitForFrame(w, frames));
        const auto b = view.clipBounds(), v = view.volumeBounds();
        for (int n = 0; n < 6; ++n)
            QVERIFY2(std::abs(b[n] - v[n]) < 1e-6, qPrintable(QString::number(b[n])));
        QVERIFY(qRed(w->grabFramebuffer().pixel(left)) > 200);

        // Keep the patient's left half (x > 0): the right of the patient, on the screen's
        // left, is cut away; the other side stays.
        frames = w->framesRendered();
        view.setClipBounds({0, v[1], v[2], v[3], v[4], v[5]});
        QVERIFY(waitForFrame(w, frames));
        QCOMPARE(view.clipBounds()[0], 0.0);
        const QImage cut = w->grabFramebuffer();
        QVERIFY2(qRed(cut.pixel(left)) < 60,
                 qPrintable(QStringLiteral("#%1").arg(cut.pixel(left), 8, 16)));
        QVERIFY(qRed(cut.pixel(right)) > 200);

        // Off: the whole volume again.
        frames = w->framesRendered();
        view.setClippingBoxEnabled(false);
        QVERIFY(waitForFrame(w, frames));
        QVERIFY(qRed(w->grabFramebuffer().pixel(left)) > 200);
    }

    void segmentSurfacesAppearAndFollowEdits()
    {
        // Air everywhere (the volume renders transparent), and a 10 mm ball segment.
        const auto volume = spheres(1, -1000, 1, -1000);
        Segmentation labels(volume);
        const std::uint8_t ball = labels.addSegment(QStringLiteral("Ball"));
        labels.setColour(ball, {0, 255, 0});
        labels.edit(QStringLiteral("ball"), [&](LabelEdit &e) {
            paintBall(e, {30, 24, 24}, 10.0, labels.ruleFor(ball));
        });
        VolumeView3D view;
        view.resize(320, 320);
        view.setVolume(volume);
        view.setPreset(VolumeView3D::Preset::CtBone);
        QSignalSpy ready(view.surfaces(), &SegmentSurfaces::surfaceReady);
        view.setSegmentation(&labels);
        view.show();
        QVERIFY(QTest::qWaitForWindowExposed(&view));
        QVERIFY(ready.count() > 0 || ready.wait(20000));
        qInfo("surface of a 10 mm ball: %.1f ms", view.surfaces()->lastMilliseconds());
        vtkPolyData *surface = view.surfaces()->surface();
        QVERIFY(surface->GetNumberOfPoints() > 100);
        double b[6];
        surface->GetBounds(b);
        // Grid millimetres (spacing 1, origin 0): the ball spans 20..40, 14..34, 14..34.
        const double expected[6] = {20, 40, 14, 34, 14, 34};
        for (int n = 0; n < 6; ++n)
            QVERIFY2(std::abs(b[n] - expected[n]) < 1.5, qPrintable(QString::number(b[n])));
        QVERIFY(view.surfaceActor()->GetVisibility());
        // Drawn in the segment's colour.
        const quint64 frames = view.renderWidget()->framesRendered();
        view.renderWidget()->update();
        QVERIFY(waitForFrame(view.renderWidget(), frames));
        const QImage image = view.renderWidget()->grabFramebuffer();
        int green = 0;
        for (int y = 0; y < image.height(); ++y)
            for (int x = 0; x < image.width(); ++x) {
                const QRgb c = image.pixel(x, y);
                green += qGreen(c) > 100 && qRed(c) < 60 && qBlue(c) < 60;
            }
        QVERIFY2(green > 200, qPrintable(QString::number(green)));

        // A core inside the ball, on a layer of its own (the two overlap): both surfaces, each
        // triangle carrying its own segment's label.
        const std::int64_t ballVoxels = labels.layers()[0].histogram()[ball];
        const std::uint8_t core = labels.addSegment(QStringLiteral("Core"));
        labels.moveToOwnLayer(core);
        QTRY_VERIFY_WITH_TIMEOUT(!labels.isBusy(), 10000);
        labels.edit(QStringLiteral("core"), [&](LabelEdit &e) {
            paintBall(e, {30, 24, 24}, 5.0, labels.ruleFor(core));
        });
        QCOMPARE(labels.layers()[0].histogram()[ball], ballVoxels); // the ball stays whole
        QVERIFY(labels.layers()[1].histogram()[core] > 400);
        const auto labelRange = [&] {
            double r[2] = {0, 0};
            if (vtkDataArray *scalars = view.surfaces()->surface()->GetPointData()->GetScalars())
                scalars->GetRange(r);
            return std::pair{r[0], r[1]};
        };
        QTRY_VERIFY_WITH_TIMEOUT(labelRange() == std::pair(double(ball), double(core)), 20000);
        labels.undo(); // the core's voxels go; the core segment stays, empty
        labels.setCurrentLabel(ball);

        // An edit: the surface follows (erasing the ball leaves nothing).
        ready.clear();
        labels.edit(QStringLiteral("erase"), [&](LabelEdit &e) {
            paintBall(e, {30, 24, 24}, 12.0, labels.ruleFor(0));
        });
        QVERIFY(ready.wait(20000));
        QCOMPARE(view.surfaces()->surface()->GetNumberOfPoints(), vtkIdType(0));
        QVERIFY(!view.surfaceActor()->GetVisibility());
    }

private:
    VtkOpenGLWidget *m_widget = nullptr;
};

int main(int argc, char **argv)
{
    QSurfaceFormat::setDefaultFormat(VtkOpenGLWidget::defaultFormat());
    QApplication app(argc, argv);
    TestVtkOpenGLWidget test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_vtkopenglwidget.moc"
