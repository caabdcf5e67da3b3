#include "core/store/sqlitedb.h"

#include <QFile>
#include <QObject>

#include <sqlite3.h>

namespace loupe::store {

namespace {

/// SQLite's result `rc` on `file`, for people: a full disk says what to do about it.
Error describe(int rc, const QString &file, const QString &message)
{
    if ((rc & 0xff) == SQLITE_FULL || (rc & 0xff) == SQLITE_IOERR)
        return Error{QObject::tr("Cannot write to the workspace \"%1\": %2. Free some disk space "
                                 "(or choose another place for the workspace); what was saved "
                                 "before is intact.")
                         .arg(file, message)};
    if ((rc & 0xff) == SQLITE_READONLY)
        return Error{QObject::tr("The workspace \"%1\" is read-only: %2").arg(file, message)};
    return Error{QObject::tr("Workspace \"%1\": %2").arg(file, message)};
}

} // namespace

Statement::~Statement()
{
    sqlite3_finalize(m_stmt);
}

Statement::Statement(Statement &&other) noexcept : m_db(other.m_db), m_stmt(other.m_stmt)
{
    other.m_stmt = nullptr;
}

Statement &Statement::bind(int index, qint64 value)
{
    sqlite3_bind_int64(m_stmt, index, value);
    return *this;
}

Statement &Statement::bind(int index, const QString &text)
{
    const QByteArray utf8 = text.toUtf8();
    sqlite3_bind_text(m_stmt, index, utf8.constData(), int(utf8.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bindBlob(int index, const QByteArray &bytes)
{
    if (bytes.isNull())
        sqlite3_bind_null(m_stmt, index);
    else
        sqlite3_bind_blob(m_stmt, index, bytes.constData(), int(bytes.size()), SQLITE_TRANSIENT);
    return *this;
}

Statement &Statement::bindNull(int index)
{
    sqlite3_bind_null(m_stmt, index);
    return *this;
}

Result<bool> Statement::step()
{
    const int rc = sqlite3_step(m_stmt);
    if (rc == SQLITE_ROW)
        return true;
    if (rc == SQLITE_DONE)
        return false;
    const QString message = QString::fromUtf8(sqlite3_errmsg(m_db));
    const QString file = QString::fromUtf8(sqlite3_db_filename(m_db, "main"));
    sqlite3_reset(m_stmt);
    return describe(rc, file, message);
}

Result<void> Statement::run()
{
    for (;;) {
        Result<bool> more = step();
        if (!more.ok())
            return more.error();
        if (!more.value())
            break;
    }
    sqlite3_reset(m_stmt);
    return {};
}

void Statement::reset()
{
    sqlite3_reset(m_stmt);
    sqlite3_clear_bindings(m_stmt);
}

qint64 Statement::integer(int column) const
{
    return sqlite3_column_int64(m_stmt, column);
}

QString Statement::text(int column) const
{
    const auto *p = reinterpret_cast<const char *>(sqlite3_column_text(m_stmt, column));
    return p ? QString::fromUtf8(p, sqlite3_column_bytes(m_stmt, column)) : QString();
}

QByteArray Statement::blob(int column) const
{
    const void *p = sqlite3_column_blob(m_stmt, column);
    return p ? QByteArray(static_cast<const char *>(p), sqlite3_column_bytes(m_stmt, column))
             : QByteArray();
}

bool Statement::isNull(int column) const
{
    return sqlite3_column_type(m_stmt, column) == SQLITE_NULL;
}

Result<std::unique_ptr<Database>> Database::open(const QString &path, Mode mode)
{
    std::unique_ptr<Database> db(new Database);
    db->m_path = path;
    const int flags =
        mode == Mode::ReadOnly ? SQLITE_OPEN_READONLY : SQLITE_OPEN_READWRITE | SQLITE_OPEN_CREATE;
    const QByteArray name = QFile::encodeName(path);
    if (sqlite3_open_v2(name.constData(), &db->m_db, flags | SQLITE_OPEN_NOMUTEX, nullptr) !=
        SQLITE_OK) {
        const QString message =
            db->m_db ? QString::fromUtf8(sqlite3_errmsg(db->m_db)) : QObject::tr("out of memory");
        return Error{QObject::tr("Cannot open the workspace \"%1\": %2. Check that the folder "
                                 "exists and that you may write there.")
                         .arg(path, message)};
    }
    sqlite3_extended_result_codes(db->m_db, 1);
    sqlite3_busy_timeout(db->m_db, 5000);
    return db;
}

qint64 Database::lastInsertId() const
{
    return sqlite3_last_insert_rowid(m_db);
}

int Database::changes() const
{
    return sqlite3_changes(m_db);
}

Database::~Database()
{
    sqlite3_close_v2(m_db);
}

Error Database::error(const QString &what) const
{
    return Error{QObject::tr("%1 in the workspace \"%2\": %3")
                     .arg(what, m_path, QString::fromUtf8(sqlite3_errmsg(m_db)))};
}

Result<Statement> Database::prepare(const QString &sql) const
{
    sqlite3_stmt *stmt = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    if (sqlite3_prepare_v2(m_db, utf8.constData(), int(utf8.size()), &stmt, nullptr) != SQLITE_OK)
        return error(QObject::tr("Cannot read"));
    return Statement(m_db, stmt);
}

Result<void> Database::exec(const QString &sql) const
{
    char *message = nullptr;
    const QByteArray utf8 = sql.toUtf8();
    if (const int rc = sqlite3_exec(m_db, utf8.constData(), nullptr, nullptr, &message);
        rc != SQLITE_OK) {
        const QString text = QString::fromUtf8(message ? message : sqlite3_errmsg(m_db));
        sqlite3_free(message);
        return describe(sqlite3_extended_errcode(m_db) ? sqlite3_extended_errcode(m_db) : rc,
                        m_path, text);
    }
    return {};
}

Result<qint64> Database::scalar(const QString &sql) const
{
    Result<Statement> s = prepare(sql);
    if (!s.ok())
        return s.error();
    Result<bool> row = s->step();
    if (!row.ok())
        return row.error();
    return row.value() ? s->integer(0) : 0;
}

Result<Transaction> Transaction::begin(const Database &db)
{
    if (Result<void> r = db.exec(QStringLiteral("BEGIN IMMEDIATE")); !r.ok())
        return r.error();
    return Transaction(&db);
}

Transaction::~Transaction()
{
    if (m_db)
        (void)m_db->exec(QStringLiteral("ROLLBACK"));
}

Result<void> Transaction::commit()
{
    Result<void> r = m_db->exec(QStringLiteral("COMMIT"));
    if (r.ok())
        m_db = nullptr;
    return r;
}

} // namespace loupe::store
