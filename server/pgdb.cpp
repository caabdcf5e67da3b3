// PostgreSQL through libpqxx: parameters as text (bytes as bytea's \x hex), results by type.

#include "server/db.h"

#include "server/schema.h"

#include <pqxx/pqxx>

namespace loupe::server {

namespace {

/// A parameter in PostgreSQL's text form, or NULL.
struct PgParam {
    bool null = false;
    std::string text;
};

} // namespace
} // namespace loupe::server

namespace pqxx {
template <>
struct string_traits<loupe::server::PgParam> {
    static constexpr const char *name() noexcept { return "PgParam"; }
    static constexpr bool has_null() noexcept { return true; }
    static bool is_null(const loupe::server::PgParam &p) { return p.null; }
    static loupe::server::PgParam null() { return {true, {}}; }
    static std::string to_string(const loupe::server::PgParam &p) { return p.text; }
    static void from_string(const char s[], loupe::server::PgParam &p) { p = {false, s}; }
};
} // namespace pqxx

namespace loupe::server {

namespace {

constexpr unsigned kByteaOid = 17, kInt8Oid = 20, kInt2Oid = 21, kInt4Oid = 23;

PgParam toParam(const Value &v)
{
    if (std::holds_alternative<std::monostate>(v))
        return {true, {}};
    if (const auto *b = std::get_if<Bytes>(&v)) {
        static const char digits[] = "0123456789abcdef";
        std::string hex = "\\x";
        hex.reserve(2 + 2 * b->data.size());
        for (const unsigned char c : b->data) {
            hex += digits[c >> 4];
            hex += digits[c & 15];
        }
        return {false, std::move(hex)};
    }
    return {false, asText(v)};
}

class PgDb final : public Db {
public:
    explicit PgDb(const std::string &url)
    try : m_connection(url), m_work(m_connection) {
    } catch (const std::exception &e) {
        throw DbError(std::string("cannot connect to PostgreSQL: ") + e.what());
    }

    std::vector<Row> query(const std::string &sql, const std::vector<Value> &params) override
    {
        std::vector<PgParam> values;
        values.reserve(params.size());
        for (const Value &v : params)
            values.push_back(toParam(v));
        pqxx::result result;
        try {
            result = m_work.exec_params(sql, pqxx::prepare::make_dynamic_params(values));
        } catch (const std::exception &e) {
            throw DbError(std::string("PostgreSQL failed: ") + e.what());
        }
        std::vector<Row> rows;
        rows.reserve(result.size());
        for (const pqxx::row &r : result) {
            Row row;
            for (const pqxx::field &f : r) {
                if (f.is_null()) {
                    row.emplace_back(std::monostate{});
                    continue;
                }
                switch (f.type()) {
                case kInt8Oid:
                case kInt4Oid:
                case kInt2Oid: row.emplace_back(std::int64_t(f.as<long long>())); break;
                case kByteaOid: row.emplace_back(Bytes{pqxx::binarystring(f).str()}); break;
                default: row.emplace_back(std::string(f.c_str(), f.size()));
                }
            }
            rows.push_back(std::move(row));
        }
        return rows;
    }

    void begin() override { query("BEGIN", {}); }
    void commit() override { query("COMMIT", {}); }
    void rollback() override
    {
        try {
            m_work.exec("ROLLBACK");
        } catch (...) {
        }
    }
    std::string backend() const override { return "postgresql"; }
    std::string forUpdate() const override { return " FOR UPDATE"; }
    void migrate() override
    {
        try {
            // One statement at a time: the schema is several.
            m_work.exec("SELECT pg_advisory_lock(7215)"); // two servers starting at once
            m_work.exec(schemaSql(true));
            m_work.exec("SELECT pg_advisory_unlock(7215)");
        } catch (const std::exception &e) {
            throw DbError(std::string("PostgreSQL failed creating the tables: ") + e.what());
        }
    }

private:
    pqxx::connection m_connection;
    pqxx::nontransaction m_work; ///< statements run as given; BEGIN and COMMIT are ours
};

} // namespace

std::unique_ptr<Db> openPostgres(const std::string &url)
{
    return std::make_unique<PgDb>(url);
}

} // namespace loupe::server
