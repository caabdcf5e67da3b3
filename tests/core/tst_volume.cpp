#include "core/volume.h"

#include <QTest>

#include <cmath>

using namespace loupe;

class TestVolume : public QObject {
    Q_OBJECT

private slots:
    void voxelToPatientAxial()
    {
        VolumeGeometry g;
        g.dims = {4, 5, 6};
        g.spacing = {0.5, 0.75, 2.0};
        g.origin = {-10, 20, 30};
        const Vec3 p = g.voxelToPatient({2, 4, 3});
        QCOMPARE(p[0], -10 + 2 * 0.5);
        QCOMPARE(p[1], 20 + 4 * 0.75);
        QCOMPARE(p[2], 30 + 3 * 2.0);
    }

    void obliqueRoundTrip_data()
    {
        QTest::addColumn<double>("tiltDegrees");
        QTest::newRow("orthogonal") << 0.0;
        QTest::newRow("gantry tilt 15°") << 15.0;
        QTest::newRow("gantry tilt -25°") << -25.0;
    }

    void obliqueRoundTrip()
    {
        QFETCH(double, tiltDegrees);
        // Sagittal-ish rows, tilted k axis: the inverse must be a real inverse.
        const double t = tiltDegrees * M_PI / 180.0;
        VolumeGeometry g;
        g.dims = {8, 8, 8};
        g.spacing = {0.8, 0.9, 3.0};
        g.origin = {5, -7, 11};
        const Vec3 i{0, 1, 0}, j{0, 0, -1};
        const Vec3 k = normalized(Vec3{1, std::sin(t), 0});
        g.direction = {i[0], j[0], k[0], i[1], j[1], k[1], i[2], j[2], k[2]};
        const Vec3 ijk{1.5, 6.25, 3.0};
        const Vec3 back = g.patientToVoxel(g.voxelToPatient(ijk));
        for (int a = 0; a < 3; ++a)
            QVERIFY2(std::abs(back[a] - ijk[a]) < 1e-9, qPrintable(QString::number(back[a])));
        // The 4x4 matrix agrees with voxelToPatient.
        const auto m = g.voxelToPatientMatrix();
        const Vec3 p = g.voxelToPatient(ijk);
        for (int r = 0; r < 3; ++r) {
            const double viaMatrix =
                m[r * 4] * ijk[0] + m[r * 4 + 1] * ijk[1] + m[r * 4 + 2] * ijk[2] + m[r * 4 + 3];
            QVERIFY(std::abs(viaMatrix - p[r]) < 1e-9);
        }
        QCOMPARE(m[15], 1.0);
    }

    void allocateRejectsBadGeometry()
    {
        VolumeGeometry g;
        g.dims = {0, 10, 10};
        QVERIFY(!Volume::allocate(g, ScalarType::Int16));
        g.dims = {10, 10, 10};
        g.spacing = {1, 0, 1};
        QVERIFY(!Volume::allocate(g, ScalarType::Int16));
    }

    void valuesAndRange()
    {
        VolumeGeometry g;
        g.dims = {3, 2, 2};
        auto v = Volume::allocate(g, ScalarType::Int16);
        QVERIFY(v);
        QCOMPARE(v->sizeInBytes(), std::size_t(3 * 2 * 2 * 2));
        QCOMPARE(v->valueAt(2, 1, 1), 0.0); // zeroed on allocation
        v->mutableDataAs<std::int16_t>()[v->index(2, 1, 1)] = -1000;
        v->mutableDataAs<std::int16_t>()[v->index(0, 1, 0)] = 3071;
        v->updateRange();
        QCOMPARE(v->valueAt(2, 1, 1), -1000.0);
        QCOMPARE(v->index(2, 1, 1), std::size_t(2 + 3 * (1 + 2 * 1)));
        QCOMPARE(v->minimum(), -1000.0);
        QCOMPARE(v->maximum(), 3071.0);

        auto f = Volume::allocate(g, ScalarType::Float32);
        f->mutableDataAs<float>()[f->index(1, 0, 1)] = 2.5f;
        f->updateRange();
        QCOMPARE(f->valueAt(1, 0, 1), 2.5);
        QCOMPARE(f->maximum(), 2.5);
        QCOMPARE(scalarSize(ScalarType::Float32), std::size_t(4));
        QCOMPARE(QString::fromLatin1(scalarTypeName(ScalarType::UInt16)), QStringLiteral("uint16"));
    }
};

QTEST_GUILESS_MAIN(TestVolume)
#include "tst_volume.moc"
