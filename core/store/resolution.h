#pragma once
// Resolving a conflict is an edit like any other: the operations below are committed to the
// workspace, each marked with the conflict it resolves, and pushed as `resolve` operations
// (see docs/sync-protocol.md).

#include "core/result.h"
#include "core/store/operation.h"
#include "core/store/syncstate.h"

#include <vector>

namespace loupe::store {

class Workspace;

enum class Resolution {
    Current, ///< theirs: the thing as it is on the server
    Kept,    ///< mine: the edit kept in the conflict
    Both,    ///< a track: the current one stays, and the kept edit becomes a new track
    Union,   ///< a label brick: every voxel labelled in either, the current label where both are
};

/// Whether `resolution` suits a conflict of the thing `key` ("track/…", "brick/…", …).
bool canResolve(const QString &key, Resolution resolution);

/// The operations that resolve `conflicts` as chosen. For Both, they must all be of one track
/// (its header and keyframes): the new track (an id of `idOrigin`, see trackIdOrigin) holds
/// the current track with every kept edit, and each conflict is resolved as Current. Errors
/// say why nothing can be done (a kept edit not pulled yet, a choice that does not suit).
Result<std::vector<Operation>> resolve(const Workspace &workspace,
                                       const std::vector<Conflict> &conflicts,
                                       Resolution resolution, qint64 idOrigin);

} // namespace loupe::store
