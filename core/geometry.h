#pragma once

#include <array>
#include <cmath>

namespace loupe {

/// A point or direction in millimetres, in patient LPS coordinates unless stated otherwise.
using Vec3 = std::array<double, 3>;

/// A 3x3 matrix, row-major: m[row * 3 + col].
using Mat3 = std::array<double, 9>;

inline constexpr Mat3 identity3()
{
    return {1, 0, 0, 0, 1, 0, 0, 0, 1};
}

inline Vec3 operator+(const Vec3 &a, const Vec3 &b)
{
    return {a[0] + b[0], a[1] + b[1], a[2] + b[2]};
}
inline Vec3 operator-(const Vec3 &a, const Vec3 &b)
{
    return {a[0] - b[0], a[1] - b[1], a[2] - b[2]};
}
inline Vec3 operator*(double s, const Vec3 &a)
{
    return {s * a[0], s * a[1], s * a[2]};
}

inline double dot(const Vec3 &a, const Vec3 &b)
{
    return a[0] * b[0] + a[1] * b[1] + a[2] * b[2];
}
inline Vec3 cross(const Vec3 &a, const Vec3 &b)
{
    return {a[1] * b[2] - a[2] * b[1], a[2] * b[0] - a[0] * b[2], a[0] * b[1] - a[1] * b[0]};
}
inline double norm(const Vec3 &a)
{
    return std::sqrt(dot(a, a));
}
inline Vec3 normalized(const Vec3 &a)
{
    const double n = norm(a);
    return n > 0 ? (1.0 / n) * a : a;
}

/// Column c of a row-major 3x3 matrix.
inline Vec3 column(const Mat3 &m, int c)
{
    return {m[c], m[3 + c], m[6 + c]};
}

inline Vec3 multiply(const Mat3 &m, const Vec3 &v)
{
    return {m[0] * v[0] + m[1] * v[1] + m[2] * v[2], m[3] * v[0] + m[4] * v[1] + m[5] * v[2],
            m[6] * v[0] + m[7] * v[1] + m[8] * v[2]};
}

inline Mat3 transposed(const Mat3 &m)
{
    return {m[0], m[3], m[6], m[1], m[4], m[7], m[2], m[5], m[8]};
}

inline Mat3 multiply(const Mat3 &a, const Mat3 &b)
{
    Mat3 out{};
    for (int r = 0; r < 3; ++r)
        for (int c = 0; c < 3; ++c)
            out[r * 3 + c] = a[r * 3] * b[c] + a[r * 3 + 1] * b[3 + c] + a[r * 3 + 2] * b[6 + c];
    return out;
}

inline double determinant(const Mat3 &m)
{
    return m[0] * (m[4] * m[8] - m[5] * m[7]) - m[1] * (m[3] * m[8] - m[5] * m[6]) +
           m[2] * (m[3] * m[7] - m[4] * m[6]);
}

/// The inverse of m; the zero matrix when m is singular.
inline Mat3 inverse(const Mat3 &m)
{
    const double det = determinant(m);
    if (det == 0)
        return {};
    return {(m[4] * m[8] - m[5] * m[7]) / det, (m[2] * m[7] - m[1] * m[8]) / det,
            (m[1] * m[5] - m[2] * m[4]) / det, (m[5] * m[6] - m[3] * m[8]) / det,
            (m[0] * m[8] - m[2] * m[6]) / det, (m[2] * m[3] - m[0] * m[5]) / det,
            (m[3] * m[7] - m[4] * m[6]) / det, (m[1] * m[6] - m[0] * m[7]) / det,
            (m[0] * m[4] - m[1] * m[3]) / det};
}

/// The matrix with columns a, b and c.
inline Mat3 fromColumns(const Vec3 &a, const Vec3 &b, const Vec3 &c)
{
    return {a[0], b[0], c[0], a[1], b[1], c[1], a[2], b[2], c[2]};
}

/// Rotation by `radians` about the unit vector `axis` (right-handed; Rodrigues' formula).
inline Mat3 rotationAbout(const Vec3 &axis, double radians)
{
    const Vec3 u = normalized(axis);
    const double c = std::cos(radians), s = std::sin(radians), t = 1 - c;
    return {t * u[0] * u[0] + c,        t * u[0] * u[1] - s * u[2], t * u[0] * u[2] + s * u[1],
            t * u[0] * u[1] + s * u[2], t * u[1] * u[1] + c,        t * u[1] * u[2] - s * u[0],
            t * u[0] * u[2] - s * u[1], t * u[1] * u[2] + s * u[0], t * u[2] * u[2] + c};
}

} // namespace loupe
