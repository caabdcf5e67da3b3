// libFuzzer target: the CVAT XML reader on arbitrary bytes. It must give tracks or an error
// for people, never crash, hang or leak; what it reads must write out again.

#include "plugins/cvat/cvatxml.h"

#include <cstddef>
#include <cstdint>

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t *data, std::size_t size)
{
    const QByteArray bytes(reinterpret_cast<const char *>(data), qsizetype(size));
    loupe::Result<loupe::cvat::Annotations> a = loupe::cvat::read(bytes);
    if (a.ok() && a->frameCount < 100000)
        (void)loupe::cvat::write(a.value());
    return 0;
}
