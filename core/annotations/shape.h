#pragma once

#include <QString>

#include <array>
#include <vector>

namespace loupe {

/// A point in a camera frame, in pixels (x right, y down; 0,0 the top-left corner of the
/// top-left pixel).
struct Point2 {
    double x = 0, y = 0;
    bool operator==(const Point2 &) const = default;
};

/// A shape drawn on a camera frame. One type for all kinds, so keyframes, interpolation and
/// the file formats handle them alike: a box and an ellipse keep their centre, size and
/// angle; the others their vertices.
struct Shape {
    enum class Kind { Box, Polygon, Polyline, Points, Ellipse };
    Kind kind = Kind::Box;
    /// Box and Ellipse: centre, full width and height (an ellipse's are its diameters), and
    /// the angle in degrees, clockwise on screen (y down), in (-180, 180].
    Point2 centre;
    double width = 0, height = 0, angle = 0;
    /// Polygon (closed), Polyline (open, as lane lines), Points (keypoints).
    std::vector<Point2> points;

    static Shape box(double x0, double y0, double x1, double y1, double angle = 0);
    static Shape ellipse(Point2 centre, double width, double height, double angle = 0);
    static Shape polygon(std::vector<Point2> points);
    static Shape polyline(std::vector<Point2> points);
    static Shape keypoints(std::vector<Point2> points);

    bool hasVertices() const { return kind != Kind::Box && kind != Kind::Ellipse; }
    /// A box's four corners, clockwise from the top-left (before turning).
    std::array<Point2, 4> corners() const;
    /// The axis-aligned bounds: x0, y0, x1, y1.
    std::array<double, 4> bounds() const;
    /// Moved and clipped so that it lies inside a frame of `width` × `height` (snapping to the
    /// image edge): vertices are clamped; a box or ellipse is clamped by its bounds, keeping
    /// its angle.
    Shape clampedTo(double frameWidth, double frameHeight) const;
    bool operator==(const Shape &) const = default;
};

QString kindName(Shape::Kind kind);

/// Vertex editing: the shape with vertex `index` moved, a vertex inserted after `index`
/// (halfway to the next), or removed (never below the kind's minimum: 3 for a polygon, 2 for
/// a polyline, 1 for points). Boxes and ellipses have no vertices: returned unchanged.
Shape movedVertex(const Shape &shape, std::size_t index, Point2 to);
Shape insertedVertex(const Shape &shape, std::size_t after);
Shape removedVertex(const Shape &shape, std::size_t index);

} // namespace loupe
