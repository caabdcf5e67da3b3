#include "widgets/shapeeditor.h"

#include "core/annotations/trackdocument.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QPainterPath>
#include <QStaticText>

#include <cmath>

namespace loupe {

namespace {

constexpr double kPi = 3.14159265358979323846;
constexpr double kGrabRadius = 7; ///< screen pixels within which a vertex or edge is grabbed

QPointF rotated(QPointF p, double degrees)
{
    const double a = degrees * kPi / 180, c = std::cos(a), s = std::sin(a);
    return {p.x() * c - p.y() * s, p.x() * s + p.y() * c};
}

QPointF qt(Point2 p)
{
    return {p.x, p.y};
}
Point2 ours(QPointF p)
{
    return {p.x(), p.y()};
}

/// Corner signs clockwise from the top-left, as Shape::corners.
constexpr int kCornerSign[4][2] = {{-1, -1}, {1, -1}, {1, 1}, {-1, 1}};

/// A box's or ellipse's corners on the frame, turned.
std::array<QPointF, 4> turnedCorners(const Shape &s)
{
    std::array<QPointF, 4> out;
    for (int i = 0; i < 4; ++i)
        out[std::size_t(i)] =
            qt(s.centre) +
            rotated({kCornerSign[i][0] * s.width / 2, kCornerSign[i][1] * s.height / 2}, s.angle);
    return out;
}

constexpr double kTurnHandle = 22; ///< screen pixels from a box's top edge to its turn handle

/// Where the turn handle of a box or ellipse is on the frame: above the middle of its top edge
/// (as turned), `scale` screen pixels per frame pixel.
QPointF turnHandle(const Shape &s, double scale)
{
    return qt(s.centre) +
           rotated({0, -s.height / 2 - kTurnHandle / std::max(1e-6, scale)}, s.angle);
}

/// The angle in (-180, 180] that puts the turn handle of a shape centred at `centre` under `p`.
double angleTowards(QPointF centre, QPointF p, bool snap)
{
    double a = std::atan2(p.y() - centre.y(), p.x() - centre.x()) * 180 / kPi + 90;
    if (snap)
        a = std::round(a / 15) * 15;
    while (a > 180)
        a -= 360;
    while (a <= -180)
        a += 360;
    return a;
}

double distanceToSegment(QPointF p, QPointF a, QPointF b)
{
    const QPointF ab = b - a;
    const double len2 = QPointF::dotProduct(ab, ab);
    const double t = len2 > 0 ? std::clamp(QPointF::dotProduct(p - a, ab) / len2, 0.0, 1.0) : 0.0;
    const QPointF q = a + t * ab - p;
    return std::sqrt(QPointF::dotProduct(q, q));
}

} // namespace

ShapeEditor::ShapeEditor(FrameView *view, TrackDocument *document, int stream, QObject *parent)
    : QObject(parent), m_view(view), m_document(document), m_stream(stream)
{
    m_view->setOverlay(this);
    m_view->setMouseTracking(true);
    connect(m_document, &TrackDocument::tracksChanged, m_view, [this] {
        if (m_selected && !m_document->track(m_selected))
            select(0);
        m_view->update();
    });
    if (!m_document->schema().classes.empty())
        m_class = m_document->schema().classes.front().name;
    connect(m_document, &TrackDocument::tagsChanged, m_view, [this] { m_view->update(); });
    connect(m_document, &TrackDocument::schemaChanged, m_view, [this] {
        m_tags.clear();
        m_view->update();
    });
}

ShapeEditor::~ShapeEditor()
{
    m_view->setOverlay(nullptr);
}

void ShapeEditor::setFrame(int frame)
{
    if (frame == m_frame)
        return;
    m_frame = frame;
    m_editing.reset();
    m_grab = Grab::None;
    m_view->update();
}

void ShapeEditor::setProposals(qint64 id, std::map<int, Shape> boxes)
{
    m_proposalsFor = id;
    m_proposals = std::move(boxes);
    m_view->update();
}

void ShapeEditor::clearProposals()
{
    m_proposalsFor = 0;
    m_proposals.clear();
    m_view->update();
}

void ShapeEditor::select(qint64 id)
{
    if (id == m_selected)
        return;
    if (m_selected)
        m_previous = m_selected;
    m_selected = id;
    m_view->update();
    emit selectionChanged(id);
}

void ShapeEditor::setCurrentClass(const QString &label)
{
    m_class = label;
    if (const ClassSpec *spec = m_document->schema().find(label);
        spec && !spec->shapes.empty() && !spec->shapes.count(m_kind))
        m_kind = *spec->shapes.begin();
}

void ShapeEditor::setCurrentKind(Shape::Kind kind)
{
    m_kind = kind;
    m_points.clear();
    m_view->update();
}

QPointF ShapeEditor::toFrame(QPointF screen) const
{
    return m_view->screenToFrame(screen);
}

QColor ShapeEditor::colourOf(const QString &label) const
{
    if (const ClassSpec *spec = m_document->schema().find(label); spec && spec->colour.isValid())
        return spec->colour;
    return QColor::fromHsv(int(qHash(label) % 360), 200, 255);
}

std::optional<Shape> ShapeEditor::selectedShape() const
{
    if (m_editing)
        return m_editing;
    const Track *t = m_document->track(m_selected);
    if (!t)
        return std::nullopt;
    const std::optional<TrackFrame> f = t->at(m_frame);
    return f ? std::optional<Shape>(f->shape) : std::nullopt;
}

qint64 ShapeEditor::hit(QPointF screen) const
{
    const QPointF p = toFrame(screen);
    const double slack = kGrabRadius / std::max(1e-6, m_view->screenScale());
    const std::vector<ShapeAt> shapes = m_document->shapesAt(m_stream, m_frame);
    // The selected one first, then the rest from the top (drawn last).
    std::vector<const ShapeAt *> order;
    for (const ShapeAt &s : shapes)
        if (s.id == m_selected)
            order.push_back(&s);
    for (auto it = shapes.rbegin(); it != shapes.rend(); ++it)
        order.push_back(&*it);
    for (const ShapeAt *at : order) {
        const Shape &s = at->frame.shape;
        switch (s.kind) {
        case Shape::Kind::Box:
        case Shape::Kind::Ellipse: {
            const QPointF local = rotated(p - qt(s.centre), -s.angle);
            const double hx = s.width / 2 + slack, hy = s.height / 2 + slack;
            const bool inside =
                s.kind == Shape::Kind::Box
                    ? std::abs(local.x()) <= hx && std::abs(local.y()) <= hy
                    : std::pow(local.x() / hx, 2) + std::pow(local.y() / hy, 2) <= 1;
            if (inside)
                return at->id;
            break;
        }
        case Shape::Kind::Polygon: {
            QPolygonF polygon;
            for (const Point2 &v : s.points)
                polygon << qt(v);
            if (polygon.containsPoint(p, Qt::OddEvenFill))
                return at->id;
            [[fallthrough]];
        }
        case Shape::Kind::Polyline:
        case Shape::Kind::Points:
            for (std::size_t i = 0; i < s.points.size(); ++i) {
                const QPointF a = qt(s.points[i]);
                const QPointF b = s.kind == Shape::Kind::Points
                                      ? a
                                      : qt(s.points[std::min(i + 1, s.points.size() - 1)]);
                if (distanceToSegment(p, a, b) <= slack)
                    return at->id;
            }
            break;
        }
    }
    return 0;
}

void ShapeEditor::report(const QString &error)
{
    if (!error.isEmpty())
        emit message(error);
}

void ShapeEditor::commitShape(const Shape &shape, const QString &what)
{
    const Track *t = m_document->track(m_selected);
    if (!t || m_frame < 0)
        return;
    const QSize size = m_view->frameSize();
    Keyframe k = t->keyframeAt(m_frame).value_or(Keyframe{});
    k.outside = false;
    k.shape = size.isEmpty() ? shape : shape.clampedTo(size.width(), size.height());
    const Result<bool> done = m_document->setKeyframe(m_selected, m_frame, k, what);
    report(done.ok() ? QString() : done.errorMessage());
}

void ShapeEditor::finishDrawing()
{
    const bool needsTwo = m_kind == Shape::Kind::Box || m_kind == Shape::Kind::Ellipse;
    const std::size_t least = m_kind == Shape::Kind::Polygon    ? 3
                              : m_kind == Shape::Kind::Polyline ? 2
                              : needsTwo                        ? 2
                                                                : 1;
    std::vector<Point2> points = std::move(m_points);
    m_points.clear();
    m_drawing = false;
    m_dragging = false;
    m_view->update();
    if (points.size() < least || m_frame < 0)
        return;
    Shape shape;
    switch (m_kind) {
    case Shape::Kind::Box:
        shape = Shape::box(points[0].x, points[0].y, points[1].x, points[1].y);
        break;
    case Shape::Kind::Ellipse:
        shape = Shape::ellipse({(points[0].x + points[1].x) / 2, (points[0].y + points[1].y) / 2},
                               std::abs(points[1].x - points[0].x),
                               std::abs(points[1].y - points[0].y));
        break;
    case Shape::Kind::Polygon: shape = Shape::polygon(points); break;
    case Shape::Kind::Polyline: shape = Shape::polyline(points); break;
    case Shape::Kind::Points: shape = Shape::keypoints(points); break;
    }
    if (needsTwo && (shape.width < 1 || shape.height < 1))
        return; // a click, not a drag
    const QSize size = m_view->frameSize();
    if (!size.isEmpty())
        shape = shape.clampedTo(size.width(), size.height());
    const Result<qint64> added = m_document->addTrack(m_class, m_stream, m_frame, shape);
    if (!added.ok())
        return report(added.errorMessage());
    select(added.value());
}

bool ShapeEditor::mousePress(QMouseEvent *e)
{
    if (e->button() != Qt::LeftButton || m_frame < 0)
        return false;
    const QPointF p = toFrame(e->position());
    if (m_drawing) {
        m_pointer = p;
        if (m_kind == Shape::Kind::Box || m_kind == Shape::Kind::Ellipse) {
            m_points = {ours(p), ours(p)};
            m_dragging = true;
        } else {
            m_points.push_back(ours(p));
        }
        m_view->update();
        return true;
    }
    // A handle of the selected shape.
    const double slack = kGrabRadius / std::max(1e-6, m_view->screenScale());
    if (const std::optional<Shape> s = selectedShape()) {
        if (s->hasVertices()) {
            for (std::size_t i = 0; i < s->points.size(); ++i)
                if (std::hypot(p.x() - s->points[i].x, p.y() - s->points[i].y) <= slack) {
                    if (e->modifiers() & Qt::ControlModifier) {
                        commitShape(removedVertex(*s, i), tr("Delete vertex"));
                        return true;
                    }
                    m_grab = Grab::Vertex;
                    m_grabIndex = i;
                    m_editing = s;
                    return true;
                }
            if (e->modifiers() & Qt::ShiftModifier)
                for (std::size_t i = 0;
                     i + 1 < s->points.size() + (s->kind == Shape::Kind::Polygon); ++i) {
                    const QPointF a = qt(s->points[i]),
                                  b = qt(s->points[(i + 1) % s->points.size()]);
                    if (distanceToSegment(p, a, b) <= slack) {
                        Shape inserted = insertedVertex(*s, i);
                        inserted = movedVertex(inserted, i + 1, ours(p));
                        commitShape(inserted, tr("Insert vertex"));
                        return true;
                    }
                }
        } else {
            const QPointF turn = turnHandle(*s, m_view->screenScale());
            if (std::hypot(p.x() - turn.x(), p.y() - turn.y()) <= slack) {
                m_grab = Grab::Turn;
                m_editing = s;
                return true;
            }
            const std::array<QPointF, 4> corners = turnedCorners(*s);
            for (std::size_t i = 0; i < 4; ++i)
                if (std::hypot(p.x() - corners[i].x(), p.y() - corners[i].y()) <= slack) {
                    m_grab = Grab::Corner;
                    m_grabIndex = i;
                    m_editing = s;
                    return true;
                }
        }
    }
    const qint64 id = hit(e->position());
    select(id);
    if (!id)
        return false; // empty space: the view pans
    m_grab = Grab::Move;
    m_grabFrom = p;
    m_editing.reset();
    m_editing = selectedShape();
    return true;
}

bool ShapeEditor::mouseMove(QMouseEvent *e)
{
    const QPointF p = toFrame(e->position());
    m_pointer = p;
    if (m_drawing) {
        if (m_dragging && m_points.size() == 2)
            m_points[1] = ours(p);
        m_view->update();
        return true;
    }
    if (!m_editing || m_grab == Grab::None)
        return false;
    Shape s = *m_editing;
    switch (m_grab) {
    case Grab::Move: {
        const QPointF d = p - m_grabFrom;
        m_grabFrom = p;
        s.centre = {s.centre.x + d.x(), s.centre.y + d.y()};
        for (Point2 &v : s.points)
            v = {v.x + d.x(), v.y + d.y()};
        break;
    }
    case Grab::Vertex: s = movedVertex(s, m_grabIndex, ours(p)); break;
    case Grab::Corner: {
        // The opposite corner stays; in the box's own (turned) axes.
        const int i = int(m_grabIndex), o = (i + 2) % 4;
        const QPointF fixed(kCornerSign[o][0] * s.width / 2, kCornerSign[o][1] * s.height / 2);
        const QPointF moved = rotated(p - qt(s.centre), -s.angle);
        const QPointF mid = (fixed + moved) / 2;
        s.centre = ours(qt(s.centre) + rotated(mid, s.angle));
        s.width = std::abs(moved.x() - fixed.x());
        s.height = std::abs(moved.y() - fixed.y());
        // Which corner is grabbed may change as it crosses the opposite one.
        int sx = moved.x() >= fixed.x() ? 1 : -1, sy = moved.y() >= fixed.y() ? 1 : -1;
        for (int c = 0; c < 4; ++c)
            if (kCornerSign[c][0] == sx && kCornerSign[c][1] == sy)
                m_grabIndex = std::size_t(c);
        break;
    }
    case Grab::Turn:
        s.angle = angleTowards(qt(s.centre), p, e->modifiers() & Qt::ShiftModifier);
        break;
    case Grab::None: break;
    }
    m_editing = s;
    m_view->update();
    return true;
}

bool ShapeEditor::mouseRelease(QMouseEvent *)
{
    if (m_drawing && m_dragging) {
        finishDrawing();
        return true;
    }
    if (m_editing && m_grab != Grab::None) {
        const Shape s = *m_editing;
        const Grab grab = m_grab;
        m_grab = Grab::None;
        m_editing.reset();
        if (const std::optional<Shape> before = selectedShape(); before && !(*before == s))
            commitShape(s, grab == Grab::Move   ? tr("Move")
                           : grab == Grab::Turn ? tr("Turn")
                                                : tr("Reshape"));
        m_view->update();
        return true;
    }
    return m_drawing;
}

bool ShapeEditor::mouseDoubleClick(QMouseEvent *)
{
    if (m_drawing && !m_points.empty()) {
        finishDrawing();
        return true;
    }
    return m_selected != 0; // a double-click on a shape does not maximise
}

bool ShapeEditor::key(QKeyEvent *e)
{
    const auto kindFor = [](int key) -> std::optional<Shape::Kind> {
        switch (key) {
        case Qt::Key_B: return Shape::Kind::Box;
        case Qt::Key_P: return Shape::Kind::Polygon;
        case Qt::Key_L: return Shape::Kind::Polyline;
        case Qt::Key_I: return Shape::Kind::Points;
        case Qt::Key_E: return Shape::Kind::Ellipse;
        default: return std::nullopt;
        }
    };
    const bool ctrl = e->modifiers() & Qt::ControlModifier;
    if (ctrl && e->key() == Qt::Key_C) {
        if (const std::optional<Shape> s = selectedShape())
            m_clipboard = std::make_pair(m_selected, *s);
        return true;
    }
    if (ctrl && e->key() == Qt::Key_V) {
        if (!m_clipboard || m_frame < 0)
            return true;
        const Track *t = m_document->track(m_clipboard->first);
        if (t && t->stream == m_stream && !(e->modifiers() & Qt::ShiftModifier)) {
            select(t->id);
            commitShape(m_clipboard->second, tr("Paste at %1").arg(m_frame));
        } else {
            const Result<qint64> added = m_document->addTrack(t ? t->label : m_class, m_stream,
                                                              m_frame, m_clipboard->second);
            if (!added.ok())
                report(added.errorMessage());
            else
                select(added.value());
        }
        return true;
    }
    if (ctrl)
        return false;
    if (const std::optional<Shape::Kind> kind = kindFor(e->key())) {
        setCurrentKind(*kind);
        emit message(tr("New shapes: %1").arg(kindName(*kind)));
        return true;
    }
    if (e->key() >= Qt::Key_1 && e->key() <= Qt::Key_9) {
        const auto &classes = m_document->schema().classes;
        const std::size_t n = std::size_t(e->key() - Qt::Key_1);
        if (n >= classes.size())
            return true;
        if (classes[n].tag) {
            // A tag class: set on this frame, or cleared.
            const Result<bool> done = m_document->toggleTag(classes[n].name, m_stream, m_frame);
            report(done.ok() ? QString() : done.errorMessage());
            return true;
        }
        setCurrentClass(classes[n].name);
        if (m_selected) {
            const Result<bool> done = m_document->setLabel(m_selected, classes[n].name);
            report(done.ok() ? QString() : done.errorMessage());
        } else {
            emit message(tr("New shapes: %1").arg(classes[n].name));
        }
        return true;
    }
    switch (e->key()) {
    case Qt::Key_N:
        if (m_frame < 0)
            return true;
        m_drawing = true;
        m_points.clear();
        select(0);
        emit message(m_kind == Shape::Kind::Box || m_kind == Shape::Kind::Ellipse
                         ? tr("Drag the %1 of the new %2.").arg(kindName(m_kind), m_class)
                         : tr("Click the vertices of the new %1; Enter ends.").arg(m_class));
        m_view->update();
        return true;
    case Qt::Key_Return:
    case Qt::Key_Enter:
        if (!m_drawing)
            return false;
        finishDrawing();
        return true;
    case Qt::Key_Escape:
        if (m_drawing) {
            m_drawing = false;
            m_points.clear();
            m_view->update();
        } else {
            select(0);
        }
        return true;
    case Qt::Key_K:
    case Qt::Key_O: {
        if (!m_selected)
            return true;
        const Result<bool> done = e->key() == Qt::Key_K
                                      ? m_document->toggleKeyframe(m_selected, m_frame)
                                      : m_document->toggleOutside(m_selected, m_frame);
        report(done.ok() ? QString() : done.errorMessage());
        return true;
    }
    case Qt::Key_Comma:
    case Qt::Key_Period:
    case Qt::Key_Less:
    case Qt::Key_Greater: {
        // Turn the selected box or ellipse: 5 degrees a press, 1 with Shift.
        std::optional<Shape> shape = selectedShape();
        if (!shape || shape->hasVertices())
            return true;
        const bool fine = e->modifiers() & Qt::ShiftModifier;
        const bool clockwise = e->key() == Qt::Key_Period || e->key() == Qt::Key_Greater;
        double angle = shape->angle + (clockwise ? 1 : -1) * (fine ? 1 : 5);
        if (angle > 180)
            angle -= 360;
        if (angle <= -180)
            angle += 360;
        shape->angle = angle;
        commitShape(*shape, tr("Turn"));
        return true;
    }
    case Qt::Key_Delete:
    case Qt::Key_Backspace:
        if (m_selected) {
            const Result<bool> done = m_document->removeTrack(m_selected);
            report(done.ok() ? QString() : done.errorMessage());
        }
        return true;
    case Qt::Key_Tab:
    case Qt::Key_Backtab: {
        const std::vector<ShapeAt> shapes = m_document->shapesAt(m_stream, m_frame);
        if (shapes.empty())
            return true;
        std::size_t at = 0;
        for (std::size_t i = 0; i < shapes.size(); ++i)
            if (shapes[i].id == m_selected)
                at = e->key() == Qt::Key_Tab ? i + 1 : i + shapes.size() - 1;
        if (!m_selected && e->key() == Qt::Key_Backtab)
            at = shapes.size() - 1;
        select(shapes[at % shapes.size()].id);
        return true;
    }
    default: return false;
    }
}

void ShapeEditor::paint(QPainter &p)
{
    if (m_frame < 0)
        return;
    p.setRenderHint(QPainter::Antialiasing, false);
    const auto toScreen = [this](QPointF f) { return m_view->frameToScreen(f); };
    const auto outline = [&](const Shape &s) {
        QPainterPath path;
        switch (s.kind) {
        case Shape::Kind::Box: {
            const std::array<QPointF, 4> c = turnedCorners(s);
            path.moveTo(toScreen(c[0]));
            for (int i = 1; i < 4; ++i)
                path.lineTo(toScreen(c[std::size_t(i)]));
            path.closeSubpath();
            break;
        }
        case Shape::Kind::Ellipse: {
            const double scale = m_view->screenScale();
            QTransform t;
            const QPointF c = toScreen(qt(s.centre));
            t.translate(c.x(), c.y());
            t.rotate(s.angle);
            QPainterPath e;
            e.addEllipse(QPointF(0, 0), s.width / 2 * scale, s.height / 2 * scale);
            path = t.map(e);
            break;
        }
        case Shape::Kind::Polygon:
        case Shape::Kind::Polyline:
            if (!s.points.empty()) {
                path.moveTo(toScreen(qt(s.points[0])));
                for (std::size_t i = 1; i < s.points.size(); ++i)
                    path.lineTo(toScreen(qt(s.points[i])));
                if (s.kind == Shape::Kind::Polygon)
                    path.closeSubpath();
            }
            break;
        case Shape::Kind::Points:
            for (const Point2 &v : s.points)
                path.addEllipse(toScreen(qt(v)), 3, 3);
            break;
        }
        return path;
    };
    for (const ShapeAt &at : m_document->shapesAt(m_stream, m_frame)) {
        const bool selected = at.id == m_selected;
        const Shape &shape = selected && m_editing ? *m_editing : at.frame.shape;
        const QColor colour = colourOf(at.track->label);
        // Keyframes 2 pixels wide, interpolated frames 1 (the raster engine's fast path: a
        // dashed or fractional pen cost over twice as much with hundreds of shapes), occluded
        // ones faint; the selected one 3 wide and tinted.
        QColor line = colour;
        if (at.frame.occluded)
            line.setAlpha(110);
        p.setPen(QPen(line, selected ? 3 : at.frame.keyframe ? 2 : 1));
        // A tint for the selected one, nothing for the rest (a bare Qt::NoBrush beside a
        // QColor in ?: would turn into QColor(0): opaque black).
        p.setBrush(selected ? QBrush(QColor(colour.red(), colour.green(), colour.blue(), 40))
                            : QBrush(Qt::NoBrush));
        QRectF bounds;
        if (shape.kind == Shape::Kind::Box && shape.angle == 0) {
            bounds = QRectF(toScreen(qt(shape.centre) - QPointF(shape.width, shape.height) / 2),
                            toScreen(qt(shape.centre) + QPointF(shape.width, shape.height) / 2));
            p.drawRect(bounds);
        } else {
            const QPainterPath path = outline(shape);
            p.drawPath(path);
            bounds = path.boundingRect();
        }
        // "car #12" above it. Laid out once per track and class (laying out hundreds of
        // labels on every frame change took half the drawing time).
        Tag &tag = m_tags[at.id];
        if (tag.label != at.track->label) {
            tag.label = at.track->label;
            tag.text.setText(QStringLiteral("%1 #%2").arg(at.track->label, trackIdText(at.id)));
            tag.text.prepare(QTransform(), m_view->font());
        }
        const QSizeF size = tag.text.size();
        const QRectF label(bounds.left(), bounds.top() - size.height() - 2, size.width() + 6,
                           size.height() + 2);
        p.fillRect(label, QColor(colour.red(), colour.green(), colour.blue(), 170));
        p.setPen(Qt::black);
        p.drawStaticText(label.topLeft() + QPointF(3, 1), tag.text);
        if (selected) {
            p.setBrush(Qt::white);
            p.setPen(QPen(colour, 1));
            if (shape.hasVertices())
                for (const Point2 &v : shape.points)
                    p.drawRect(QRectF(toScreen(qt(v)) - QPointF(3.5, 3.5), QSizeF(7, 7)));
            else {
                for (const QPointF &c : turnedCorners(shape))
                    p.drawRect(QRectF(toScreen(c) - QPointF(3.5, 3.5), QSizeF(7, 7)));
                // The turn handle, on a stalk from the middle of the top edge.
                const QPointF top =
                    toScreen(qt(shape.centre) + rotated({0, -shape.height / 2}, shape.angle));
                const QPointF turn = toScreen(turnHandle(shape, m_view->screenScale()));
                p.drawLine(top, turn);
                p.drawEllipse(turn, 4.5, 4.5);
            }
        }
    }
    // The frame's tags, along the bottom.
    if (const std::vector<const FrameTag *> tags = m_document->tagsAt(m_stream, m_frame);
        !tags.empty()) {
        const QFontMetrics fm(m_view->font());
        double x = 6;
        const double y = m_view->height() - fm.height() - 8;
        for (const FrameTag *t : tags) {
            const QString text = QStringLiteral("# %1").arg(t->label);
            const QRectF r(x, y, fm.horizontalAdvance(text) + 10, fm.height() + 4);
            const QColor c = colourOf(t->label);
            p.fillRect(r, QColor(c.red(), c.green(), c.blue(), 200));
            p.setPen(Qt::black);
            p.drawText(r, Qt::AlignCenter, text);
            x = r.right() + 6;
        }
    }
    // A tracker's proposal for this frame.
    if (const auto it = m_proposals.find(m_frame); it != m_proposals.end()) {
        const Shape &box = it->second;
        const QRectF r(toScreen(qt(box.centre) - QPointF(box.width, box.height) / 2),
                       toScreen(qt(box.centre) + QPointF(box.width, box.height) / 2));
        p.setBrush(Qt::NoBrush);
        p.setPen(QPen(Qt::white, 2, Qt::DashLine));
        p.drawRect(r);
        p.drawText(r.bottomLeft() + QPointF(0, 14), tr("proposed for #%1").arg(m_proposalsFor));
    }
    // What is being drawn.
    if (m_drawing && !m_points.empty()) {
        p.setPen(QPen(colourOf(m_class), 1.5, Qt::DashLine));
        p.setBrush(Qt::NoBrush);
        if (m_kind == Shape::Kind::Box || m_kind == Shape::Kind::Ellipse) {
            const QRectF r =
                QRectF(toScreen(qt(m_points[0])), toScreen(qt(m_points.back()))).normalized();
            m_kind == Shape::Kind::Box ? p.drawRect(r) : p.drawEllipse(r);
        } else {
            QPolygonF line;
            for (const Point2 &v : m_points)
                line << toScreen(qt(v));
            line << toScreen(m_pointer);
            p.drawPolyline(line);
        }
    }
}

} // namespace loupe
