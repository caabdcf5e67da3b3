#pragma once

#include "core/result.h"
#include "core/store/operation.h"

#include <QByteArray>
#include <QString>
#include <QStringList>

#include <limits>
#include <memory>
#include <optional>
#include <vector>

namespace loupe::store {

class Database;

/// A dataset the workspace has seen: where it was, what it is, and its content fingerprint,
/// by which it is found again after its folder moved.
struct DatasetRecord {
    qint64 id = 0;
    QString location; ///< path or URL
    QString kind;     ///< "volume", "sequence"
    QString fingerprint;
    QByteArray metadata = "{}"; ///< JSON
    qint64 openedNs = 0;        ///< when last opened (ms since the epoch × 10⁶)
};

/// The current state of one thing in a label document (the last operation on its key).
struct Entry {
    QString key;
    QString kind;
    QByteArray json;
    QString blobHash; ///< empty when none
    qint64 seq = 0;   ///< of the operation that wrote it
};

/// One operation as the outbox holds it.
struct OutboxRow {
    qint64 seq = 0;
    Operation op;
    QString blobHash;
    bool pushed = false;
    qint64 baseRev = 0; ///< the server revision it was made from (0: new to the server)
};

/// What `loupe-cli workspace info` prints.
struct WorkspaceInfo {
    int schemaVersion = 0;
    qint64 datasets = 0, documents = 0, entries = 0, blobs = 0, blobBytes = 0, operations = 0,
           unpushed = 0;
    qint64 fileBytes = 0;
    QString clientId;
};

/// The local store: one SQLite database (WAL, synchronous=FULL) holding the datasets seen,
/// their label documents (as entries written by operations), view states, and the outbox of
/// every operation in order. One Workspace object per thread; writes go through commit(), in
/// one transaction with their outbox rows.
class Workspace {
public:
    enum class Access { ReadWrite, ReadOnly };
    /// Opens (creating it when missing and `access` is ReadWrite) the workspace at `path`,
    /// migrating an older one. A newer, damaged or foreign file is refused and left as it is.
    static Result<std::unique_ptr<Workspace>> open(const QString &path,
                                                   Access access = Access::ReadWrite);
    /// The default place: workspace.loupe-ws in the user's data folder for Loupe.
    static QString defaultPath();
    /// The folder beside the workspace at `path` where readers keep what they derive from
    /// the data (keyframe indexes): "labels.loupe-ws" → "labels.loupe-cache".
    static QString cacheFolderOf(const QString &path);
    ~Workspace();
    Workspace(const Workspace &) = delete;
    Workspace &operator=(const Workspace &) = delete;

    const QString &path() const { return m_path; }
    bool isReadOnly() const { return m_access == Access::ReadOnly; }
    /// Whether the session before this one ended without closing the workspace (a crash, a
    /// kill, a power cut). Known once, at open.
    bool previousSessionCrashed() const { return m_crashed; }
    int migratedFrom() const { return m_migratedFrom; }

    /// Writes the operations (their entries, blobs and outbox rows) in one durable transaction.
    /// Operations whose id is already here are skipped: committing again changes nothing.
    /// Returns the outbox sequence number of the last one written (0 if none was).
    Result<qint64> commit(const std::vector<Operation> &ops);
    /// The entries of `document` whose key starts with `keyPrefix`, in key order.
    Result<std::vector<Entry>> entries(const QString &document,
                                       const QString &keyPrefix = {}) const;
    /// The raw bytes of a blob (checked against its hash).
    Result<QByteArray> blob(const QString &hash) const;
    /// Operations after `afterSeq`, in order, at most `limit`.
    Result<std::vector<OutboxRow>> outbox(qint64 afterSeq, int limit) const;
    Result<bool> hasOperation(const QString &id) const;

    /// Records that `dataset` was opened; its id. A dataset seen before with the same
    /// fingerprint keeps its id and moves to this location.
    Result<qint64> rememberDataset(const DatasetRecord &dataset);
    /// Every dataset, most recently opened first.
    Result<std::vector<DatasetRecord>> datasets() const;
    /// The dataset with that content fingerprint, wherever it was.
    Result<std::optional<DatasetRecord>> findByFingerprint(const QString &fingerprint) const;
    Result<void> setViewState(qint64 dataset, const QByteArray &json);
    Result<QByteArray> viewState(qint64 dataset) const;

    Result<WorkspaceInfo> info() const;
    /// "workspace", or "portable" for a .loupe file (see portable.h).
    QString kind() const;
    Result<void> setKind(const QString &kind);
    /// The connection, for the store's own modules (portable files).
    const Database &database() const { return *m_db; }
    /// SQLite's integrity check and Loupe's own: every blob referenced exists and matches its
    /// hash, every entry's operation exists, the outbox sequence has no gaps. The problems
    /// found, for people (empty: none).
    Result<QStringList> check() const;

    /// Marks the session closed (done by the destructor too); the next open then knows it
    /// was not a crash.
    Result<void> closeCleanly();

private:
    Workspace() = default;
    Result<void> setMeta(const QString &key, const QString &value);
    Result<QString> meta(const QString &key) const;

    std::unique_ptr<Database> m_db;
    struct CommitStatements;                    ///< commit()'s statements, prepared once
    std::unique_ptr<CommitStatements> m_commit; ///< after m_db: finalised before it closes
    QString m_path;
    Access m_access = Access::ReadWrite;
    bool m_crashed = false;
    bool m_closed = false;
    int m_migratedFrom = 0;
};

} // namespace loupe::store
