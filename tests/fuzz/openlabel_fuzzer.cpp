// libFuzzer target: the OpenLABEL reader on arbitrary bytes. It must give tracks or an error
// for people, never crash, hang or leak; what it reads must write out again.

#include "plugins/openlabel/openlabel.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    loupe::Result<loupe::openlabel::Annotations> a = loupe::openlabel::read(bytes);
    if (a.ok() && a->frameCount < 100000) // a huge frame count is valid, only slow to write
        (void)loupe::openlabel::write(a.value());
    return 0;
}
