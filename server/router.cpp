#include "server/router.h"

#include <charconv>

namespace loupe::server {

namespace {

/// A query parameter's value (no percent-decoding: Loupe's parameters are numbers).
std::string parameter(const std::string &query, const std::string &name)
{
    std::size_t at = 0;
    while (at < query.size()) {
        const std::size_t end = std::min(query.find('&', at), query.size());
        const std::string pair = query.substr(at, end - at);
        if (pair.rfind(name + "=", 0) == 0)
            return pair.substr(name.size() + 1);
        at = end + 1;
    }
    return {};
}

Reply metricsText(Metrics &m)
{
    std::string text;
    const auto line = [&](const char *name, std::int64_t value) {
        text += std::string("loupe_") + name + " " + std::to_string(value) + "\n";
    };
    line("requests_total", m.requests);
    line("refused_total", m.refused);
    line("server_errors_total", m.serverErrors);
    line("pushes_total", m.pushes);
    line("ops_applied_total", m.opsApplied);
    line("ops_conflict_total", m.opsConflict);
    line("ops_replayed_total", m.opsReplayed);
    line("logins_total", m.logins);
    line("logins_failed_total", m.loginsFailed);
    line("websockets_open", m.websockets);
    Reply r;
    r.bytes = std::move(text);
    r.contentType = "text/plain; version=0.0.4";
    return r;
}

} // namespace

std::vector<std::string> pathSegments(const std::string &target, std::string &query)
{
    const std::size_t q = target.find('?');
    query = q == std::string::npos ? std::string() : target.substr(q + 1);
    std::string_view path = std::string_view(target).substr(0, q);
    std::vector<std::string> out;
    while (!path.empty()) {
        const std::size_t slash = path.find('/');
        if (slash != 0)
            out.emplace_back(path.substr(0, slash));
        if (slash == std::string_view::npos)
            break;
        path.remove_prefix(slash + 1);
    }
    return out;
}

std::optional<std::int64_t> wholeNumber(const std::string &text)
{
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (text.empty() || ec != std::errc() || end != text.data() + text.size() || n < 0)
        return std::nullopt;
    return n;
}

std::optional<std::int64_t> eventsProject(const std::string &target)
{
    std::string query;
    const std::vector<std::string> s = pathSegments(target, query);
    if (s.size() == 4 && s[0] == "v1" && s[1] == "projects" && s[3] == "events")
        return wholeNumber(s[2]);
    return std::nullopt;
}

Reply route(Service &service, const Request &req)
{
    std::string query;
    const std::vector<std::string> s = pathSegments(req.target, query);
    const std::string &verb = req.method;
    if (s.size() < 2 || s[0] != "v1")
        return refusal(404, "no such endpoint; the API is under /v1/");
    if (s.size() == 2 && s[1] == "health" && verb == "GET")
        return service.health();
    if (s.size() == 2 && s[1] == "metrics" && verb == "GET")
        return metricsText(service.metrics());
    if (s.size() == 2 && s[1] == "login")
        return verb == "POST" ? service.login(req.body) : refusal(405, "sign in with POST");
    const std::optional<Caller> caller = service.authenticate(req.authorization);
    if (!caller)
        return refusal(401, "sign in first: a valid device token is needed (Authorization: "
                            "Bearer TOKEN)");
    if (s.size() == 2 && s[1] == "projects" && verb == "GET")
        return service.projects(*caller);
    if (s.size() < 4 || s[1] != "projects")
        return refusal(404, "no such endpoint");
    const std::optional<std::int64_t> project = wholeNumber(s[2]);
    if (!project)
        return refusal(400, "a project is named by its number");
    const std::string &what = s[3];
    if (s.size() == 4 && what == "push" && verb == "POST")
        return service.push(*caller, *project, req.body);
    if (s.size() == 4 && what == "changes" && verb == "GET") {
        const std::string since = parameter(query, "since"), limit = parameter(query, "limit");
        const auto from = since.empty() ? std::optional<std::int64_t>(0) : wholeNumber(since);
        const auto most = limit.empty() ? std::optional<std::int64_t>(1000) : wholeNumber(limit);
        if (!from || !most)
            return refusal(400, "since and limit are whole numbers");
        return service.changes(*caller, *project, *from, *most);
    }
    if (s.size() == 4 && what == "conflicts" && verb == "GET")
        return service.conflicts(*caller, *project);
    if (s.size() == 5 && what == "blobs" && verb == "PUT")
        return service.putBlob(*caller, *project, s[4], req.body);
    if (s.size() == 5 && what == "blobs" && verb == "GET")
        return service.getBlob(*caller, *project, s[4]);
    if (s.size() == 4 && what == "members" && verb == "GET")
        return service.members(*caller, *project);
    if (s.size() == 4 && what == "members" && verb == "POST")
        return service.addMember(*caller, *project, req.body);
    if (s.size() == 5 && what == "members" && verb == "DELETE")
        return service.removeMember(*caller, *project, s[4]);
    if (s.size() == 4 && what == "events")
        return refusal(400, "events is a WebSocket: connect with an Upgrade request");
    return refusal(404, "no such endpoint");
}

} // namespace loupe::server
