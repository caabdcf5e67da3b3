// Label maps: bricks allocated on first write, undo that keeps only the bricks an edit
// replaced (run-length encoded), and the editing operations (paint, threshold, grow), each
// checked against a plain dense reference computed here.

#include "core/compute/computebackend.h"
#include "core/labels/labelmap.h"
#include "core/labels/labelops.h"
#include "core/labels/morphology.h"
#include "core/labels/segment.h"
#include "core/labels/segmentstats.h"

#include <QTest>

#include <random>

using namespace loupe;

namespace {

VolumeGeometry grid(std::int64_t x, std::int64_t y, std::int64_t z, Vec3 spacing = {1, 1, 1})
{
    VolumeGeometry g;
    g.dims = {x, y, z};
    g.spacing = spacing;
    return g;
}

std::vector<std::uint8_t> dense(const LabelMap &map)
{
    const auto &d = map.geometry().dims;
    std::vector<std::uint8_t> out;
    out.reserve(map.geometry().voxelCount());
    for (std::int64_t k = 0; k < d[2]; ++k)
        for (std::int64_t j = 0; j < d[1]; ++j)
            for (std::int64_t i = 0; i < d[0]; ++i)
                out.push_back(map.at(i, j, k));
    return out;
}

/// A volume whose value is `value(i, j, k)`.
template <typename F>
std::shared_ptr<Volume> volumeOf(const VolumeGeometry &g, F value)
{
    auto v = Volume::allocate(g, ScalarType::Int16);
    for (std::int64_t k = 0; k < g.dims[2]; ++k)
        for (std::int64_t j = 0; j < g.dims[1]; ++j)
            for (std::int64_t i = 0; i < g.dims[0]; ++i)
                v->mutableDataAs<std::int16_t>()[v->index(i, j, k)] =
                    static_cast<std::int16_t>(value(i, j, k));
    v->updateRange();
    return v;
}

} // namespace

class TestLabelMap : public QObject {
    Q_OBJECT

private slots:
    void bricksAreAllocatedOnFirstWrite()
    {
        LabelMap map(grid(40, 35, 20)); // not a multiple of the brick size
        QCOMPARE(map.brickCounts(), (std::array<std::int64_t, 3>{3, 3, 2}));
        QCOMPARE(map.allocatedBricks(), std::size_t(0));
        QCOMPARE(map.at(39, 34, 19), std::uint8_t(0));
        QCOMPARE(map.histogram()[0], std::int64_t(40 * 35 * 20));
        LabelEdit edit(map, QStringLiteral("two voxels"));
        edit.set(0, 0, 0, 3);
        edit.set(39, 34, 19, 7);
        edit.set(1, 0, 0, 0); // already 0: nothing to do, nothing allocated
        QCOMPARE(edit.changedVoxels(), std::int64_t(2));
        const LabelChange change = edit.finish();
        QCOMPARE(map.allocatedBricks(), std::size_t(2));
        QCOMPARE(map.at(0, 0, 0), std::uint8_t(3));
        QCOMPARE(map.at(39, 34, 19), std::uint8_t(7));
        QCOMPARE(change.before.size(), std::size_t(2));
        QVERIFY(change.before[0].runs.empty()); // both were empty: they cost nothing to keep
        const auto h = map.histogram();
        QCOMPARE(h[3], std::int64_t(1));
        QCOMPARE(h[7], std::int64_t(1));
        QCOMPARE(h[0], std::int64_t(40 * 35 * 20 - 2));
    }

    void runLengthCodingRoundTrips()
    {
        LabelMap::Brick uniform;
        uniform.fill(9);
        const auto runs = encodeBrick(&uniform);
        QCOMPARE(runs.size(), std::size_t(2 * 16)); // 4096 voxels in runs of 256
        QCOMPARE(*decodeBrick(runs), uniform);
        LabelMap::Brick noisy;
        std::mt19937 rng(5);
        for (auto &v : noisy)
            v = static_cast<std::uint8_t>(rng() % 3);
        QCOMPARE(*decodeBrick(encodeBrick(&noisy)), noisy);
        QVERIFY(encodeBrick(nullptr).empty());
        QVERIFY(!decodeBrick({}));
    }

    void undoAndRedoRestoreEveryStep()
    {
        // Random balls of random labels; after each step the dense content is kept, and undo
        // must walk back through exactly those states, and redo forward again.
        LabelLayers layers{LabelMap(grid(50, 40, 30, {0.8, 0.8, 2.0}))};
        LabelMap &map = layers.front();
        LabelHistory history;
        std::vector<std::vector<std::uint8_t>> states{dense(map)};
        std::mt19937 rng(11);
        for (int step = 0; step < 25; ++step) {
            LabelEdit edit(map, QStringLiteral("ball %1").arg(step));
            EditRule rule;
            rule.label = static_cast<std::uint8_t>(rng() % 4); // 0 erases
            const Vec3 c{double(rng() % 50), double(rng() % 40), double(rng() % 30)};
            paintBall(edit, c, 2.0 + rng() % 8, rule);
            history.push(edit.finish());
            if (states.back() != dense(map))
                states.push_back(dense(map));
        }
        QCOMPARE(history.size(), states.size() - 1);
        for (std::size_t n = states.size() - 1; n > 0; --n) {
            QVERIFY(history.canUndo());
            history.undo(layers);
            QVERIFY2(dense(map) == states[n - 1], qPrintable(QString::number(n)));
        }
        QVERIFY(!history.canUndo());
        for (std::size_t n = 1; n < states.size(); ++n) {
            QVERIFY(history.canRedo());
            history.redo(layers);
            QVERIFY(dense(map) == states[n]);
        }
        // A new edit after an undo drops what could be redone.
        history.undo(layers);
        LabelEdit edit(map, QStringLiteral("new"));
        edit.set(1, 1, 1, 200);
        history.push(edit.finish());
        QVERIFY(!history.canRedo());
    }

    void undoKeepsOnlyWhatChanged()
    {
        // 200 small strokes on a 128³ map: the history holds a small fraction of the map.
        LabelMap map(grid(128, 128, 128));
        LabelHistory history;
        EditRule rule;
        for (int n = 0; n < 200; ++n) {
            LabelEdit edit(map, QStringLiteral("stroke"));
            for (int s = 0; s < 5; ++s)
                paintBall(edit,
                          {double(10 + (n * 7) % 100 + s), double(20 + n % 90), double(n % 128)}, 3,
                          rule);
            history.push(edit.finish());
        }
        const double fraction = double(history.memoryBytes()) / double(map.denseBytes());
        qInfo("200 strokes: history %zu bytes, %.2f%% of the dense map", history.memoryBytes(),
              100 * fraction);
        QVERIFY(fraction < 0.05);
        // An edit that writes what is already there changes nothing and is not kept.
        LabelEdit same(map, QStringLiteral("same"));
        same.set(0, 0, 0, map.at(0, 0, 0));
        QVERIFY(same.finish().before.empty());
    }

    void paintRespectsMillimetresLocksAndRange()
    {
        const VolumeGeometry g = grid(30, 30, 30, {0.5, 0.5, 2.0});
        LabelMap map(g);
        {
            LabelEdit edit(map, QStringLiteral("ball"));
            EditRule rule;
            rule.label = 2;
            const std::int64_t n = paintBall(edit, {15, 15, 15}, 4.0, rule);
            // Brute force: voxels within 4 mm of the centre.
            std::int64_t expected = 0;
            for (int k = 0; k < 30; ++k)
                for (int j = 0; j < 30; ++j)
                    for (int i = 0; i < 30; ++i) {
                        const double dx = (i - 15) * 0.5, dy = (j - 15) * 0.5, dz = (k - 15) * 2.0;
                        expected += dx * dx + dy * dy + dz * dz <= 16.0;
                    }
            QCOMPARE(n, expected);
            QCOMPARE(map.at(15, 15, 17), std::uint8_t(2)); // 4 mm up: on the edge
            QCOMPARE(map.at(15, 15, 18), std::uint8_t(0)); // 6 mm: outside
            QCOMPARE(map.at(23, 15, 15), std::uint8_t(2)); // 4 mm across
            edit.finish();
        }
        // Segment 2 locked: painting 5 over it leaves it, paints around it.
        LabelEdit edit(map, QStringLiteral("locked"));
        EditRule rule;
        rule.label = 5;
        rule.locked[2] = true;
        paintBall(edit, {15, 15, 15}, 6.0, rule);
        QCOMPARE(map.at(15, 15, 15), std::uint8_t(2));
        QCOMPARE(map.at(15, 15, 18), std::uint8_t(5));
        edit.finish();
        // Only inside an intensity range: the volume's value is i.
        const auto volume = volumeOf(g, [](auto i, auto, auto) { return i; });
        LabelEdit ranged(map, QStringLiteral("range"));
        EditRule inRange;
        inRange.label = 9;
        inRange.range = std::make_pair(0.0, 10.0);
        inRange.intensities = volume.get();
        paintBall(ranged, {10, 5, 5}, 3.0, inRange);
        QCOMPARE(map.at(10, 5, 5), std::uint8_t(9));
        QCOMPARE(map.at(11, 5, 5), std::uint8_t(0));
        QCOMPARE(map.at(9, 5, 5), std::uint8_t(9));
    }

    void diskPaintsOnePlane()
    {
        const VolumeGeometry g = grid(20, 20, 10);
        LabelMap map(g);
        LabelEdit edit(map, QStringLiteral("disk"));
        EditRule rule;
        const SlicePlane coronal = axisPlane(g, SliceOrientation::Coronal, 7); // j = 7
        const std::int64_t n = paintDisk(edit, coronal, 10, 4, 2.0, rule);
        QCOMPARE(n, std::int64_t(13)); // radius 2 on a unit grid: 13 pixels
        const auto h = map.histogram();
        QCOMPARE(h[1], std::int64_t(13));
        for (int k = 0; k < 10; ++k)
            for (int i = 0; i < 20; ++i)
                for (int j = 0; j < 20; ++j)
                    if (map.at(i, j, k))
                        QCOMPARE(j, 7);
    }

    void thresholdAndGrow()
    {
        // Two bright blobs (100) in a dark volume (0), and a ramp along i elsewhere.
        const VolumeGeometry g = grid(40, 20, 20);
        const auto volume = volumeOf(g, [](auto i, auto j, auto k) {
            const bool a = (i - 8) * (i - 8) + (j - 10) * (j - 10) + (k - 10) * (k - 10) <= 16;
            const bool b = (i - 30) * (i - 30) + (j - 10) * (j - 10) + (k - 10) * (k - 10) <= 16;
            return a || b ? 100 : 0;
        });
        std::int64_t bright = 0;
        for (std::int64_t n = 0; n < std::int64_t(g.voxelCount()); ++n)
            bright += volume->dataAs<std::int16_t>()[n] == 100;
        LabelLayers layers{LabelMap(g)};
        LabelMap &map = layers.front();
        LabelHistory history;
        {
            LabelEdit edit(map, QStringLiteral("threshold"));
            EditRule rule;
            QCOMPARE(threshold(edit, *volume, 50, 150, rule), bright);
            history.push(edit.finish());
        }
        history.undo(layers);
        QCOMPARE(map.histogram()[1], std::int64_t(0));
        // Grow from a seed in the first blob: only that blob.
        {
            LabelEdit edit(map, QStringLiteral("grow"));
            EditRule rule;
            rule.label = 4;
            QCOMPARE(growFromSeeds(edit, *volume, {{8, 10, 10}}, 50, 150, rule), bright / 2);
            QCOMPARE(map.at(30, 10, 10), std::uint8_t(0));
            QCOMPARE(map.at(8, 10, 12), std::uint8_t(4));
            // A seed outside the range grows nothing.
            QCOMPARE(growFromSeeds(edit, *volume, {{0, 0, 0}}, 50, 150, rule), std::int64_t(0));
            edit.finish();
        }
        // In 2D, within the seed's axial slice only.
        LabelMap flat(g);
        LabelEdit edit(flat, QStringLiteral("grow 2D"));
        EditRule rule;
        const SlicePlane axial = axisPlane(g, SliceOrientation::Axial, 10);
        const std::int64_t n = growFromSeeds(edit, *volume, {{30, 10, 10}}, 50, 150, rule, &axial);
        QCOMPARE(n, std::int64_t(49)); // the blob's cross-section: radius 4 disk
        QCOMPARE(flat.at(30, 10, 11), std::uint8_t(0));
    }

    void statisticsMatchABruteForceCount()
    {
        const VolumeGeometry g = grid(30, 20, 10, {0.5, 0.5, 2.0});
        const auto volume = volumeOf(g, [](auto i, auto j, auto k) { return i + 10 * j - k; });
        LabelMap map(g);
        LabelEdit edit(map, QStringLiteral("two"));
        for (int k = 2; k < 6; ++k)
            for (int j = 3; j < 9; ++j)
                for (int i = 4; i < 20; ++i)
                    edit.set(i, j, k, i < 12 ? 1 : 2);
        edit.finish();
        Segment a, b, unused;
        a.label = 1;
        a.name = QStringLiteral("Left \"part\"");
        b.label = 2;
        b.name = QStringLiteral("Right");
        unused.label = 3;
        unused.name = QStringLiteral("Empty");
        const auto stats = segmentStatistics(LabelLayers{map}, *volume, {a, b, unused});
        QCOMPARE(stats.size(), std::size_t(3));
        // Brute force for segment 1: i 4..11, j 3..8, k 2..5.
        double sum = 0, squares = 0;
        std::int64_t n = 0;
        for (int k = 2; k < 6; ++k)
            for (int j = 3; j < 9; ++j)
                for (int i = 4; i < 12; ++i) {
                    const double v = i + 10 * j - k;
                    sum += v;
                    squares += v * v;
                    ++n;
                }
        QCOMPARE(stats[0].voxels, n);
        QCOMPARE(stats[0].volumeMl, double(n) * 0.5 * 0.5 * 2.0 / 1000.0);
        QVERIFY(std::abs(stats[0].mean - sum / double(n)) < 1e-9);
        QVERIFY(std::abs(stats[0].stdDev - std::sqrt(squares / double(n) - (sum / n) * (sum / n))) <
                1e-9);
        QCOMPARE(stats[0].minimum, 4.0 + 30 - 5);
        QCOMPARE(stats[0].maximum, 11.0 + 80 - 2);
        QCOMPARE(stats[1].voxels, std::int64_t(8 * 6 * 4));
        QCOMPARE(stats[2].voxels, std::int64_t(0));
        const QString csv = statisticsCsv(stats, QStringLiteral("HU"));
        const QStringList rows = csv.trimmed().split(QLatin1Char('\n'));
        QCOMPARE(rows.size(), 4);
        QCOMPARE(rows[0], QStringLiteral("label,segment,voxels,volume (mL),mean (HU),std dev "
                                         "(HU),min (HU),max (HU)"));
        QVERIFY(rows[1].startsWith(QStringLiteral("1,\"Left \"\"part\"\"\",192,0.0960,")));
    }

    void largestIslandStays()
    {
        LabelMap map(grid(30, 20, 20));
        LabelEdit edit(map, QStringLiteral("islands"));
        EditRule rule;
        paintBall(edit, {6, 10, 10}, 4.0, rule);  // the large one
        paintBall(edit, {22, 10, 10}, 2.0, rule); // a small one
        edit.set(29, 19, 19, 1);                  // a single voxel
        rule.label = 2;
        paintBall(edit, {22, 3, 3}, 2.0, rule); // another segment: untouched
        const auto before = map.histogram();
        std::int64_t big = 0;
        for (int k = 0; k < 20; ++k)
            for (int j = 0; j < 20; ++j)
                for (int i = 0; i < 15; ++i)
                    big += map.at(i, j, k) == 1;
        const std::int64_t removed = keepLargestIsland(edit, 1);
        QCOMPARE(removed, before[1] - big);
        QCOMPARE(map.histogram()[1], big);
        QCOMPARE(map.histogram()[2], before[2]);
        QCOMPARE(map.at(29, 19, 19), std::uint8_t(0));
        QCOMPARE(map.at(6, 10, 10), std::uint8_t(1));
        edit.finish();
    }

    void marginSmoothingAndIslands()
    {
        LabelMap map(grid(30, 30, 30));
        EditRule rule;
        {
            // A single voxel grown by 2 mm: the 33 voxels within 2 of it.
            LabelEdit edit(map, QStringLiteral("margin"));
            edit.set(15, 15, 15, 1);
            QCOMPARE(margin(edit, 1, 2.0, rule), std::int64_t(32));
            QCOMPARE(map.histogram()[1], std::int64_t(33));
            edit.finish();
        }
        LabelMap cubes(grid(30, 30, 30));
        LabelEdit edit(cubes, QStringLiteral("cubes"));
        for (int k = 5; k < 12; ++k)
            for (int j = 5; j < 12; ++j)
                for (int i = 5; i < 12; ++i)
                    edit.set(i, j, k, 1);
        // Shrinking a 7³ cube by 1 mm leaves its 5³ core.
        margin(edit, 1, -1.0, rule);
        QCOMPARE(cubes.histogram()[1], std::int64_t(125));
        QCOMPARE(cubes.at(5, 5, 5), std::uint8_t(0));
        QCOMPARE(cubes.at(6, 6, 6), std::uint8_t(1));
        // Median: a stray voxel goes, a one-voxel hole fills.
        edit.set(25, 25, 25, 1);
        edit.set(8, 8, 8, 0);
        medianSmooth(edit, 1, rule);
        QCOMPARE(cubes.at(25, 25, 25), std::uint8_t(0));
        QCOMPARE(cubes.at(8, 8, 8), std::uint8_t(1));
        // Closing bridges a one-voxel gap between two blocks.
        for (int k = 6; k < 11; ++k)
            for (int j = 6; j < 11; ++j)
                for (int i = 12; i < 17; ++i)
                    edit.set(i, j, k, i == 12 ? 0 : 1);
        QCOMPARE(cubes.at(12, 8, 8), std::uint8_t(0));
        closing(edit, 1, 1.0, rule);
        QCOMPARE(cubes.at(12, 8, 8), std::uint8_t(1));
        // Islands smaller than 10 voxels go; the block stays.
        edit.set(25, 2, 2, 1);
        edit.set(25, 3, 2, 1);
        const std::int64_t kept = cubes.histogram()[1] - 2;
        QCOMPARE(removeSmallIslands(edit, 1, 10), std::int64_t(2));
        QCOMPARE(cubes.histogram()[1], kept);
        // Merge: segment 2's voxels join 1.
        edit.set(1, 1, 1, 2);
        QCOMPARE(mergeInto(edit, 1, 2), std::int64_t(1));
        QCOMPARE(cubes.at(1, 1, 1), std::uint8_t(1));
        edit.finish();
    }

    void fillBetweenSlicesInterpolatesShapes()
    {
        LabelMap map(grid(40, 40, 12));
        LabelEdit edit(map, QStringLiteral("sparse"));
        const auto disk = [&](int k, double r) {
            for (int j = 0; j < 40; ++j)
                for (int i = 0; i < 40; ++i)
                    if ((i - 20) * (i - 20) + (j - 20) * (j - 20) <= r * r)
                        edit.set(i, j, k, 1);
        };
        disk(1, 3);
        disk(11, 9);
        EditRule rule;
        QVERIFY(fillBetweenSlices(edit, 1, 2, rule) > 0);
        const auto area = [&](int k) {
            int n = 0;
            for (int j = 0; j < 40; ++j)
                for (int i = 0; i < 40; ++i)
                    n += map.at(i, j, k) == 1;
            return n;
        };
        // Every slice between is filled, growing steadily from one disk to the other; halfway
        // the radius is about 6 (area about 113).
        for (int k = 2; k < 11; ++k) {
            QVERIFY2(area(k) > 0, qPrintable(QString::number(k)));
            QVERIFY(area(k) >= area(k - 1));
        }
        QVERIFY2(std::abs(area(6) - 113) < 25, qPrintable(QString::number(area(6))));
        QCOMPARE(map.at(20, 20, 6), std::uint8_t(1));
        QCOMPARE(area(0), 0); // nothing outside the drawn range
        edit.finish();
    }

    void computeBackendPathsGiveTheSameLabels()
    {
        // The mask paths (the CUDA kernels' CPU twins here; the kernels themselves are compared
        // with the twins by gpu/check) give what the voxel-by-voxel paths give.
        const VolumeGeometry g = grid(36, 30, 24);
        const auto volume = volumeOf(g, [](auto i, auto j, auto k) {
            return ((i * 7 + j * 13 + k * 3) % 50) +
                   ((i - 18) * (i - 18) + (j - 15) * (j - 15) < 60 ? 100 : 0);
        });
        const ComputeBackend cpu(ComputeBackend::Preference::CpuOnly);
        for (const auto &[low, high] :
             {std::pair{100.5, 140.0}, std::pair{10.0, 30.0}, std::pair{-5.0, 200.0}}) {
            LabelMap a(g), b(g);
            LabelEdit ea(a, QStringLiteral("a")), eb(b, QStringLiteral("b"));
            EditRule rule;
            QCOMPARE(threshold(ea, *volume, low, high, rule),
                     threshold(eb, *volume, low, high, rule, &cpu));
            QVERIFY(dense(a) == dense(b));
            rule.label = 2;
            const std::vector<Vec3> seeds{{18, 15, 3}, {2, 2, 2}};
            QCOMPARE(growFromSeeds(ea, *volume, seeds, low, high, rule),
                     growFromSeeds(eb, *volume, seeds, low, high, rule, nullptr, &cpu));
            QVERIFY(dense(a) == dense(b));
            ea.finish();
            eb.finish();
        }
    }

    void terminologyHasCodes()
    {
        const TerminologyEntry *liver = findTerminology(QStringLiteral("liver"));
        QVERIFY(liver);
        QCOMPARE(liver->type.value, QStringLiteral("10200004"));
        QCOMPARE(liver->type.scheme, QStringLiteral("SCT"));
        QCOMPARE(liver->category.meaning, QStringLiteral("Anatomical Structure"));
        QVERIFY(findTerminology(QStringLiteral("Tumor")));
        QVERIFY(!findTerminology(QStringLiteral("no such thing")));
        for (const TerminologyEntry &e : builtInTerminology()) {
            QVERIFY(!e.type.value.isEmpty());
            QCOMPARE(e.type.scheme, QStringLiteral("SCT"));
        }
    }
};

QTEST_GUILESS_MAIN(TestLabelMap)
#include "tst_labelmap.moc"
