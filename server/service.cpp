#include "server/service.h"

#include "server/auth.h"
#include "server/push.h"
#include "server/refused.h"

#include <chrono>

namespace loupe::server {

using protocol::Json;

namespace {

constexpr int kMaxFailedLogins = 5; ///< then the user is locked for kLockSeconds
constexpr std::int64_t kLockSeconds = 60;

/// The caller's role in `project`; None when not a member (or no such project).
Role roleIn(Db &db, std::int64_t project, std::int64_t user)
{
    const auto rows = db.query("SELECT role FROM members WHERE project_id = $1 AND user_id = $2",
                               {project, user});
    if (rows.empty())
        return Role::None;
    return roleFromName(asText(rows[0][0])).value_or(Role::None);
}

/// The caller's role in `project`; refused unless it is at least `least`. Not a member reads
/// as no such project: ids of other teams' projects say nothing.
Role require(Db &db, std::int64_t project, const Caller &caller, Role least, const char *what)
{
    const Role role = roleIn(db, project, caller.userId);
    if (role == Role::None)
        throw Refused{404, "no project " + std::to_string(project) + " that you are a member of"};
    if (role < least)
        throw Refused{403, std::string(what) + " needs the " + roleName(least) +
                               " role in this project; you are " + roleName(role)};
    return role;
}

template <typename Work>
Reply answer(Metrics &metrics, Work &&work)
{
    try {
        return work();
    } catch (const Refused &r) {
        ++metrics.refused;
        return refusal(r.status, r.reason);
    } catch (const DbError &e) {
        ++metrics.serverErrors;
        std::fprintf(stderr, "loupe-server: database: %s\n", e.what());
        return refusal(503, "the database failed; nothing was written; try again");
    }
}

std::string keyOf(const Row &row, std::size_t i)
{
    return asText(row[i]);
}

} // namespace

std::int64_t now()
{
    return std::chrono::duration_cast<std::chrono::seconds>(
               std::chrono::system_clock::now().time_since_epoch())
        .count();
}

std::optional<Role> roleFromName(const std::string &name)
{
    if (name == "annotator")
        return Role::Annotator;
    if (name == "reviewer")
        return Role::Reviewer;
    if (name == "admin")
        return Role::Admin;
    return std::nullopt;
}

std::string roleName(Role role)
{
    switch (role) {
    case Role::Annotator: return "annotator";
    case Role::Reviewer: return "reviewer";
    case Role::Admin: return "admin";
    case Role::None: break;
    }
    return "not a member";
}

Reply ok(Json body)
{
    Reply r;
    r.body = std::move(body);
    return r;
}

Reply refusal(int status, const std::string &reason)
{
    Reply r;
    r.status = status;
    r.body = Json{{"error", reason}};
    return r;
}

Service::Service(DbPool &pool, int tokenDays) : m_pool(pool), m_tokenDays(tokenDays) {}

Reply Service::health()
{
    return answer(m_metrics, [&] {
        auto db = m_pool.take();
        db->query("SELECT 1");
        return ok(Json{{"status", "ok"}, {"database", db->backend()}});
    });
}

Reply Service::login(const std::string &body)
{
    ++m_metrics.logins;
    const auto json = protocol::parseJson(body);
    if (const auto *e = std::get_if<protocol::ParseError>(&json))
        return refusal(400, e->text());
    const auto parsed = protocol::parseLogin(std::get<Json>(json));
    if (const auto *e = std::get_if<protocol::ParseError>(&parsed))
        return refusal(400, e->text());
    const protocol::Login &in = std::get<protocol::Login>(parsed);
    return answer(m_metrics, [&]() -> Reply {
        auto db = m_pool.take();
        const auto rows = db->query("SELECT id, password_hash, disabled, locked_until FROM users "
                                    "WHERE name = $1",
                                    {in.user});
        // The same answer for a wrong name and a wrong password.
        const Reply wrong = refusal(401, "wrong user name or password");
        if (rows.empty()) {
            (void)checkPassword(in.password, hashPassword("-")); // the same time either way
            ++m_metrics.loginsFailed;
            return wrong;
        }
        const std::int64_t user = asInt(rows[0][0]);
        if (asInt(rows[0][3]) > now())
            return refusal(429, "too many failed sign-ins for this user; wait a minute");
        if (!checkPassword(in.password, asText(rows[0][1]))) {
            ++m_metrics.loginsFailed;
            inTransaction(*db, [&] {
                db->query("UPDATE users SET failed_logins = failed_logins + 1 WHERE id = $1",
                          {user});
                db->query("UPDATE users SET locked_until = $2, failed_logins = 0 WHERE id = $1 "
                          "AND failed_logins >= $3",
                          {user, now() + kLockSeconds, std::int64_t(kMaxFailedLogins)});
            });
            return wrong;
        }
        if (asInt(rows[0][2]))
            return refusal(403, "this user is disabled; ask an administrator");
        const std::string token = newToken();
        const std::int64_t expires = now() + std::int64_t(m_tokenDays) * 86400;
        const std::int64_t id = inTransaction(*db, [&] {
            db->query("UPDATE users SET failed_logins = 0 WHERE id = $1", {user});
            // One token per device: signing in again from it replaces the old one.
            db->query("UPDATE tokens SET revoked = 1 WHERE user_id = $1 AND device = $2",
                      {user, in.device});
            return asInt(db->query("INSERT INTO tokens (user_id, device, token_hash, created_at, "
                                   "expires_at) VALUES ($1, $2, $3, $4, $5) RETURNING id",
                                   {user, in.device, tokenHash(token), now(), expires})[0][0]);
        });
        return ok(
            Json{{"token", token}, {"token_id", id}, {"user", in.user}, {"expires", expires}});
    });
}

std::optional<Caller> Service::authenticate(const std::string &authorization)
{
    static const std::string prefix = "Bearer ";
    if (authorization.rfind(prefix, 0) != 0)
        return std::nullopt;
    const std::string token = authorization.substr(prefix.size());
    if (token.size() != 64)
        return std::nullopt;
    try {
        auto db = m_pool.take();
        const std::string hash = tokenHash(token);
        const auto rows = db->query(
            "SELECT t.id, t.user_id, u.name, t.token_hash FROM tokens t JOIN users u ON "
            "u.id = t.user_id WHERE t.token_hash = $1 AND t.revoked = 0 AND t.expires_at > $2 "
            "AND u.disabled = 0",
            {hash, now()});
        if (rows.empty() || !sameSecret(asText(rows[0][3]), hash))
            return std::nullopt;
        return Caller{asInt(rows[0][1]), asText(rows[0][2]), asInt(rows[0][0])};
    } catch (const DbError &e) {
        std::fprintf(stderr, "loupe-server: database: %s\n", e.what());
        return std::nullopt;
    }
}

Reply Service::projects(const Caller &caller)
{
    return answer(m_metrics, [&] {
        auto db = m_pool.take();
        Json list = Json::array();
        for (const Row &r : db->query("SELECT p.id, p.name, m.role, p.change_counter FROM "
                                      "projects p JOIN members m ON m.project_id = p.id WHERE "
                                      "m.user_id = $1 ORDER BY p.name",
                                      {caller.userId}))
            list.push_back({{"id", asInt(r[0])},
                            {"name", keyOf(r, 1)},
                            {"role", keyOf(r, 2)},
                            {"head", asInt(r[3])}});
        return ok(Json{{"projects", list}});
    });
}

Reply Service::push(const Caller &caller, std::int64_t project, const std::string &body)
{
    ++m_metrics.pushes;
    const auto json = protocol::parseJson(body);
    if (const auto *e = std::get_if<protocol::ParseError>(&json))
        return refusal(400, e->text());
    const auto parsed = protocol::parsePush(std::get<Json>(json));
    if (const auto *e = std::get_if<protocol::ParseError>(&parsed))
        return refusal(400, e->text());
    const protocol::Push &in = std::get<protocol::Push>(parsed);
    return answer(m_metrics, [&] {
        auto db = m_pool.take();
        const bool resolves = std::any_of(in.ops.begin(), in.ops.end(), [](const auto &op) {
            return op.kind == protocol::OpKind::Resolve;
        });
        require(*db, project, caller, resolves ? Role::Reviewer : Role::Annotator,
                resolves ? "Resolving conflicts" : "Editing labels");
        PushCounts counts;
        const protocol::PushReply reply =
            inTransaction(*db, [&] { return applyPush(*db, project, caller.userId, in, counts); });
        const std::int64_t applied = counts.applied, conflicts = counts.conflicts,
                           replayed = counts.replayed;
        m_metrics.opsApplied += applied;
        m_metrics.opsConflict += conflicts;
        m_metrics.opsReplayed += replayed;
        if (m_pushed && applied + conflicts > 0)
            m_pushed(project, reply.head);
        return ok(protocol::toJson(reply));
    });
}

Reply Service::changes(const Caller &caller, std::int64_t project, std::int64_t since,
                       std::int64_t limit)
{
    return answer(m_metrics, [&] {
        auto db = m_pool.take();
        require(*db, project, caller, Role::Annotator, "Reading labels");
        limit = std::clamp<std::int64_t>(limit, 1, 5000);
        protocol::ChangesReply reply;
        reply.head = head(project);
        const auto rows = db->query(
            "SELECT c.change_no, c.object, c.kind, c.base_rev, c.conflict, u.name, c.created_at, "
            "c.op_id, c.client_id, c.data FROM changes c JOIN users u ON u.id = c.author_id "
            "WHERE c.project_id = $1 AND c.change_no > $2 ORDER BY c.change_no LIMIT $3",
            {project, since, limit + 1});
        for (std::size_t i = 0; i < rows.size() && std::int64_t(i) < limit; ++i) {
            const Row &r = rows[i];
            protocol::Change c;
            c.change = asInt(r[0]);
            c.object = keyOf(r, 1);
            const std::string kind = keyOf(r, 2);
            c.kind = kind == "delete"    ? protocol::OpKind::Delete
                     : kind == "resolve" ? protocol::OpKind::Resolve
                                         : protocol::OpKind::Put;
            c.baseRev = asInt(r[3]);
            c.conflict = asInt(r[4]) != 0;
            c.author = keyOf(r, 5);
            c.time = asInt(r[6]);
            c.op = keyOf(r, 7);
            c.client = keyOf(r, 8);
            c.data = Json::parse(keyOf(r, 9));
            reply.changes.push_back(std::move(c));
        }
        reply.more = std::int64_t(rows.size()) > limit;
        return ok(protocol::toJson(reply));
    });
}

Reply Service::conflicts(const Caller &caller, std::int64_t project)
{
    return answer(m_metrics, [&] {
        auto db = m_pool.take();
        const Role role = require(*db, project, caller, Role::Annotator, "Reading conflicts");
        Json list = Json::array();
        for (const Row &r : db->query("SELECT id, object, base_rev, theirs_rev, mine_change, "
                                      "resolved_change FROM conflicts WHERE project_id = $1 "
                                      "ORDER BY id",
                                      {project}))
            list.push_back({{"id", asInt(r[0])},
                            {"object", keyOf(r, 1)},
                            {"base_rev", asInt(r[2])},
                            {"theirs_rev", asInt(r[3])},
                            {"mine_change", asInt(r[4])},
                            {"resolved_change", isNull(r[5]) ? Json() : Json(asInt(r[5]))}});
        // The caller's role says whether they may resolve them.
        return ok(Json{{"conflicts", list}, {"role", roleName(role)}});
    });
}

Reply Service::putBlob(const Caller &caller, std::int64_t project, const std::string &sha256,
                       const std::string &bytes)
{
    return answer(m_metrics, [&] {
        if (!protocol::isSha256(sha256))
            throw Refused{400, "a blob is named by its SHA-256 in 64 lowercase hex digits"};
        if (sha256Hex(bytes) != sha256)
            throw Refused{422, "the blob's content does not have the SHA-256 it is named by"};
        auto db = m_pool.take();
        require(*db, project, caller, Role::Annotator, "Uploading blobs");
        inTransaction(*db, [&] {
            db->query("INSERT INTO blobs (project_id, sha256, size, content) VALUES ($1, $2, $3, "
                      "$4) ON CONFLICT (project_id, sha256) DO NOTHING",
                      {project, sha256, std::int64_t(bytes.size()), Bytes{bytes}});
        });
        return ok(Json{{"sha256", sha256}, {"size", bytes.size()}});
    });
}

Reply Service::getBlob(const Caller &caller, std::int64_t project, const std::string &sha256)
{
    return answer(m_metrics, [&] {
        auto db = m_pool.take();
        require(*db, project, caller, Role::Annotator, "Reading blobs");
        const auto rows = db->query("SELECT content FROM blobs WHERE project_id = $1 AND "
                                    "sha256 = $2",
                                    {project, sha256});
        if (rows.empty())
            throw Refused{404, "no blob " + sha256 + " in this project"};
        Reply r;
        r.bytes = asText(rows[0][0]);
        return r;
    });
}

Reply Service::members(const Caller &caller, std::int64_t project)
{
    return answer(m_metrics, [&] {
        auto db = m_pool.take();
        require(*db, project, caller, Role::Annotator, "Listing members");
        Json list = Json::array();
        for (const Row &r : db->query("SELECT u.name, m.role FROM members m JOIN users u ON "
                                      "u.id = m.user_id WHERE m.project_id = $1 ORDER BY u.name",
                                      {project}))
            list.push_back({{"user", keyOf(r, 0)}, {"role", keyOf(r, 1)}});
        return ok(Json{{"members", list}});
    });
}

Reply Service::addMember(const Caller &caller, std::int64_t project, const std::string &body)
{
    const auto json = protocol::parseJson(body);
    if (const auto *e = std::get_if<protocol::ParseError>(&json))
        return refusal(400, e->text());
    const Json &j = std::get<Json>(json);
    if (!j.is_object() || j.size() != 2 || !j.contains("user") || !j.contains("role") ||
        !j["user"].is_string() || !j["role"].is_string())
        return refusal(400,
                       "give {\"user\": NAME, \"role\": \"annotator\"|\"reviewer\"|\"admin\"}");
    const std::optional<Role> role = roleFromName(j["role"].get<std::string>());
    if (!role)
        return refusal(400, "role: must be annotator, reviewer or admin");
    return answer(m_metrics, [&] {
        auto db = m_pool.take();
        require(*db, project, caller, Role::Admin, "Managing members");
        const auto user =
            db->query("SELECT id FROM users WHERE name = $1", {j["user"].get<std::string>()});
        if (user.empty())
            throw Refused{404, "no user \"" + j["user"].get<std::string>() + "\""};
        inTransaction(*db, [&] {
            db->query("INSERT INTO members (project_id, user_id, role) VALUES ($1, $2, $3) ON "
                      "CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role",
                      {project, asInt(user[0][0]), roleName(*role)});
        });
        return ok(Json{{"user", j["user"]}, {"role", roleName(*role)}});
    });
}

Reply Service::removeMember(const Caller &caller, std::int64_t project, const std::string &user)
{
    return answer(m_metrics, [&] {
        auto db = m_pool.take();
        require(*db, project, caller, Role::Admin, "Managing members");
        const auto removed = inTransaction(*db, [&] {
            return db->query("DELETE FROM members WHERE project_id = $1 AND user_id = (SELECT id "
                             "FROM users WHERE name = $2) RETURNING user_id",
                             {project, user});
        });
        if (removed.empty())
            throw Refused{404, "\"" + user + "\" is not a member of this project"};
        return ok(Json{{"removed", user}});
    });
}

bool Service::isMember(const Caller &caller, std::int64_t project)
{
    auto db = m_pool.take();
    return roleIn(*db, project, caller.userId) != Role::None;
}

std::int64_t Service::head(std::int64_t project)
{
    auto db = m_pool.take();
    const auto rows = db->query("SELECT change_counter FROM projects WHERE id = $1", {project});
    return rows.empty() ? 0 : asInt(rows[0][0]);
}

} // namespace loupe::server
