#pragma once

#include "core/annotations/track.h"

#include <QByteArray>
#include <QJsonObject>

namespace loupe {

/// Loupe's own JSON for shapes, keyframes and track headers: what the workspace stores and
/// the sync protocol sends. Exact: numbers keep every bit (JSON doubles).
QJsonObject shapeToJson(const Shape &shape);
/// False (and `shape` untouched) when `json` is not a shape.
bool shapeFromJson(const QJsonObject &json, Shape &shape);
QByteArray keyframeToJson(const Keyframe &keyframe);
bool keyframeFromJson(const QByteArray &json, Keyframe &keyframe);
/// A track without its keyframes: id, class, camera, per-track attributes.
QByteArray trackHeaderToJson(const Track &track);
bool trackHeaderFromJson(const QByteArray &json, Track &track);

} // namespace loupe
