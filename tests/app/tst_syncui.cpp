// Syncing from the app, in a real window under Xvfb, against a real loupe-server: Sync →
// Connect to Server… signs in (a wrong password shows the server's reason), lists the user's
// projects, connects; the status bar then says online with nothing waiting, the workspace's
// edits are on the server, and the sign-in is kept (not the password), so that the next run
// resumes by itself. Sync Now before connecting says what to do.

#include "app/gui/syncconnectdialog.h"
#include "app/gui/syncsession.h"
#include "app/gui/syncstatuslabel.h"
#include "core/store/workspace.h"
#include "core/sync/syncclient.h"
#include "core/sync/tokenstore.h"
#include "server/serverfixture.h"

#include <QAction>
#include <QApplication>
#include <QComboBox>
#include <QJsonArray>
#include <QLabel>
#include <QLineEdit>
#include <QMainWindow>
#include <QPushButton>
#include <QSettings>
#include <QSignalSpy>
#include <QTest>

using namespace loupe;
using namespace loupe::test;

class TestSyncUi : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_db;
    std::unique_ptr<Server> m_server;

    QString workspacePath() const { return m_dir.filePath(QStringLiteral("ws.loupe-ws")); }
    QString tokenFolder() const { return m_dir.filePath(QStringLiteral("tokens")); }

private slots:
    void initTestCase()
    {
        QSettings().clear();
        m_db = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("server.db"));
        QCOMPARE(admin(m_db, {"user", "add", "ann"}, "password-of-ann\n").exitCode, 0);
        QCOMPARE(admin(m_db, {"project", "add", "drive"}).exitCode, 0);
        QCOMPARE(admin(m_db, {"member", "add", "drive", "ann", "--role", "annotator"}).exitCode, 0);
        m_server = std::make_unique<Server>(m_db, 2);
        QVERIFY2(m_server->port(), qPrintable(m_server->error()));
        auto w = store::Workspace::open(workspacePath());
        QVERIFY(w.ok());
        QVERIFY(w.value()
                    ->commit({{store::newOperationId(),
                               "drive/tracks",
                               "track.put",
                               "track/1",
                               R"({"box":[1,2,3,4]})",
                               {}},
                              {store::newOperationId(),
                               "drive/tracks",
                               "track.put",
                               "track/2",
                               R"({"box":[5,6,7,8]})",
                               {}}})
                    .ok());
    }

    void connectFromTheMenu()
    {
        QMainWindow window;
        SyncSession session(workspacePath(), tokenFolder());
        session.install(&window);
        window.resize(900, 500);
        window.show();
        QVERIFY(QTest::qWaitForWindowExposed(&window));
        QCOMPARE(session.label()->text(), QStringLiteral("Not syncing"));
        // Sync Now before connecting: said what to do.
        QSignalSpy said(&session, &SyncSession::message);
        window.findChild<QAction *>(QStringLiteral("syncNow"))->trigger();
        QCOMPARE(said.size(), 1);
        QVERIFY(said.first().first().toString().contains(QStringLiteral("Connect to Server")));

        window.findChild<QAction *>(QStringLiteral("syncConnect"))->trigger();
        auto *dialog = window.findChild<SyncConnectDialog *>();
        QVERIFY(dialog);
        QVERIFY(QTest::qWaitForWindowExposed(dialog));
        dialog->findChild<QLineEdit *>(QStringLiteral("server"))->setText(m_server->url());
        dialog->findChild<QLineEdit *>(QStringLiteral("user"))->setText(QStringLiteral("ann"));
        auto *password = dialog->findChild<QLineEdit *>(QStringLiteral("password"));
        // A wrong password: the server's reason, in the dialog.
        password->setText(QStringLiteral("not-the-password"));
        QSignalSpy failed(dialog, &SyncConnectDialog::failed);
        QTest::mouseClick(dialog->findChild<QPushButton *>(QStringLiteral("signIn")),
                          Qt::LeftButton);
        QVERIFY(failed.wait(10000));
        QVERIFY2(failed.first().first().toString().contains(
                     QStringLiteral("wrong user name or password")),
                 qPrintable(failed.first().first().toString()));
        // The right one: the projects to choose from.
        password->setText(QStringLiteral("password-of-ann"));
        QSignalSpy signedIn(dialog, &SyncConnectDialog::signedIn);
        QTest::keyClick(password, Qt::Key_Return);
        QVERIFY(signedIn.wait(10000));
        QVERIFY(password->text().isEmpty()); // used once, not kept
        auto *projects = dialog->findChild<QComboBox *>(QStringLiteral("project"));
        QCOMPARE(projects->count(), 1);
        QVERIFY(projects->currentText().startsWith(QStringLiteral("drive")));
        const QString token = dialog->token();
        QCOMPARE(token.size(), 64);
        auto *connectButton = dialog->findChild<QPushButton *>(QStringLiteral("connect"));
        QVERIFY(connectButton->isEnabled());
        QTest::mouseClick(connectButton, Qt::LeftButton);
        // Connected: online, nothing waiting.
        QTRY_VERIFY_WITH_TIMEOUT(
            session.label()->text().startsWith(QStringLiteral("Online · all sent")), 15000);
        QVERIFY(session.label()->toolTip().contains(QStringLiteral("every few seconds")));
        // The edits are on the server.
        Http h(m_server->url());
        h.setToken(token);
        QCOMPARE(h.get(QStringLiteral("/v1/projects/1/changes")).json()["changes"].toArray().size(),
                 2);
        // The sign-in is kept for next time (and the settings say where to).
        QTRY_COMPARE_WITH_TIMEOUT(
            sync::TokenStore(tokenFolder()).load(m_server->url() + QStringLiteral("|ann")).value(),
            token, 10000);
        QCOMPARE(QSettings().value(QStringLiteral("sync/user")).toString(), QStringLiteral("ann"));
        QCOMPARE(QSettings().value(QStringLiteral("sync/project")).toLongLong(), 1);
    }

    void theNextRunResumes()
    {
        QMainWindow window;
        SyncSession session(workspacePath(), tokenFolder());
        session.install(&window);
        window.show();
        session.resume();
        QTRY_VERIFY_WITH_TIMEOUT(session.client(), 10000);
        QTRY_VERIFY_WITH_TIMEOUT(session.label()->text().startsWith(QStringLiteral("Online")),
                                 15000);
    }
};

QTEST_MAIN(TestSyncUi)
#include "tst_syncui.moc"
