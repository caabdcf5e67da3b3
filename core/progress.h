#pragma once

#include <QString>

#include <atomic>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>

namespace loupe {

class Volume;

/// Progress and cancellation shared between a worker and whoever waits for it.
///
/// Thread-safe: the worker calls report() and checks isCanceled(); any thread may cancel().
/// The callback runs on the worker's thread; UI code forwards it with a queued signal.
class Progress {
public:
    using Callback = std::function<void(qint64 done, qint64 total, const QString &what)>;
    /// A volume still being read, with one slice (k) complete: enough to show that slice.
    /// Only that slice may be read until the read finishes; the value range is not yet known.
    using PreviewCallback =
        std::function<void(std::shared_ptr<const Volume> volume, std::int64_t slice)>;

    Progress() = default;
    explicit Progress(Callback callback) : m_callback(std::move(callback)) {}
    Progress(const Progress &) = delete;
    Progress &operator=(const Progress &) = delete;

    void report(qint64 done, qint64 total, const QString &what = {})
    {
        std::lock_guard lock(m_mutex);
        if (m_callback)
            m_callback(done, total, what);
    }
    void setPreviewCallback(PreviewCallback callback)
    {
        std::lock_guard lock(m_mutex);
        m_preview = std::move(callback);
    }
    void preview(std::shared_ptr<const Volume> volume, std::int64_t slice)
    {
        std::lock_guard lock(m_mutex);
        if (m_preview)
            m_preview(std::move(volume), slice);
    }
    void cancel() { m_canceled.store(true, std::memory_order_relaxed); }
    bool isCanceled() const { return m_canceled.load(std::memory_order_relaxed); }

private:
    std::mutex m_mutex;
    Callback m_callback;
    PreviewCallback m_preview;
    std::atomic<bool> m_canceled{false};
};

} // namespace loupe
