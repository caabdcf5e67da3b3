#pragma once

#include "core/result.h"

namespace loupe::store {

class Database;

/// The workspace schema this Loupe writes. Older workspaces are migrated when opened; newer
/// ones are refused, untouched.
constexpr int kSchemaVersion = 6;
/// PRAGMA application_id of a Loupe workspace ("LOUP").
constexpr int kApplicationId = 0x4C4F5550;

/// The SQL that creates schema `version` from nothing, one step at a time: step n takes a
/// workspace from version n - 1 to n. Tests build old workspaces with the early steps.
const char *migrationStep(int version);

/// Brings `db` to kSchemaVersion in one transaction: creates an empty one, migrates an older
/// one, refuses (changing nothing) a newer one or a file that is not a Loupe workspace.
/// `migratedFrom` gets the version it had (0: new).
Result<void> prepareSchema(const Database &db, int *migratedFrom = nullptr);

} // namespace loupe::store
