#pragma once
// Where a device token is kept between runs: the OS keychain (qtkeychain), or, where there is
// none (no Secret Service on the desktop, a headless machine), a file encrypted with
// libsodium's secretbox under a key kept in a second file beside it; both readable by the
// user alone. Blocking calls: use them off the UI thread.

#include "core/result.h"

#include <QString>

namespace loupe::sync {

class TokenStore {
public:
    /// `folder`: where the fallback files go (the app data folder). `service`: the keychain's
    /// service name.
    explicit TokenStore(QString folder, QString service = QStringLiteral("Loupe"));

    /// Whether to try the keychain first (tests turn it off to test the file).
    void setUseKeychain(bool use) { m_useKeychain = use; }

    /// Keeps `token` for `account` (such as "https://labels.example.org|ann").
    Result<void> save(const QString &account, const QString &token);
    /// The token kept for `account`; empty when there is none.
    Result<QString> load(const QString &account);
    Result<void> remove(const QString &account);
    /// Where the last save or load went: "keychain" or "encrypted file".
    QString lastPlace() const { return m_lastPlace; }

    QString filePath() const;
    QString keyPath() const;

private:
    Result<QByteArray> fileKey(bool create);

    QString m_folder, m_service, m_lastPlace;
    bool m_useKeychain = true;
};

} // namespace loupe::sync
