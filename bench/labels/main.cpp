// Undo memory and latency of the segment editor's edits, as a radiologist makes them.
//
//   loupe-bench-labels [--size WxHxD]
//
// On a 512x512x400 CT phantom (the generator's anatomy, in memory): 200 paint strokes (each
// ten 5 mm balls dragged across an axial slice) and 10 threshold / grow-from-seed steps,
// each one undo step. Reports the undo history's memory as a fraction of the label map's
// dense size (goal <= 10%), and undo/redo latency beside the reference an undo system that
// copies the whole label map pays per step (one memcpy of the dense map, same run).

#include "app/demo/ctphantom.h"
#include "core/labels/labelmap.h"
#include "core/labels/labelops.h"
#include "widgets/segmentsurfaces.h"

#include <vtkPolyData.h>

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

#include <algorithm>
#include <cstring>
#include <random>
#include <vector>

using namespace loupe;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    std::array<int, 3> dims{512, 512, 400};
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i)
        if (args[i] == QLatin1String("--size")) {
            const QStringList p = args[++i].split(QLatin1Char('x'));
            if (p.size() == 3)
                dims = {p[0].toInt(), p[1].toInt(), p[2].toInt()};
        }

    demo::CtPhantomSpec spec;
    spec.dims = dims;
    spec.pixelSpacing = 0.8;
    spec.sliceSpacing = 0.8;
    VolumeGeometry g;
    g.dims = {dims[0], dims[1], dims[2]};
    g.spacing = {spec.pixelSpacing, spec.pixelSpacing, spec.sliceSpacing};
    g.origin = demo::phantomVoxelToPatient(spec, 0, 0, 0);
    auto volume = Volume::allocate(g, ScalarType::Int16);
    for (std::int64_t k = 0; k < g.dims[2]; ++k)
        for (std::int64_t j = 0; j < g.dims[1]; ++j)
            for (std::int64_t i = 0; i < g.dims[0]; ++i)
                volume->mutableDataAs<std::int16_t>()[volume->index(i, j, k)] =
                    static_cast<std::int16_t>(std::lround(demo::phantomHu(
                        demo::phantomVoxelToPatient(spec, int(i), int(j), int(k)))));
    volume->updateRange();

    LabelLayers layers{LabelMap(g)};
    LabelMap &map = layers.front();
    LabelHistory history;
    std::mt19937 rng(2026);
    QElapsedTimer t;

    // 200 strokes: ten balls of 5 mm along a short drag in one axial slice.
    t.start();
    for (int s = 0; s < 200; ++s) {
        LabelEdit edit(map, QStringLiteral("Paint"));
        EditRule rule;
        rule.label = static_cast<std::uint8_t>(1 + s % 3);
        const double k = double(rng() % g.dims[2]);
        double i = double(g.dims[0] / 4 + rng() % (g.dims[0] / 2));
        double j = double(g.dims[1] / 4 + rng() % (g.dims[1] / 2));
        for (int b = 0; b < 10; ++b, i += 2, j += 1)
            paintBall(edit, {i, j, k}, 5.0, rule);
        history.push(edit.finish());
    }
    const double strokeMs = t.nsecsElapsed() / 1e6 / 200;

    // 10 region steps: thresholds (bone, lung, soft tissue...) and grows from seeds.
    const std::pair<double, double> ranges[] = {
        {300, 3000}, {-950, -500}, {20, 80}, {-150, -50}, {150, 400}};
    double thresholdMs = 0, growMs = 0;
    for (int s = 0; s < 10; ++s) {
        LabelEdit edit(map, s % 2 ? QStringLiteral("Grow") : QStringLiteral("Threshold"));
        EditRule rule;
        rule.label = static_cast<std::uint8_t>(4 + s);
        const auto [lo, hi] = ranges[s % 5];
        t.restart();
        if (s % 2 == 0) {
            threshold(edit, *volume, lo, hi, rule);
            thresholdMs += t.nsecsElapsed() / 1e6;
        } else {
            // A seed at the middle of the volume or the first voxel in range near it.
            Vec3 seed{double(g.dims[0] / 2), double(g.dims[1] / 2), double(g.dims[2] / 2)};
            for (std::int64_t i = 0; i < g.dims[0]; ++i) {
                const double v = volume->valueAt(i, g.dims[1] / 2, g.dims[2] / 2);
                if (v >= lo && v <= hi) {
                    seed[0] = double(i);
                    break;
                }
            }
            growFromSeeds(edit, *volume, {seed}, lo, hi, rule);
            growMs += t.nsecsElapsed() / 1e6;
        }
        history.push(edit.finish());
    }
    thresholdMs /= 5;
    growMs /= 5;

    const std::size_t undoBytes = history.memoryBytes();
    // Undo everything, then redo everything, timing each step.
    std::vector<double> undoMs, redoMs;
    while (history.canUndo()) {
        t.restart();
        history.undo(layers);
        undoMs.push_back(t.nsecsElapsed() / 1e6);
    }
    while (history.canRedo()) {
        t.restart();
        history.redo(layers);
        redoMs.push_back(t.nsecsElapsed() / 1e6);
    }
    // The reference: an undo system that copies the whole label map per step.
    std::vector<std::uint8_t> a(map.denseBytes(), 1), b(map.denseBytes());
    t.restart();
    for (int r = 0; r < 5; ++r)
        std::memcpy(b.data(), a.data(), a.size());
    const double copyMs = t.nsecsElapsed() / 1e6 / 5;

    // Segment surface of a 256³ region (discrete flying edges + smoothing, as the 3D view
    // computes it on its worker) after the edits: the goal is 300 ms.
    LabelMap region(VolumeGeometry{{256, 256, 256}, {1, 1, 1}, {0, 0, 0}, identity3()});
    {
        LabelEdit edit(region, QStringLiteral("region"));
        EditRule rule;
        paintBall(edit, {128, 128, 128}, 100.0, rule);
        rule.label = 2;
        for (int n = 0; n < 40; ++n)
            paintBall(edit, {double(rng() % 256), double(rng() % 256), double(rng() % 256)},
                      6.0 + rng() % 10, rule);
        edit.finish();
    }
    t.restart();
    const auto surface = SegmentSurfaces::compute(region, {1, 1, 1}, {1, 2});
    const double surfaceMs = t.nsecsElapsed() / 1e6;

    const auto mean = [](const std::vector<double> &v) {
        double s = 0;
        for (double x : v)
            s += x;
        return v.empty() ? 0.0 : s / double(v.size());
    };
    const auto maximum = [](const std::vector<double> &v) {
        return v.empty() ? 0.0 : *std::max_element(v.begin(), v.end());
    };
    const QJsonObject out{
        {QStringLiteral("bench"), QStringLiteral("label_undo")},
        {QStringLiteral("volume"),
         QStringLiteral("%1x%2x%3").arg(dims[0]).arg(dims[1]).arg(dims[2])},
        {QStringLiteral("steps"), 210},
        {QStringLiteral("label_map_dense_mb"), double(map.denseBytes()) / 1048576.0},
        {QStringLiteral("undo_history_mb"), double(undoBytes) / 1048576.0},
        {QStringLiteral("undo_memory_over_label_map"),
         double(undoBytes) / double(map.denseBytes())},
        {QStringLiteral("bricks_allocated"), double(map.allocatedBricks())},
        {QStringLiteral("bricks_total"), double(map.brickCount())},
        {QStringLiteral("stroke_ms"), strokeMs},
        {QStringLiteral("threshold_ms"), thresholdMs},
        {QStringLiteral("grow_ms"), growMs},
        {QStringLiteral("undo_ms_mean"), mean(undoMs)},
        {QStringLiteral("undo_ms_max"), maximum(undoMs)},
        {QStringLiteral("redo_ms_mean"), mean(redoMs)},
        {QStringLiteral("full_copy_ms"), copyMs},
        {QStringLiteral("undo_mean_over_full_copy"), mean(undoMs) / copyMs},
        {QStringLiteral("surface_256cubed_ms"), surfaceMs},
        {QStringLiteral("surface_over_300ms_goal"), surfaceMs / 300.0},
        {QStringLiteral("surface_triangles"), double(surface->GetNumberOfPolys())},
    };
    QTextStream(stdout) << QJsonDocument(out).toJson(QJsonDocument::Compact) << "\n";
    return 0;
}
