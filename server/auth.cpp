#include "server/auth.h"

#include <sodium.h>

#include <stdexcept>

namespace loupe::server {

namespace {

std::string hex(const unsigned char *data, std::size_t size)
{
    std::string out(size * 2 + 1, '\0');
    sodium_bin2hex(out.data(), out.size(), data, size);
    out.pop_back();
    return out;
}

} // namespace

bool initSecrets()
{
    return sodium_init() >= 0;
}

std::string hashPassword(const std::string &password)
{
    char out[crypto_pwhash_STRBYTES];
    // Interactive costs: about 70 ms and 64 MiB here; a login is rare.
    if (crypto_pwhash_str(out, password.data(), password.size(), crypto_pwhash_OPSLIMIT_INTERACTIVE,
                          crypto_pwhash_MEMLIMIT_INTERACTIVE) != 0)
        throw std::runtime_error("out of memory hashing a password");
    return out;
}

bool checkPassword(const std::string &password, const std::string &hash)
{
    return crypto_pwhash_str_verify(hash.c_str(), password.data(), password.size()) == 0;
}

std::string newToken()
{
    unsigned char bytes[32];
    randombytes_buf(bytes, sizeof bytes);
    return hex(bytes, sizeof bytes);
}

std::string sha256Hex(const std::string &bytes)
{
    unsigned char digest[crypto_hash_sha256_BYTES];
    crypto_hash_sha256(digest, reinterpret_cast<const unsigned char *>(bytes.data()), bytes.size());
    return hex(digest, sizeof digest);
}

std::string tokenHash(const std::string &token)
{
    return sha256Hex(token);
}

bool sameSecret(const std::string &a, const std::string &b)
{
    return a.size() == b.size() && sodium_memcmp(a.data(), b.data(), a.size()) == 0;
}

} // namespace loupe::server
