#include "server/schema.h"

namespace loupe::server {

std::string schemaSql(bool postgres)
{
    const std::string id = postgres ? "BIGSERIAL PRIMARY KEY" : "INTEGER PRIMARY KEY";
    const std::string bytes = postgres ? "BYTEA" : "BLOB";
    return R"(
CREATE TABLE IF NOT EXISTS users (
    id )" + id +
           R"(,
    name TEXT NOT NULL UNIQUE,
    password_hash TEXT NOT NULL,
    disabled BIGINT NOT NULL DEFAULT 0,
    failed_logins BIGINT NOT NULL DEFAULT 0,
    locked_until BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS tokens (
    id )" + id +
           R"(,
    user_id BIGINT NOT NULL REFERENCES users(id),
    device TEXT NOT NULL,
    token_hash TEXT NOT NULL UNIQUE,
    created_at BIGINT NOT NULL,
    expires_at BIGINT NOT NULL,
    revoked BIGINT NOT NULL DEFAULT 0);
CREATE TABLE IF NOT EXISTS projects (
    id )" + id +
           R"(,
    name TEXT NOT NULL UNIQUE,
    change_counter BIGINT NOT NULL DEFAULT 0,
    created_at BIGINT NOT NULL);
CREATE TABLE IF NOT EXISTS members (
    project_id BIGINT NOT NULL REFERENCES projects(id),
    user_id BIGINT NOT NULL REFERENCES users(id),
    role TEXT NOT NULL,
    PRIMARY KEY (project_id, user_id));
CREATE TABLE IF NOT EXISTS clients (
    project_id BIGINT NOT NULL REFERENCES projects(id),
    client_id TEXT NOT NULL,
    user_id BIGINT NOT NULL REFERENCES users(id),
    last_seq BIGINT NOT NULL,
    PRIMARY KEY (project_id, client_id));
CREATE TABLE IF NOT EXISTS objects (
    project_id BIGINT NOT NULL REFERENCES projects(id),
    object TEXT NOT NULL,
    rev BIGINT NOT NULL,
    deleted BIGINT NOT NULL DEFAULT 0,
    PRIMARY KEY (project_id, object));
CREATE TABLE IF NOT EXISTS changes (
    project_id BIGINT NOT NULL REFERENCES projects(id),
    change_no BIGINT NOT NULL,
    object TEXT NOT NULL,
    kind TEXT NOT NULL,
    base_rev BIGINT NOT NULL,
    conflict BIGINT NOT NULL DEFAULT 0,
    op_id TEXT NOT NULL,
    client_id TEXT NOT NULL,
    seq BIGINT NOT NULL,
    author_id BIGINT NOT NULL REFERENCES users(id),
    created_at BIGINT NOT NULL,
    data TEXT NOT NULL,
    PRIMARY KEY (project_id, change_no));
CREATE UNIQUE INDEX IF NOT EXISTS changes_op ON changes (project_id, op_id);
CREATE TABLE IF NOT EXISTS conflicts (
    id )" + id +
           R"(,
    project_id BIGINT NOT NULL REFERENCES projects(id),
    object TEXT NOT NULL,
    base_rev BIGINT NOT NULL,
    theirs_rev BIGINT NOT NULL,
    mine_change BIGINT NOT NULL,
    resolved_change BIGINT);
CREATE INDEX IF NOT EXISTS conflicts_open ON conflicts (project_id, resolved_change);
CREATE TABLE IF NOT EXISTS blobs (
    project_id BIGINT NOT NULL REFERENCES projects(id),
    sha256 TEXT NOT NULL,
    size BIGINT NOT NULL,
    content )" +
           bytes + R"( NOT NULL,
    PRIMARY KEY (project_id, sha256));
)";
}

} // namespace loupe::server
