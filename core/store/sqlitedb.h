#pragma once

#include "core/result.h"

#include <QByteArray>
#include <QString>

#include <memory>

struct sqlite3;
struct sqlite3_stmt;

namespace loupe::store {

/// One prepared SQL statement: bind, step, read columns. Not for two threads at once.
class Statement {
public:
    Statement(sqlite3 *db, sqlite3_stmt *stmt) : m_db(db), m_stmt(stmt) {}
    ~Statement();
    Statement(Statement &&other) noexcept;
    Statement(const Statement &) = delete;
    Statement &operator=(const Statement &) = delete;

    Statement &bind(int index, qint64 value);
    Statement &bind(int index, const QString &text);
    Statement &bindBlob(int index, const QByteArray &bytes); ///< null when bytes is null
    Statement &bindNull(int index);
    /// The next row: true while there is one. Errors come back as Error.
    Result<bool> step();
    /// step() until done, for statements without rows.
    Result<void> run();
    /// Calls `each(*this)` on every row, then resets the statement.
    template <typename Each>
    Result<void> forEachRow(Each each)
    {
        for (;;) {
            Result<bool> row = step();
            if (!row.ok())
                return row.error();
            if (!row.value())
                break;
            each(*this);
        }
        reset();
        return {};
    }
    void reset();

    qint64 integer(int column) const;
    QString text(int column) const;
    QByteArray blob(int column) const;
    bool isNull(int column) const;

private:
    sqlite3 *m_db;
    sqlite3_stmt *m_stmt;
};

/// An SQLite connection. Errors name the database file and say what SQLite said.
class Database {
public:
    enum class Mode { ReadWrite, ReadOnly };
    /// Opens (creating when `mode` is ReadWrite) the database file at `path`.
    static Result<std::unique_ptr<Database>> open(const QString &path, Mode mode);
    ~Database();
    Database(const Database &) = delete;
    Database &operator=(const Database &) = delete;

    Result<Statement> prepare(const QString &sql) const;
    /// Runs one or more statements without rows.
    Result<void> exec(const QString &sql) const;
    /// The first column of the first row of `sql`, as an integer (0 when no row).
    Result<qint64> scalar(const QString &sql) const;
    const QString &path() const { return m_path; }
    /// The rowid the last INSERT on this connection made.
    qint64 lastInsertId() const;
    /// Rows the last INSERT, UPDATE or DELETE changed.
    int changes() const;
    sqlite3 *handle() const { return m_db; }
    /// "… in workspace FILE: SQLite's message", for people.
    Error error(const QString &what) const;

private:
    Database() = default;
    sqlite3 *m_db = nullptr;
    QString m_path;
};

/// BEGIN IMMEDIATE … COMMIT; rolled back when it goes out of scope uncommitted.
class Transaction {
public:
    static Result<Transaction> begin(const Database &db);
    Transaction(Transaction &&other) noexcept : m_db(other.m_db) { other.m_db = nullptr; }
    ~Transaction();
    Result<void> commit();

private:
    explicit Transaction(const Database *db) : m_db(db) {}
    const Database *m_db;
};

} // namespace loupe::store
