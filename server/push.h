#pragma once
// One push, applied inside the caller's write transaction: the rules of docs/sync-protocol.md
// (order per client, replays answered, gaps refused, blobs first, old revisions kept as
// conflicts). Reads and writes in a few statements whatever the batch size.

#include "protocol/protocol.h"

#include <cstdint>

namespace loupe::server {

class Db;

struct PushCounts {
    std::int64_t applied = 0, conflicts = 0, replayed = 0;
};

/// Applies `push` by `user` to `project`; throws Refused (nothing must then be committed).
protocol::PushReply applyPush(Db &db, std::int64_t project, std::int64_t user,
                              const protocol::Push &push, PushCounts &counts);

} // namespace loupe::server
