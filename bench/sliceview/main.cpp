// Scrolling and window/level speed of the slice views, as a radiologist drives them.
//
//   loupe-bench-sliceview [--size WxHxD] [--frames N]
//
// Renders N slice changes and N window/level changes (default 500 each) of a 512x512x400
// int16 volume in each orientation, and N slice changes of an oblique plane (turned 30° and
// 20°), into an offscreen image, as the view paints, and prints frames per second as JSON.
// Each change waits for its picture from the view's worker thread before painting, so a
// frame is the whole path: request, reslice, lookup, paint. Also reported: how long the UI
// thread itself spends per change (the call, not the picture). The reference is the 60 fps a
// hand expects (16.7 ms a frame), reported as the ratio frame_ms / 16.7 (below 1 keeps up).

#include "core/compute/computebackend.h"
#include "core/volume.h"
#include "widgets/sliceview.h"

#include "core/geometry.h"

#include <QApplication>
#include <QElapsedTimer>
#include <QImage>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QTextStream>

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    std::array<int, 3> dims{512, 512, 400};
    int frames = 500;
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--size")) {
            const QStringList p = args[++i].split(QLatin1Char('x'));
            if (p.size() == 3)
                dims = {p[0].toInt(), p[1].toInt(), p[2].toInt()};
        } else if (args[i] == QLatin1String("--frames")) {
            frames = std::max(10, args[++i].toInt());
        }
    }
    loupe::VolumeGeometry g;
    g.dims = {dims[0], dims[1], dims[2]};
    g.spacing = {0.7, 0.7, 0.8};
    auto volume = loupe::Volume::allocate(g, loupe::ScalarType::Int16);
    for (std::int64_t k = 0; k < g.dims[2]; ++k)
        for (std::int64_t j = 0; j < g.dims[1]; ++j)
            for (std::int64_t i = 0; i < g.dims[0]; ++i)
                volume->mutableDataAs<std::int16_t>()[volume->index(i, j, k)] =
                    static_cast<std::int16_t>(((i * 7 + j * 3 + k * 5) % 2000) - 1000);
    volume->updateRange();

    const loupe::ComputeBackend compute;
    QJsonArray results;
    for (auto orientation : {loupe::SliceOrientation::Axial, loupe::SliceOrientation::Coronal,
                             loupe::SliceOrientation::Sagittal}) {
        loupe::SliceView view(orientation, compute);
        view.resize(768, 768);
        view.setVolume(volume);
        QImage target(view.size(), QImage::Format_RGB32);
        qint64 uiNs = 0;
        QElapsedTimer call;
        // The change on the UI thread (timed), then the event loop until its picture is in,
        // then the paint.
        const auto frame = [&](const auto &change) {
            call.start();
            change();
            uiNs += call.nsecsElapsed();
            while (view.isRenderPending())
                QCoreApplication::processEvents(QEventLoop::WaitForMoreEvents, 5);
            QPainter painter(&target);
            view.render(&painter);
        };
        frame([] {}); // the first picture
        QElapsedTimer t;
        t.start();
        for (int f = 0; f < frames; ++f)
            frame([&] { view.setSlice((view.slice() + 1) % view.sliceCount()); });
        const double scrollMs = t.nsecsElapsed() / 1e6 / frames;
        const double scrollUiMs = uiNs / 1e6 / frames;
        uiNs = 0;
        t.restart();
        for (int f = 0; f < frames; ++f)
            frame([&] { view.setWindow({40.0 + f % 100, 400.0 + f % 50}); });
        const double windowMs = t.nsecsElapsed() / 1e6 / frames;
        const double windowUiMs = uiNs / 1e6 / frames;
        // Oblique: the plane turned 30° about the axial normal and 20° about left-right.
        view.setRotation(loupe::multiply(loupe::rotationAbout({0, 0, 1}, 0.5236),
                                         loupe::rotationAbout({1, 0, 0}, 0.349)));
        frame([] {});
        uiNs = 0;
        t.restart();
        for (int f = 0; f < frames; ++f)
            frame([&] { view.setSlice((view.slice() + 1) % view.sliceCount()); });
        const double obliqueMs = t.nsecsElapsed() / 1e6 / frames;
        const double obliqueUiMs = uiNs / 1e6 / frames;
        const loupe::SlicePlane &oblique = view.plane();
        const char *names[] = {"axial", "coronal", "sagittal"};
        results.append(QJsonObject{
            {QStringLiteral("orientation"), QString::fromLatin1(names[int(orientation)])},
            {QStringLiteral("scroll_fps"), 1000.0 / scrollMs},
            {QStringLiteral("window_level_fps"), 1000.0 / windowMs},
            {QStringLiteral("oblique_scroll_fps"), 1000.0 / obliqueMs},
            {QStringLiteral("oblique_plane"),
             QStringLiteral("%1x%2").arg(oblique.width).arg(oblique.height)},
            {QStringLiteral("ui_thread_ms_per_change"),
             QJsonObject{{QStringLiteral("scroll"), scrollUiMs},
                         {QStringLiteral("window_level"), windowUiMs},
                         {QStringLiteral("oblique_scroll"), obliqueUiMs}}},
            {QStringLiteral("scroll_frame_over_60fps_budget"), scrollMs / (1000.0 / 60)},
            {QStringLiteral("window_level_frame_over_60fps_budget"), windowMs / (1000.0 / 60)}});
    }
    const QJsonObject out{{QStringLiteral("bench"), QStringLiteral("slice_view")},
                          {QStringLiteral("volume"),
                           QStringLiteral("%1x%2x%3").arg(dims[0]).arg(dims[1]).arg(dims[2])},
                          {QStringLiteral("frames"), frames},
                          {QStringLiteral("compute"), compute.description()},
                          {QStringLiteral("views"), results}};
    QTextStream(stdout) << QJsonDocument(out).toJson(QJsonDocument::Compact) << "\n";
    return 0;
}
