#pragma once
// What the sync client keeps in the workspace besides the outbox: the server's revision of
// each thing as last known (edits record it as the revision they were made from), what the
// server said of pushed operations, changes from others written into the documents, and how
// far the pull has come. See docs/sync-protocol.md.

#include "core/result.h"
#include "core/store/workspace.h"

#include <QByteArray>
#include <QString>

#include <optional>
#include <tuple>
#include <utility>
#include <vector>

namespace loupe::store {

class Workspace;

/// The server's name for a thing of a document: "DOCUMENT#KEY".
QString objectName(const QString &document, const QString &key);
/// Back from objectName; nothing when `object` is not one.
std::optional<std::pair<QString, QString>> splitObject(const QString &object);

/// What the server answered for one pushed operation.
struct PushAck {
    QString opId;
    qint64 change = 0;
    bool conflict = false; ///< kept as a conflict: the server's object did not take it
};

/// Marks the operations pushed, and for those applied makes their change the known revision
/// of their thing, in one transaction. A change of others held back for a thing (see
/// applyRemote) is settled once nothing of ours is queued for it: written when newer than
/// ours on the server, dropped when older. Returns the things so written, as (document, key).
Result<std::vector<std::pair<QString, QString>>> acknowledge(const Workspace &workspace,
                                                             const std::vector<PushAck> &acks);

/// A change pulled from the server.
struct RemoteChange {
    qint64 change = 0;
    QString client; ///< the client that made it
    QString document;
    QString key;
    QString kind;     ///< "track.put", "brick.delete", …
    QByteArray json;  ///< the new state; empty for a delete
    QString blobHash; ///< empty when none
    QByteArray blob;  ///< its bytes (fetched by the caller), when there is one
    bool conflict = false;
    QString author = {}; ///< the user who made it
};

/// Writes others' changes into the documents, in one transaction, and remembers `lastChange`
/// as pulled. A thing with an edit of this workspace still waiting to be pushed keeps the
/// local edit and its known revision for now, and the change is held back (acknowledge()
/// settles it): the workspace ends up with the server's state either way. Changes of this client,
/// and conflicts, change no entry; a conflict's edit is kept aside (see openConflicts).
/// Returns the things written, as (document, key).
Result<std::vector<std::pair<QString, QString>>>
applyRemote(const Workspace &workspace, const std::vector<RemoteChange> &changes,
            qint64 lastChange);

/// Operations not yet pushed, in order, at most `limit`.
Result<std::vector<OutboxRow>> unpushed(const Workspace &workspace, int limit);
/// How many operations wait to be pushed.
Result<qint64> unpushedCount(const Workspace &workspace);

/// The server's revision of a thing as last known (0: none).
Result<qint64> knownRevision(const Workspace &workspace, const QString &document,
                             const QString &key);
/// The last change pulled (0: none yet).
Result<qint64> lastPulled(const Workspace &workspace);

/// A conflict as the server lists it.
struct ConflictRecord {
    qint64 id = 0;
    QString document, key;
    qint64 baseRev = 0, theirsRev = 0, mineChange = 0;
};

/// Replaces the project's open conflicts as last read from the server.
Result<void> setConflicts(const Workspace &workspace, const std::vector<ConflictRecord> &open);

/// One state of a thing: put (`json`, `blobHash`) or deleted.
struct ThingState {
    QString kind; ///< "keyframe.put", "brick.delete", …
    QByteArray json;
    QString blobHash;
    bool isDelete() const { return kind.endsWith(QLatin1String(".delete")); }
};

/// An open conflict, for people to resolve: the edit kept in it, and the thing as it is.
struct Conflict {
    ConflictRecord record;
    std::optional<ThingState> kept; ///< the edit that met a newer revision (none: not pulled yet)
    QString keptAuthor;
    std::optional<ThingState> current; ///< the thing now (none: deleted, or never made)
};

/// The open conflicts no resolution of this workspace waits to be pushed for, by id.
Result<std::vector<Conflict>> openConflicts(const Workspace &workspace);

/// Turns the resolutions waiting to be pushed into plain edits (the server refused them: the
/// user may not resolve): each keeps its state as this user's edit of the thing, and the
/// conflict stays open for a reviewer. Returns how many there were.
Result<qint64> keepResolutionsAsEdits(const Workspace &workspace);

} // namespace loupe::store
