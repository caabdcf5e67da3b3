#pragma once
// A TCP proxy for the sync fault test, one HTTP request per connection, that on purpose: drops
// requests, drops replies after the server has answered (so after it committed), and sends
// requests twice, the second time a little later (so also out of order). Counts what it did.

#include <QByteArray>
#include <QObject>
#include <QPointer>
#include <QTcpServer>
#include <QTcpSocket>
#include <QTimer>

#include <random>

namespace loupe::test {

class FaultProxy : public QObject {
public:
    FaultProxy(quint16 target, std::mt19937 &random) : m_target(target), m_random(random)
    {
        m_server.listen(QHostAddress::LocalHost, 0);
        connect(&m_server, &QTcpServer::newConnection, this, [this] {
            while (QTcpSocket *client = m_server.nextPendingConnection())
                serve(client);
        });
    }
    quint16 port() const { return m_server.serverPort(); }
    /// Faults on or off (off: a plain proxy).
    void setFaults(bool on) { m_faults = on; }
    int droppedRequests = 0, droppedReplies = 0, duplicated = 0, forwarded = 0;

private:
    /// The length of a whole HTTP message at the start of `bytes`, or -1 while it is partial.
    static qsizetype messageLength(const QByteArray &bytes)
    {
        const qsizetype end = bytes.indexOf("\r\n\r\n");
        if (end < 0)
            return -1;
        qsizetype length = 0;
        for (const QByteArray &line : bytes.left(end).split('\n'))
            if (line.toLower().startsWith("content-length:"))
                length = line.mid(15).trimmed().toLongLong();
        return bytes.size() >= end + 4 + length ? end + 4 + length : -1;
    }
    double chance() { return std::uniform_real_distribution<double>(0, 1)(m_random); }

    void serve(QTcpSocket *client)
    {
        auto *buffer = new QByteArray;
        connect(client, &QTcpSocket::disconnected, client, &QObject::deleteLater);
        connect(client, &QObject::destroyed, this, [buffer] { delete buffer; });
        connect(client, &QTcpSocket::readyRead, this, [this, client, buffer] {
            *buffer += client->readAll();
            const qsizetype n = messageLength(*buffer);
            if (n < 0)
                return;
            const QByteArray request = buffer->left(n);
            buffer->clear();
            const double r = chance();
            if (m_faults && r < 0.1) {
                ++droppedRequests;
                client->abort();
                return;
            }
            const bool dropReply = m_faults && r < 0.2;
            if (m_faults && r >= 0.2 && r < 0.3) {
                ++duplicated;
                QTimer::singleShot(int(chance() * 400), this, [this, request] {
                    forward(request, [](const QByteArray &) {});
                });
            }
            ++forwarded;
            QPointer<QTcpSocket> back(client);
            forward(request, [this, back, dropReply](const QByteArray &response) {
                if (!back)
                    return;
                if (dropReply || response.isEmpty()) {
                    droppedReplies += dropReply;
                    back->abort();
                    return;
                }
                // One request a connection: the client opens a new one for the next.
                QByteArray closing = response;
                const qsizetype line = closing.indexOf("\r\n");
                closing.insert(line + 2, "Connection: close\r\n");
                back->write(closing);
                back->disconnectFromHost();
            });
        });
    }

    /// Sends `request` to the server; `done` gets the whole response (empty when none came).
    template <typename Done>
    void forward(const QByteArray &request, Done done)
    {
        auto *up = new QTcpSocket(this);
        auto *got = new QByteArray;
        auto finish = [up, got, done](bool whole) {
            if (!up->property("finished").toBool()) {
                up->setProperty("finished", true);
                done(whole ? *got : QByteArray());
                up->deleteLater();
            }
        };
        connect(up, &QObject::destroyed, this, [got] { delete got; });
        connect(up, &QTcpSocket::connected, up, [up, request] { up->write(request); });
        connect(up, &QTcpSocket::readyRead, up, [up, got, finish] {
            *got += up->readAll();
            if (messageLength(*got) >= 0)
                finish(true);
        });
        connect(up, &QTcpSocket::errorOccurred, up, [finish] { finish(false); });
        QTimer::singleShot(20000, up, [finish] { finish(false); });
        up->connectToHost(QHostAddress::LocalHost, m_target);
    }

    QTcpServer m_server;
    quint16 m_target;
    std::mt19937 &m_random;
    bool m_faults = true;
};

} // namespace loupe::test
