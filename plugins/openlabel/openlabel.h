#pragma once

#include "core/annotations/track.h"
#include "core/result.h"

#include <QByteArray>
#include <QStringList>

#include <vector>

namespace loupe::openlabel {

/// The tracks of one camera sequence, as an OpenLABEL file holds them.
struct Annotations {
    QStringList streams;            ///< camera names; Track::stream indexes them
    int frameCount = 0;             ///< frames of the sequence (the playhead's)
    std::vector<double> frameTimes; ///< seconds from the start, per frame (may be empty)
    std::vector<Track> tracks;
    std::vector<FrameTag> tags; ///< as contexts (type: the class; the camera in context_data)
};

/// An OpenLABEL 1.0 JSON document, and what it could not hold (for people: the export
/// dialog and the CLI show it).
struct Written {
    QByteArray json;
    QStringList lost;
};

/// ASAM OpenLABEL 1.0: streams (cameras), objects (tracks: class as type, per-track
/// attributes as object data, frame intervals where they have a shape), and frames: each
/// frame's timestamp and each object's shape there (bbox, rbbox with its angle in radians,
/// poly2d closed or open, point2d), interpolated frames included, keyframes marked with a
/// boolean "keyframe", with "occluded" and the per-frame attributes as the shape's
/// attributes. Object data pointers list where each shape is. OpenLABEL 1.0 has no 2D
/// ellipse: ellipses are left out and said so.
Written write(const Annotations &annotations);

/// Reads what write() writes (lossless for all of it) and OpenLABEL from other tools: frames
/// marked as keyframes become keyframes (every frame, when a file marks none); an object's
/// frame interval ending before the file's last frame ends its track (an outside keyframe).
/// Errors give the JSON path.
/// With `problems`, a broken object, frame or context is left out and said there (the JSON
/// path), and the rest is read: what was valid can be kept.
Result<Annotations> read(const QByteArray &json, QStringList *problems = nullptr);

} // namespace loupe::openlabel
