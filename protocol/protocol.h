#pragma once
// The sync protocol's messages: the one definition the server and the client both use
// (docs/sync-protocol.md describes it for people). JSON through nlohmann-json; no Qt.
//
// Parsing is strict: an unknown field, a wrong type or a value out of range is an error that
// names the JSON path, so a client bug is told at once instead of half-understood.

#include <nlohmann/json.hpp>

#include <cstdint>
#include <optional>
#include <string>
#include <variant>
#include <vector>

namespace loupe::protocol {

using Json = nlohmann::json;

/// Limits both sides keep to.
inline constexpr std::size_t kMaxOpsPerPush = 1000;
inline constexpr std::size_t kMaxIdLength = 64;      ///< op ids, client ids
inline constexpr std::size_t kMaxObjectLength = 512; ///< object names
inline constexpr std::size_t kMaxBlobsPerOp = 64;

/// What went wrong in a message: where (a JSON path such as "ops[3].base_rev") and why.
struct ParseError {
    std::string path;
    std::string message;
    std::string text() const { return path.empty() ? message : path + ": " + message; }
};

template <typename T>
using Parsed = std::variant<T, ParseError>;

enum class OpKind { Put, Delete, Resolve };
std::string kindName(OpKind kind);

/// One edit. `object` names a label object: "track:CAMERA/ID", "tag:…", "brick:VOLUME/SEGMENT/
/// I,J,K" (a label map's brick), …; the server treats names as opaque. `base_rev` is the
/// revision the edit was made from (0: the object is new). `blobs` are the SHA-256s of
/// content the edit refers to, uploaded before the push. A resolve names the conflict it
/// settles and carries the object's resolved state (or deletes it: `delete_object`).
struct Operation {
    std::string id;
    std::int64_t seq = 0;
    OpKind kind = OpKind::Put;
    std::string object;
    std::int64_t baseRev = 0;
    Json data = Json::object();
    std::vector<std::string> blobs;
    std::int64_t conflict = 0; ///< resolve only
    bool deleteObject = false; ///< resolve only: the resolution removes the object
};

/// POST /v1/projects/{project}/push
struct Push {
    std::string client; ///< the client's id (made once per installation and project)
    std::vector<Operation> ops;
};

/// Per operation: applied, or kept as a conflict; `replayed` when the server had it already.
struct OpResult {
    std::string id;
    std::int64_t seq = 0;
    std::string status; ///< "applied" or "conflict"
    std::int64_t change = 0;
    bool replayed = false;
};

struct PushReply {
    std::vector<OpResult> results;
    std::int64_t head = 0; ///< the project's change counter after the push
};

/// One entry of `changes since N`.
struct Change {
    std::int64_t change = 0;
    std::string object;
    OpKind kind = OpKind::Put;
    std::int64_t baseRev = 0;
    bool conflict = false; ///< kept as a conflict: the object did not take it
    std::string author;
    std::int64_t time = 0;
    std::string op;
    std::string client;
    Json data;
};

struct ChangesReply {
    std::vector<Change> changes;
    std::int64_t head = 0;
    bool more = false;
};

struct Login {
    std::string user;
    std::string password;
    std::string device;
};

Parsed<Push> parsePush(const Json &json);
Parsed<Login> parseLogin(const Json &json);
/// Parses text as JSON first (a syntax error says where).
Parsed<Json> parseJson(const std::string &text);

Json toJson(const Operation &op);
Json toJson(const Push &push);
Json toJson(const PushReply &reply);
Json toJson(const Change &change);
Json toJson(const ChangesReply &reply);

Parsed<PushReply> parsePushReply(const Json &json);
Parsed<ChangesReply> parseChangesReply(const Json &json);

/// Whether `s` is 64 lowercase hex digits (a SHA-256).
bool isSha256(const std::string &s);

} // namespace loupe::protocol
