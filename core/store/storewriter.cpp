#include "core/store/storewriter.h"

#include "core/store/workspace.h"

#include <vector>

namespace loupe::store {

namespace {
/// At most this many edits a transaction: a long burst still gets saved piece by piece.
constexpr std::size_t kMaxBatch = 4096;
} // namespace

StoreWriter::StoreWriter(std::unique_ptr<Workspace> workspace, QObject *parent)
    : QObject(parent), m_workspace(std::move(workspace))
{
    m_thread = std::thread([this] { run(); });
}

StoreWriter::~StoreWriter()
{
    {
        const std::lock_guard lock(m_mutex);
        m_stop = true;
    }
    m_wake.notify_all();
    m_thread.join();
}

void StoreWriter::post(std::function<void(Workspace &)> task)
{
    {
        const std::lock_guard lock(m_mutex);
        m_tasks.emplace_back(m_queue.size(), std::move(task));
    }
    m_wake.notify_one();
}

void StoreWriter::submit(Operation op)
{
    int pending = 0;
    {
        const std::lock_guard lock(m_mutex);
        m_queue.push_back(std::move(op));
        pending = int(m_queue.size()) + m_inFlight;
    }
    m_wake.notify_one();
    emit pendingChanged(pending);
}

int StoreWriter::pending() const
{
    const std::lock_guard lock(m_mutex);
    return int(m_queue.size()) + m_inFlight;
}

bool StoreWriter::hasFailed() const
{
    const std::lock_guard lock(m_mutex);
    return m_failed;
}

qint64 StoreWriter::commits() const
{
    const std::lock_guard lock(m_mutex);
    return m_commits;
}

void StoreWriter::retry()
{
    {
        const std::lock_guard lock(m_mutex);
        m_failed = false;
    }
    m_wake.notify_all();
}

bool StoreWriter::waitForSaved(int ms)
{
    std::unique_lock lock(m_mutex);
    return m_idle.wait_for(lock, std::chrono::milliseconds(ms),
                           [this] {
                               return m_failed ||
                                      (m_queue.empty() && m_inFlight == 0 && m_tasks.empty());
                           }) &&
           !m_failed && m_queue.empty() && m_inFlight == 0;
}

void StoreWriter::run()
{
    for (;;) {
        std::vector<Operation> batch;
        std::function<void(Workspace &)> task;
        {
            std::unique_lock lock(m_mutex);
            m_wake.wait(lock, [this] {
                return m_stop || (!m_failed && (!m_queue.empty() || !m_tasks.empty()));
            });
            if (!m_failed && !m_tasks.empty() && m_tasks.front().first == 0) {
                // A task whose edits before it are all in.
                task = std::move(m_tasks.front().second);
                m_tasks.pop_front();
            }
        }
        if (task) {
            task(*m_workspace);
            m_idle.notify_all();
            continue;
        }
        {
            std::unique_lock lock(m_mutex);
            if (m_queue.empty() || m_failed)
                return; // stopping: everything queued was committed (or cannot be)
            std::size_t n = std::min(m_queue.size(), kMaxBatch);
            if (!m_tasks.empty()) // not past the next task
                n = std::min(n, m_tasks.front().first);
            for (auto &t : m_tasks)
                t.first -= n;
            batch.assign(std::make_move_iterator(m_queue.begin()),
                         std::make_move_iterator(m_queue.begin() + std::ptrdiff_t(n)));
            m_queue.erase(m_queue.begin(), m_queue.begin() + std::ptrdiff_t(n));
            m_inFlight = int(n);
        }
        const Result<qint64> done = m_workspace->commit(batch);
        QStringList ids;
        int pending = 0;
        {
            const std::lock_guard lock(m_mutex);
            if (done.ok()) {
                ++m_commits;
                for (const Operation &op : batch)
                    ids << op.id;
            } else {
                // Back to the front, in order: nothing after them is written before them.
                m_queue.insert(m_queue.begin(), std::make_move_iterator(batch.begin()),
                               std::make_move_iterator(batch.end()));
                m_failed = true;
            }
            m_inFlight = 0;
            pending = int(m_queue.size());
        }
        m_idle.notify_all();
        if (done.ok())
            emit saved(ids, done.value());
        else
            emit failed(done.errorMessage());
        emit pendingChanged(pending);
    }
}

} // namespace loupe::store
