#pragma once

#include "core/annotations/shape.h"
#include "core/result.h"

#include <QString>

#include <map>
#include <optional>
#include <set>

namespace loupe {

/// Attribute values by attribute name (the schema says what each may hold); values are
/// kept as text, as the exchange formats write them.
using AttributeValues = std::map<QString, QString>;

/// What a track says at one of its keyframes.
struct Keyframe {
    Shape shape;
    bool outside = false;       ///< the object has left the view here (until a later keyframe)
    bool occluded = false;      ///< it is there, hidden
    AttributeValues attributes; ///< the per-frame (mutable) attributes, from here on
    bool operator==(const Keyframe &) const = default;
};

/// A track's shape at one frame, a keyframe's or interpolated between two.
struct TrackFrame {
    Shape shape;
    bool occluded = false;
    bool keyframe = false;
    AttributeValues attributes; ///< the per-frame attributes in effect
};

/// One object followed through the frames of one camera: a persistent id, a class, the
/// per-track attributes, and keyframes. Frames between two keyframes are interpolated
/// linearly (see interpolate()), never stored. Before its first keyframe, and from an
/// outside keyframe to the next keyframe, the track has no shape; after its last keyframe
/// (unless that one is outside) it keeps the last shape.
struct Track {
    qint64 id = 0;
    QString label; ///< the class
    int stream = 0;
    AttributeValues attributes; ///< per track
    std::map<int, Keyframe> keyframes;

    std::optional<TrackFrame> at(int frame) const;
    /// The keyframe at `frame`; where there is none, one holding what the track shows there
    /// (its shape, occlusion and per-frame attributes), to edit into one. None where the
    /// track has no shape and no keyframe.
    std::optional<Keyframe> keyframeAt(int frame) const;
    /// Frames from the first keyframe to the last frame with a shape (an outside keyframe
    /// ends it); empty when it has no shape anywhere. `last` < 0: open-ended.
    std::pair<int, int> span() const;
    bool operator==(const Track &) const = default;
};

/// Track and tag ids are unique across installations, so that tracks made by several people
/// of one project never share an id: an id is an installation's origin (31 bits, from its
/// workspace's client id) above a counter of that installation (22 bits), below 2⁵³ so that
/// JSON readers keep it exact. Ids below 2²² (origin 0) are those made before a workspace
/// gave an origin.
constexpr int kTrackIdCounterBits = 22;
/// The id of `origin`'s `counter`th track, and the two parts of an id.
constexpr qint64 trackId(qint64 origin, qint64 counter)
{
    return (origin << kTrackIdCounterBits) | counter;
}
constexpr qint64 trackIdOriginOf(qint64 id)
{
    return id >> kTrackIdCounterBits;
}
constexpr qint64 trackIdCounterOf(qint64 id)
{
    return id & ((qint64(1) << kTrackIdCounterBits) - 1);
}
/// The origin of the installation whose workspace client id is `clientId` (never 0).
qint64 trackIdOrigin(const QString &clientId);
/// An id for people: "12" for origin 0, else the counter and the origin in base 36
/// ("12-a3kf9x").
QString trackIdText(qint64 id);

/// A tag on frames of one camera: a class with no shape ("night", "rain", "blurred"), on the
/// frames it is set on. Where an object needs no outline, a tag says what a frame shows.
struct FrameTag {
    qint64 id = 0;
    QString label; ///< the class (one the schema marks as a tag)
    int stream = 0;
    std::set<int> frames;
    bool operator==(const FrameTag &) const = default;
};

/// Linear interpolation from `a` (t = 0) to `b` (t = 1): centre, size and the angle (the
/// short way round) of boxes and ellipses; vertex by vertex for the rest, after resampling
/// both along their length to the same number of vertices when their counts differ. Shapes of
/// different kinds do not interpolate: `a` holds until `b`.
Shape interpolate(const Shape &a, const Shape &b, double t);

/// `points` (a polygon when `closed`) resampled to `count` vertices evenly along its length,
/// starting at its first vertex.
std::vector<Point2> resampled(const std::vector<Point2> &points, std::size_t count, bool closed);

/// Splits a track at `frame`: the first part ends there (an outside keyframe), the second
/// (id `newId`) starts there with the shape the track had at that frame and keeps the
/// keyframes after it. An error when the track has no shape at `frame`.
Result<std::pair<Track, Track>> splitTrack(const Track &track, int frame, qint64 newId);

/// Joins `later` onto `earlier` (same camera): one track with `earlier`'s id, class and
/// per-track attributes and both tracks' keyframes. An outside keyframe of `earlier` that
/// `later` follows is dropped, so the track goes on. An error when they are on different
/// cameras or both have a keyframe at the same frame.
Result<Track> mergeTracks(const Track &earlier, const Track &later);

} // namespace loupe
