#pragma once
// Following an object forward through a camera's frames with an OpenCV tracker (CSRT or
// KCF, from opencv_contrib), from a box drawn on one frame. What it finds are proposals, for a
// person to accept or reject; nothing here changes a track.

#include "core/annotations/shape.h"
#include "core/result.h"

#include <functional>
#include <map>

namespace loupe {

class FrameSource;

namespace tracking {

enum class Method { Csrt, Kcf };
QString methodName(Method method);

struct Request {
    int frame = 0;  ///< where the box is known
    Shape box;      ///< a box (turned ones are followed by their upright bounds)
    int count = 30; ///< frames to follow it forward
    Method method = Method::Csrt;
};

/// What a tracker proposed: a box per frame it still saw the object in, from the frame after
/// the request's on, until the object was lost or the frames ran out.
struct Proposals {
    std::map<int, Shape> boxes;
    int lostAt = -1; ///< the first frame the tracker lost it (-1: not lost)
    bool stopped = false;
};

/// Asked after each frame with (frames done, frames asked); false stops early, keeping what
/// was found so far.
using Progress = std::function<bool(int done, int total)>;

/// Runs the tracker on `source`'s frames at full size. Errors: a frame that cannot be
/// decoded (named), a box outside the frame or too small to follow.
Result<Proposals> propagate(const FrameSource &source, const Request &request,
                            const Progress &progress = {});

} // namespace tracking
} // namespace loupe
