#pragma once

#include <string>

namespace loupe::server {

/// Thrown inside a transaction to refuse the request: rolled back, answered with `status` and
/// `reason` (for the client; it names what was wrong, never a secret).
struct Refused {
    int status;
    std::string reason;
};

} // namespace loupe::server
