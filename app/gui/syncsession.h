#pragma once
// Syncing the workspace with loupe-server from the app: the Sync menu (Connect to Server…,
// Sync Now, Conflicts), the status bar's label, the sign-in kept between runs
// (core/sync/tokenstore), the SyncClient itself, others' changes handed to the open documents
// and the Conflicts panel. Nothing here blocks the window: the token is read and written
// on a worker, and the client syncs on its own thread.

#include "app/gui/syncstatuslabel.h"

#include <QObject>
#include <QPointer>
#include <QUrl>

#include <memory>

class QDockWidget;
class QMainWindow;

namespace loupe {

namespace sync {
class SyncClient;
struct SyncStatus;
} // namespace sync
class ConflictsPanel;
class WorkspaceSession;

class SyncSession : public QObject {
    Q_OBJECT
public:
    /// `workspacePath`: the workspace to sync; `tokenFolder`: where a sign-in is kept when the
    /// desktop has no keychain.
    SyncSession(QString workspacePath, QString tokenFolder, QObject *parent = nullptr);
    ~SyncSession() override;

    /// Adds the Sync menu, the status label and the Conflicts panel to `window`.
    void install(QMainWindow *window);
    /// Others' changes go into `workspace`'s open documents, and conflicts are resolved there.
    void attach(WorkspaceSession *workspace);
    /// Syncs with `project` on `server` as `user` (token from signing in); remembers them, the
    /// token in the keychain or the sealed file.
    void connectTo(const QUrl &server, const QString &user, const QString &token, qint64 project);
    /// Resumes the last connection, when there was one and its token is kept.
    void resume();
    /// Opens the Connect to Server dialog.
    void showConnectDialog();

    sync::SyncClient *client() const { return m_client.get(); }
    SyncStatusLabel *label() const { return m_label; }
    ConflictsPanel *conflictsPanel() const;
    /// Shows the Conflicts panel.
    void showConflicts();

signals:
    /// For the status bar and the messages panel.
    void message(const QString &text, bool warning);
    /// A conflict's track was asked for (double-click in the panel): track `id` of workspace
    /// document `document`, at `frame` (-1: any).
    void revealTrack(const QString &document, qint64 id, int frame);
    /// A conflict's label brick was asked for: brick `index` of layer `layer` of workspace
    /// document `document`.
    void revealBrick(const QString &document, int layer, qint64 index);

private:
    void start(const QUrl &server, const QString &token, qint64 project);
    void statusChanged(const sync::SyncStatus &status);

    QString m_workspacePath, m_tokenFolder;
    std::unique_ptr<sync::SyncClient> m_client;
    QPointer<SyncStatusLabel> m_label;
    QPointer<QMainWindow> m_window;
    QPointer<ConflictsPanel> m_panel;
    QPointer<QDockWidget> m_dock;
    QPointer<WorkspaceSession> m_workspace;
    qint64 m_conflicts = -1; ///< open conflicts as last counted (-1: not yet)
};

} // namespace loupe
