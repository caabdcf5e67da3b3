// Tracks on camera frames: shapes and vertex editing, snapping to the image edge, linear
// interpolation between keyframes (boxes with their angle the short way round, vertices,
// polygons of different vertex counts resampled), where a track has a shape (before its
// first keyframe, after an outside one), and splitting and merging. Expected values are
// worked out here by hand.

#include "core/annotations/track.h"
#include "core/annotations/trackdocument.h"
#include "core/annotations/trackjson.h"

#include <QJsonDocument>
#include <QJsonObject>
#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

#include <cmath>
#include <random>

using namespace loupe;

namespace {

bool near(double a, double b, double tolerance = 1e-9)
{
    return std::abs(a - b) <= tolerance;
}

bool near(Point2 a, Point2 b, double tolerance = 1e-9)
{
    return near(a.x, b.x, tolerance) && near(a.y, b.y, tolerance);
}

Track boxTrack()
{
    // A box from (0,0)-(10,20) at frame 10 to (100,40)-(130,60) at frame 20, leaving at 30.
    Track t;
    t.id = 7;
    t.label = QStringLiteral("car");
    t.keyframes[10] = Keyframe{Shape::box(0, 0, 10, 20),
                               false,
                               false,
                               {{QStringLiteral("lights"), QStringLiteral("off")}}};
    t.keyframes[20] = Keyframe{Shape::box(100, 40, 130, 60),
                               false,
                               true,
                               {{QStringLiteral("lights"), QStringLiteral("on")}}};
    t.keyframes[30] = Keyframe{Shape::box(100, 40, 130, 60), true, false, {}};
    return t;
}

} // namespace

class TestTracks : public QObject {
    Q_OBJECT

private slots:
    void shapesAndVertexEditing()
    {
        const Shape box = Shape::box(10, 20, 50, 40);
        QVERIFY(near(box.centre, {30, 30}));
        QCOMPARE(box.width, 40.0);
        QCOMPARE(box.height, 20.0);
        const auto corners = box.corners();
        QVERIFY(near(corners[0], {10, 20}));
        QVERIFY(near(corners[2], {50, 40}));
        // Turned a quarter: the corners swap sides, the bounds swap sizes.
        const Shape turned = Shape::box(10, 20, 50, 40, 90);
        const auto b = turned.bounds();
        QVERIFY(near(b[0], 20) && near(b[1], 10) && near(b[2], 40) && near(b[3], 50));
        QVERIFY(near(turned.corners()[0], {40, 10}));

        Shape lane = Shape::polyline({{0, 0}, {10, 0}, {10, 10}});
        lane = insertedVertex(lane, 0);
        QCOMPARE(lane.points.size(), std::size_t(4));
        QVERIFY(near(lane.points[1], {5, 0}));
        lane = movedVertex(lane, 1, {5, -3});
        QVERIFY(near(lane.points[1], {5, -3}));
        lane = removedVertex(removedVertex(removedVertex(lane, 0), 0), 0);
        QCOMPARE(lane.points.size(), std::size_t(2)); // a polyline keeps two
        Shape triangle = Shape::polygon({{0, 0}, {4, 0}, {0, 4}});
        QCOMPARE(removedVertex(triangle, 1).points.size(), std::size_t(3)); // and a polygon three
        triangle = insertedVertex(triangle, 2); // after the last: halfway back to the first
        QVERIFY(near(triangle.points[3], {0, 2}));
        QCOMPARE(movedVertex(box, 0, {1, 1}), box); // a box has no vertices
    }

    void shapesSnapToTheImageEdge()
    {
        const Shape out = Shape::polygon({{-5, 10}, {700, 20}, {30, 500}});
        const Shape in = out.clampedTo(640, 480);
        QVERIFY(near(in.points[0], {0, 10}));
        QVERIFY(near(in.points[1], {640, 20}));
        QVERIFY(near(in.points[2], {30, 480}));
        // A box half off the right edge moves in, keeping its size; one larger than the frame
        // shrinks to fit.
        const Shape box = Shape::box(600, 100, 700, 150).clampedTo(640, 480);
        QVERIFY(near(box.bounds()[2], 640));
        QCOMPARE(box.width, 100.0);
        const Shape huge = Shape::box(-100, -100, 1000, 200).clampedTo(640, 480);
        const auto hb = huge.bounds();
        QVERIFY(hb[0] >= -1e-9 && hb[2] <= 640 + 1e-9);
        QVERIFY(near(huge.width, 640));
    }

    void boxesInterpolateLinearlyWithTheirAngle()
    {
        const Track t = boxTrack();
        const std::optional<TrackFrame> mid = t.at(15);
        QVERIFY(mid);
        QVERIFY(!mid->keyframe);
        QVERIFY(near(mid->shape.centre, {(5 + 115) / 2.0, (10 + 50) / 2.0}));
        QVERIFY(near(mid->shape.width, 20));
        QVERIFY(near(mid->shape.height, 20));
        QCOMPARE(mid->occluded, false); // the earlier keyframe's
        QCOMPARE(mid->attributes.at(QStringLiteral("lights")), QStringLiteral("off"));
        QVERIFY(t.at(20)->keyframe);
        QCOMPARE(t.at(20)->attributes.at(QStringLiteral("lights")), QStringLiteral("on"));
        QVERIFY(t.at(20)->occluded);
        // Angles go the short way: 170° to -170° passes 180°, not 0°.
        const Shape a = Shape::box(0, 0, 10, 10, 170), b = Shape::box(0, 0, 10, 10, -170);
        QVERIFY(near(interpolate(a, b, 0.5).angle, 180));
        QVERIFY(near(interpolate(a, b, 0.25).angle, 175));
        QVERIFY(near(interpolate(a, b, 0.75).angle, -175));
        QVERIFY(near(interpolate(Shape::box(0, 0, 1, 1, 10), Shape::box(0, 0, 1, 1, 50), 0.5).angle,
                     30));
    }

    void aTrackHasShapesFromItsFirstKeyframeToOutside()
    {
        const Track t = boxTrack();
        QVERIFY(!t.at(9)); // before it starts
        QVERIFY(t.at(10));
        QVERIFY(t.at(29));                                // held after the last shape keyframe...
        QVERIFY(near(t.at(25)->shape.centre, {115, 50})); // ...not interpolated toward outside
        QVERIFY(!t.at(30));                               // gone
        QVERIFY(!t.at(1000));
        QCOMPARE(t.span(), (std::pair<int, int>{10, 29}));
        // Back after leaving: a later keyframe starts it again.
        Track back = t;
        back.keyframes[40] = Keyframe{Shape::box(0, 0, 5, 5), false, false, {}};
        QVERIFY(!back.at(35));
        QVERIFY(back.at(41));
        QCOMPARE(back.span(), (std::pair<int, int>{10, -1}));
    }

    void pointsAndPolygonsInterpolate()
    {
        const Shape a = Shape::keypoints({{0, 0}, {10, 10}});
        const Shape b = Shape::keypoints({{10, 0}, {30, 50}});
        const Shape m = interpolate(a, b, 0.3);
        QVERIFY(near(m.points[0], {3, 0}));
        QVERIFY(near(m.points[1], {16, 22}));
        // A square (4 vertices) to a square twice its size drawn with 8 vertices: the first is
        // resampled to 8 along its perimeter, so halfway is the square 1.5 times the size.
        const Shape small = Shape::polygon({{0, 0}, {4, 0}, {4, 4}, {0, 4}});
        const Shape big =
            Shape::polygon({{0, 0}, {4, 0}, {8, 0}, {8, 4}, {8, 8}, {4, 8}, {0, 8}, {0, 4}});
        const Shape half = interpolate(small, big, 0.5);
        QCOMPARE(half.points.size(), std::size_t(8));
        const Point2 want[8] = {{0, 0}, {3, 0}, {6, 0}, {6, 3}, {6, 6}, {3, 6}, {0, 6}, {0, 3}};
        for (int n = 0; n < 8; ++n)
            QVERIFY2(near(half.points[std::size_t(n)], want[n], 1e-9),
                     qPrintable(QStringLiteral("%1: %2,%3")
                                    .arg(n)
                                    .arg(half.points[std::size_t(n)].x)
                                    .arg(half.points[std::size_t(n)].y)));
        // A polyline resampled keeps its ends.
        const auto line = resampled({{0, 0}, {10, 0}, {10, 10}}, 5, false);
        QCOMPARE(line.size(), std::size_t(5));
        QVERIFY(near(line.front(), {0, 0}));
        QVERIFY(near(line[2], {10, 0}));
        QVERIFY(near(line.back(), {10, 10}));
        // Different kinds do not blend: the earlier holds.
        QCOMPARE(interpolate(Shape::box(0, 0, 1, 1), small, 0.5), Shape::box(0, 0, 1, 1));
    }

    void splitAndMerge()
    {
        const Track t = boxTrack();
        Result<std::pair<Track, Track>> parts = splitTrack(t, 15, 8);
        QVERIFY2(parts.ok(), qPrintable(parts.errorMessage()));
        const auto &[first, second] = parts.value();
        QCOMPARE(first.id, qint64(7));
        QCOMPARE(second.id, qint64(8));
        QVERIFY(first.at(14));
        QVERIFY(!first.at(15)); // ends where the split is
        QVERIFY(second.at(15)->keyframe);
        QVERIFY(near(second.at(15)->shape.centre, t.at(15)->shape.centre));
        for (int f = 15; f < 30; ++f) // the second part moves as the track did
            QVERIFY(near(second.at(f)->shape.centre, t.at(f)->shape.centre));
        QVERIFY(!splitTrack(t, 5, 9).ok()); // no shape there
        // Joined again: the same shapes everywhere as before the split.
        Result<Track> joined = mergeTracks(first, second);
        QVERIFY2(joined.ok(), qPrintable(joined.errorMessage()));
        QCOMPARE(joined->id, qint64(7));
        for (int f = 0; f < 40; ++f) {
            QCOMPARE(joined->at(f).has_value(), t.at(f).has_value());
            if (t.at(f))
                QVERIFY(near(joined->at(f)->shape.centre, t.at(f)->shape.centre));
        }
        // Not across cameras, nor over each other's keyframes.
        Track elsewhere = second;
        elsewhere.stream = 1;
        QVERIFY(!mergeTracks(first, elsewhere).ok());
        QVERIFY(mergeTracks(t, t).errorMessage().contains(QStringLiteral("both have a keyframe")));
    }

    void keyframeJsonIsWhatQtWrites()
    {
        // The journal writes keyframes' JSON directly (it is the hot path of saving); the text
        // must be what QJsonDocument writes for the same object, and read back the same.
        std::mt19937 rng(5);
        std::uniform_real_distribution<double> coordinate(-5000, 5000);
        const std::vector<double> awkward{0.1, 1e-300, 123456789.123, -0.0, 1.0 / 3, 2e21, 7};
        for (int n = 0; n < 300; ++n) {
            Keyframe k;
            const int kind = n % 5;
            if (kind == 0)
                k.shape = Shape::box(coordinate(rng), coordinate(rng), coordinate(rng),
                                     coordinate(rng), awkward[std::size_t(n) % awkward.size()]);
            else if (kind == 4)
                k.shape = Shape::ellipse(
                    {coordinate(rng), awkward[std::size_t(n) % awkward.size()]}, 3, 4, -45);
            else {
                std::vector<Point2> points;
                for (int p = 0; p < 1 + n % 7; ++p)
                    points.push_back({coordinate(rng), awkward[std::size_t(p) % awkward.size()]});
                k.shape = kind == 1   ? Shape::polygon(points)
                          : kind == 2 ? Shape::polyline(points)
                                      : Shape::keypoints(points);
            }
            k.outside = n % 3 == 0;
            k.occluded = n % 2 == 0;
            if (n % 4 == 0)
                k.attributes = {{QStringLiteral("note"), QStringLiteral("say \"hi\"\\ \n\tçé ✓")},
                                {QStringLiteral("ctl"),
                                 QString(QChar(1)) + QChar(31) + QStringLiteral("\r\b\f")},
                                {QStringLiteral("empty"), QString()}};
            QJsonObject attributes;
            for (const auto &[name, value] : k.attributes)
                attributes.insert(name, value);
            const QByteArray qt =
                QJsonDocument(QJsonObject{{QStringLiteral("shape"), shapeToJson(k.shape)},
                                          {QStringLiteral("outside"), k.outside},
                                          {QStringLiteral("occluded"), k.occluded},
                                          {QStringLiteral("attributes"), attributes}})
                    .toJson(QJsonDocument::Compact);
            QCOMPARE(keyframeToJson(k), qt);
            Keyframe back;
            QVERIFY(keyframeFromJson(keyframeToJson(k), back));
            QVERIFY(back == k);
        }
    }

    void keyframeAtHoldsWhatIsShown()
    {
        Track t;
        t.keyframes[2] = Keyframe{Shape::box(0, 0, 10, 10), false, true, {{"lights", "head"}}};
        t.keyframes[6] = Keyframe{Shape::box(40, 0, 50, 10), false, false, {}};
        QCOMPARE(t.keyframeAt(2)->attributes.at(QStringLiteral("lights")), QStringLiteral("head"));
        // Between: the interpolated shape, with what holds there.
        const std::optional<Keyframe> k = t.keyframeAt(4);
        QVERIFY(k && !k->outside && k->occluded);
        QCOMPARE(k->shape, t.at(4)->shape);
        QCOMPARE(k->shape.centre.x, 25.0);
        QVERIFY(!t.keyframeAt(1)); // before the first keyframe
    }

    void emptyShapesHoldInsteadOfInterpolating()
    {
        // Found by fuzzing the OpenLABEL reader: a polygon with no vertex between two
        // keyframes made interpolation read past a vector's end.
        const Shape empty = Shape::polygon({});
        const Shape triangle = Shape::polygon({{0, 0}, {4, 0}, {0, 4}});
        QCOMPARE(interpolate(empty, triangle, 0.5), empty);
        QCOMPARE(interpolate(triangle, empty, 0.5), triangle);
        Track t;
        t.keyframes[0] = Keyframe{triangle, false, false, {}};
        t.keyframes[10] = Keyframe{empty, false, false, {}};
        QCOMPARE(t.at(5)->shape, triangle);
    }

    void tagsOnFramesAreSteps()
    {
        TrackDocument doc;
        Result<LabelSchema> schema = LabelSchema::fromJson(
            R"({"classes": [{"name": "car", "shapes": ["box"]}, {"name": "night", "tag": true}]})");
        QVERIFY2(schema.ok(), qPrintable(schema.errorMessage()));
        doc.setSchema(schema.value());
        QSignalSpy changed(&doc, &TrackDocument::tagsChanged);
        QVERIFY(doc.toggleTag(QStringLiteral("night"), 1, 4).ok());
        QVERIFY(doc.toggleTag(QStringLiteral("night"), 1, 5).ok());
        QCOMPARE(int(doc.tags().size()), 1); // one tag, two frames
        QCOMPARE(doc.tags().begin()->second.frames, (std::set<int>{4, 5}));
        QCOMPARE(int(doc.tagsAt(1, 5).size()), 1);
        QVERIFY(doc.tagsAt(0, 5).empty()); // another camera
        QCOMPARE(changed.count(), 2);
        // Cleared frame by frame; the last clear removes the tag; undo brings each back.
        QVERIFY(doc.toggleTag(QStringLiteral("night"), 1, 4).ok());
        QVERIFY(doc.toggleTag(QStringLiteral("night"), 1, 5).ok());
        QVERIFY(doc.tags().empty());
        doc.undoStack()->undo();
        QCOMPARE(doc.tags().begin()->second.frames, std::set<int>{5});
        // A shape class is no tag, and a tag class no shape.
        QVERIFY(!doc.toggleTag(QStringLiteral("car"), 0, 1).ok());
        QVERIFY(!doc.addTrack(QStringLiteral("night"), 0, 1, Shape::box(0, 0, 5, 5)).ok());
        // Tracks and tags share ids.
        const Result<qint64> car =
            doc.addTrack(QStringLiteral("car"), 0, 1, Shape::box(0, 0, 5, 5));
        QVERIFY(car.ok());
        QVERIFY(!doc.tags().count(car.value()));
    }

    void documentStepsUndo()
    {
        TrackDocument doc;
        QSignalSpy changed(&doc, &TrackDocument::tracksChanged);
        const Result<qint64> added =
            doc.addTrack(QStringLiteral("car"), 0, 2, Shape::box(0, 0, 10, 10));
        QVERIFY(added.ok());
        const qint64 id = added.value();
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.last().first().value<std::vector<qint64>>(), std::vector<qint64>{id});
        QVERIFY(doc.setKeyframe(id, 12, Keyframe{Shape::box(20, 0, 30, 10), false, false, {}},
                                QStringLiteral("move"))
                    .ok());
        // A per-frame attribute from frame 7: a keyframe appears there holding it.
        QVERIFY(
            doc.setFrameAttribute(id, 7, QStringLiteral("truncated"), QStringLiteral("true")).ok());
        QCOMPARE(doc.track(id)->keyframes.at(7).attributes.at(QStringLiteral("truncated")),
                 QStringLiteral("true"));
        QCOMPARE(doc.track(id)->at(9)->attributes.at(QStringLiteral("truncated")),
                 QStringLiteral("true"));
        QVERIFY(doc.setTrackAttribute(id, QStringLiteral("parked"), QStringLiteral("false")).ok());
        // Split at 10, merge back: one step each, undone in turn.
        const Result<qint64> split = doc.split(id, 10);
        QVERIFY2(split.ok(), qPrintable(split.errorMessage()));
        const qint64 second = split.value();
        QCOMPARE(int(doc.tracks().size()), 2);
        QVERIFY(!doc.track(id)->at(11));
        QVERIFY(doc.track(second)->at(11));
        QVERIFY(doc.merge(id, second).ok());
        QCOMPARE(int(doc.tracks().size()), 1);
        QVERIFY(doc.track(id)->at(11));
        doc.undoStack()->undo(); // the merge
        QCOMPARE(int(doc.tracks().size()), 2);
        doc.undoStack()->undo(); // the split
        QCOMPARE(int(doc.tracks().size()), 1);
        QVERIFY(doc.track(id)->at(11));
        QCOMPARE(doc.undoStack()->count(), 6);
        // With a schema: a class the schema lacks, or a shape its class may not take, is refused
        // and changes nothing.
        Result<LabelSchema> schema = LabelSchema::fromJson(
            R"({"classes": [{"name": "car", "shapes": ["box"]}, {"name": "lane", "shapes": ["polyline"]}]})");
        QVERIFY(schema.ok());
        doc.setSchema(schema.value());
        QVERIFY(!doc.setLabel(id, QStringLiteral("lane")).ok());
        QVERIFY(!doc.addTrack(QStringLiteral("bus"), 0, 0, Shape::box(0, 0, 1, 1)).ok());
        QCOMPARE(doc.track(id)->label, QStringLiteral("car"));
        QCOMPARE(doc.undoStack()->index(), 4);
        // Reset: all ids, flagged, and no undo history.
        doc.reset({});
        QVERIFY(doc.tracks().empty());
        QVERIFY(changed.last().at(1).toBool());
        QCOMPARE(doc.undoStack()->count(), 0);
    }

    void idsAreUniqueAcrossInstallations()
    {
        // Two installations of one project: their new ids never meet, stay below 2^53 (JSON
        // readers keep them exact), and each counter goes on after its own ids only.
        const qint64 annOrigin = trackIdOrigin(QStringLiteral("3f1c7d0e-ann")),
                     beeOrigin = trackIdOrigin(QStringLiteral("8a2e11f0-bee"));
        QVERIFY(annOrigin > 0 && annOrigin < (qint64(1) << 31));
        QVERIFY(annOrigin != beeOrigin);
        QCOMPARE(trackIdOrigin(QStringLiteral("3f1c7d0e-ann")), annOrigin); // stable
        TrackDocument ann, bee;
        ann.setIdOrigin(annOrigin);
        bee.setIdOrigin(beeOrigin);
        const qint64 a1 = ann.addTrack(QStringLiteral("car"), 0, 0, Shape::box(0, 0, 5, 5)).value();
        const qint64 b1 = bee.addTrack(QStringLiteral("car"), 0, 0, Shape::box(0, 0, 5, 5)).value();
        QCOMPARE(a1, (annOrigin << kTrackIdCounterBits) | 1);
        QCOMPARE(b1, (beeOrigin << kTrackIdCounterBits) | 1);
        QVERIFY(a1 < (qint64(1) << 53));
        QCOMPARE(trackIdText(a1), QStringLiteral("1-") + QString::number(annOrigin, 36));
        QCOMPARE(trackIdText(42), QStringLiteral("42"));
        // Bee's track reaches Ann; Ann's next id is still hers, after her own.
        ann.applyRemote({{b1, *bee.track(b1)}}, {});
        const qint64 a2 = ann.addTrack(QStringLiteral("car"), 0, 1, Shape::box(0, 0, 5, 5)).value();
        QCOMPARE(a2, (annOrigin << kTrackIdCounterBits) | 2);
        // A document loaded with ids of this origin goes on after the highest.
        TrackDocument again;
        Track kept = *ann.track(a2);
        kept.id = (annOrigin << kTrackIdCounterBits) | 40;
        again.reset({kept});
        again.setIdOrigin(annOrigin);
        QCOMPARE(again.newId(), (annOrigin << kTrackIdCounterBits) | 41);
    }

    void othersChangesKeepTheUndoHistory()
    {
        TrackDocument doc;
        QSignalSpy changed(&doc, &TrackDocument::tracksChanged);
        const qint64 mine =
            doc.addTrack(QStringLiteral("car"), 0, 0, Shape::box(0, 0, 10, 10)).value();
        const qint64 shared =
            doc.addTrack(QStringLiteral("bus"), 0, 0, Shape::box(50, 0, 60, 10)).value();
        const Keyframe moved{Shape::box(5, 5, 15, 15), false, false, {}};
        QVERIFY(doc.setKeyframe(mine, 0, moved, QStringLiteral("Move")).ok());
        QVERIFY(doc.setKeyframe(shared, 0, moved, QStringLiteral("Move")).ok());
        QCOMPARE(doc.undoStack()->count(), 4);
        // Someone else changes the bus and adds a truck: written in, no step, one signal.
        Track theirs = *doc.track(shared);
        theirs.label = QStringLiteral("truck");
        theirs.keyframes[0].shape = Shape::box(70, 0, 80, 10);
        Track added;
        added.id = 9000;
        added.label = QStringLiteral("van");
        added.keyframes[0].shape = Shape::box(1, 1, 2, 2);
        changed.clear();
        doc.applyRemote({{shared, theirs}, {9000, added}}, {});
        QCOMPARE(changed.count(), 1);
        QCOMPARE(changed.last().first().value<std::vector<qint64>>(),
                 (std::vector<qint64>{shared, 9000}));
        QCOMPARE(doc.undoStack()->count(), 4);
        QCOMPARE(doc.track(shared)->label, QStringLiteral("truck"));
        // Undoing my move of the bus leaves their version (it is not as my step left it);
        // undoing my move of the car still works.
        doc.undoStack()->undo();
        QCOMPARE(*doc.track(shared), theirs);
        doc.undoStack()->undo();
        QCOMPARE(doc.track(mine)->keyframes.at(0).shape, Shape::box(0, 0, 10, 10));
        doc.undoStack()->redo();
        QCOMPARE(doc.track(mine)->keyframes.at(0).shape, moved.shape);
        // Undoing the bus's creation leaves it: it is theirs now. The van stays too.
        doc.undoStack()->undo();
        doc.undoStack()->undo();
        doc.undoStack()->undo();
        QVERIFY(!doc.track(mine));
        QCOMPARE(*doc.track(shared), theirs);
        QVERIFY(doc.track(9000));
        // A remote delete removes it.
        doc.applyRemote({{9000, std::nullopt}}, {});
        QVERIFY(!doc.track(9000));
    }
};

QTEST_GUILESS_MAIN(TestTracks)
#include "tst_tracks.moc"
