#pragma once
// The server's view of its database: SQL with $1, $2… placeholders, the same text for SQLite
// and PostgreSQL, rows of plain values. One Db is one connection; a request takes one from
// the pool for its whole transaction.

#include <cstdint>
#include <memory>
#include <mutex>
#include <stdexcept>
#include <string>
#include <variant>
#include <vector>

namespace loupe::server {

/// Bytes that are data, not text (a blob's content).
struct Bytes {
    std::string data;
};

using Value = std::variant<std::monostate, std::int64_t, std::string, Bytes>;
using Row = std::vector<Value>;

/// A database failed (not the request): the message is for the log, never for the client.
struct DbError : std::runtime_error {
    using std::runtime_error::runtime_error;
};

std::int64_t asInt(const Value &v);
std::string asText(const Value &v);
bool isNull(const Value &v);

class Db {
public:
    virtual ~Db() = default;
    /// Runs one statement; the rows it returns (none for most writes). Throws DbError.
    virtual std::vector<Row> query(const std::string &sql,
                                   const std::vector<Value> &params = {}) = 0;
    /// Starts a transaction that will write (SQLite takes its write lock now, so that two
    /// pushes never interleave).
    virtual void begin() = 0;
    virtual void commit() = 0;
    virtual void rollback() = 0;
    /// What locks the rows a SELECT reads until the transaction ends: " FOR UPDATE" where the
    /// back end has row locks; nothing for SQLite, whose write transaction locks it all.
    virtual std::string forUpdate() const = 0;
    /// "sqlite" or "postgresql".
    virtual std::string backend() const = 0;
    /// Creates the tables when they are missing (idempotent).
    virtual void migrate() = 0;
};

/// Opens `url`: "sqlite:PATH" or "postgresql://…". Throws DbError with a message for people.
std::unique_ptr<Db> openDb(const std::string &url);

/// Connections to one database, reused. Thread-safe.
class DbPool {
public:
    explicit DbPool(std::string url);
    /// A connection, returned to the pool when the handle goes.
    std::shared_ptr<Db> take();
    const std::string &url() const { return m_url; }

private:
    std::string m_url;
    std::mutex m_mutex;
    std::vector<std::unique_ptr<Db>> m_idle;
};

/// Runs `work` in a write transaction on `db`: committed when it returns, rolled back when it
/// throws (and the exception passed on).
template <typename Work>
auto inTransaction(Db &db, Work &&work)
{
    db.begin();
    try {
        if constexpr (std::is_void_v<decltype(work())>) {
            work();
            db.commit();
        } else {
            auto result = work();
            db.commit();
            return result;
        }
    } catch (...) {
        db.rollback();
        throw;
    }
}

} // namespace loupe::server
