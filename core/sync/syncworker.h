#pragma once
// The worker-thread half of SyncClient: one sync at a time, with its own workspace connection
// and network access.

#include "core/sync/syncclient.h"

#include <QObject>

#include <memory>
#include <random>

class QNetworkAccessManager;
class QTimer;
class QWebSocket;

namespace loupe::store {
class Workspace;
}

namespace loupe::sync {

class SyncWorker : public QObject {
    Q_OBJECT
public:
    explicit SyncWorker(SyncSettings settings);
    ~SyncWorker() override;

public slots:
    void begin();
    void syncNow();

signals:
    void statusChanged(const loupe::sync::SyncStatus &status);
    void pulled(const std::vector<std::pair<QString, QString>> &things);
    void notice(const QString &text);

private:
    struct Answer {
        int status = 0; ///< 0: no answer (offline)
        QByteArray body;
        QString networkError;
    };
    Answer request(const QByteArray &verb, const QString &path, const QByteArray &body = {},
                   const QByteArray &contentType = "application/json");
    /// One sync; throws nothing: fills m_status.
    void cycle();
    bool push();
    bool pull();
    /// Keeps the open conflicts in the workspace, and learns this user's role (the answer
    /// says it).
    bool readConflicts();
    /// Fails the cycle with `answer`'s reason; true when the server was reached.
    void fail(const Answer &answer, const QString &what);
    void scheduleNext(bool ok);
    /// Keeps the events WebSocket open (reopened after a sync when it dropped): a poke with a
    /// newer change counter than pulled starts a sync at once.
    void listen();

    SyncSettings m_settings;
    std::unique_ptr<store::Workspace> m_workspace;
    QNetworkAccessManager *m_net = nullptr;
    QTimer *m_timer = nullptr;
    QWebSocket *m_events = nullptr;
    SyncStatus m_status;
    QString m_clientId; ///< the workspace's, as the server knows it
    int m_failures = 0;
    bool m_busy = false, m_again = false;
    std::mt19937 m_random{std::random_device{}()};
};

} // namespace loupe::sync
