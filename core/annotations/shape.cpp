#include "core/annotations/shape.h"

#include <QObject>

#include <algorithm>
#include <cmath>

namespace loupe {

namespace {

constexpr double kPi = 3.14159265358979323846;

/// The fewest vertices a kind of shape has.
std::size_t minimumVertices(Shape::Kind kind)
{
    switch (kind) {
    case Shape::Kind::Polygon: return 3;
    case Shape::Kind::Polyline: return 2;
    default: return 1;
    }
}

} // namespace

Shape Shape::box(double x0, double y0, double x1, double y1, double angle)
{
    Shape s;
    s.kind = Kind::Box;
    s.centre = {(x0 + x1) / 2, (y0 + y1) / 2};
    s.width = std::abs(x1 - x0);
    s.height = std::abs(y1 - y0);
    s.angle = angle;
    return s;
}

Shape Shape::ellipse(Point2 centre, double width, double height, double angle)
{
    Shape s;
    s.kind = Kind::Ellipse;
    s.centre = centre;
    s.width = width;
    s.height = height;
    s.angle = angle;
    return s;
}

Shape Shape::polygon(std::vector<Point2> points)
{
    Shape s;
    s.kind = Kind::Polygon;
    s.points = std::move(points);
    return s;
}

Shape Shape::polyline(std::vector<Point2> points)
{
    Shape s;
    s.kind = Kind::Polyline;
    s.points = std::move(points);
    return s;
}

Shape Shape::keypoints(std::vector<Point2> points)
{
    Shape s;
    s.kind = Kind::Points;
    s.points = std::move(points);
    return s;
}

std::array<Point2, 4> Shape::corners() const
{
    const double a = angle * kPi / 180, c = std::cos(a), s = std::sin(a);
    const double hw = width / 2, hh = height / 2;
    std::array<Point2, 4> out;
    const double dx[4] = {-hw, hw, hw, -hw}, dy[4] = {-hh, -hh, hh, hh};
    for (int n = 0; n < 4; ++n)
        out[std::size_t(n)] = {centre.x + dx[n] * c - dy[n] * s, centre.y + dx[n] * s + dy[n] * c};
    return out;
}

std::array<double, 4> Shape::bounds() const
{
    std::vector<Point2> p = points;
    if (kind == Kind::Box) {
        const auto c = corners();
        p.assign(c.begin(), c.end());
    } else if (kind == Kind::Ellipse) {
        // The half extents of a turned ellipse.
        const double a = angle * kPi / 180, rx = width / 2, ry = height / 2;
        const double ex = std::hypot(rx * std::cos(a), ry * std::sin(a));
        const double ey = std::hypot(rx * std::sin(a), ry * std::cos(a));
        return {centre.x - ex, centre.y - ey, centre.x + ex, centre.y + ey};
    }
    if (p.empty())
        return {0, 0, 0, 0};
    std::array<double, 4> b{p[0].x, p[0].y, p[0].x, p[0].y};
    for (const Point2 &q : p) {
        b[0] = std::min(b[0], q.x);
        b[1] = std::min(b[1], q.y);
        b[2] = std::max(b[2], q.x);
        b[3] = std::max(b[3], q.y);
    }
    return b;
}

Shape Shape::clampedTo(double frameWidth, double frameHeight) const
{
    Shape s = *this;
    if (hasVertices()) {
        for (Point2 &p : s.points)
            p = {std::clamp(p.x, 0.0, frameWidth), std::clamp(p.y, 0.0, frameHeight)};
        return s;
    }
    // Shrunk to fit, then moved inside, keeping the angle.
    const auto b = bounds();
    const double bw = b[2] - b[0], bh = b[3] - b[1];
    const double scale =
        std::min({1.0, bw > 0 ? frameWidth / bw : 1.0, bh > 0 ? frameHeight / bh : 1.0});
    s.width *= scale;
    s.height *= scale;
    const auto nb = s.bounds();
    if (nb[0] < 0)
        s.centre.x -= nb[0];
    if (nb[2] > frameWidth)
        s.centre.x -= nb[2] - frameWidth;
    if (nb[1] < 0)
        s.centre.y -= nb[1];
    if (nb[3] > frameHeight)
        s.centre.y -= nb[3] - frameHeight;
    return s;
}

QString kindName(Shape::Kind kind)
{
    switch (kind) {
    case Shape::Kind::Box: return QObject::tr("box");
    case Shape::Kind::Polygon: return QObject::tr("polygon");
    case Shape::Kind::Polyline: return QObject::tr("polyline");
    case Shape::Kind::Points: return QObject::tr("points");
    case Shape::Kind::Ellipse: return QObject::tr("ellipse");
    }
    return {};
}

Shape movedVertex(const Shape &shape, std::size_t index, Point2 to)
{
    Shape s = shape;
    if (s.hasVertices() && index < s.points.size())
        s.points[index] = to;
    return s;
}

Shape insertedVertex(const Shape &shape, std::size_t after)
{
    Shape s = shape;
    if (!s.hasVertices() || after >= s.points.size())
        return s;
    const bool closed = s.kind == Shape::Kind::Polygon;
    const std::size_t next = after + 1 < s.points.size() ? after + 1 : (closed ? 0 : after);
    const Point2 a = s.points[after], b = s.points[next];
    s.points.insert(s.points.begin() + std::ptrdiff_t(after + 1),
                    Point2{(a.x + b.x) / 2, (a.y + b.y) / 2});
    return s;
}

Shape removedVertex(const Shape &shape, std::size_t index)
{
    Shape s = shape;
    if (s.hasVertices() && index < s.points.size() && s.points.size() > minimumVertices(s.kind))
        s.points.erase(s.points.begin() + std::ptrdiff_t(index));
    return s;
}

} // namespace loupe
