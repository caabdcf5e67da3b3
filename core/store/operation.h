#pragma once

#include <QByteArray>
#include <QString>

namespace loupe::store {

/// One edit as the store keeps it and the sync client pushes it: the new state of one thing in
/// one label document. Operations are state, not deltas, so replaying one twice changes
/// nothing more.
struct Operation {
    QString id;       ///< made by the client, unique everywhere (a UUID)
    QString document; ///< the label document it edits ("ct-3/labels")
    /// What it does, "<thing>.put" or "<thing>.delete": segment, brick, track, keyframe,
    /// attribute, schema.
    QString kind;
    QString key;     ///< what it changes in the document ("segment/2", "brick/1/0/3/5")
    QByteArray json; ///< the new state (UTF-8 JSON); empty for a delete
    QByteArray blob; ///< raw bytes that go with it (a brick's labels); null when none
    /// The server's conflict this edit resolves (0: none): pushed as a `resolve`.
    qint64 resolves = 0;

    bool isDelete() const { return kind.endsWith(QLatin1String(".delete")); }
};

/// A fresh operation id.
QString newOperationId();

} // namespace loupe::store
