#pragma once
// Sync → Connect to Server…: the server, a user and password (sent once, for a device token;
// never kept), this device's name, then the project among the user's. Sign-in and the project
// list are asked for without blocking the window.

#include <QDialog>
#include <QUrl>

class QComboBox;
class QDialogButtonBox;
class QLabel;
class QLineEdit;
class QNetworkAccessManager;
class QPushButton;

namespace loupe {

class SyncConnectDialog : public QDialog {
    Q_OBJECT
public:
    explicit SyncConnectDialog(QWidget *parent = nullptr);

    QUrl server() const;
    QString user() const;
    QString token() const { return m_token; }
    qint64 project() const;

    /// Signs in with what the fields say; signedIn() or failed() follow.
    void signIn();

signals:
    void signedIn();
    void failed(const QString &reason);

private:
    void listProjects();
    void setBusy(bool busy, const QString &text);

    QLineEdit *m_server, *m_user, *m_password, *m_device;
    QComboBox *m_project;
    QLabel *m_state;
    QPushButton *m_signIn;
    QDialogButtonBox *m_buttons;
    QNetworkAccessManager *m_net;
    QString m_token;
};

} // namespace loupe
