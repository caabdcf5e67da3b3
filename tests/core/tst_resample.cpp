#include "core/compute/resample.h"
#include "core/progress.h"

#include <QTest>

#include <cmath>

using namespace loupe;

namespace {

/// A float volume whose value at every voxel is a linear function of its patient position,
/// so trilinear interpolation must reproduce the function exactly inside the stack.
double field(const Vec3 &p)
{
    return 2.0 * p[0] - 3.0 * p[1] + 0.5 * p[2] + 7.0;
}

std::shared_ptr<Volume> linearVolume(const VolumeGeometry &g)
{
    auto v = Volume::allocate(g, ScalarType::Float32);
    for (std::int64_t k = 0; k < g.dims[2]; ++k)
        for (std::int64_t j = 0; j < g.dims[1]; ++j)
            for (std::int64_t i = 0; i < g.dims[0]; ++i)
                v->mutableDataAs<float>()[v->index(i, j, k)] =
                    static_cast<float>(field(g.voxelToPatient({double(i), double(j), double(k)})));
    v->updateRange();
    return v;
}

VolumeGeometry tilted(double degrees)
{
    VolumeGeometry g;
    g.dims = {30, 24, 20};
    g.spacing = {1.0, 1.0, 2.0};
    g.origin = {-15, -12, -20};
    const double t = degrees * M_PI / 180;
    // Slices are axial; the stack leans along y (gantry tilt).
    const Vec3 k = normalized(Vec3{0, std::sin(t), std::cos(t)});
    g.direction = {1, 0, k[0], 0, 1, k[1], 0, 0, k[2]};
    return g;
}

} // namespace

class TestResample : public QObject {
    Q_OBJECT

private slots:
    void detectsShear()
    {
        QVERIFY(isSheared(tilted(12)));
        QVERIFY(!isSheared(tilted(0)));
        VolumeGeometry flipped = tilted(0);
        flipped.direction[8] = -1; // k along -z: orthogonal still
        QVERIFY(!isSheared(flipped));
    }

    void resamplesOntoTheNormal()
    {
        const VolumeGeometry g = tilted(15);
        const auto in = linearVolume(g);
        const auto out = resampleToOrthogonal(*in);
        QVERIFY(out);
        const VolumeGeometry &o = out->geometry();
        QVERIFY(!isSheared(o));
        QCOMPARE(o.dims, g.dims);
        QVERIFY(std::abs(o.spacing[2] - 2.0 * std::cos(15 * M_PI / 180)) < 1e-9);
        const Vec3 k = column(o.direction, 2);
        QVERIFY(std::abs(k[2] - 1.0) < 1e-12);
        // Every output voxel inside the sheared stack holds the field at its position.
        int inside = 0;
        double worst = 0;
        for (std::int64_t kk = 0; kk < o.dims[2]; ++kk)
            for (std::int64_t j = 0; j < o.dims[1]; ++j)
                for (std::int64_t i = 0; i < o.dims[0]; ++i) {
                    const Vec3 p = o.voxelToPatient({double(i), double(j), double(kk)});
                    const Vec3 c = g.patientToVoxel(p);
                    if (c[1] < 0 || c[1] > g.dims[1] - 1 || c[2] < 0 || c[2] > g.dims[2] - 1)
                        continue;
                    ++inside;
                    worst = std::max(worst, std::abs(out->valueAt(i, j, kk) - field(p)));
                }
        QVERIFY(inside > int(g.voxelCount() / 2));
        QVERIFY2(worst < 1e-3, qPrintable(QString::number(worst)));
    }

    void fillsMissingSlicesLinearly()
    {
        VolumeGeometry g;
        g.dims = {4, 3, 6};
        auto v = Volume::allocate(g, ScalarType::Int16);
        for (std::int64_t k = 0; k < 6; ++k)
            for (std::int64_t j = 0; j < 3; ++j)
                for (std::int64_t i = 0; i < 4; ++i)
                    v->mutableDataAs<std::int16_t>()[v->index(i, j, k)] =
                        static_cast<std::int16_t>(k == 2 || k == 3 || k == 5 ? -1000 : 100 * k + i);
        VolumeInfo info;
        info.missingSlices = {2, 3, 5};
        v->setInfo(info);
        const auto out = fillMissingSlices(*v);
        QVERIFY(out);
        QVERIFY(out->info().missingSlices.empty());
        // Slices 2 and 3 lie between 1 and 4: one and two thirds of the way.
        QCOMPARE(out->valueAt(3, 1, 2), std::round(103 + (403 - 103) / 3.0));
        QCOMPARE(out->valueAt(3, 1, 3), std::round(103 + 2 * (403 - 103) / 3.0));
        QCOMPARE(out->valueAt(2, 0, 5), 402.0); // the last slice copies its one neighbour
        QCOMPARE(out->valueAt(1, 2, 4), 401.0); // slices that were read are unchanged
    }

    void cancelReturnsNothing()
    {
        Progress progress;
        progress.cancel();
        QVERIFY(!resampleToOrthogonal(*linearVolume(tilted(10)), &progress));
    }
};

QTEST_GUILESS_MAIN(TestResample)
#include "tst_resample.moc"
