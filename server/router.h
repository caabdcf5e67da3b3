#pragma once
// Which Service call answers a request: the /v1/ endpoints, the token check, and the
// parameters taken from the path and the query. No I/O of its own.

#include "server/service.h"

#include <cstdint>
#include <optional>
#include <string>
#include <vector>

namespace loupe::server {

struct Request {
    std::string method; ///< "GET", "POST", …
    std::string target; ///< path and query, as sent
    std::string authorization;
    std::string body;
};

Reply route(Service &service, const Request &request);

/// "/v1/projects/7/push?x=1" → {"v1", "projects", "7", "push"}, and "x=1" into `query`.
std::vector<std::string> pathSegments(const std::string &target, std::string &query);
/// A whole number ≥ 0 written in full, else nothing.
std::optional<std::int64_t> wholeNumber(const std::string &text);
/// The project a WebSocket at /v1/projects/{id}/events is about, when that is the target.
std::optional<std::int64_t> eventsProject(const std::string &target);

} // namespace loupe::server
