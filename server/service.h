#pragma once
// What loupe-server does, apart from HTTP: sign-in, projects, push, pull, blobs, members and
// conflicts, each checked as object → project → membership → role. Every answer is a status
// and a JSON body; a refusal writes nothing.

#include "protocol/protocol.h"
#include "server/db.h"

#include <atomic>
#include <cstdint>
#include <functional>
#include <optional>
#include <string>

namespace loupe::server {

enum class Role { None = 0, Annotator = 1, Reviewer = 2, Admin = 3 };
std::optional<Role> roleFromName(const std::string &name);
std::string roleName(Role role);

/// Who is asking: from a valid device token.
struct Caller {
    std::int64_t userId = 0;
    std::string user;
    std::int64_t tokenId = 0;
};

struct Reply {
    int status = 200;
    protocol::Json body = protocol::Json::object();
    /// When set, sent as is (as `contentType`) instead of the JSON body.
    std::optional<std::string> bytes;
    std::string contentType = "application/octet-stream";
};

/// A 200 answer with `body`.
Reply ok(protocol::Json body);
/// An error answer: {"error": reason}.
Reply refusal(int status, const std::string &reason);

/// Counters for /v1/metrics (this process only).
struct Metrics {
    std::atomic<std::int64_t> requests{0}, refused{0}, pushes{0}, opsApplied{0}, opsConflict{0},
        opsReplayed{0}, logins{0}, loginsFailed{0}, serverErrors{0}, websockets{0};
};

class Service {
public:
    /// `tokenDays`: how long a device token lasts.
    explicit Service(DbPool &pool, int tokenDays = 90);

    Reply health();
    Reply login(const std::string &body);
    /// The caller behind "Bearer TOKEN", when the token is valid, unexpired and unrevoked and
    /// its user enabled.
    std::optional<Caller> authenticate(const std::string &authorization);

    Reply projects(const Caller &caller);
    Reply push(const Caller &caller, std::int64_t project, const std::string &body);
    Reply changes(const Caller &caller, std::int64_t project, std::int64_t since,
                  std::int64_t limit);
    Reply conflicts(const Caller &caller, std::int64_t project);
    Reply putBlob(const Caller &caller, std::int64_t project, const std::string &sha256,
                  const std::string &bytes);
    Reply getBlob(const Caller &caller, std::int64_t project, const std::string &sha256);
    Reply members(const Caller &caller, std::int64_t project);
    Reply addMember(const Caller &caller, std::int64_t project, const std::string &body);
    Reply removeMember(const Caller &caller, std::int64_t project, const std::string &user);
    /// The project's change counter (0 for none): what a WebSocket pokes with.
    std::int64_t head(std::int64_t project);
    /// Whether the caller may read `project` (a member of it, in any role).
    bool isMember(const Caller &caller, std::int64_t project);
    /// Called after each push that applied something, with the project and its new counter.
    void setPushListener(std::function<void(std::int64_t, std::int64_t)> listener)
    {
        m_pushed = std::move(listener);
    }

    Metrics &metrics() { return m_metrics; }

private:
    DbPool &m_pool;
    int m_tokenDays;
    Metrics m_metrics;
    std::function<void(std::int64_t, std::int64_t)> m_pushed;
};

/// Seconds since the epoch.
std::int64_t now();

} // namespace loupe::server
