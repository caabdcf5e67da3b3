#include "server/push.h"

#include "server/db.h"
#include "server/refused.h"
#include "server/service.h"

#include <map>
#include <set>

namespace loupe::server {

namespace {

constexpr std::size_t kRowsPerStatement = 200;

/// "$2, $3, …" for `count` values after the first `first - 1`.
std::string placeholders(std::size_t first, std::size_t count)
{
    std::string out;
    for (std::size_t i = 0; i < count; ++i)
        out += (i ? ", $" : "$") + std::to_string(first + i);
    return out;
}

/// Runs "PREFIX (…), (…)" for `rows` of `columns` values, a few hundred rows a statement.
void insertRows(Db &db, const std::string &prefix, std::size_t columns,
                const std::vector<Value> &values, const std::string &suffix = {})
{
    const std::size_t rows = values.size() / columns;
    for (std::size_t start = 0; start < rows; start += kRowsPerStatement) {
        const std::size_t n = std::min(kRowsPerStatement, rows - start);
        std::string sql = prefix;
        for (std::size_t r = 0; r < n; ++r)
            sql += (r ? ", (" : " (") + placeholders(r * columns + 1, columns) + ")";
        db.query(sql + suffix,
                 std::vector<Value>(values.begin() + std::ptrdiff_t(start * columns),
                                    values.begin() + std::ptrdiff_t((start + n) * columns)));
    }
}

/// Rows of "SELECT … WHERE project_id = $1 AND COLUMN IN (…)", a few hundred keys at a time.
std::vector<Row> selectIn(Db &db, const std::string &select, std::int64_t project,
                          const std::set<std::string> &keys)
{
    std::vector<Row> out;
    std::vector<std::string> all(keys.begin(), keys.end());
    for (std::size_t start = 0; start < all.size(); start += kRowsPerStatement) {
        const std::size_t n = std::min(kRowsPerStatement, all.size() - start);
        std::vector<Value> params{project};
        for (std::size_t i = 0; i < n; ++i)
            params.emplace_back(all[start + i]);
        auto rows = db.query(select + " IN (" + placeholders(2, n) + ")", params);
        out.insert(out.end(), std::make_move_iterator(rows.begin()),
                   std::make_move_iterator(rows.end()));
    }
    return out;
}

struct Revision {
    std::int64_t rev = 0;  ///< 0: the object does not exist
    std::string client;    ///< who made it
    std::int64_t base = 0; ///< from which revision
};

struct KnownOp {
    std::string client;
    std::int64_t seq = 0, change = 0;
    std::string status;
};

} // namespace

protocol::PushReply applyPush(Db &db, std::int64_t project, std::int64_t user,
                              const protocol::Push &in, PushCounts &counts)
{
    protocol::PushReply reply;
    std::int64_t counter = asInt(db.query(
        "SELECT change_counter FROM projects WHERE id = $1" + db.forUpdate(), {project})[0][0]);
    const auto client = db.query("SELECT user_id, last_seq FROM clients WHERE project_id = $1 AND "
                                 "client_id = $2",
                                 {project, in.client});
    if (!client.empty() && asInt(client[0][0]) != user)
        throw Refused{403, "client id \"" + in.client + "\" belongs to another user"};
    std::int64_t last = client.empty() ? 0 : asInt(client[0][1]);

    // What the push refers to, read at once: its operations if sent before, the objects'
    // revisions, the blobs.
    std::set<std::string> opIds, objects, blobs;
    for (const protocol::Operation &op : in.ops) {
        opIds.insert(op.id);
        objects.insert(op.object);
        blobs.insert(op.blobs.begin(), op.blobs.end());
    }
    std::map<std::string, KnownOp> known;
    for (const Row &r : selectIn(db,
                                 "SELECT op_id, client_id, seq, change_no, conflict FROM "
                                 "changes WHERE project_id = $1 AND op_id",
                                 project, opIds))
        known[asText(r[0])] = {asText(r[1]), asInt(r[2]), asInt(r[3]),
                               asInt(r[4]) ? "conflict" : "applied"};
    // Each object's revision, and who made it from what.
    std::map<std::string, Revision> revs;
    for (const Row &r : selectIn(db,
                                 "SELECT o.object, o.rev, c.client_id, c.base_rev FROM objects o "
                                 "JOIN changes c ON c.project_id = o.project_id AND c.change_no "
                                 "= o.rev WHERE o.project_id = $1 AND o.object",
                                 project, objects))
        revs[asText(r[0])] = {asInt(r[1]), asText(r[2]), asInt(r[3])};
    std::set<std::string> present;
    for (const Row &r :
         selectIn(db, "SELECT sha256 FROM blobs WHERE project_id = $1 AND sha256", project, blobs))
        present.insert(asText(r[0]));

    const std::int64_t time = now();
    std::vector<Value> changeRows, conflictRows;
    struct ObjectState {
        std::int64_t rev;
        bool deleted;
    };
    std::map<std::string, ObjectState> objectRows; ///< the last state of each object set
    std::set<std::int64_t> resolvedHere;
    for (std::size_t i = 0; i < in.ops.size(); ++i) {
        const protocol::Operation &op = in.ops[i];
        const std::string where = "ops[" + std::to_string(i) + "]";
        const auto k = known.find(op.id);
        if (op.seq <= last) {
            // Sent before: answered from what was done then, nothing applied again.
            if (k == known.end() || k->second.client != in.client || k->second.seq != op.seq)
                throw Refused{409, where + ": sequence number " + std::to_string(op.seq) +
                                       " of this client was used by another operation"};
            reply.results.push_back({op.id, op.seq, k->second.status, k->second.change, true});
            ++counts.replayed;
            continue;
        }
        if (op.seq != last + 1)
            throw Refused{409, where + ": sequence number " + std::to_string(op.seq) +
                                   " leaves a gap; the server expects " + std::to_string(last + 1) +
                                   " next from this client"};
        if (k != known.end())
            throw Refused{409, where + ": operation id \"" + op.id +
                                   "\" was used before with another sequence number"};
        for (const std::string &blob : op.blobs)
            if (!present.count(blob))
                throw Refused{422,
                              where + ": blob " + blob + " was never uploaded; upload it first"};
        const Revision current = revs.count(op.object) ? revs[op.object] : Revision{};
        const std::int64_t rev = current.rev;
        const std::int64_t change = ++counter;
        // Made from the current revision, or on top of this client's own last edit of the
        // object, made from the same revision (edits queued offline one after another all
        // carry the revision the client knew).
        const bool ownChain = op.kind != protocol::OpKind::Resolve && rev != 0 &&
                              current.client == in.client && current.base == op.baseRev;
        const bool conflict = op.baseRev != rev && !ownChain;
        bool deletes = op.kind == protocol::OpKind::Delete;
        if (op.kind == protocol::OpKind::Resolve) {
            const auto c = db.query("SELECT object, resolved_change FROM conflicts WHERE id = $1 "
                                    "AND project_id = $2",
                                    {op.conflict, project});
            const std::string which = "conflict " + std::to_string(op.conflict);
            if (c.empty())
                throw Refused{404, where + ": no " + which + " in this project"};
            if (asText(c[0][0]) != op.object)
                throw Refused{422, where + ": " + which + " is about " + asText(c[0][0]) +
                                       ", not " + op.object};
            if (!isNull(c[0][1]) || resolvedHere.count(op.conflict))
                throw Refused{409, where + ": " + which + " was resolved already"};
            deletes = op.deleteObject;
            if (!conflict) {
                resolvedHere.insert(op.conflict);
                db.query("UPDATE conflicts SET resolved_change = $1 WHERE id = $2",
                         {change, op.conflict});
            }
        }
        const std::string data = op.data.dump();
        if (conflict) {
            // Made from an old revision: kept for a person to resolve, never dropped.
            for (Value v :
                 std::initializer_list<Value>{project, op.object, op.baseRev, rev, change})
                conflictRows.push_back(std::move(v));
            ++counts.conflicts;
        } else {
            revs[op.object] = {change, in.client, op.baseRev};
            objectRows[op.object] = {change, deletes};
            ++counts.applied;
        }
        const std::string status = conflict ? "conflict" : "applied";
        for (Value v : std::initializer_list<Value>{
                 project, change, op.object, protocol::kindName(op.kind), op.baseRev,
                 std::int64_t(conflict), op.id, in.client, op.seq, user, time, data})
            changeRows.push_back(std::move(v));
        known[op.id] = {in.client, op.seq, change, status};
        reply.results.push_back({op.id, op.seq, status, change, false});
        last = op.seq;
    }

    std::vector<Value> objectValues;
    for (const auto &[object, state] : objectRows)
        for (Value v :
             std::initializer_list<Value>{project, object, state.rev, std::int64_t(state.deleted)})
            objectValues.push_back(std::move(v));
    insertRows(db, "INSERT INTO objects (project_id, object, rev, deleted) VALUES", 4, objectValues,
               " ON CONFLICT (project_id, object) DO UPDATE SET rev = excluded.rev, deleted = "
               "excluded.deleted");
    insertRows(
        db, "INSERT INTO conflicts (project_id, object, base_rev, theirs_rev, mine_change) VALUES",
        5, conflictRows);
    insertRows(db,
               "INSERT INTO changes (project_id, change_no, object, kind, base_rev, conflict, "
               "op_id, client_id, seq, author_id, created_at, data) VALUES",
               12, changeRows);
    db.query("INSERT INTO clients (project_id, client_id, user_id, last_seq) VALUES ($1, $2, $3, "
             "$4) ON CONFLICT (project_id, client_id) DO UPDATE SET last_seq = excluded.last_seq",
             {project, in.client, user, last});
    db.query("UPDATE projects SET change_counter = $1 WHERE id = $2", {counter, project});
    reply.head = counter;
    return reply;
}

} // namespace loupe::server
