#pragma once

#include "core/sequence/sequence.h"

#include <vector>

namespace loupe {

/// Where each stream of a sequence is at a time. The playhead steps through the frames of the
/// primary stream (the one with the most frames); every stream shows its latest frame at or
/// before the playhead, allowing a little slack for cameras whose clocks differ by a few
/// milliseconds, and shows nothing when its latest frame is older than one and a half of its
/// frame intervals (a gap, or before it starts, or after it ends).
class Timeline {
public:
    /// `slackNs` < 0: a tenth of the primary stream's frame interval.
    explicit Timeline(const Sequence &sequence, qint64 slackNs = -1);

    int primary() const { return m_primary; }
    /// Frames of the primary stream: the steps of the playhead.
    int frameCount() const;
    qint64 startNs() const;
    qint64 endNs() const;
    /// The time of the primary stream's frame `frame` (clamped to the range).
    qint64 timeOfFrame(int frame) const;
    /// The primary stream's frame at `t`: its latest at or before it (0 before the start).
    int frameAt(qint64 t) const;
    /// The frame stream `stream` shows at `t`; -1 when it has none there.
    int frameOf(int stream, qint64 t) const;
    /// The median time between a stream's frames (0 with fewer than two).
    qint64 intervalNs(int stream) const { return m_interval.at(static_cast<std::size_t>(stream)); }
    qint64 slackNs() const { return m_slack; }

private:
    std::vector<std::vector<qint64>> m_times;
    std::vector<qint64> m_interval;
    int m_primary = 0;
    qint64 m_slack = 0;
};

} // namespace loupe
