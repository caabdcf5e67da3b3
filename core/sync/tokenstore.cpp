#include "core/sync/tokenstore.h"

#include <qt6keychain/keychain.h>
#include <sodium.h>

#include <QCoreApplication>
#include <QDir>
#include <QEventLoop>
#include <QFile>
#include <QJsonDocument>
#include <QJsonObject>
#include <QSaveFile>
#include <QTimer>

namespace loupe::sync {

namespace {

/// Runs a keychain job to its end (at most 5 s: a desktop without a Secret Service may not
/// answer); its error, NoError when it worked.
/// Runs a keychain job (made with new) to its end, at most 5 s (a desktop without a Secret
/// Service may not answer), then disposes of it; `read` is called with it while it lives.
/// Its error, NoError when it worked.
template <typename Job, typename Read>
QKeychain::Error runJob(Job *job, Read read)
{
    QEventLoop loop;
    bool finished = false;
    QObject::connect(job, &QKeychain::Job::finished, &loop, [&] {
        finished = true;
        loop.quit();
    });
    QTimer::singleShot(5000, &loop, &QEventLoop::quit);
    job->setAutoDelete(false);
    job->start();
    if (!finished)
        loop.exec();
    if (!finished) {
        job->setAutoDelete(true); // still running: it goes when it ends
        return QKeychain::OtherError;
    }
    const QKeychain::Error error = job->error();
    read(*job);
    // The job's own posted events are handled while it lives (this thread is reused: a late
    // one would reach a dead object), then it goes.
    QCoreApplication::sendPostedEvents();
    delete job;
    QCoreApplication::sendPostedEvents();
    return error;
}

bool ownerOnly(const QString &path)
{
    return QFile::setPermissions(path, QFileDevice::ReadOwner | QFileDevice::WriteOwner);
}

} // namespace

TokenStore::TokenStore(QString folder, QString service)
    : m_folder(std::move(folder)), m_service(std::move(service))
{
    if (sodium_init() < 0)
        qWarning("Loupe: libsodium could not start; kept sign-ins cannot be read");
}

QString TokenStore::filePath() const
{
    return QDir(m_folder).filePath(QStringLiteral("tokens.sealed"));
}

QString TokenStore::keyPath() const
{
    return QDir(m_folder).filePath(QStringLiteral("tokens.key"));
}

Result<QByteArray> TokenStore::fileKey(bool create)
{
    QFile file(keyPath());
    if (file.open(QIODevice::ReadOnly)) {
        const QByteArray key = file.readAll();
        if (key.size() != crypto_secretbox_KEYBYTES)
            return Error{QObject::tr("The key file \"%1\" is damaged; remove it and sign in "
                                     "again.")
                             .arg(keyPath())};
        return key;
    }
    if (!create)
        return QByteArray();
    if (!QDir().mkpath(m_folder))
        return Error{QObject::tr("Cannot create \"%1\" to keep the sign-in.").arg(m_folder)};
    QByteArray key(crypto_secretbox_KEYBYTES, '\0');
    randombytes_buf(key.data(), std::size_t(key.size()));
    QSaveFile out(keyPath());
    if (!out.open(QIODevice::WriteOnly) || out.write(key) != key.size() || !out.commit())
        return Error{QObject::tr("Cannot write \"%1\": %2").arg(keyPath(), out.errorString())};
    ownerOnly(keyPath());
    return key;
}

Result<void> TokenStore::save(const QString &account, const QString &token)
{
    if (m_useKeychain) {
        auto *job = new QKeychain::WritePasswordJob(m_service);
        job->setKey(account);
        job->setTextData(token);
        if (runJob(job, [](const QKeychain::Job &) {}) == QKeychain::NoError) {
            m_lastPlace = QStringLiteral("keychain");
            return {};
        }
    }
    Result<QByteArray> key = fileKey(true);
    if (!key.ok())
        return key.error();
    QJsonObject all;
    if (QFile in(filePath()); in.open(QIODevice::ReadOnly))
        all = QJsonDocument::fromJson(in.readAll()).object();
    QByteArray sealed(
        crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES + token.toUtf8().size(), '\0');
    auto *nonce = reinterpret_cast<unsigned char *>(sealed.data());
    randombytes_buf(nonce, crypto_secretbox_NONCEBYTES);
    const QByteArray plain = token.toUtf8();
    crypto_secretbox_easy(nonce + crypto_secretbox_NONCEBYTES,
                          reinterpret_cast<const unsigned char *>(plain.constData()),
                          std::size_t(plain.size()), nonce,
                          reinterpret_cast<const unsigned char *>(key->constData()));
    all[account] = QString::fromLatin1(sealed.toBase64());
    QSaveFile out(filePath());
    const QByteArray bytes = QJsonDocument(all).toJson();
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
        return Error{QObject::tr("Cannot write \"%1\": %2").arg(filePath(), out.errorString())};
    ownerOnly(filePath());
    m_lastPlace = QStringLiteral("encrypted file");
    return {};
}

Result<QString> TokenStore::load(const QString &account)
{
    if (m_useKeychain) {
        auto *job = new QKeychain::ReadPasswordJob(m_service);
        job->setKey(account);
        QString text;
        if (runJob(job, [&](const QKeychain::ReadPasswordJob &j) { text = j.textData(); }) ==
            QKeychain::NoError) {
            m_lastPlace = QStringLiteral("keychain");
            return text;
        }
    }
    m_lastPlace = QStringLiteral("encrypted file");
    QFile in(filePath());
    if (!in.open(QIODevice::ReadOnly))
        return QString();
    const QJsonObject all = QJsonDocument::fromJson(in.readAll()).object();
    if (!all.contains(account))
        return QString();
    Result<QByteArray> key = fileKey(false);
    if (!key.ok())
        return key.error();
    const QByteArray sealed = QByteArray::fromBase64(all[account].toString().toLatin1());
    const qsizetype overhead = crypto_secretbox_NONCEBYTES + crypto_secretbox_MACBYTES;
    QByteArray plain(std::max<qsizetype>(0, sealed.size() - overhead), '\0');
    const auto *nonce = reinterpret_cast<const unsigned char *>(sealed.constData());
    if (key->isEmpty() || sealed.size() < overhead ||
        crypto_secretbox_open_easy(reinterpret_cast<unsigned char *>(plain.data()),
                                   nonce + crypto_secretbox_NONCEBYTES,
                                   std::size_t(sealed.size() - crypto_secretbox_NONCEBYTES), nonce,
                                   reinterpret_cast<const unsigned char *>(key->constData())) != 0)
        return Error{QObject::tr("The kept sign-in in \"%1\" cannot be read (damaged, or its key "
                                 "is gone). Sign in again.")
                         .arg(filePath())};
    return QString::fromUtf8(plain);
}

Result<void> TokenStore::remove(const QString &account)
{
    if (m_useKeychain) {
        auto *job = new QKeychain::DeletePasswordJob(m_service);
        job->setKey(account);
        (void)runJob(job, [](const QKeychain::Job &) {});
    }
    QFile in(filePath());
    if (!in.open(QIODevice::ReadOnly))
        return {};
    QJsonObject all = QJsonDocument::fromJson(in.readAll()).object();
    in.close();
    if (!all.contains(account))
        return {};
    all.remove(account);
    QSaveFile out(filePath());
    const QByteArray bytes = QJsonDocument(all).toJson();
    if (!out.open(QIODevice::WriteOnly) || out.write(bytes) != bytes.size() || !out.commit())
        return Error{QObject::tr("Cannot write \"%1\": %2").arg(filePath(), out.errorString())};
    return {};
}

} // namespace loupe::sync
