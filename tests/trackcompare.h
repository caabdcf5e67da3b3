#pragma once

// Comparing tracks the way a person sees them: the shape, occluded flag, keyframe mark and
// per-frame attributes at every frame, for the format round-trip tests.

#include "core/annotations/track.h"

#include <QString>
#include <QTest>

#include <cmath>

namespace loupe::test {

/// The same shape, every number within `tolerance`.
inline bool sameShape(const Shape &a, const Shape &b, double tolerance)
{
    const auto near = [&](double x, double y) { return std::abs(x - y) < tolerance; };
    if (a.kind != b.kind || a.points.size() != b.points.size())
        return false;
    for (std::size_t n = 0; n < a.points.size(); ++n)
        if (!near(a.points[n].x, b.points[n].x) || !near(a.points[n].y, b.points[n].y))
            return false;
    return near(a.centre.x, b.centre.x) && near(a.centre.y, b.centre.y) && near(a.width, b.width) &&
           near(a.height, b.height) && near(a.angle, b.angle);
}

/// QTest checks that `read` says what `written` says at each of `frames` frames, with the same
/// id, class and per-track attributes. Callers check QTest::currentTestFailed() after it.
inline void compareEveryFrame(const Track &written, const Track &read, int frames, double tolerance)
{
    QCOMPARE(read.id, written.id);
    QCOMPARE(read.label, written.label);
    QCOMPARE(read.stream, written.stream);
    QCOMPARE(read.attributes, written.attributes);
    for (int f = 0; f < frames; ++f) {
        const auto x = written.at(f), y = read.at(f);
        const QString where = QStringLiteral("track %1 frame %2").arg(written.id).arg(f);
        QVERIFY2(x.has_value() == y.has_value(), qPrintable(where));
        if (!x)
            continue;
        QVERIFY2(sameShape(x->shape, y->shape, tolerance), qPrintable(where));
        QCOMPARE(y->occluded, x->occluded);
        QCOMPARE(y->keyframe, x->keyframe);
        QCOMPARE(y->attributes, x->attributes);
    }
}

} // namespace loupe::test
