#pragma once
// `loupe-server --db URL admin …`: users, projects, members and device tokens, on the same
// database the server uses. Passwords come from standard input, never the command line.

#include <iosfwd>
#include <string>
#include <vector>

namespace loupe::server {

class Db;

/// Runs one admin command (`args` after "admin"); the exit status. Reads passwords from `in`.
int runAdmin(Db &db, const std::vector<std::string> &args, std::istream &in, std::ostream &out,
             std::ostream &err);

} // namespace loupe::server
