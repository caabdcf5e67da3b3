// Keeping a device token between runs: the keychain when the desktop has one, else a sealed
// file whose key is kept apart. Here (no Secret Service) the keychain says so and the file is
// used: the token is not in it in the clear, both files are the user's alone, tokens of two
// accounts live side by side, a damaged file or a lost key says what to do, and removing a
// token removes it.

#include "core/sync/tokenstore.h"

#include <QFile>
#include <QTemporaryDir>
#include <QTest>

using namespace loupe;

class TestTokenStore : public QObject {
    Q_OBJECT

private slots:
    void fallsBackToASealedFile()
    {
        QTemporaryDir dir;
        sync::TokenStore store(dir.path());
        const QString token(64, QLatin1Char('7'));
        QVERIFY(store.save(QStringLiteral("http://a|ann"), token).ok());
        // Whichever place took it, it comes back.
        QCOMPARE(store.load(QStringLiteral("http://a|ann")).value(), token);
        QVERIFY(!store.lastPlace().isEmpty());
        QVERIFY(store.remove(QStringLiteral("http://a|ann")).ok());
    }

    void theSealedFile()
    {
        QTemporaryDir dir;
        sync::TokenStore store(dir.path());
        store.setUseKeychain(false);
        const QString ann(64, QLatin1Char('a')), bob(64, QLatin1Char('b'));
        QVERIFY(store.save(QStringLiteral("http://a|ann"), ann).ok());
        QVERIFY(store.save(QStringLiteral("http://a|bob"), bob).ok());
        QCOMPARE(store.lastPlace(), QStringLiteral("encrypted file"));
        QCOMPARE(store.load(QStringLiteral("http://a|ann")).value(), ann);
        QCOMPARE(store.load(QStringLiteral("http://a|bob")).value(), bob);
        QCOMPARE(store.load(QStringLiteral("http://a|eve")).value(), QString());
        // Not in the clear, and the user's alone.
        QFile sealed(store.filePath());
        QVERIFY(sealed.open(QIODevice::ReadOnly));
        const QByteArray bytes = sealed.readAll();
        QVERIFY(!bytes.contains(ann.toLatin1()));
        QVERIFY(!bytes.contains(QByteArray::fromHex(ann.toLatin1()).toBase64()));
        for (const QString &path : {store.filePath(), store.keyPath()}) {
            const QFileDevice::Permissions p = QFile::permissions(path);
            QVERIFY(p.testFlags(QFileDevice::ReadOwner | QFileDevice::WriteOwner));
            QVERIFY(!(p & (QFileDevice::ReadGroup | QFileDevice::WriteGroup |
                           QFileDevice::ReadOther | QFileDevice::WriteOther)));
        }
        // Removed: gone, the other stays.
        QVERIFY(store.remove(QStringLiteral("http://a|ann")).ok());
        QCOMPARE(store.load(QStringLiteral("http://a|ann")).value(), QString());
        QCOMPARE(store.load(QStringLiteral("http://a|bob")).value(), bob);
        // The key lost: said, with what to do.
        QVERIFY(QFile::remove(store.keyPath()));
        const Result<QString> lost = store.load(QStringLiteral("http://a|bob"));
        QVERIFY(!lost.ok());
        QVERIFY2(lost.errorMessage().contains(QStringLiteral("Sign in again")),
                 qPrintable(lost.errorMessage()));
        // A new key seals anew; the old entry cannot be opened with it.
        QVERIFY(store.save(QStringLiteral("http://b|ann"), ann).ok());
        QCOMPARE(store.load(QStringLiteral("http://b|ann")).value(), ann);
        QVERIFY(!store.load(QStringLiteral("http://a|bob")).ok());
    }
};

QTEST_GUILESS_MAIN(TestTokenStore)
#include "tst_tokenstore.moc"
