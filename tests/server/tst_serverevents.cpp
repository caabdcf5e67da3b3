// loupe-server's WebSockets and TLS, against real server processes: the events socket says the
// project's change counter at once and again after each push, on this node at once and through
// another node on the same database within a second; it refuses strangers; HTTPS and WSS work
// with a certificate the test makes with openssl, and plain HTTP to that port gets nothing.
// On SQLite, or (LOUPE_TEST_DB=postgresql) on a real PostgreSQL.

#include "serverfixture.h"

#include <QFile>
#include <QJsonArray>
#include <QSignalSpy>
#include <QTest>
#include <QWebSocket>

using namespace loupe;
using namespace loupe::test;

namespace {

/// A WebSocket to `url` with a token; the heads it hears, in order.
class Listener : public QObject {
public:
    Listener(const QString &url, const QString &token,
             const std::optional<QSslCertificate> &trusted = std::nullopt)
    {
        QNetworkRequest request{QUrl(url)};
        if (!token.isEmpty())
            request.setRawHeader("Authorization", "Bearer " + token.toUtf8());
        if (trusted) {
            QSslConfiguration tls = QSslConfiguration::defaultConfiguration();
            tls.setCaCertificates({*trusted});
            socket.setSslConfiguration(tls);
        }
        socket.setProxy(QNetworkProxy::NoProxy);
        connect(&socket, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            heads.push_back(QJsonDocument::fromJson(text.toUtf8()).object()["head"].toInteger(-1));
        });
        connect(&socket, &QWebSocket::disconnected, this, [this] { closed = true; });
        socket.open(request);
    }
    /// Waits until a head of at least `head` was heard.
    bool heard(qint64 head, int ms = 3000)
    {
        return QTest::qWaitFor([&] { return !heads.empty() && heads.back() >= head; }, ms);
    }
    QWebSocket socket;
    std::vector<qint64> heads;
    bool closed = false;
};

QJsonObject onePush(const QString &client, int seq, const QString &object)
{
    return {{"client", client},
            {"ops", QJsonArray{QJsonObject{{"id", QStringLiteral("%1-%2").arg(client).arg(seq)},
                                           {"seq", seq},
                                           {"kind", "put"},
                                           {"object", object},
                                           {"base_rev", 0},
                                           {"data", QJsonObject{{"x", seq}}}}}}};
}

} // namespace

class TestServerEvents : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    std::unique_ptr<Postgres> m_postgres;
    QString m_db;
    QString m_ann, m_bee;
    qint64 m_project = 0;

    QString login(Server &server, const char *user)
    {
        Http h(server.url());
        const HttpAnswer a = h.post(QStringLiteral("/v1/login"),
                                    QJsonObject{{"user", user},
                                                {"password", QStringLiteral("password-of-") + user},
                                                {"device", "desk"}});
        return a.json()["token"].toString();
    }

private slots:
    void initTestCase()
    {
        if (qEnvironmentVariable("LOUPE_TEST_DB") == QLatin1String("postgresql")) {
            m_postgres = std::make_unique<Postgres>();
            QVERIFY2(m_postgres->error().isEmpty(), qPrintable(m_postgres->error()));
            m_db = m_postgres->newDatabase(QStringLiteral("events"));
        } else {
            m_db = QStringLiteral("sqlite:") + m_dir.filePath(QStringLiteral("server.db"));
        }
        for (const char *user : {"ann", "bee"})
            QCOMPARE(admin(m_db, {"user", "add", user}, "password-of-" + QByteArray(user) + "\n")
                         .exitCode,
                     0);
        const ProcessResult r = admin(m_db, {"project", "add", "alpha"});
        m_project = QRegularExpression(QStringLiteral("\\((\\d+)\\)"))
                        .match(QString::fromUtf8(r.out))
                        .captured(1)
                        .toLongLong();
        QVERIFY(m_project);
        QCOMPARE(admin(m_db, {"member", "add", "alpha", "ann", "--role", "annotator"}).exitCode, 0);
        QCOMPARE(admin(m_db, {"project", "add", "beta"}).exitCode, 0);
        QCOMPARE(admin(m_db, {"member", "add", "beta", "bee", "--role", "annotator"}).exitCode, 0);
    }

    void cleanupTestCase() { m_postgres.reset(); }

    void eventsPokeOnEveryNode()
    {
        Server one(m_db), two(m_db);
        QVERIFY2(one.port(), qPrintable(one.error()));
        QVERIFY2(two.port(), qPrintable(two.error()));
        const QString ann = login(one, "ann");
        QVERIFY(!ann.isEmpty());
        const QString path = QStringLiteral("/v1/projects/%1/events").arg(m_project);
        Listener here(one.wsUrl() + path, ann), there(two.wsUrl() + path, ann);
        // The counter at once.
        QVERIFY(here.heard(0));
        QVERIFY(there.heard(0));
        const qint64 start = here.heads.back();
        // A push through node one: its listener hears at once, node two's within a second.
        Http h(one.url());
        h.setToken(ann);
        const HttpAnswer a =
            h.post(QStringLiteral("/v1/projects/%1/push").arg(m_project),
                   onePush(QStringLiteral("ann-ev"), 1, QStringLiteral("track:0/1")));
        QVERIFY2(a.status == 200, a.body.constData());
        QVERIFY(here.heard(start + 1, 1000));
        QVERIFY(there.heard(start + 1, 2000));
        // And the other way round.
        Http h2(two.url());
        h2.setToken(ann);
        QCOMPARE(h2.post(QStringLiteral("/v1/projects/%1/push").arg(m_project),
                         onePush(QStringLiteral("ann-ev"), 2, QStringLiteral("track:0/2")))
                     .status,
                 200);
        QVERIFY(there.heard(start + 2, 1000));
        QVERIFY(here.heard(start + 2, 2000));
        // Heads only grow.
        QVERIFY(std::is_sorted(here.heads.begin(), here.heads.end()));
        const HttpAnswer metrics = Http(one.url()).get(QStringLiteral("/v1/metrics"));
        QVERIFY2(metrics.body.contains("loupe_websockets_open 1"), metrics.body.constData());
    }

    void strangersGetNoEvents()
    {
        Server one(m_db);
        QVERIFY2(one.port(), qPrintable(one.error()));
        const QString bee = login(one, "bee");
        QVERIFY(!bee.isEmpty());
        const QString path = QStringLiteral("/v1/projects/%1/events").arg(m_project);
        Listener nobody(one.wsUrl() + path, QString()), stranger(one.wsUrl() + path, bee);
        QVERIFY(QTest::qWaitFor([&] { return nobody.closed && stranger.closed; }, 5000));
        QVERIFY(nobody.heads.empty());
        QVERIFY(stranger.heads.empty());
        // The upgrade was answered with the HTTP refusal.
        QVERIFY2(nobody.socket.errorString().contains(QStringLiteral("401")),
                 qPrintable(nobody.socket.errorString()));
        QVERIFY2(stranger.socket.errorString().contains(QStringLiteral("404")),
                 qPrintable(stranger.socket.errorString()));
    }

    void httpsAndWss()
    {
        // A certificate for 127.0.0.1, made here.
        const QString cert = m_dir.filePath(QStringLiteral("cert.pem")),
                      key = m_dir.filePath(QStringLiteral("key.pem"));
        const ProcessResult made =
            run(QStringLiteral("openssl"),
                {"req", "-x509", "-newkey", "rsa:2048", "-nodes", "-keyout", key, "-out", cert,
                 "-days", "1", "-subj", "/CN=127.0.0.1", "-addext", "subjectAltName=IP:127.0.0.1"});
        QVERIFY2(made.exitCode == 0, made.err.constData());
        QFile pem(cert);
        QVERIFY(pem.open(QIODevice::ReadOnly));
        const QSslCertificate certificate(&pem, QSsl::Pem);
        QVERIFY(!certificate.isNull());

        Server secure(m_db, 2, {"--tls-cert", cert, "--tls-key", key});
        QVERIFY2(secure.port(), qPrintable(secure.error()));
        Http h(secure.httpsUrl());
        h.trust(certificate);
        const HttpAnswer health = h.get(QStringLiteral("/v1/health"));
        QVERIFY2(health.status == 200, health.body.constData());
        const HttpAnswer signedIn = h.post(
            QStringLiteral("/v1/login"),
            QJsonObject{{"user", "ann"}, {"password", "password-of-ann"}, {"device", "tls"}});
        QCOMPARE(signedIn.status, 200);
        const QString token = signedIn.json()["token"].toString();
        // Without trusting the certificate: refused by the client, nothing sent.
        QCOMPARE(Http(secure.httpsUrl()).get(QStringLiteral("/v1/health")).status, 0);
        // Plain HTTP to the TLS port: no answer.
        QCOMPARE(Http(secure.url()).get(QStringLiteral("/v1/health")).status, 0);
        // WSS.
        Listener wss(QStringLiteral("wss://127.0.0.1:%1/v1/projects/%2/events")
                         .arg(secure.port())
                         .arg(m_project),
                     token, certificate);
        QVERIFY(wss.heard(0));
        // A key that is not there: said, and the server does not start.
        Server broken(m_db, 2, {"--tls-cert", cert, "--tls-key", m_dir.filePath("missing.pem")});
        QCOMPARE(broken.port(), quint16(0));
        QVERIFY2(broken.error().contains(QStringLiteral("missing.pem")),
                 qPrintable(broken.error()));
    }
};

QTEST_GUILESS_MAIN(TestServerEvents)
#include "tst_serverevents.moc"
