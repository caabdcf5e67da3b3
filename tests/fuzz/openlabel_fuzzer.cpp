// libFuzzer target: the OpenLABEL reader on arbitrary bytes. It must give tracks or an error
// for people, never crash, hang or leak; what it reads must write out again. Read leaving
// broken parts out, it must agree with the strict reading on files that are whole.

#include "plugins/openlabel/openlabel.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    loupe::Result<loupe::openlabel::Annotations> a = loupe::openlabel::read(bytes);
    // And leaving broken parts out, as an import that keeps what is valid reads it.
    QStringList problems;
    loupe::Result<loupe::openlabel::Annotations> kept = loupe::openlabel::read(bytes, &problems);
    if (a.ok() && (!kept.ok() || !problems.isEmpty()))
        __builtin_trap(); // what reads whole must read whole either way
    if (kept.ok() && kept->frameCount <
                         5000) // the reader is the target; writing 90,000 frames is slow, not wrong
        (void)loupe::openlabel::write(kept.value());
    if (a.ok() && a->frameCount < 5000) // a huge frame count is valid, only slow to write
        (void)loupe::openlabel::write(a.value());
    return 0;
}
