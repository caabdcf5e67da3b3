#pragma once
// A sequence's tracks as a label file holds them: what a track-format plugin reads and writes.

#include "core/annotations/schema.h"
#include "core/annotations/track.h"

#include <QSize>
#include <QString>
#include <QStringList>

#include <vector>

namespace loupe {

struct Sequence;

/// The tracks and tags of a sequence, and what is known of the sequence itself.
struct TrackLabels {
    QString name;                   ///< the task's name (CVAT's <task><name>)
    QStringList cameras;            ///< names by stream; Track::stream indexes them
    int frameCount = 0;             ///< the playhead's frames
    std::vector<double> frameTimes; ///< seconds from the start, per frame (may be empty)
    /// Per camera, its frames' file names (COCO; may be empty).
    std::vector<QStringList> frameFiles;
    std::vector<QSize> frameSizes; ///< per camera (COCO; may be empty)
    LabelSchema schema;
    std::vector<Track> tracks;
    std::vector<FrameTag> tags;
};

/// Fills in what `sequence` tells the labels: its cameras' names, their frames' file names
/// and sizes, and the playhead's frame count and times (its first camera's).
void describeSequence(const Sequence &sequence, TrackLabels &labels);

} // namespace loupe
