#include "protocol/protocol.h"

#include <algorithm>
#include <initializer_list>

namespace loupe::protocol {

namespace {

/// Thrown inside the parsers, caught at their top.
struct Failed {
    ParseError error;
};

[[noreturn]] void fail(const std::string &path, const std::string &message)
{
    throw Failed{{path, message}};
}

std::string at(const std::string &path, const std::string &key)
{
    return path.empty() ? key : path + "." + key;
}

/// An object whose fields are only those listed; `required` among them must be there.
const Json &object(const Json &j, const std::string &path,
                   std::initializer_list<const char *> allowed,
                   std::initializer_list<const char *> required)
{
    if (!j.is_object())
        fail(path, "must be a JSON object");
    for (const auto &item : j.items()) {
        const std::string &key = item.key();
        if (std::none_of(allowed.begin(), allowed.end(), [&](const char *a) { return key == a; }))
            fail(at(path, key), "is not a field this message has");
    }
    for (const char *r : required)
        if (!j.contains(r))
            fail(at(path, r), "is missing");
    return j;
}

std::string text(const Json &j, const std::string &path, const char *key, std::size_t maxLength,
                 bool allowEmpty = false)
{
    if (!j.contains(key))
        return {};
    const Json &v = j.at(key);
    if (!v.is_string())
        fail(at(path, key), "must be a string");
    const std::string s = v.get<std::string>();
    if (!allowEmpty && s.empty())
        fail(at(path, key), "must not be empty");
    if (s.size() > maxLength)
        fail(at(path, key), "is longer than " + std::to_string(maxLength) + " characters");
    return s;
}

std::int64_t integer(const Json &j, const std::string &path, const char *key, std::int64_t min)
{
    if (!j.contains(key))
        return 0;
    const Json &v = j.at(key);
    if (!v.is_number_integer())
        fail(at(path, key), "must be a whole number");
    const std::int64_t n = v.get<std::int64_t>();
    if (n < min)
        fail(at(path, key), "must be at least " + std::to_string(min));
    return n;
}

OpKind kindOf(const std::string &name, const std::string &path)
{
    if (name == "put")
        return OpKind::Put;
    if (name == "delete")
        return OpKind::Delete;
    if (name == "resolve")
        return OpKind::Resolve;
    fail(path, "must be \"put\", \"delete\" or \"resolve\"");
}

Operation operation(const Json &j, const std::string &path)
{
    object(
        j, path,
        {"id", "seq", "kind", "object", "base_rev", "data", "blobs", "conflict", "delete_object"},
        {"id", "seq", "kind", "object", "base_rev"});
    Operation op;
    op.id = text(j, path, "id", kMaxIdLength);
    op.seq = integer(j, path, "seq", 1);
    op.kind = kindOf(text(j, path, "kind", 16), at(path, "kind"));
    op.object = text(j, path, "object", kMaxObjectLength);
    op.baseRev = integer(j, path, "base_rev", 0);
    if (j.contains("data")) {
        if (!j.at("data").is_object())
            fail(at(path, "data"), "must be a JSON object");
        op.data = j.at("data");
    }
    if (j.contains("blobs")) {
        const Json &b = j.at("blobs");
        if (!b.is_array())
            fail(at(path, "blobs"), "must be an array");
        if (b.size() > kMaxBlobsPerOp)
            fail(at(path, "blobs"), "names more than " + std::to_string(kMaxBlobsPerOp) + " blobs");
        for (std::size_t i = 0; i < b.size(); ++i) {
            const std::string where = at(path, "blobs") + "[" + std::to_string(i) + "]";
            if (!b[i].is_string() || !isSha256(b[i].get<std::string>()))
                fail(where, "must be a SHA-256 in 64 lowercase hex digits");
            op.blobs.push_back(b[i].get<std::string>());
        }
    }
    if (op.kind == OpKind::Resolve) {
        op.conflict = integer(j, path, "conflict", 1);
        if (!op.conflict)
            fail(at(path, "conflict"), "is missing: a resolve names the conflict it settles");
        if (j.contains("delete_object")) {
            if (!j.at("delete_object").is_boolean())
                fail(at(path, "delete_object"), "must be true or false");
            op.deleteObject = j.at("delete_object").get<bool>();
        }
    } else if (j.contains("conflict") || j.contains("delete_object")) {
        fail(at(path, j.contains("conflict") ? "conflict" : "delete_object"),
             "belongs to resolve operations only");
    }
    return op;
}

template <typename T, typename F>
Parsed<T> guarded(F &&f)
{
    try {
        return f();
    } catch (const Failed &e) {
        return e.error;
    } catch (const Json::exception &e) {
        return ParseError{{}, e.what()};
    }
}

} // namespace

std::string kindName(OpKind kind)
{
    switch (kind) {
    case OpKind::Put: return "put";
    case OpKind::Delete: return "delete";
    case OpKind::Resolve: return "resolve";
    }
    return {};
}

bool isSha256(const std::string &s)
{
    return s.size() == 64 && std::all_of(s.begin(), s.end(), [](char c) {
               return (c >= '0' && c <= '9') || (c >= 'a' && c <= 'f');
           });
}

Parsed<Json> parseJson(const std::string &textIn)
{
    try {
        return Json::parse(textIn);
    } catch (const Json::parse_error &e) {
        return ParseError{{}, "not valid JSON (byte " + std::to_string(e.byte) + ")"};
    } catch (const Json::exception &) {
        // Found by the request fuzzer: a number too large for a double ("2E222221019") is
        // out_of_range, not a parse error, and went uncaught.
        return ParseError{{}, "not valid JSON (a number is out of range)"};
    }
}

Parsed<Push> parsePush(const Json &j)
{
    return guarded<Push>([&] {
        object(j, "", {"client", "ops"}, {"client", "ops"});
        Push push;
        push.client = text(j, "", "client", kMaxIdLength);
        const Json &ops = j.at("ops");
        if (!ops.is_array())
            fail("ops", "must be an array");
        if (ops.empty())
            fail("ops", "is empty: a push carries one operation or more");
        if (ops.size() > kMaxOpsPerPush)
            fail("ops", "holds " + std::to_string(ops.size()) + " operations; at most " +
                            std::to_string(kMaxOpsPerPush) + " go in one push");
        for (std::size_t i = 0; i < ops.size(); ++i) {
            Operation op = operation(ops[i], "ops[" + std::to_string(i) + "]");
            if (i > 0 && op.seq != push.ops.back().seq + 1)
                fail("ops[" + std::to_string(i) + "].seq",
                     "must follow the one before it (" + std::to_string(push.ops.back().seq + 1) +
                         ")");
            push.ops.push_back(std::move(op));
        }
        return push;
    });
}

Parsed<Login> parseLogin(const Json &j)
{
    return guarded<Login>([&] {
        object(j, "", {"user", "password", "device"}, {"user", "password", "device"});
        return Login{text(j, "", "user", 128), text(j, "", "password", 1024),
                     text(j, "", "device", 128)};
    });
}

Json toJson(const Operation &op)
{
    Json j{{"id", op.id},         {"seq", op.seq},          {"kind", kindName(op.kind)},
           {"object", op.object}, {"base_rev", op.baseRev}, {"data", op.data}};
    if (!op.blobs.empty())
        j["blobs"] = op.blobs;
    if (op.kind == OpKind::Resolve) {
        j["conflict"] = op.conflict;
        if (op.deleteObject)
            j["delete_object"] = true;
    }
    return j;
}

Json toJson(const Push &push)
{
    Json ops = Json::array();
    for (const Operation &op : push.ops)
        ops.push_back(toJson(op));
    return {{"client", push.client}, {"ops", ops}};
}

Json toJson(const PushReply &reply)
{
    Json results = Json::array();
    for (const OpResult &r : reply.results)
        results.push_back({{"id", r.id},
                           {"seq", r.seq},
                           {"status", r.status},
                           {"change", r.change},
                           {"replayed", r.replayed}});
    return {{"results", results}, {"head", reply.head}};
}

Json toJson(const Change &c)
{
    return {{"change", c.change},       {"object", c.object},
            {"kind", kindName(c.kind)}, {"base_rev", c.baseRev},
            {"conflict", c.conflict},   {"author", c.author},
            {"time", c.time},           {"op", c.op},
            {"client", c.client},       {"data", c.data}};
}

Json toJson(const ChangesReply &reply)
{
    Json changes = Json::array();
    for (const Change &c : reply.changes)
        changes.push_back(toJson(c));
    return {{"changes", changes}, {"head", reply.head}, {"more", reply.more}};
}

Parsed<PushReply> parsePushReply(const Json &j)
{
    return guarded<PushReply>([&] {
        PushReply reply;
        reply.head = j.at("head").get<std::int64_t>();
        for (const Json &r : j.at("results"))
            reply.results.push_back({r.at("id").get<std::string>(), r.at("seq").get<std::int64_t>(),
                                     r.at("status").get<std::string>(),
                                     r.at("change").get<std::int64_t>(),
                                     r.at("replayed").get<bool>()});
        return reply;
    });
}

Parsed<ChangesReply> parseChangesReply(const Json &j)
{
    return guarded<ChangesReply>([&] {
        ChangesReply reply;
        reply.head = j.at("head").get<std::int64_t>();
        reply.more = j.at("more").get<bool>();
        for (const Json &c : j.at("changes")) {
            Change change;
            change.change = c.at("change").get<std::int64_t>();
            change.object = c.at("object").get<std::string>();
            change.kind = kindOf(c.at("kind").get<std::string>(), "kind");
            change.baseRev = c.at("base_rev").get<std::int64_t>();
            change.conflict = c.at("conflict").get<bool>();
            change.author = c.at("author").get<std::string>();
            change.time = c.at("time").get<std::int64_t>();
            change.op = c.at("op").get<std::string>();
            change.client = c.at("client").get<std::string>();
            change.data = c.at("data");
            reply.changes.push_back(std::move(change));
        }
        return reply;
    });
}

} // namespace loupe::protocol
