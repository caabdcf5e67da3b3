#include "app/gui/syncsession.h"

#include "app/gui/conflictspanel.h"
#include "app/gui/syncconnectdialog.h"
#include "app/gui/syncstatuslabel.h"
#include "app/gui/uithread.h"
#include "app/gui/workspacesession.h"
#include "core/store/trackstore.h"
#include "core/sync/syncclient.h"
#include "core/sync/tokenstore.h"

#include <QAction>
#include <QDockWidget>
#include <QMainWindow>
#include <QMenuBar>
#include <QSettings>
#include <QStatusBar>
#include <QtConcurrent/QtConcurrentRun>

namespace loupe {

namespace {

QString account(const QUrl &server, const QString &user)
{
    return server.toString(QUrl::RemovePath | QUrl::StripTrailingSlash) + QLatin1Char('|') + user;
}

} // namespace

SyncSession::SyncSession(QString workspacePath, QString tokenFolder, QObject *parent)
    : QObject(parent), m_workspacePath(std::move(workspacePath)),
      m_tokenFolder(std::move(tokenFolder))
{
}

SyncSession::~SyncSession() = default;

void SyncSession::install(QMainWindow *window)
{
    m_window = window;
    m_label = new SyncStatusLabel(window);
    window->statusBar()->addPermanentWidget(m_label);
    QMenu *menu = window->menuBar()->addMenu(tr("S&ync"));
    QAction *connectAction =
        menu->addAction(tr("&Connect to Server…"), QKeySequence(tr("Ctrl+Alt+N")), this,
                        &SyncSession::showConnectDialog);
    connectAction->setObjectName(QStringLiteral("syncConnect"));
    QAction *now = menu->addAction(tr("Sync &Now"), QKeySequence(tr("Ctrl+Alt+Y")), this, [this] {
        if (m_client)
            m_client->syncNow();
        else
            emit message(tr("Not connected: Sync → Connect to Server… first."), false);
    });
    now->setObjectName(QStringLiteral("syncNow"));
    m_panel = new ConflictsPanel(window);
    m_panel->setCanResolve(false, tr("Connect to a server to see its conflicts."));
    m_dock = new QDockWidget(tr("Conflicts"), window);
    m_dock->setObjectName(QStringLiteral("conflictsDock"));
    m_dock->setWidget(m_panel);
    window->addDockWidget(Qt::BottomDockWidgetArea, m_dock);
    m_dock->hide();
    QAction *conflicts = menu->addAction(tr("&Conflicts"), QKeySequence(tr("Ctrl+Alt+C")), this,
                                         &SyncSession::showConflicts);
    conflicts->setObjectName(QStringLiteral("syncConflicts"));
}

ConflictsPanel *SyncSession::conflictsPanel() const
{
    return m_panel;
}

void SyncSession::showConflicts()
{
    if (m_dock) {
        m_dock->show();
        m_dock->raise();
    }
    if (m_workspace)
        m_workspace->readConflicts();
}

void SyncSession::attach(WorkspaceSession *workspace)
{
    m_workspace = workspace;
    connect(workspace, &WorkspaceSession::conflictsRead, this,
            [this](const std::vector<store::Conflict> &conflicts, const QString &error) {
                if (!error.isEmpty())
                    return emit message(error, true);
                if (m_panel)
                    m_panel->setConflicts(conflicts);
            });
    connect(workspace, &WorkspaceSession::resolved, this, [this](bool ok, const QString &text) {
        emit message(text, !ok);
        if (m_workspace)
            m_workspace->readConflicts();
        if (ok && m_client)
            m_client->syncNow();
    });
    if (!m_panel)
        return;
    connect(m_panel, &ConflictsPanel::resolveRequested, workspace, &WorkspaceSession::resolve);
    connect(m_panel, &ConflictsPanel::activated, this, [this](const store::Conflict &c) {
        if (const auto brick = store::brickOf(c.record.key))
            return emit revealBrick(c.record.document, brick->first, qint64(brick->second));
        const auto thing = store::trackThing(c.record.key);
        if (!thing || thing->first != QLatin1String("track"))
            return emit message(tr("%1 cannot be shown; open its dataset to see it.")
                                    .arg(ConflictsPanel::describeThing(c.record.key)),
                                false);
        emit revealTrack(c.record.document, thing->second, store::keyframeOf(c.record.key));
    });
    connect(m_panel, &ConflictsPanel::refreshRequested, this, [this] {
        if (m_client)
            m_client->syncNow();
        else if (m_workspace)
            m_workspace->readConflicts();
    });
}

void SyncSession::statusChanged(const sync::SyncStatus &s)
{
    if (m_label)
        m_label->show(s);
    if (m_panel && !s.role.isEmpty()) {
        const bool reviewer =
            s.role == QLatin1String("reviewer") || s.role == QLatin1String("admin");
        m_panel->setCanResolve(reviewer,
                               tr("Resolving conflicts needs the reviewer or admin role in this "
                                  "project; you are %1. A reviewer will resolve them.")
                                   .arg(s.role));
    }
    // A new count: the panel reads the conflicts again (from the workspace, off this thread).
    if (m_workspace && s.lastError.isEmpty() && s.conflicts != m_conflicts) {
        if (m_conflicts >= 0 && s.conflicts > m_conflicts)
            emit message(tr("%n new conflict(s): Sync → Conflicts to see them.", nullptr,
                            int(s.conflicts - m_conflicts)),
                         true);
        m_conflicts = s.conflicts;
        m_workspace->readConflicts();
    }
}

void SyncSession::showConnectDialog()
{
    auto *dialog = new SyncConnectDialog(m_window);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    connect(dialog, &QDialog::accepted, this, [this, dialog] {
        connectTo(dialog->server(), dialog->user(), dialog->token(), dialog->project());
    });
    dialog->open();
}

void SyncSession::connectTo(const QUrl &server, const QString &user, const QString &token,
                            qint64 project)
{
    QSettings settings;
    settings.setValue(QStringLiteral("sync/server"), server.toString());
    settings.setValue(QStringLiteral("sync/user"), user);
    settings.setValue(QStringLiteral("sync/project"), project);
    // Kept off the window's thread: a keychain may take its time.
    (void)QtConcurrent::run([self = QPointer<SyncSession>(this), folder = m_tokenFolder,
                             key = account(server, user), token] {
        sync::TokenStore store(folder);
        const Result<void> kept = store.save(key, token);
        const QString place = store.lastPlace();
        onUiThread(self, [kept, place](SyncSession &s) {
            emit s.message(kept.ok() ? tr("Signed in; the sign-in is kept in the %1.").arg(place)
                                     : tr("Signed in, but the sign-in could not be kept (%1): "
                                          "you will be asked again next time.")
                                           .arg(kept.errorMessage()),
                           !kept.ok());
        });
    });
    start(server, token, project);
}

void SyncSession::resume()
{
    const QSettings settings;
    const QUrl server(settings.value(QStringLiteral("sync/server")).toString());
    const QString user = settings.value(QStringLiteral("sync/user")).toString();
    const qint64 project = settings.value(QStringLiteral("sync/project")).toLongLong();
    if (!server.isValid() || user.isEmpty() || project <= 0)
        return;
    (void)QtConcurrent::run([self = QPointer<SyncSession>(this), folder = m_tokenFolder,
                             key = account(server, user), server, project] {
        const Result<QString> token = sync::TokenStore(folder).load(key);
        onUiThread(self, [token, server, project](SyncSession &s) {
            if (!token.ok())
                return emit s.message(token.errorMessage(), true);
            if (token.value().isEmpty())
                return emit s.message(tr("Sign in again to sync (Sync → Connect to Server…)."),
                                      false);
            s.start(server, token.value(), project);
        });
    });
}

void SyncSession::start(const QUrl &server, const QString &token, qint64 project)
{
    m_client = std::make_unique<sync::SyncClient>(
        sync::SyncSettings{server, token, project, m_workspacePath, 5000});
    connect(m_client.get(), &sync::SyncClient::statusChanged, this, &SyncSession::statusChanged);
    connect(m_client.get(), &sync::SyncClient::notice, this,
            [this](const QString &text) { emit message(text, true); });
    connect(m_client.get(), &sync::SyncClient::pulled, this,
            [this](const std::vector<std::pair<QString, QString>> &things) {
                if (m_workspace)
                    m_workspace->applyPulled(things);
            });
    m_client->start();
}

} // namespace loupe
