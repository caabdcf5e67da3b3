#pragma once
// Drawing and editing a camera's shapes on its FrameView, keyboard first. Edits go through the
// TrackDocument, so each is one undoable step.
//
//   N          a new shape of the current kind (B box, P polygon, L polyline, I points,
//              E ellipse choose it): drag a box or ellipse; click vertices, Enter ends
//   1 … 9      the class (of the selected track, or of the next new shape); a tag class's
//              digit sets that tag on the frame, or clears it
//   K          keyframe here on or off          O   outside from here (or back in view)
//   Tab        the next object on this camera   Delete  the selected track
//   Ctrl+C     copy the selected shape          Ctrl+V  paste it here (a keyframe of its track,
//                                                        or a new track if that is gone)
//   , and .    turn the selected box or ellipse 5 degrees (Shift: 1)
//   Esc        stop drawing, or deselect
// The mouse: click selects; drag a shape to move it, a vertex or box corner to reshape it, a
// box's or ellipse's round handle above its top edge to turn it (Shift: by 15 degrees);
// Shift+click on a polygon's edge inserts a vertex, Ctrl+click on a vertex deletes it.

#include "core/annotations/shape.h"
#include "widgets/frameview.h"

#include <QObject>
#include <QPointF>
#include <QStaticText>

#include <map>
#include <optional>
#include <unordered_map>

namespace loupe {

class TrackDocument;

class ShapeEditor : public QObject, public FrameOverlay {
    Q_OBJECT
public:
    ShapeEditor(FrameView *view, TrackDocument *document, int stream, QObject *parent = nullptr);
    ~ShapeEditor() override;

    /// The frame the playhead is at on this camera (-1: none).
    void setFrame(int frame);
    int frame() const { return m_frame; }
    qint64 selected() const { return m_selected; }
    void select(qint64 id);
    /// The class new shapes get (a name from the schema, or any name without one).
    void setCurrentClass(const QString &label);
    QString currentClass() const { return m_class; }
    void setCurrentKind(Shape::Kind kind);
    Shape::Kind currentKind() const { return m_kind; }
    bool isDrawing() const { return m_drawing; }
    /// The track selected before the current one (0: none): the other half of a merge.
    qint64 previouslySelected() const { return m_previous; }
    /// A tracker's proposed boxes for track `id`, drawn dashed in white until cleared.
    void setProposals(qint64 id, std::map<int, Shape> boxes);
    void clearProposals();
    qint64 proposalsFor() const { return m_proposalsFor; }
    const std::map<int, Shape> &proposals() const { return m_proposals; }

    void paint(QPainter &painter) override;
    bool mousePress(QMouseEvent *event) override;
    bool mouseMove(QMouseEvent *event) override;
    bool mouseRelease(QMouseEvent *event) override;
    bool mouseDoubleClick(QMouseEvent *event) override;
    bool key(QKeyEvent *event) override;

signals:
    void selectionChanged(qint64 id);
    /// An edit was refused: why, for the status bar.
    void message(const QString &text);

private:
    enum class Grab { None, Move, Vertex, Corner, Turn };
    QPointF toFrame(QPointF screen) const;
    /// The shape (and its id) under `screen`, topmost first.
    qint64 hit(QPointF screen) const;
    void finishDrawing();
    void report(const QString &error);
    void commitShape(const Shape &shape, const QString &what);
    std::optional<Shape> selectedShape() const;
    QColor colourOf(const QString &label) const;

    FrameView *m_view;
    TrackDocument *m_document;
    int m_stream;
    int m_frame = -1;
    qint64 m_selected = 0;
    qint64 m_previous = 0;
    qint64 m_proposalsFor = 0;
    std::map<int, Shape> m_proposals;
    QString m_class = QStringLiteral("object");
    Shape::Kind m_kind = Shape::Kind::Box;
    // Drawing.
    bool m_drawing = false;
    std::vector<Point2> m_points; ///< vertices placed, or a box's first corner
    QPointF m_pointer;            ///< where the pointer is, in frame pixels
    bool m_dragging = false;
    // Editing the selected shape.
    Grab m_grab = Grab::None;
    std::size_t m_grabIndex = 0;
    QPointF m_grabFrom;
    std::optional<Shape> m_editing; ///< the shape as it is being dragged
    std::optional<std::pair<qint64, Shape>> m_clipboard;
    /// Each track's label, laid out (by id).
    struct Tag {
        QString label;
        QStaticText text;
    };
    std::unordered_map<qint64, Tag> m_tags;
};

} // namespace loupe
