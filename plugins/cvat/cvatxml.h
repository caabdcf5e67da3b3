#pragma once

#include "core/annotations/schema.h"
#include "core/annotations/track.h"
#include "core/result.h"

#include <QByteArray>

#include <vector>

namespace loupe::cvat {

/// The tracks of one camera sequence and their schema, as a CVAT task holds them.
struct Annotations {
    QString name;
    int frameCount = 0;
    LabelSchema schema;
    std::vector<Track> tracks;
    std::vector<FrameTag> tags; ///< <tag frame="…" label="…"/> elements
};

/// CVAT XML 1.1 for video ("interpolation" mode): the labels and their attributes in the
/// meta block (mutable for per-frame ones), then a <track> per track with a shape element at
/// every frame it has a shape, interpolated ones marked keyframe="0", an outside="1" element
/// where it leaves; boxes with their rotation in degrees, polygons, polylines, points and
/// ellipses; every attribute on every element, as CVAT writes them. CVAT XML holds one camera:
/// tracks of `stream` only.
QByteArray write(const Annotations &annotations, int stream = 0);

/// Reads CVAT XML 1.1, for video (tracks) and for images (shapes outside tracks become
/// single-keyframe tracks that end on the next frame). An attribute the meta block calls
/// mutable is per frame, the others per track. Errors give the line.
/// With `problems`, a broken track, shape or tag is left out and said there (the line); on
/// broken XML, what was read whole before it is kept: what was valid can be kept.
Result<Annotations> read(const QByteArray &xml, QStringList *problems = nullptr);

} // namespace loupe::cvat
