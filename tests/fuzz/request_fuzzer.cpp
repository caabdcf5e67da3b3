// libFuzzer target: loupe-server's request parsing (push and login bodies) on arbitrary bytes.
// It must give a message or an error with a path, never crash, hang or leak; a push it takes
// must write out as JSON that parses back to the same push.

#include "protocol/protocol.h"

#include <cstddef>
#include <cstdint>
#include <string>

using namespace loupe::protocol;

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const std::string text(reinterpret_cast<const char *>(data), size);
    const Parsed<Json> json = parseJson(text);
    if (const auto *error = std::get_if<ParseError>(&json)) {
        if (error->message.empty())
            __builtin_trap(); // every refusal says why
        return 0;
    }
    (void)parseLogin(std::get<Json>(json));
    const Parsed<Push> push = parsePush(std::get<Json>(json));
    if (const auto *p = std::get_if<Push>(&push)) {
        const Parsed<Push> again = parsePush(toJson(*p));
        const auto *q = std::get_if<Push>(&again);
        if (!q || toJson(*q) != toJson(*p))
            __builtin_trap(); // what is taken round-trips
    } else if (std::get<ParseError>(push).message.empty()) {
        __builtin_trap();
    }
    return 0;
}
