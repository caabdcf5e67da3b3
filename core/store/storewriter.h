#pragma once

#include "core/store/operation.h"

#include <QObject>
#include <QStringList>

#include <condition_variable>
#include <deque>
#include <functional>
#include <memory>
#include <mutex>
#include <thread>

namespace loupe::store {

class Workspace;

/// Commits edits to a workspace on a thread of its own, so the UI never waits on the disk.
/// Edits submitted while a commit runs go together into the next one (group commit): a burst
/// costs one disk flush, and no edit waits longer than the commit before it. An edit counts
/// as saved only when saved() names it. When a commit fails (a full disk, a read-only
/// folder) the edits stay queued, in order, nothing after them is written, and failed() says
/// why; retry() tries again.
class StoreWriter : public QObject {
    Q_OBJECT
public:
    /// Takes the workspace: from now on only the writer's thread uses it.
    explicit StoreWriter(std::unique_ptr<Workspace> workspace, QObject *parent = nullptr);
    ~StoreWriter() override; ///< commits what is queued (unless failed), then stops

    /// Queues an edit; thread-safe, returns at once.
    void submit(Operation op);
    /// Runs `task` on the writer's thread with the workspace, after the edits queued before
    /// it (remembering a dataset, saving a view). Thread-safe.
    void post(std::function<void(Workspace &)> task);
    /// Edits queued or being committed.
    int pending() const;
    /// Whether the last commit failed (nothing is written until retry()).
    bool hasFailed() const;
    void retry();
    /// Blocks until nothing is pending or a commit fails, at most `ms`: for shutdown, tools
    /// and tests, never the UI thread during work. True when everything was saved.
    bool waitForSaved(int ms);
    /// Commits so far.
    qint64 commits() const;

signals:
    /// These edits are durable; `lastSeq` is the outbox number of the last. (On the thread
    /// the writer lives on.)
    void saved(const QStringList &ids, qint64 lastSeq);
    void pendingChanged(int pending);
    void failed(const QString &message);

private:
    void run();

    std::unique_ptr<Workspace> m_workspace;
    mutable std::mutex m_mutex;
    std::condition_variable m_wake;
    std::condition_variable m_idle;
    std::deque<Operation> m_queue;
    std::deque<std::pair<std::size_t, std::function<void(Workspace &)>>>
        m_tasks; ///< (after how many queued edits, task)
    int m_inFlight = 0;
    qint64 m_commits = 0;
    bool m_failed = false;
    bool m_stop = false;
    std::thread m_thread;
};

} // namespace loupe::store
