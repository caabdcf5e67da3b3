#pragma once
// Secrets: argon2id password hashes, and device tokens of 256 random bits that are shown once
// and kept only as their SHA-256 (libsodium throughout).

#include <string>

namespace loupe::server {

/// Call once before any other: starts libsodium. False when it cannot.
bool initSecrets();

/// An argon2id hash of `password` in libsodium's string form (salt and costs included).
std::string hashPassword(const std::string &password);
/// Whether `password` matches `hash` (constant time in the password).
bool checkPassword(const std::string &password, const std::string &hash);

/// A new token: 32 random bytes as 64 lowercase hex digits.
std::string newToken();
/// What is stored of a token: its SHA-256, hex.
std::string tokenHash(const std::string &token);
/// Compares two strings of equal length in constant time (false when the lengths differ).
bool sameSecret(const std::string &a, const std::string &b);
/// The SHA-256 of `bytes`, hex.
std::string sha256Hex(const std::string &bytes);

} // namespace loupe::server
