#include "core/annotations/tracklabels.h"

#include "core/sequence/sequence.h"

#include <QFileInfo>

namespace loupe {

void describeSequence(const Sequence &sequence, TrackLabels &labels)
{
    labels.cameras.clear();
    labels.frameFiles.clear();
    labels.frameSizes.clear();
    for (const Stream &stream : sequence.streams) {
        labels.cameras << stream.name;
        QStringList files;
        for (int f = 0; f < stream.frameCount(); ++f)
            files << QFileInfo(stream.source->frameName(f)).fileName();
        labels.frameFiles.push_back(files);
        labels.frameSizes.push_back(stream.frameSize);
    }
    labels.frameTimes.clear();
    labels.frameCount = 0;
    if (sequence.streams.empty())
        return;
    const Stream &first = sequence.streams.front();
    labels.frameCount = first.frameCount();
    for (const qint64 ns : first.timestampsNs)
        labels.frameTimes.push_back(double(ns - first.timestampsNs.front()) / 1e9);
}

} // namespace loupe
