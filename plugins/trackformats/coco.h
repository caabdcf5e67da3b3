#pragma once

#include "core/annotations/track.h"
#include "plugins/trackformats/textformats.h"

#include <QSize>
#include <QStringList>

#include <vector>

namespace loupe::trackformats {

/// COCO instances JSON for the frames of one camera: an image per frame (`frameFiles`, the
/// frames' file names, and their size), an annotation per box or polygon where a track has
/// one (interpolated frames included): bbox [x, y, width, height], segmentation for polygons,
/// area (the polygon's by the shoelace formula; a box's width × height), iscrowd 0; a
/// category per class in `classes` order (ids from 1; classes not listed are added). A
/// turned box is written by its axis-aligned bounds, and said so; polylines, points and
/// ellipses are left out and said so. Each annotation keeps the track id as "track_id".
Written writeCoco(const std::vector<Track> &tracks, int stream, const QStringList &frameFiles,
                  QSize frameSize, QStringList &classes);

} // namespace loupe::trackformats
