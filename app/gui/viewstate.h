#pragma once

#include "core/geometry.h"

#include <QByteArray>

namespace loupe {

class MprView;
class SequenceView;

/// What a person had set up on a dataset's views, as JSON for the workspace: for a volume the
/// layout, the window, the crosshair and the 3D camera; for a camera sequence the playhead.
QByteArray captureVolumeView(const MprView &mpr, const Vec3 &crosshair);
QByteArray captureSequenceView(const SequenceView &sequence);
/// Puts a captured view back; parts that do not fit (a crosshair outside this volume, a frame
/// past the end) are left as they are.
void applyVolumeView(MprView &mpr, const QByteArray &json);
void applySequenceView(SequenceView &sequence, const QByteArray &json);

} // namespace loupe
