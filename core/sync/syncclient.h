#pragma once
// Syncing a workspace with loupe-server, on a worker thread: push the outbox (blobs first),
// pull others' changes into the documents, count the open conflicts, and again after a
// while, or at once when asked. Failures back off exponentially with jitter; edits stay
// queued and the server's reason is shown. See docs/sync-protocol.md.

#include <QDateTime>
#include <QObject>
#include <QString>
#include <QUrl>

#include <memory>
#include <utility>
#include <vector>

class QThread;

namespace loupe::sync {

struct SyncSettings {
    QUrl server;   ///< http(s)://host:port
    QString token; ///< the device token
    qint64 project = 0;
    QString workspacePath; ///< the workspace to sync (opened on the worker thread)
    int intervalMs = 5000; ///< between syncs while nothing asks for one
};

struct SyncStatus {
    bool online = false;
    qint64 pending = 0;   ///< edits not yet on the server
    qint64 conflicts = 0; ///< open conflicts in the project
    QString role;         ///< this user's in the project: annotator, reviewer or admin
    QDateTime lastSync;   ///< the last sync that reached the server (invalid: none yet)
    QString lastError;    ///< why the last try failed, for people (empty: it did not)
};

class SyncWorker;

class SyncClient : public QObject {
    Q_OBJECT
public:
    explicit SyncClient(SyncSettings settings, QObject *parent = nullptr);
    ~SyncClient() override;

    /// Starts syncing on the worker thread.
    void start();
    /// Syncs now (from any thread); statusChanged() follows.
    void syncNow();
    SyncStatus status() const { return m_status; }

signals:
    void statusChanged(const loupe::sync::SyncStatus &status);
    /// Others' changes written into the workspace: (document, key) of each thing.
    void pulled(const std::vector<std::pair<QString, QString>> &things);
    /// Something a sync did that people should know (it went on).
    void notice(const QString &text);

private:
    QThread *m_thread;
    SyncWorker *m_worker;
    SyncStatus m_status;
};

} // namespace loupe::sync

Q_DECLARE_METATYPE(loupe::sync::SyncStatus)
