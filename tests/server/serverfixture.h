#pragma once
// Real servers for the server tests: a PostgreSQL from Debian's packages (initdb in a
// temporary folder, as the unprivileged postgres user when the tests run as root, on a free
// loopback port) and loupe-server processes on SQLite or on that PostgreSQL, with an HTTP
// client that waits for each answer.

#include "testsupport.h"

#include <QEventLoop>
#include <QJsonDocument>
#include <QJsonObject>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QProcess>
#include <QRegularExpression>
#include <QSslCertificate>
#include <QSslConfiguration>
#include <QTcpServer>
#include <QTemporaryDir>
#include <QThread>
#include <QTimer>

#include <memory>
#include <optional>
#include <unistd.h>

namespace loupe::test {

inline QString serverBinary()
{
    return binDir() + QStringLiteral("/loupe-server");
}

/// A free loopback port (free when asked; good enough for a fixture).
inline quint16 freePort()
{
    QTcpServer probe;
    probe.listen(QHostAddress::LocalHost, 0);
    return probe.serverPort();
}

/// A PostgreSQL 15 cluster of its own, stopped and removed with the object.
class Postgres {
public:
    Postgres()
    {
        const QString bin = QStringLiteral("/usr/lib/postgresql/15/bin/");
        m_dir.setAutoRemove(true);
        const QString data = m_dir.path() + QStringLiteral("/data");
        m_port = freePort();
        // PostgreSQL refuses to run as root: then it runs as the postgres user.
        const bool root = ::geteuid() == 0;
        if (root)
            run(QStringLiteral("chown"),
                {QStringLiteral("-R"), QStringLiteral("postgres"), m_dir.path()});
        const auto as = [&](const QString &program, QStringList args) {
            if (!root)
                return std::make_pair(program, args);
            args.prepend(program);
            args.prepend(QStringLiteral("--"));
            args.prepend(QStringLiteral("postgres"));
            args.prepend(QStringLiteral("-u"));
            return std::make_pair(QStringLiteral("runuser"), args);
        };
        auto [initdb, initArgs] =
            as(bin + QStringLiteral("initdb"),
               {QStringLiteral("-D"), data, QStringLiteral("-A"), QStringLiteral("trust"),
                QStringLiteral("-U"), QStringLiteral("loupe"), QStringLiteral("--no-sync")});
        const ProcessResult init = run(initdb, initArgs);
        if (init.exitCode != 0) {
            m_error = QStringLiteral("initdb failed: ") + QString::fromUtf8(init.err);
            return;
        }
        auto [postgres, pgArgs] =
            as(bin + QStringLiteral("postgres"),
               {QStringLiteral("-D"), data, QStringLiteral("-p"), QString::number(m_port),
                QStringLiteral("-k"), m_dir.path(), QStringLiteral("-h"),
                QStringLiteral("127.0.0.1"), QStringLiteral("-c"), QStringLiteral("fsync=off")});
        m_process.setProcessChannelMode(QProcess::MergedChannels);
        m_process.start(postgres, pgArgs);
        // Ready when it takes connections.
        for (int i = 0; i < 100; ++i) {
            const ProcessResult ready = run(bin + QStringLiteral("pg_isready"),
                                            {QStringLiteral("-h"), QStringLiteral("127.0.0.1"),
                                             QStringLiteral("-p"), QString::number(m_port)});
            if (ready.exitCode == 0)
                return;
            QThread::msleep(100);
        }
        m_error =
            QStringLiteral("PostgreSQL did not start: ") + QString::fromUtf8(m_process.readAll());
    }
    ~Postgres()
    {
        m_process.terminate();
        if (!m_process.waitForFinished(10000))
            m_process.kill();
    }
    /// Empty when it runs.
    QString error() const { return m_error; }
    /// A new empty database's URL.
    QString newDatabase(const QString &name)
    {
        const ProcessResult r =
            run(QStringLiteral("psql"),
                {QStringLiteral("-h"), QStringLiteral("127.0.0.1"), QStringLiteral("-p"),
                 QString::number(m_port), QStringLiteral("-U"), QStringLiteral("loupe"),
                 QStringLiteral("-d"), QStringLiteral("postgres"), QStringLiteral("-c"),
                 QStringLiteral("CREATE DATABASE %1").arg(name)});
        if (r.exitCode != 0)
            qWarning("psql: %s", r.err.constData());
        return QStringLiteral("postgresql://loupe@127.0.0.1:%1/%2").arg(m_port).arg(name);
    }

private:
    QTemporaryDir m_dir;
    quint16 m_port = 0;
    QProcess m_process;
    QString m_error;
};

/// One loupe-server process on `db`, on a port of its choosing.
class Server {
public:
    /// `extra`: more arguments, such as --tls-cert and --tls-key; `port`: 0 for any free one
    /// (a server started again on the port of one stopped, for clients that know it).
    explicit Server(const QString &db, int threads = 4, const QStringList &extra = {},
                    quint16 port = 0)
        : m_db(db)
    {
        m_process.setProcessChannelMode(QProcess::SeparateChannels);
        m_process.start(serverBinary(),
                        QStringList{QStringLiteral("--db"), db, QStringLiteral("--listen"),
                                    QStringLiteral("127.0.0.1:%1").arg(port),
                                    QStringLiteral("--threads"), QString::number(threads)} +
                            extra);
        static const QRegularExpression listening(
            QStringLiteral("listening on https?://[^:]+:(\\d+)"));
        QByteArray out;
        for (int i = 0; i < 100 && m_port == 0; ++i) {
            if (!m_process.waitForReadyRead(100) && m_process.state() != QProcess::Running)
                break;
            out += m_process.readAllStandardOutput();
            if (const auto m = listening.match(QString::fromUtf8(out)); m.hasMatch())
                m_port = quint16(m.captured(1).toUInt());
        }
        if (!m_port)
            m_error = QString::fromUtf8(out + m_process.readAllStandardError());
    }
    ~Server() { stop(); }
    void stop()
    {
        if (m_process.state() == QProcess::NotRunning)
            return;
        m_process.terminate();
        if (!m_process.waitForFinished(10000))
            m_process.kill();
    }
    void kill()
    {
        m_process.kill();
        m_process.waitForFinished(5000);
    }
    quint16 port() const { return m_port; }
    qint64 processId() const { return m_process.processId(); }
    QString error() const { return m_error; }
    QString url() const { return QStringLiteral("http://127.0.0.1:%1").arg(m_port); }
    QString httpsUrl() const { return QStringLiteral("https://127.0.0.1:%1").arg(m_port); }
    QString wsUrl() const { return QStringLiteral("ws://127.0.0.1:%1").arg(m_port); }

private:
    QString m_db;
    QProcess m_process;
    quint16 m_port = 0;
    QString m_error;
};

/// `loupe-server --db DB admin ARGS`, with `input` on standard input.
inline ProcessResult admin(const QString &db, const QStringList &args, const QByteArray &input = {})
{
    QProcess p;
    p.start(serverBinary(),
            QStringList{QStringLiteral("--db"), db, QStringLiteral("admin")} + args);
    p.write(input);
    p.closeWriteChannel();
    ProcessResult r;
    r.finished = p.waitForFinished(60000);
    r.exitCode = p.exitCode();
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

struct HttpAnswer {
    int status = 0;
    QByteArray body;
    QJsonObject json() const { return QJsonDocument::fromJson(body).object(); }
    QString error() const { return json().value(QStringLiteral("error")).toString(); }
};

/// A client that waits for each answer (the tests' requests are sequential).
class Http {
public:
    explicit Http(QString base)
        : m_base(std::move(base)), m_net(std::make_unique<QNetworkAccessManager>())
    {
        m_net->setProxy(QNetworkProxy::NoProxy);
    }
    void setToken(const QString &token) { m_token = token; }
    /// Trusts `certificate` (a test's self-signed one) for https:// URLs.
    void trust(const QSslCertificate &certificate)
    {
        QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
        tls.setCaCertificates({certificate});
        m_tls = tls;
    }
    HttpAnswer get(const QString &path) { return send("GET", path, {}); }
    HttpAnswer post(const QString &path, const QByteArray &body)
    {
        return send("POST", path, body);
    }
    HttpAnswer post(const QString &path, const QJsonObject &body)
    {
        return send("POST", path, QJsonDocument(body).toJson(QJsonDocument::Compact));
    }
    HttpAnswer put(const QString &path, const QByteArray &body) { return send("PUT", path, body); }
    HttpAnswer del(const QString &path) { return send("DELETE", path, {}); }
    HttpAnswer send(const QByteArray &verb, const QString &path, const QByteArray &body)
    {
        QNetworkRequest request(QUrl(m_base + path));
        request.setHeader(QNetworkRequest::ContentTypeHeader, QStringLiteral("application/json"));
        if (!m_token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + m_token.toUtf8());
        if (m_tls)
            request.setSslConfiguration(*m_tls);
        QNetworkReply *reply = m_net->sendCustomRequest(request, verb, body);
        QEventLoop loop;
        QObject::connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
        QTimer::singleShot(30000, &loop, &QEventLoop::quit);
        loop.exec();
        HttpAnswer a;
        a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
        a.body = reply->readAll();
        reply->deleteLater();
        return a;
    }

private:
    QString m_base;
    QString m_token;
    std::unique_ptr<QNetworkAccessManager> m_net;
    std::optional<QSslConfiguration> m_tls;
};

} // namespace loupe::test
