#pragma once

#include "core/sequence/sequence.h"

#include <QObject>
#include <QThreadPool>

#include <atomic>
#include <map>
#include <memory>
#include <set>

namespace loupe {

class ComputeBackend;

/// Decoded frames of a sequence, decoded on pools of its own and kept within a memory budget.
///
/// The frames on screen are asked for with request() (decoded first); frames ahead of the
/// playhead with prefetch(), which drops what an earlier prefetch still had queued. Decoded
/// frames are QImages shared with the views (no copies); the least recently used go first when
/// the budget is full, never those last requested. All calls are on the owner's thread; results
/// arrive there with frameReady() or frameFailed().
class FrameCache : public QObject {
    Q_OBJECT
public:
    explicit FrameCache(std::shared_ptr<const Sequence> sequence, qint64 budgetBytes = 1LL << 30,
                        QObject *parent = nullptr);
    ~FrameCache() override;

    void setBudget(qint64 bytes);
    qint64 budget() const { return m_budget; }
    qint64 bytes() const { return m_bytes; }
    int threads() const { return m_pool.maxThreadCount(); }

    /// The frame if it is here, decoded at least large enough for `fit` (null otherwise).
    QImage cached(int stream, int frame, QSize fit) const;
    /// Why the frame could not be decoded; empty when it could (or was not tried).
    QString failure(int stream, int frame) const;
    /// Wants a frame now: decoded ahead of any prefetch unless here or on its way.
    void request(int stream, int frame, QSize fit);
    /// Decodes `count` frames of `stream` after `from` in `direction` (+1 or -1); earlier
    /// prefetches still queued for frames outside that window are dropped.
    void prefetch(int stream, int from, int direction, int count, QSize fit);
    /// Who scales and converts decoded video frames for display: null (the default), each
    /// source itself (libswscale); else `compute` (the GPU when it has one), for sources that
    /// offer their planes (see FrameSource::decodePlanes). Frames decoded before keep.
    void setConverter(const ComputeBackend *compute) { m_converter = compute; }
    const ComputeBackend *converter() const { return m_converter; }
    /// Frames decoded so far (for tests and benchmarks).
    qint64 decodedCount() const { return m_decoded; }

signals:
    void frameReady(int stream, int frame);
    void frameFailed(int stream, int frame, const QString &reason);

private:
    struct Entry {
        QImage image;
        QString error;
        QSize fit;        ///< what it was decoded to fit (empty: full size)
        quint64 used = 0; ///< last use, for least-recently-used eviction
    };
    /// How a decode job ended.
    enum class Outcome { Decoded, Dropped, Twin };
    using Key = std::pair<int, int>; ///< (stream, frame)

    bool satisfies(const Entry &e, int stream, QSize fit) const;
    void decode(Key key, QSize fit, bool now);
    /// Dropped: a prefetch that left the window before it started. Twin: the other job for
    /// the same frame took it.
    void arrived(Key key, QSize fit, Outcome outcome, QImage image, QString error);
    void evict();

    std::shared_ptr<const Sequence> m_sequence;
    const ComputeBackend *m_converter = nullptr;
    QThreadPool m_pool;     ///< frames asked for now
    QThreadPool m_prefetch; ///< frames ahead: a request never waits behind one of these
    qint64 m_budget;
    qint64 m_bytes = 0;
    qint64 m_decoded = 0;
    quint64 m_clock = 0;
    std::map<Key, Entry> m_entries;
    struct FlightState {
        /// Set when a request finds the frame already queued as a prefetch: the job must not
        /// be skipped when newer prefetches replace its own.
        std::atomic<bool> wanted{false};
        /// A job has taken it; a second job queued for the same frame (a request that did not
        /// want to wait behind the prefetches) then does nothing.
        std::atomic<bool> started{false};
    };
    struct Flight {
        QSize fit;
        std::shared_ptr<FlightState> state;
    };
    void startJob(Key key, QSize fit, const std::shared_ptr<FlightState> &state, bool now);
    std::map<Key, Flight> m_inFlight; ///< being decoded
    std::set<Key> m_pinned;           ///< last requested: never evicted
    /// Per stream, the frames the latest prefetch wants (first and last, inclusive): a queued
    /// prefetch job whose frame has left that window skips its decode.
    struct Window {
        std::atomic<int> first{0};
        std::atomic<int> last{-1};
    };
    std::vector<std::shared_ptr<Window>> m_windows;
    /// Frames for the screen queued or being decoded: prefetches wait for them (they share the
    /// cores, and a prefetch taking the decoder a request needs would cost it a second seek).
    std::shared_ptr<std::atomic<int>> m_requestsRunning = std::make_shared<std::atomic<int>>(0);
};

/// `frame` scaled down to fit `fit` keeping its aspect (never up; empty `fit`: `frame`).
QSize fittedSize(QSize frame, QSize fit);

} // namespace loupe
