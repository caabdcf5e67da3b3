#include "server/db.h"

#include "server/schema.h"

#include <sqlite3.h>

namespace loupe::server {

std::int64_t asInt(const Value &v)
{
    if (const auto *i = std::get_if<std::int64_t>(&v))
        return *i;
    if (const auto *s = std::get_if<std::string>(&v))
        return std::stoll(*s);
    return 0;
}

std::string asText(const Value &v)
{
    if (const auto *s = std::get_if<std::string>(&v))
        return *s;
    if (const auto *b = std::get_if<Bytes>(&v))
        return b->data;
    if (const auto *i = std::get_if<std::int64_t>(&v))
        return std::to_string(*i);
    return {};
}

bool isNull(const Value &v)
{
    return std::holds_alternative<std::monostate>(v);
}

namespace {

/// SQLite in WAL mode, synchronous=FULL: a committed push survives a power cut.
class SqliteDb final : public Db {
public:
    explicit SqliteDb(const std::string &path)
    {
        if (sqlite3_open_v2(path.c_str(), &m_db,
                            SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE | SQLITE_OPEN_NOMUTEX,
                            nullptr) != SQLITE_OK) {
            const std::string why = m_db ? sqlite3_errmsg(m_db) : "out of memory";
            sqlite3_close(m_db);
            m_db = nullptr;
            throw DbError("cannot open the SQLite database \"" + path + "\": " + why);
        }
        sqlite3_busy_timeout(m_db, 10000);
        exec("PRAGMA journal_mode=WAL");
        exec("PRAGMA synchronous=FULL");
        exec("PRAGMA foreign_keys=ON");
    }
    ~SqliteDb() override
    {
        for (auto &[sql, stmt] : m_statements)
            sqlite3_finalize(stmt);
        sqlite3_close(m_db);
    }

    std::vector<Row> query(const std::string &sql, const std::vector<Value> &params) override
    {
        sqlite3_stmt *stmt = prepared(sql);
        sqlite3_reset(stmt);
        sqlite3_clear_bindings(stmt);
        for (std::size_t i = 0; i < params.size(); ++i) {
            const std::string name = "$" + std::to_string(i + 1);
            const int at = sqlite3_bind_parameter_index(stmt, name.c_str());
            if (at == 0)
                continue; // not used by this statement
            const Value &v = params[i];
            int rc = SQLITE_OK;
            if (const auto *n = std::get_if<std::int64_t>(&v))
                rc = sqlite3_bind_int64(stmt, at, *n);
            else if (const auto *s = std::get_if<std::string>(&v))
                rc = sqlite3_bind_text(stmt, at, s->data(), int(s->size()), SQLITE_TRANSIENT);
            else if (const auto *b = std::get_if<Bytes>(&v))
                rc = sqlite3_bind_blob(stmt, at, b->data.data(), int(b->data.size()),
                                       SQLITE_TRANSIENT);
            else
                rc = sqlite3_bind_null(stmt, at);
            if (rc != SQLITE_OK)
                fail("binding a value");
        }
        std::vector<Row> rows;
        for (;;) {
            const int rc = sqlite3_step(stmt);
            if (rc == SQLITE_DONE)
                break;
            if (rc != SQLITE_ROW) {
                sqlite3_reset(stmt);
                fail("running a statement");
            }
            Row row;
            const int n = sqlite3_column_count(stmt);
            for (int c = 0; c < n; ++c) {
                switch (sqlite3_column_type(stmt, c)) {
                case SQLITE_INTEGER:
                    row.emplace_back(std::int64_t(sqlite3_column_int64(stmt, c)));
                    break;
                case SQLITE_NULL: row.emplace_back(std::monostate{}); break;
                case SQLITE_BLOB:
                    row.emplace_back(
                        Bytes{std::string(static_cast<const char *>(sqlite3_column_blob(stmt, c)),
                                          std::size_t(sqlite3_column_bytes(stmt, c)))});
                    break;
                default:
                    row.emplace_back(
                        std::string(reinterpret_cast<const char *>(sqlite3_column_text(stmt, c)),
                                    std::size_t(sqlite3_column_bytes(stmt, c))));
                }
            }
            rows.push_back(std::move(row));
        }
        sqlite3_reset(stmt);
        return rows;
    }

    void begin() override { exec("BEGIN IMMEDIATE"); }
    void commit() override { exec("COMMIT"); }
    void rollback() override { sqlite3_exec(m_db, "ROLLBACK", nullptr, nullptr, nullptr); }
    std::string backend() const override { return "sqlite"; }
    std::string forUpdate() const override { return {}; }
    void migrate() override { exec(schemaSql(false)); }

private:
    [[noreturn]] void fail(const char *what) const
    {
        throw DbError(std::string("SQLite failed ") + what + ": " + sqlite3_errmsg(m_db));
    }
    void exec(const std::string &sql)
    {
        char *error = nullptr;
        if (sqlite3_exec(m_db, sql.c_str(), nullptr, nullptr, &error) != SQLITE_OK) {
            const std::string why = error ? error : "unknown error";
            sqlite3_free(error);
            throw DbError("SQLite failed: " + why);
        }
    }
    sqlite3_stmt *prepared(const std::string &sql)
    {
        for (auto &[text, stmt] : m_statements)
            if (text == sql)
                return stmt;
        if (m_statements.size() >= 256) {
            // Pushes of many sizes make many texts: keep the cache bounded.
            sqlite3_finalize(m_statements.front().second);
            m_statements.erase(m_statements.begin());
        }
        sqlite3_stmt *stmt = nullptr;
        if (sqlite3_prepare_v2(m_db, sql.c_str(), int(sql.size()), &stmt, nullptr) != SQLITE_OK)
            fail("preparing a statement");
        m_statements.emplace_back(sql, stmt);
        return stmt;
    }

    sqlite3 *m_db = nullptr;
    std::vector<std::pair<std::string, sqlite3_stmt *>> m_statements;
};

} // namespace

std::unique_ptr<Db> openPostgres(const std::string &url); // pgdb.cpp

std::unique_ptr<Db> openDb(const std::string &url)
{
    if (url.rfind("sqlite:", 0) == 0)
        return std::make_unique<SqliteDb>(url.substr(7));
    if (url.rfind("postgresql://", 0) == 0 || url.rfind("postgres://", 0) == 0)
        return openPostgres(url);
    throw DbError("unknown database \"" + url +
                  "\": give sqlite:PATH or postgresql://USER@HOST:PORT/NAME");
}

DbPool::DbPool(std::string url) : m_url(std::move(url)) {}

std::shared_ptr<Db> DbPool::take()
{
    std::unique_ptr<Db> db;
    {
        const std::lock_guard lock(m_mutex);
        if (!m_idle.empty()) {
            db = std::move(m_idle.back());
            m_idle.pop_back();
        }
    }
    if (!db)
        db = openDb(m_url);
    return std::shared_ptr<Db>(db.release(), [this](Db *d) {
        const std::lock_guard lock(m_mutex);
        m_idle.emplace_back(d);
    });
}

} // namespace loupe::server
