#pragma once

#include "core/result.h"

#include <QString>

#include <optional>

namespace loupe::store {

class Workspace;

/// What an export or import did, for people and tests.
struct PortableSummary {
    qint64 operations = 0; ///< written (export) or new to the workspace (import)
    qint64 skipped = 0;    ///< import: already in the workspace (by operation id)
    qint64 datasets = 0;
};

/// Writes a `.loupe` file: a self-contained workspace holding every operation (with its data
/// blocks) and the entries, datasets and view states of the whole workspace, or of one
/// dataset's label documents. Written beside `out` and renamed into place, so a failure
/// leaves no half file.
Result<PortableSummary> exportPortable(const Workspace &workspace, const QString &out,
                                       std::optional<qint64> dataset = std::nullopt);

/// Merges a `.loupe` file into `workspace` by operation id, in one transaction: operations
/// already there are skipped, so importing twice (or a file exported from here) duplicates
/// nothing. A file that is not a `.loupe`, is damaged or cut short is refused whole, before
/// anything is written.
Result<PortableSummary> importPortable(Workspace &workspace, const QString &in);

/// The label documents of a dataset are named after its content fingerprint, so they travel
/// with it between workspaces and machines: "<fingerprint>/<name>".
QString documentOf(const QString &fingerprint, const QString &name = QStringLiteral("labels"));

} // namespace loupe::store
