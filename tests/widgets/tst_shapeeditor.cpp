// Drawing and editing shapes on a camera view with the mouse and keyboard, in a real window:
// the tracks that result (coordinates in frame pixels, keyframes, classes), undo, and the
// pixels drawn.

#include "core/annotations/trackdocument.h"
#include "guitest.h"
#include "widgets/frameview.h"
#include "widgets/shapeeditor.h"

#include <QSignalSpy>
#include <QTest>
#include <QUndoStack>

using namespace loupe;

namespace {

constexpr char kSchema[] = R"({"classes": [
    {"name": "car", "colour": "#ff0000", "shapes": ["box", "polygon"],
     "attributes": [{"name": "parked", "type": "checkbox"}]},
    {"name": "lane", "colour": "#00ff00", "shapes": ["polyline"]}]})";

} // namespace

class TestShapeEditor : public QObject {
    Q_OBJECT

    FrameView *m_view = nullptr;
    TrackDocument *m_document = nullptr;
    ShapeEditor *m_editor = nullptr;

    QPoint screen(double x, double y) const { return m_view->frameToScreen({x, y}).toPoint(); }
    /// A left-button drag from frame point a to b.
    void drag(QPointF a, QPointF b, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QTest::mousePress(m_view, Qt::LeftButton, modifiers, screen(a.x(), a.y()));
        test::moveMouse(m_view, (screen(a.x(), a.y()) + screen(b.x(), b.y())) / 2.0, Qt::LeftButton,
                        modifiers);
        test::moveMouse(m_view, screen(b.x(), b.y()), Qt::LeftButton, modifiers);
        QTest::mouseRelease(m_view, Qt::LeftButton, modifiers, screen(b.x(), b.y()));
    }
    void key(int k, Qt::KeyboardModifiers modifiers = Qt::NoModifier)
    {
        QTest::keyClick(m_view, Qt::Key(k), modifiers);
    }
    /// Within a frame pixel's rounding of the screen mapping (the view shows 640 as 800).
    static bool near(double a, double b) { return std::abs(a - b) <= 1.0; }

private slots:
    void init()
    {
        m_view = new FrameView;
        m_view->resize(800, 600);
        m_view->setFrameSize({640, 480});
        QImage grey(640, 480, QImage::Format_RGB32);
        grey.fill(QColor(60, 60, 60));
        m_view->showFrame(grey, 5, QStringLiteral("frame 5"));
        m_document = new TrackDocument;
        Result<LabelSchema> schema = LabelSchema::fromJson(kSchema);
        QVERIFY2(schema.ok(), qPrintable(schema.errorMessage()));
        m_document->setSchema(schema.value());
        m_editor = new ShapeEditor(m_view, m_document, 0);
        m_editor->setFrame(5);
        m_view->show();
        QVERIFY(QTest::qWaitForWindowExposed(m_view));
        m_view->setFocus();
    }
    void cleanup()
    {
        delete m_editor;
        delete m_document;
        delete m_view;
    }

    void drawsABoxWithNAndADrag()
    {
        QCOMPARE(m_editor->currentClass(), QStringLiteral("car")); // the schema's first
        key(Qt::Key_N);
        QVERIFY(m_editor->isDrawing());
        drag({100, 100}, {200, 150});
        QVERIFY(!m_editor->isDrawing());
        QCOMPARE(int(m_document->tracks().size()), 1);
        const Track &t = m_document->tracks().begin()->second;
        QCOMPARE(t.label, QStringLiteral("car"));
        QCOMPARE(t.stream, 0);
        QCOMPARE(int(t.keyframes.size()), 1);
        QVERIFY(t.keyframes.count(5));
        const Shape &box = t.keyframes.at(5).shape;
        QCOMPARE(box.kind, Shape::Kind::Box);
        QVERIFY2(near(box.centre.x, 150) && near(box.centre.y, 125) && near(box.width, 100) &&
                     near(box.height, 50),
                 qPrintable(QStringLiteral("%1,%2 %3x%4")
                                .arg(box.centre.x)
                                .arg(box.centre.y)
                                .arg(box.width)
                                .arg(box.height)));
        QCOMPARE(m_editor->selected(), t.id);

        // Drawn in the class's colour, on the box's edge, not inside it.
        const QImage shot = m_view->grab().toImage();
        const QPoint edge = screen(150, 150); // the bottom edge's middle
        bool red = false;
        for (int dy = -2; dy <= 2; ++dy) {
            const QColor c = shot.pixelColor(edge + QPoint(0, dy));
            red |= c.red() > 200 && c.green() < 80 && c.blue() < 80;
        }
        QVERIFY2(red, "the box's edge is not drawn red");
        // Inside, the picture shows through: tinted while selected, bare once not.
        const QColor tinted = shot.pixelColor(screen(150, 125));
        QVERIFY2(tinted.red() > tinted.green() + 20 && tinted.green() > 40,
                 qPrintable(tinted.name()));
        key(Qt::Key_Escape); // deselect
        const QColor bare = m_view->grab().toImage().pixelColor(screen(150, 125));
        QCOMPARE(bare, QColor(60, 60, 60));

        // Undo takes it away; redo brings it back.
        m_document->undoStack()->undo();
        QVERIFY(m_document->tracks().empty());
        m_document->undoStack()->redo();
        QCOMPARE(int(m_document->tracks().size()), 1);
    }

    void keyframesMoveAndInterpolate()
    {
        key(Qt::Key_N);
        drag({100, 100}, {200, 150});
        const qint64 id = m_editor->selected();
        QVERIFY(id);
        // K at frame 10 keeps the shape there; a drag then moves it 40 pixels right.
        m_editor->setFrame(10);
        key(Qt::Key_K);
        QVERIFY(m_document->track(id)->keyframes.count(10));
        drag({150, 125}, {190, 125});
        const Shape moved = m_document->track(id)->keyframes.at(10).shape;
        QVERIFY2(near(moved.centre.x, 190) && near(moved.centre.y, 125),
                 qPrintable(QStringLiteral("%1,%2").arg(moved.centre.x).arg(moved.centre.y)));
        QVERIFY(near(m_document->track(id)->keyframes.at(5).shape.centre.x, 150)); // unchanged
        // Between them, interpolated: frame 7 is 2/5 of the way.
        const std::optional<TrackFrame> at7 = m_document->track(id)->at(7);
        QVERIFY(at7 && !at7->keyframe);
        QVERIFY(near(at7->shape.centre.x, 150 + 0.4 * (moved.centre.x - 150)));
        // K again at 10 removes that keyframe; undo brings it back.
        key(Qt::Key_K);
        QVERIFY(!m_document->track(id)->keyframes.count(10));
        m_document->undoStack()->undo();
        QVERIFY(m_document->track(id)->keyframes.count(10));
        // K at the only keyframe is refused, with a reason.
        m_document->undoStack()->undo(); // the move
        m_document->undoStack()->undo(); // the keyframe at 10
        m_editor->setFrame(5);
        QSignalSpy messages(m_editor, &ShapeEditor::message);
        key(Qt::Key_K);
        QCOMPARE(messages.count(), 1);
        QVERIFY(messages.first().first().toString().contains(QStringLiteral("only keyframe")));

        // O at frame 20: outside from there on.
        m_editor->setFrame(20);
        key(Qt::Key_O);
        QVERIFY(m_document->track(id)->keyframes.at(20).outside);
        QVERIFY(!m_document->track(id)->at(25));
        QVERIFY(m_document->track(id)->at(19));
    }

    void othersChangesDoNotStopADrag()
    {
        // A sync brings someone else's change of the track being dragged (an attribute and a
        // keyframe at frame 30) in the middle of the drag: the drag goes on, and its move is
        // made on top of their version, as one undo step.
        key(Qt::Key_N);
        drag({100, 100}, {200, 150});
        const qint64 id = m_editor->selected();
        QVERIFY(id);
        const int steps = m_document->undoStack()->count();
        QTest::mousePress(m_view, Qt::LeftButton, {}, screen(150, 125));
        test::moveMouse(m_view, screen(170, 125), Qt::LeftButton, {});
        Track theirs = *m_document->track(id);
        theirs.attributes[QStringLiteral("parked")] = QStringLiteral("true");
        theirs.keyframes[30] = Keyframe{Shape::box(300, 300, 340, 330), false, false, {}};
        m_document->applyRemote({{id, theirs}}, {});
        QCOMPARE(m_editor->selected(), id); // still selected, still dragging
        test::moveMouse(m_view, screen(190, 125), Qt::LeftButton, {});
        QTest::mouseRelease(m_view, Qt::LeftButton, {}, screen(190, 125));
        const Track *now = m_document->track(id);
        QVERIFY(near(now->keyframes.at(5).shape.centre.x, 190)); // the drag's move
        QCOMPARE(now->attributes.at(QStringLiteral("parked")), QStringLiteral("true")); // theirs
        QVERIFY(now->keyframes.count(30));                                              // theirs
        QCOMPARE(m_document->undoStack()->count(), steps + 1);
        // Undo takes back the move only.
        m_document->undoStack()->undo();
        QCOMPARE(*m_document->track(id), theirs);
    }

    void cornersResizeAndVerticesEdit()
    {
        key(Qt::Key_N);
        drag({100, 100}, {200, 150});
        const qint64 id = m_editor->selected();
        // The bottom-right corner dragged out: the top-left stays.
        drag({200, 150}, {260, 210});
        const Shape box = m_document->track(id)->keyframes.at(5).shape;
        QVERIFY2(near(box.centre.x - box.width / 2, 100) &&
                     near(box.centre.y - box.height / 2, 100) && near(box.width, 160) &&
                     near(box.height, 110),
                 qPrintable(QStringLiteral("%1,%2 %3x%4")
                                .arg(box.centre.x)
                                .arg(box.centre.y)
                                .arg(box.width)
                                .arg(box.height)));
        // Turned with '.' and ',' (5 degrees; Shift: 1).
        key(Qt::Key_Period);
        key(Qt::Key_Period);
        key(Qt::Key_Comma, Qt::ShiftModifier);
        QCOMPARE(m_document->track(id)->keyframes.at(5).shape.angle, 9.0);
        m_document->undoStack()->undo();
        m_document->undoStack()->undo();
        m_document->undoStack()->undo();
        QCOMPARE(m_document->track(id)->keyframes.at(5).shape.angle, 0.0);
        // Turned with the mouse: the round handle 22 screen pixels above the top edge's middle
        // (the view shows a frame pixel as 1.25), dragged to the right of the centre: a
        // quarter turn, clockwise; with Shift, to a multiple of 15 degrees.
        const Shape level = m_document->track(id)->keyframes.at(5).shape;
        const QPointF handle(level.centre.x, level.centre.y - level.height / 2 - 22 / 1.25);
        drag(handle, {level.centre.x + 100, level.centre.y});
        Shape turned = m_document->track(id)->keyframes.at(5).shape;
        QVERIFY2(std::abs(turned.angle - 90) < 1.5, qPrintable(QString::number(turned.angle)));
        QVERIFY(near(turned.width, level.width) && near(turned.centre.x, level.centre.x));
        QCOMPARE(m_document->undoStack()->undoText(), QStringLiteral("Turn"));
        // The handle has turned with the box: now right of it.
        const QPointF right(level.centre.x + level.height / 2 + 22 / 1.25, level.centre.y);
        drag(right, {level.centre.x + 100, level.centre.y + 30}, Qt::ShiftModifier);
        turned = m_document->track(id)->keyframes.at(5).shape;
        QCOMPARE(turned.angle, 105.0); // 106.7 snapped
        m_document->undoStack()->undo();
        m_document->undoStack()->undo();
        QCOMPARE(m_document->track(id)->keyframes.at(5).shape.angle, 0.0);
        // Dragged past the frame's edge: it snaps to the edge.
        drag({180, 155}, {180 + 500, 155});
        const Shape snapped = m_document->track(id)->keyframes.at(5).shape;
        QVERIFY(near(snapped.centre.x + snapped.width / 2, 640));
        QVERIFY(near(snapped.width, 160));

        // A polygon: P chooses it, N and three clicks and Enter draw it.
        key(Qt::Key_Escape); // deselect
        key(Qt::Key_P);
        QCOMPARE(m_editor->currentKind(), Shape::Kind::Polygon);
        key(Qt::Key_N);
        for (const QPointF v : {QPointF(300, 300), QPointF(400, 300), QPointF(350, 380)})
            QTest::mouseClick(m_view, Qt::LeftButton, {}, screen(v.x(), v.y()));
        key(Qt::Key_Return);
        const qint64 polygon = m_editor->selected();
        QVERIFY(polygon && polygon != id);
        Shape p = m_document->track(polygon)->keyframes.at(5).shape;
        QCOMPARE(p.kind, Shape::Kind::Polygon);
        QCOMPARE(int(p.points.size()), 3);
        QVERIFY(near(p.points[2].x, 350) && near(p.points[2].y, 380));
        // A vertex dragged; Shift+click on an edge inserts one; Ctrl+click deletes it again.
        drag({350, 380}, {350, 420});
        p = m_document->track(polygon)->keyframes.at(5).shape;
        QVERIFY(near(p.points[2].y, 420));
        QTest::mouseClick(m_view, Qt::LeftButton, Qt::ShiftModifier, screen(350, 300));
        p = m_document->track(polygon)->keyframes.at(5).shape;
        QCOMPARE(int(p.points.size()), 4);
        QVERIFY(near(p.points[1].x, 350) && near(p.points[1].y, 300));
        QTest::mouseClick(m_view, Qt::LeftButton, Qt::ControlModifier, screen(350, 300));
        QCOMPARE(int(m_document->track(polygon)->keyframes.at(5).shape.points.size()), 3);
    }

    void classesTabDeleteCopyPaste()
    {
        key(Qt::Key_N);
        drag({100, 100}, {200, 150});
        const qint64 first = m_editor->selected();
        key(Qt::Key_N);
        drag({300, 100}, {400, 150});
        const qint64 second = m_editor->selected();
        QVERIFY(first && second && first != second);
        // A car may not become a lane (lanes are polylines): refused, said why.
        QSignalSpy messages(m_editor, &ShapeEditor::message);
        key(Qt::Key_2);
        QCOMPARE(m_document->track(second)->label, QStringLiteral("car"));
        QCOMPARE(messages.count(), 1);
        // Tab goes through the objects on this camera.
        key(Qt::Key_Tab);
        QCOMPARE(m_editor->selected(), first);
        key(Qt::Key_Tab);
        QCOMPARE(m_editor->selected(), second);
        // Ctrl+C, then Ctrl+V at frame 30: a keyframe of the same track with that shape.
        key(Qt::Key_C, Qt::ControlModifier);
        m_editor->setFrame(30);
        key(Qt::Key_V, Qt::ControlModifier);
        QVERIFY(m_document->track(second)->keyframes.count(30));
        QCOMPARE(m_document->track(second)->keyframes.at(30).shape,
                 m_document->track(second)->keyframes.at(5).shape);
        // Ctrl+Shift+V: a new track.
        key(Qt::Key_V, Qt::ControlModifier | Qt::ShiftModifier);
        QCOMPARE(int(m_document->tracks().size()), 3);
        // Delete removes the selected track; undo restores it.
        const qint64 pasted = m_editor->selected();
        key(Qt::Key_Delete);
        QVERIFY(!m_document->track(pasted));
        QCOMPARE(m_editor->selected(), qint64(0));
        m_document->undoStack()->undo();
        QVERIFY(m_document->track(pasted));
    }
};

QTEST_MAIN(TestShapeEditor)
#include "tst_shapeeditor.moc"
