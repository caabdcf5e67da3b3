#include "core/sequence/timeline.h"

#include <algorithm>

namespace loupe {

Timeline::Timeline(const Sequence &sequence, qint64 slackNs)
{
    for (const Stream &s : sequence.streams) {
        m_times.push_back(s.timestampsNs);
        std::vector<qint64> gaps;
        for (std::size_t n = 1; n < s.timestampsNs.size(); ++n)
            gaps.push_back(s.timestampsNs[n] - s.timestampsNs[n - 1]);
        qint64 median = 0;
        if (!gaps.empty()) {
            std::nth_element(gaps.begin(), gaps.begin() + gaps.size() / 2, gaps.end());
            median = gaps[gaps.size() / 2];
        }
        m_interval.push_back(median);
    }
    for (std::size_t n = 1; n < m_times.size(); ++n)
        if (m_times[n].size() > m_times[static_cast<std::size_t>(m_primary)].size())
            m_primary = static_cast<int>(n);
    m_slack = slackNs >= 0
                  ? slackNs
                  : (m_interval.empty() ? 0 : m_interval[static_cast<std::size_t>(m_primary)] / 10);
}

int Timeline::frameCount() const
{
    return m_times.empty() ? 0
                           : static_cast<int>(m_times[static_cast<std::size_t>(m_primary)].size());
}

qint64 Timeline::startNs() const
{
    return frameCount() ? m_times[static_cast<std::size_t>(m_primary)].front() : 0;
}

qint64 Timeline::endNs() const
{
    return frameCount() ? m_times[static_cast<std::size_t>(m_primary)].back() : 0;
}

qint64 Timeline::timeOfFrame(int frame) const
{
    if (!frameCount())
        return 0;
    return m_times[static_cast<std::size_t>(m_primary)]
                  [static_cast<std::size_t>(std::clamp(frame, 0, frameCount() - 1))];
}

int Timeline::frameAt(qint64 t) const
{
    if (!frameCount())
        return 0;
    const auto &times = m_times[static_cast<std::size_t>(m_primary)];
    // The last frame with time <= t; with repeated times, the last of them.
    const auto it = std::upper_bound(times.begin(), times.end(), t);
    return std::max(0, static_cast<int>(it - times.begin()) - 1);
}

int Timeline::frameOf(int stream, qint64 t) const
{
    if (stream < 0 || static_cast<std::size_t>(stream) >= m_times.size())
        return -1;
    const auto &times = m_times[static_cast<std::size_t>(stream)];
    const auto it = std::upper_bound(times.begin(), times.end(), t + m_slack);
    if (it == times.begin())
        return -1; // before its first frame
    const int frame = static_cast<int>(it - times.begin()) - 1;
    const qint64 interval = m_interval[static_cast<std::size_t>(stream)];
    // Older than one and a half intervals: a gap in it (or it has ended).
    if (interval > 0 && t - times[static_cast<std::size_t>(frame)] > interval * 3 / 2)
        return -1;
    return frame;
}

} // namespace loupe
