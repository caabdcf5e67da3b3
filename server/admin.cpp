#include "server/admin.h"

#include "server/auth.h"
#include "server/db.h"
#include "server/service.h"

#include <istream>
#include <ostream>

namespace loupe::server {

namespace {

constexpr const char *kUsage =
    "loupe-server --db URL admin user add|passwd|disable NAME   (password on standard input)\n"
    "loupe-server --db URL admin project add NAME\n"
    "loupe-server --db URL admin member add|remove PROJECT USER [--role "
    "annotator|reviewer|admin]\n"
    "loupe-server --db URL admin token create USER --device NAME\n"
    "loupe-server --db URL admin token revoke ID\n";

/// A password from the first line of `in` (a terminal or a pipe); empty when there is none.
std::string readPassword(std::istream &in)
{
    std::string line;
    std::getline(in, line);
    if (!line.empty() && line.back() == '\r')
        line.pop_back();
    return line;
}

std::int64_t userId(Db &db, const std::string &name)
{
    const auto rows = db.query("SELECT id FROM users WHERE name = $1", {name});
    return rows.empty() ? 0 : asInt(rows[0][0]);
}

/// A project by number or name.
std::int64_t projectId(Db &db, const std::string &key)
{
    auto rows = db.query("SELECT id FROM projects WHERE name = $1", {key});
    if (rows.empty() && !key.empty() && key.find_first_not_of("0123456789") == std::string::npos)
        rows = db.query("SELECT id FROM projects WHERE id = $1", {std::stoll(key)});
    return rows.empty() ? 0 : asInt(rows[0][0]);
}

/// Takes "--name VALUE" out of `args`.
std::string take(std::vector<std::string> &args, const std::string &name)
{
    for (std::size_t i = 0; i + 1 < args.size(); ++i)
        if (args[i] == name) {
            std::string v = args[i + 1];
            args.erase(args.begin() + std::ptrdiff_t(i), args.begin() + std::ptrdiff_t(i) + 2);
            return v;
        }
    return {};
}

} // namespace

int runAdmin(Db &db, const std::vector<std::string> &argsIn, std::istream &in, std::ostream &out,
             std::ostream &err)
{
    std::vector<std::string> args = argsIn;
    const std::string role = take(args, "--role"), device = take(args, "--device");
    const auto usage = [&] {
        err << kUsage;
        return 2;
    };
    if (args.size() < 3)
        return usage();
    const std::string &what = args[0], &verb = args[1], &name = args[2];
    try {
        if (what == "user" && args.size() == 3 && (verb == "add" || verb == "passwd")) {
            const std::string password = readPassword(in);
            if (password.size() < 8) {
                err << "loupe-server admin: give a password of 8 characters or more on standard "
                       "input\n";
                return 2;
            }
            const std::int64_t id = userId(db, name);
            if (verb == "add" && id) {
                err << "loupe-server admin: there is a user \"" << name << "\" already\n";
                return 1;
            }
            if (verb == "passwd" && !id) {
                err << "loupe-server admin: no user \"" << name << "\"\n";
                return 1;
            }
            const std::string hash = hashPassword(password);
            inTransaction(db, [&] {
                if (verb == "add")
                    db.query("INSERT INTO users (name, password_hash, created_at) VALUES ($1, $2, "
                             "$3)",
                             {name, hash, now()});
                else
                    db.query("UPDATE users SET password_hash = $1 WHERE id = $2", {hash, id});
            });
            out << (verb == "add" ? "added user " : "changed the password of ") << name << "\n";
            return 0;
        }
        if (what == "user" && verb == "disable" && args.size() == 3) {
            const std::int64_t id = userId(db, name);
            if (!id) {
                err << "loupe-server admin: no user \"" << name << "\"\n";
                return 1;
            }
            inTransaction(db, [&] {
                db.query("UPDATE users SET disabled = 1 WHERE id = $1", {id});
                db.query("UPDATE tokens SET revoked = 1 WHERE user_id = $1", {id});
            });
            out << "disabled " << name << " and revoked their tokens\n";
            return 0;
        }
        if (what == "project" && verb == "add" && args.size() == 3) {
            if (projectId(db, name)) {
                err << "loupe-server admin: there is a project \"" << name << "\" already\n";
                return 1;
            }
            const std::int64_t id = inTransaction(db, [&] {
                return asInt(db.query("INSERT INTO projects (name, created_at) VALUES ($1, $2) "
                                      "RETURNING id",
                                      {name, now()})[0][0]);
            });
            out << "added project " << name << " (" << id << ")\n";
            return 0;
        }
        if (what == "member" && (verb == "add" || verb == "remove") && args.size() == 4) {
            const std::int64_t project = projectId(db, name), user = userId(db, args[3]);
            if (!project || !user) {
                err << "loupe-server admin: no "
                    << (project ? "user \"" + args[3] : "project \"" + name) << "\"\n";
                return 1;
            }
            if (verb == "remove") {
                inTransaction(db, [&] {
                    db.query("DELETE FROM members WHERE project_id = $1 AND user_id = $2",
                             {project, user});
                });
                out << "removed " << args[3] << " from " << name << "\n";
                return 0;
            }
            if (!roleFromName(role)) {
                err << "loupe-server admin: give --role annotator, reviewer or admin\n";
                return 2;
            }
            inTransaction(db, [&] {
                db.query("INSERT INTO members (project_id, user_id, role) VALUES ($1, $2, $3) ON "
                         "CONFLICT (project_id, user_id) DO UPDATE SET role = excluded.role",
                         {project, user, role});
            });
            out << args[3] << " is " << role << " in " << name << "\n";
            return 0;
        }
        if (what == "token" && verb == "create" && args.size() == 3) {
            const std::int64_t user = userId(db, name);
            if (!user || device.empty()) {
                err << (user ? "loupe-server admin: give --device NAME\n"
                             : "loupe-server admin: no user \"" + name + "\"\n");
                return user ? 2 : 1;
            }
            const std::string token = newToken();
            const std::int64_t id = inTransaction(db, [&] {
                db.query("UPDATE tokens SET revoked = 1 WHERE user_id = $1 AND device = $2",
                         {user, device});
                return asInt(
                    db.query("INSERT INTO tokens (user_id, device, token_hash, "
                             "created_at, expires_at) VALUES ($1, $2, $3, $4, $5) "
                             "RETURNING id",
                             {user, device, tokenHash(token), now(), now() + 90 * 86400})[0][0]);
            });
            // Shown this once; the server keeps only its hash.
            out << token << "\n";
            err << "token " << id << " for " << name << " on " << device
                << " (shown once; it lasts 90 days)\n";
            return 0;
        }
        if (what == "token" && verb == "revoke" && args.size() == 3) {
            const auto rows = inTransaction(db, [&] {
                return db.query("UPDATE tokens SET revoked = 1 WHERE id = $1 RETURNING id",
                                {std::int64_t(std::stoll(name))});
            });
            if (rows.empty()) {
                err << "loupe-server admin: no token " << name << "\n";
                return 1;
            }
            out << "revoked token " << name << "\n";
            return 0;
        }
    } catch (const std::invalid_argument &) {
        err << "loupe-server admin: \"" << name << "\" is not a number\n";
        return 2;
    }
    return usage();
}

} // namespace loupe::server
