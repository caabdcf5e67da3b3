// Overlapping segments: layers, and the logical operations (union, intersect, subtract) that
// make segments overlap, each checked voxel by voxel against boxes computed here; undo across
// layers; statistics per layer; flattening for one-label files; packing read segments.

#include "core/labels/layers.h"
#include "core/labels/segmentation.h"
#include "core/labels/segmentstats.h"

#include <QSignalSpy>
#include <QTest>

#include <functional>

using namespace loupe;

namespace {

struct Box {
    std::int64_t i0, i1, j0, j1, k0, k1; ///< half-open
    bool has(std::int64_t i, std::int64_t j, std::int64_t k) const
    {
        return i >= i0 && i < i1 && j >= j0 && j < j1 && k >= k0 && k < k1;
    }
    std::int64_t voxels() const { return (i1 - i0) * (j1 - j0) * (k1 - k0); }
};

const Box kA{5, 20, 5, 20, 5, 15};   // liver
const Box kB{15, 25, 10, 15, 8, 12}; // tumour: over the liver and the vessel
const Box kC{20, 30, 5, 20, 5, 15};  // vessel, next to the liver

std::shared_ptr<Volume> ramp()
{
    VolumeGeometry g;
    g.dims = {40, 30, 20};
    auto v = Volume::allocate(g, ScalarType::Int16);
    for (std::int64_t k = 0; k < 20; ++k)
        for (std::int64_t j = 0; j < 30; ++j)
            for (std::int64_t i = 0; i < 40; ++i)
                v->mutableDataAs<std::int16_t>()[v->index(i, j, k)] = static_cast<std::int16_t>(i);
    v->updateRange();
    return v;
}

void fill(Segmentation &s, std::uint8_t label, const Box &box)
{
    s.edit(
        QStringLiteral("box"),
        [&](LabelEdit &e) {
            for (std::int64_t k = box.k0; k < box.k1; ++k)
                for (std::int64_t j = box.j0; j < box.j1; ++j)
                    for (std::int64_t i = box.i0; i < box.i1; ++i)
                        e.set(i, j, k, label);
        },
        s.layerOf(label));
}

/// Whether segment `label` holds exactly the voxels `expected` says, on its layer, and no
/// other layer holds it.
bool holdsExactly(const Segmentation &s, std::uint8_t label,
                  const std::function<bool(std::int64_t, std::int64_t, std::int64_t)> &expected)
{
    const std::uint8_t layer = s.layerOf(label);
    for (std::int64_t k = 0; k < 20; ++k)
        for (std::int64_t j = 0; j < 30; ++j)
            for (std::int64_t i = 0; i < 40; ++i)
                for (std::size_t l = 0; l < s.layers().size(); ++l) {
                    const bool here = s.layers()[l].at(i, j, k) == label;
                    if (here != (l == layer && expected(i, j, k))) {
                        qWarning("label %d at (%lld, %lld, %lld) layer %zu: %d", label,
                                 static_cast<long long>(i), static_cast<long long>(j),
                                 static_cast<long long>(k), l, here);
                        return false;
                    }
                }
    return true;
}

bool waitIdle(Segmentation &s)
{
    return QTest::qWaitFor([&] { return !s.isBusy(); }, 10000);
}

} // namespace

class TestLayers : public QObject {
    Q_OBJECT

private slots:
    void logicalOperationsOverlapAndUndo()
    {
        Segmentation s(ramp());
        const std::uint8_t a = s.addSegment(QStringLiteral("Liver"));
        const std::uint8_t b = s.addSegment(QStringLiteral("Tumour"));
        const std::uint8_t c = s.addSegment(QStringLiteral("Vessel"));
        fill(s, a, kA);
        fill(s, c, kC);
        const auto inA = [](auto i, auto j, auto k) { return kA.has(i, j, k); };
        const auto inB = [](auto i, auto j, auto k) { return kB.has(i, j, k); };
        const auto inC = [](auto i, auto j, auto k) { return kC.has(i, j, k); };
        QSignalSpy said(&s, &Segmentation::editDone);

        // One layer: liver and vessel do not overlap, so their intersection is empty.
        s.combineSegments(a, LogicalOp::Intersect, c);
        QVERIFY(waitIdle(s));
        QVERIFY(holdsExactly(s, a, [](auto, auto, auto) { return false; }));
        QVERIFY(holdsExactly(s, c, inC));
        QVERIFY2(said.last().at(0).toString().contains(QStringLiteral("Liver ∩ Vessel: 0 voxels")),
                 qPrintable(said.last().at(0).toString()));
        s.undo();
        QVERIFY(holdsExactly(s, a, inA));

        // The tumour gets a layer of its own; painted there, it leaves liver and vessel whole.
        s.moveToOwnLayer(b);
        QVERIFY(waitIdle(s));
        QCOMPARE(s.layerOf(b), std::uint8_t(1));
        QCOMPARE(s.layers().size(), std::size_t(2));
        s.setCurrentLabel(b);
        fill(s, b, kB);
        QVERIFY(holdsExactly(s, a, inA));
        QVERIFY(holdsExactly(s, b, inB));
        QVERIFY(holdsExactly(s, c, inC));
        QCOMPARE(s.labelAt(17, 12, 10), b); // the top layer shows
        QCOMPARE(s.labelAt(10, 6, 6), a);

        // Statistics count overlapping voxels in each segment (values are i).
        const auto stats = segmentStatistics(s.layers(), *s.volume(), s.segments());
        QCOMPARE(stats[0].voxels, kA.voxels());
        QCOMPARE(stats[1].voxels, kB.voxels());
        QCOMPARE(stats[2].voxels, kC.voxels());
        QCOMPARE(stats[1].mean, 19.5);
        QCOMPARE(stats[1].minimum, 15.0);

        // Intersect: the liver keeps what the tumour covers; it stays on layer 0.
        s.combineSegments(a, LogicalOp::Intersect, b);
        QVERIFY(waitIdle(s));
        QVERIFY(holdsExactly(s, a,
                             [&](auto i, auto j, auto k) { return inA(i, j, k) && inB(i, j, k); }));
        QCOMPARE(s.layerOf(a), std::uint8_t(0));
        QVERIFY(holdsExactly(s, b, inB));
        QVERIFY(holdsExactly(s, c, inC));
        s.undo();
        QVERIFY(holdsExactly(s, a, inA));

        // Union: liver ∪ tumour reaches into the vessel's voxels on layer 0 and into the
        // tumour's on layer 1, so the liver moves to a new layer 2; nothing else changes.
        s.combineSegments(a, LogicalOp::Union, b);
        QVERIFY(waitIdle(s));
        QCOMPARE(s.layerOf(a), std::uint8_t(2));
        QVERIFY(holdsExactly(s, a,
                             [&](auto i, auto j, auto k) { return inA(i, j, k) || inB(i, j, k); }));
        QVERIFY(holdsExactly(s, b, inB));
        QVERIFY(holdsExactly(s, c, inC));
        QVERIFY(said.last().at(0).toString().contains(QStringLiteral("on layer 2")));
        // Undo puts it back on layer 0 as it was; redo again on layer 2.
        s.undo();
        QCOMPARE(s.layerOf(a), std::uint8_t(0));
        QVERIFY(holdsExactly(s, a, inA));
        s.redo();
        QCOMPARE(s.layerOf(a), std::uint8_t(2));
        QVERIFY(holdsExactly(s, a,
                             [&](auto i, auto j, auto k) { return inA(i, j, k) || inB(i, j, k); }));
        s.undo();

        // Subtract: the liver without the tumour.
        s.combineSegments(a, LogicalOp::Subtract, b);
        QVERIFY(waitIdle(s));
        QVERIFY(holdsExactly(
            s, a, [&](auto i, auto j, auto k) { return inA(i, j, k) && !inB(i, j, k); }));
        QVERIFY(holdsExactly(s, b, inB));
        QCOMPARE(s.layerOf(a), std::uint8_t(0));
        s.undo();

        // Painting the liver (layer 0) over the tumour's place leaves the tumour whole.
        s.setCurrentLabel(a);
        s.edit(QStringLiteral("paint"), [&](LabelEdit &e) { e.set(22, 12, 10, a); });
        QCOMPARE(s.layers()[0].at(22, 12, 10), a); // over the vessel on its own layer...
        QVERIFY(holdsExactly(s, b, inB));          // ...but not over the tumour
        s.undo();

        // Merge across layers: one step; the tumour's entry goes and comes back with undo.
        s.mergeSegments(a, b);
        QVERIFY(waitIdle(s));
        QVERIFY(!s.segment(b));
        QVERIFY(holdsExactly(s, a,
                             [&](auto i, auto j, auto k) { return inA(i, j, k) || inB(i, j, k); }));
        QVERIFY(holdsExactly(s, c, inC));
        s.undo();
        QVERIFY(s.segment(b));
        QCOMPARE(s.layerOf(b), std::uint8_t(1));
        QVERIFY(holdsExactly(s, a, inA));
        QVERIFY(holdsExactly(s, b, inB));
    }

    void busyEditsAreRefusedWithAMessage()
    {
        Segmentation s(ramp());
        const std::uint8_t a = s.addSegment(QStringLiteral("A"));
        const std::uint8_t b = s.addSegment(QStringLiteral("B"));
        fill(s, a, kA);
        QSignalSpy said(&s, &Segmentation::editDone);
        s.combineSegments(a, LogicalOp::Union, b);
        QVERIFY(s.isBusy());
        s.combineSegments(a, LogicalOp::Subtract, b); // refused, and says so
        QCOMPARE(said.count(), 1);
        QVERIFY(said.first().at(0).toString().contains(QStringLiteral("still running")));
        QVERIFY(waitIdle(s));
        QCOMPARE(said.count(), 2);
    }

    void flatteningRefusesOverlapsByName()
    {
        Segmentation s(ramp());
        const std::uint8_t a = s.addSegment(QStringLiteral("Liver"));
        const std::uint8_t b = s.addSegment(QStringLiteral("Tumour"));
        fill(s, a, kA);
        s.moveToOwnLayer(b);
        QVERIFY(waitIdle(s));
        // Apart: one map holding both.
        fill(s, b, {30, 35, 0, 5, 0, 5});
        Result<LabelMap> flat = flattenLayers(s.layers(), s.segments());
        QVERIFY(flat.ok());
        QCOMPARE(flat->at(10, 10, 10), a);
        QCOMPARE(flat->at(31, 1, 1), b);
        QCOMPARE(flat->histogram()[a], kA.voxels());
        // Overlapping: refused, naming both.
        fill(s, b, kB);
        flat = flattenLayers(s.layers(), s.segments());
        QVERIFY(!flat.ok());
        QVERIFY(flat.errorMessage().contains(QStringLiteral("\"Liver\" and \"Tumour\" overlap")));
        QVERIFY(flat.errorMessage().contains(QStringLiteral("DICOM SEG")));
    }

    void packingPutsOverlappingSegmentsApart()
    {
        VolumeGeometry g;
        g.dims = {40, 30, 20};
        std::vector<LabelMap> maps(3, LabelMap(g));
        for (auto [n, box] : {std::pair{0, kA}, std::pair{1, kB}, std::pair{2, kC}}) {
            LabelEdit e(maps[std::size_t(n)], QString());
            for (std::int64_t k = box.k0; k < box.k1; ++k)
                for (std::int64_t j = box.j0; j < box.j1; ++j)
                    for (std::int64_t i = box.i0; i < box.i1; ++i)
                        e.set(i, j, k, 1);
            e.finish();
        }
        std::vector<Segment> segments(3);
        for (std::uint8_t n = 0; n < 3; ++n)
            segments[n].label = n + 1;
        const LabelLayers layers = packSegments(maps, segments);
        // A and C touch but do not overlap: layer 0; B overlaps both: layer 1.
        QCOMPARE(layers.size(), std::size_t(2));
        QCOMPARE(segments[0].layer, std::uint8_t(0));
        QCOMPARE(segments[1].layer, std::uint8_t(1));
        QCOMPARE(segments[2].layer, std::uint8_t(0));
        const auto h0 = layers[0].histogram(), h1 = layers[1].histogram();
        QCOMPARE(h0[1], kA.voxels());
        QCOMPARE(h0[3], kC.voxels());
        QCOMPARE(h1[2], kB.voxels());
        QCOMPARE(h0[2] + h1[1] + h1[3], std::int64_t(0));
    }
};

QTEST_GUILESS_MAIN(TestLayers)
#include "tst_layers.moc"
