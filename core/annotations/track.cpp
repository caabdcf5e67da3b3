#include "core/annotations/track.h"

#include <QCryptographicHash>

#include <QObject>

#include <cmath>

namespace loupe {

namespace {

Point2 lerp(Point2 a, Point2 b, double t)
{
    return {a.x + (b.x - a.x) * t, a.y + (b.y - a.y) * t};
}

/// The angle from `a` to `b` the short way round, in (-180, 180].
double turn(double a, double b)
{
    double d = std::fmod(b - a, 360.0);
    if (d > 180)
        d -= 360;
    else if (d <= -180)
        d += 360;
    return d;
}

double normalised(double angle)
{
    angle = std::fmod(angle, 360.0);
    if (angle > 180)
        angle -= 360;
    else if (angle <= -180)
        angle += 360;
    return angle;
}

} // namespace

std::vector<Point2> resampled(const std::vector<Point2> &points, std::size_t count, bool closed)
{
    if (points.empty() || count == 0)
        return {};
    if (points.size() == 1)
        return std::vector<Point2>(count, points[0]);
    // Cumulative length along the path (around, for a polygon).
    std::vector<Point2> path = points;
    if (closed)
        path.push_back(points.front());
    std::vector<double> at(path.size(), 0);
    for (std::size_t n = 1; n < path.size(); ++n)
        at[n] = at[n - 1] + std::hypot(path[n].x - path[n - 1].x, path[n].y - path[n - 1].y);
    const double total = at.back();
    std::vector<Point2> out;
    out.reserve(count);
    const std::size_t steps = closed ? count : std::max<std::size_t>(1, count - 1);
    std::size_t segment = 1;
    for (std::size_t n = 0; n < count; ++n) {
        const double want = total * double(n) / double(steps);
        while (segment + 1 < path.size() && at[segment] < want)
            ++segment;
        const double length = at[segment] - at[segment - 1];
        const double t = length > 0 ? (want - at[segment - 1]) / length : 0;
        out.push_back(lerp(path[segment - 1], path[segment], std::clamp(t, 0.0, 1.0)));
    }
    if (!closed)
        out.back() = points.back(); // exactly the end, whatever the rounding
    return out;
}

Shape interpolate(const Shape &a, const Shape &b, double t)
{
    if (a.kind != b.kind || t <= 0)
        return a;
    if (t >= 1)
        return b;
    Shape s = a;
    if (!a.hasVertices()) {
        s.centre = lerp(a.centre, b.centre, t);
        s.width = a.width + (b.width - a.width) * t;
        s.height = a.height + (b.height - a.height) * t;
        s.angle = normalised(a.angle + turn(a.angle, b.angle) * t);
        return s;
    }
    if (a.points.empty() || b.points.empty())
        return a; // nothing to go from or to (a file may hold an empty polygon): hold
    std::vector<Point2> from = a.points, to = b.points;
    if (from.size() != to.size()) {
        const std::size_t count = std::max(from.size(), to.size());
        const bool closed = a.kind == Shape::Kind::Polygon;
        from = resampled(from, count, closed);
        to = resampled(to, count, closed);
    }
    s.points.resize(from.size());
    for (std::size_t n = 0; n < from.size(); ++n)
        s.points[n] = lerp(from[n], to[n], t);
    return s;
}

std::optional<Keyframe> Track::keyframeAt(int frame) const
{
    if (const auto it = keyframes.find(frame); it != keyframes.end())
        return it->second;
    const std::optional<TrackFrame> shown = at(frame);
    if (!shown)
        return std::nullopt;
    return Keyframe{shown->shape, false, shown->occluded, shown->attributes};
}

std::optional<TrackFrame> Track::at(int frame) const
{
    auto next = keyframes.upper_bound(frame);
    if (next == keyframes.begin())
        return std::nullopt; // before the first keyframe
    const auto &[keyFrame, key] = *std::prev(next);
    if (key.outside)
        return std::nullopt;
    TrackFrame f{key.shape, key.occluded, keyFrame == frame, key.attributes};
    if (keyFrame != frame && next != keyframes.end() && !next->second.outside) {
        const double t = double(frame - keyFrame) / double(next->first - keyFrame);
        f.shape = interpolate(key.shape, next->second.shape, t);
    }
    return f;
}

std::pair<int, int> Track::span() const
{
    int first = -1;
    for (const auto &[frame, key] : keyframes)
        if (!key.outside) {
            first = frame;
            break;
        }
    if (first < 0)
        return {0, -1};
    const auto &[lastFrame, last] = *keyframes.rbegin();
    return {first, last.outside ? lastFrame - 1 : -1};
}

Result<std::pair<Track, Track>> splitTrack(const Track &track, int frame, qint64 newId)
{
    const std::optional<TrackFrame> here = track.at(frame);
    if (!here)
        return Error{
            QObject::tr("Track %1 has no shape at frame %2 to split at.").arg(track.id).arg(frame)};
    Track first = track, second = track;
    second.id = newId;
    std::erase_if(first.keyframes, [&](const auto &k) { return k.first >= frame; });
    std::erase_if(second.keyframes, [&](const auto &k) { return k.first < frame; });
    first.keyframes[frame] = Keyframe{here->shape, true, false, here->attributes};
    second.keyframes[frame] = Keyframe{here->shape, false, here->occluded, here->attributes};
    return std::make_pair(std::move(first), std::move(second));
}

Result<Track> mergeTracks(const Track &earlier, const Track &later)
{
    if (earlier.stream != later.stream)
        return Error{QObject::tr("Tracks %1 and %2 are on different cameras and cannot be "
                                 "joined.")
                         .arg(earlier.id)
                         .arg(later.id)};
    Track merged = earlier;
    for (const auto &[frame, key] : later.keyframes) {
        if (auto it = merged.keyframes.find(frame); it != merged.keyframes.end()) {
            if (!it->second.outside)
                return Error{QObject::tr("Tracks %1 and %2 both have a keyframe at frame %3; "
                                         "delete one of them first.")
                                 .arg(earlier.id)
                                 .arg(later.id)
                                 .arg(frame)};
        }
        merged.keyframes[frame] = key;
    }
    // The earlier track's last keyframe before the later one starts, when outside: the object
    // did not leave, it went on as the other track.
    if (!later.keyframes.empty()) {
        const auto before = earlier.keyframes.lower_bound(later.keyframes.begin()->first);
        if (before != earlier.keyframes.begin() && std::prev(before)->second.outside)
            merged.keyframes.erase(std::prev(before)->first);
    }
    return merged;
}

qint64 trackIdOrigin(const QString &clientId)
{
    const QByteArray h = QCryptographicHash::hash(clientId.toUtf8(), QCryptographicHash::Sha256);
    quint32 v = 0;
    for (int i = 0; i < 4; ++i)
        v = (v << 8) | quint8(h[i]);
    v &= 0x7fffffffu;
    return v ? qint64(v) : 1;
}

QString trackIdText(qint64 id)
{
    const qint64 origin = trackIdOriginOf(id);
    if (origin == 0)
        return QString::number(id);
    return QStringLiteral("%1-%2").arg(trackIdCounterOf(id)).arg(QString::number(origin, 36));
}

} // namespace loupe
