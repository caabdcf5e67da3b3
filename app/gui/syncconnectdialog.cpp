#include "app/gui/syncconnectdialog.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QLineEdit>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QPushButton>
#include <QSettings>
#include <QSysInfo>
#include <QVBoxLayout>

namespace loupe {

namespace {

/// The server's reason in an error answer, else Qt's.
QString reasonOf(QNetworkReply *reply, const QByteArray &body)
{
    const QString error =
        QJsonDocument::fromJson(body).object().value(QStringLiteral("error")).toString();
    return error.isEmpty() ? reply->errorString() : error;
}

} // namespace

SyncConnectDialog::SyncConnectDialog(QWidget *parent)
    : QDialog(parent), m_server(new QLineEdit(this)), m_user(new QLineEdit(this)),
      m_password(new QLineEdit(this)), m_device(new QLineEdit(this)),
      m_project(new QComboBox(this)), m_state(new QLabel(this)),
      m_signIn(new QPushButton(tr("Sign In"), this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this)),
      m_net(new QNetworkAccessManager(this))
{
    setWindowTitle(tr("Connect to Server"));
    setMinimumWidth(460); // room for a server address and a project name
    m_net->setProxy(QNetworkProxy::NoProxy);
    const QSettings settings;
    m_server->setObjectName(QStringLiteral("server"));
    m_server->setPlaceholderText(QStringLiteral("https://labels.example.org"));
    m_server->setText(settings.value(QStringLiteral("sync/server")).toString());
    m_user->setObjectName(QStringLiteral("user"));
    m_user->setText(settings.value(QStringLiteral("sync/user")).toString());
    m_password->setObjectName(QStringLiteral("password"));
    m_password->setEchoMode(QLineEdit::Password);
    m_device->setObjectName(QStringLiteral("device"));
    m_device->setText(QSysInfo::machineHostName());
    m_project->setObjectName(QStringLiteral("project"));
    m_project->setEnabled(false);
    m_state->setWordWrap(true);
    QPushButton *connectButton = m_buttons->addButton(tr("Connect"), QDialogButtonBox::AcceptRole);
    connectButton->setObjectName(QStringLiteral("connect"));
    connectButton->setEnabled(false);
    m_signIn->setObjectName(QStringLiteral("signIn"));
    auto *form = new QFormLayout;
    form->addRow(tr("Server"), m_server);
    form->addRow(tr("User"), m_user);
    form->addRow(tr("Password"), m_password);
    form->addRow(tr("This device"), m_device);
    form->addRow(QString(), m_signIn);
    form->addRow(tr("Project"), m_project);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_state);
    layout->addWidget(m_buttons);
    connect(m_signIn, &QPushButton::clicked, this, &SyncConnectDialog::signIn);
    connect(m_password, &QLineEdit::returnPressed, this, &SyncConnectDialog::signIn);
    connect(m_buttons, &QDialogButtonBox::accepted, this, &QDialog::accept);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(this, &SyncConnectDialog::signedIn, connectButton,
            [this, connectButton] { connectButton->setEnabled(m_project->count() > 0); });
}

QUrl SyncConnectDialog::server() const
{
    return QUrl::fromUserInput(m_server->text().trimmed());
}

QString SyncConnectDialog::user() const
{
    return m_user->text().trimmed();
}

qint64 SyncConnectDialog::project() const
{
    return m_project->currentData().toLongLong();
}

void SyncConnectDialog::setBusy(bool busy, const QString &text)
{
    m_signIn->setEnabled(!busy);
    m_state->setText(text);
}

void SyncConnectDialog::signIn()
{
    if (!server().isValid() || user().isEmpty() || m_password->text().isEmpty()) {
        setBusy(false, tr("Give the server's address, your user name and your password."));
        return;
    }
    setBusy(true, tr("Signing in…"));
    QUrl url = server();
    url.setPath(QStringLiteral("/v1/login"));
    QNetworkRequest request(url);
    request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
    request.setTransferTimeout(20000);
    const QByteArray body = QJsonDocument(QJsonObject{{"user", user()},
                                                      {"password", m_password->text()},
                                                      {"device", m_device->text().trimmed()}})
                                .toJson(QJsonDocument::Compact);
    QNetworkReply *reply = m_net->post(request, body);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const QByteArray answer = reply->readAll();
        const int status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        if (status != 200) {
            const QString why = tr("Could not sign in: %1").arg(reasonOf(reply, answer));
            setBusy(false, why);
            emit failed(why);
            return;
        }
        m_password->clear(); // used once; never kept
        m_token =
            QJsonDocument::fromJson(answer).object().value(QStringLiteral("token")).toString();
        listProjects();
    });
}

void SyncConnectDialog::listProjects()
{
    QUrl url = server();
    url.setPath(QStringLiteral("/v1/projects"));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
    QNetworkReply *reply = m_net->get(request);
    connect(reply, &QNetworkReply::finished, this, [this, reply] {
        reply->deleteLater();
        const QByteArray answer = reply->readAll();
        if (reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt() != 200) {
            const QString why = tr("Signed in, but the projects could not be listed: %1")
                                    .arg(reasonOf(reply, answer));
            setBusy(false, why);
            emit failed(why);
            return;
        }
        m_project->clear();
        const QSettings settings;
        const qint64 last = settings.value(QStringLiteral("sync/project")).toLongLong();
        for (const QJsonValue v :
             QJsonDocument::fromJson(answer).object().value(QStringLiteral("projects")).toArray()) {
            const QJsonObject p = v.toObject();
            m_project->addItem(tr("%1 (%2)").arg(p[QStringLiteral("name")].toString(),
                                                 p[QStringLiteral("role")].toString()),
                               p[QStringLiteral("id")].toInteger());
            if (p[QStringLiteral("id")].toInteger() == last)
                m_project->setCurrentIndex(m_project->count() - 1);
        }
        m_project->setEnabled(m_project->count() > 0);
        setBusy(false, m_project->count() ? tr("Signed in as %1. Choose the project.").arg(user())
                                          : tr("Signed in as %1, but you are in no project yet: "
                                               "ask an administrator.")
                                                .arg(user()));
        emit signedIn();
    });
}

} // namespace loupe
