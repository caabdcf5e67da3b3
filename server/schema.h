#pragma once
// The server's tables, for each back end. Times are Unix seconds; revisions and change numbers
// are a project's change counter (the `changes` row that set them).
//
//   users      name, argon2id hash, disabled, failed logins and a lock for login attempts
//   tokens     one per device: the SHA-256 of the token (never the token), expiry, revocation
//   projects   name and the change counter, bumped in each push's transaction
//   members    a user's role in a project: annotator, reviewer or admin
//   clients    each client's last applied sequence number in a project
//   objects    each label object's current revision (its data is that change's)
//   changes    every change in order: what `changes since N` returns, conflicts included;
//              by operation id and client sequence number, what replays are answered from
//   conflicts  an edit made from an old revision: the object, both sides, and its resolution
//   blobs      content by SHA-256, per project

#include <string>

namespace loupe::server {

/// Statements that create every table and index missing; `postgres` picks the dialect.
std::string schemaSql(bool postgres);

} // namespace loupe::server
