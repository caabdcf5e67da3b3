#pragma once
// The classes a drive log is labelled with when a project brings no schema of its own.

#include "core/annotations/schema.h"

namespace loupe {

/// Car, truck, pedestrian, cyclist (boxes or polygons, with occlusion and per-track
/// attributes), lane (polylines), sign (any shape), keys 1 to 6; and the tags night and rain
/// (keys 7 and 8 set them on the frame shown).
LabelSchema drivingSchema();

} // namespace loupe
