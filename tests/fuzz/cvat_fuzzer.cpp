// libFuzzer target: the CVAT XML reader on arbitrary bytes. It must give tracks or an error
// for people, never crash, hang or leak; what it reads must write out again. Read leaving
// broken parts out, it must agree with the strict reading on files that are whole.

#include "plugins/cvat/cvatxml.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    loupe::Result<loupe::cvat::Annotations> a = loupe::cvat::read(bytes);
    // And leaving broken parts out, as an import that keeps what is valid reads it.
    QStringList problems;
    loupe::Result<loupe::cvat::Annotations> kept = loupe::cvat::read(bytes, &problems);
    if (a.ok() && (!kept.ok() || !problems.isEmpty()))
        __builtin_trap(); // what reads whole must read whole either way
    if (kept.ok() && kept->frameCount <
                         5000) // the reader is the target; writing 90,000 frames is slow, not wrong
        (void)loupe::cvat::write(kept.value());
    if (a.ok() && a->frameCount < 5000)
        (void)loupe::cvat::write(a.value());
    return 0;
}
