#include "dicomfuzz.h"

#include "dicomheader.h"
#include "dicompixels.h"

#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcistrmb.h>

namespace loupe::dicom {

int decodeAnyFile(const std::uint8_t *data, std::size_t size)
{
    quietDcmtkLogs();
    DcmInputBufferStream stream;
    stream.setBuffer(data, static_cast<offile_off_t>(size));
    stream.setEos();
    DcmFileFormat format;
    format.transferInit();
    const OFCondition read = format.read(stream, EXS_Unknown, EGL_noChange, DCM_MaxReadLength);
    format.transferEnd();
    if (read.bad())
        return 0;

    std::vector<SliceHeader> frames = frameHeadersOf(*format.getDataset(), QStringLiteral("input"));
    if (frames.size() > 256)
        frames.resize(256);
    int decoded = 0;
    for (SliceHeader &h : frames) {
        if (h.rows <= 0 || h.columns <= 0 || h.rows > 4096 || h.columns > 4096)
            return decoded;
        VolumeGeometry g;
        g.dims = {h.columns, h.rows, 1};
        std::shared_ptr<Volume> scratch = Volume::allocate(g, ScalarType::Float32);
        std::shared_ptr<Volume> scratch16 = Volume::allocate(g, ScalarType::Int16);
        std::atomic<bool> overflow{false};
        // Both output paths: the float one and the int16 fast path.
        if (readFrame(format, h, *scratch, 0, overflow).ok() &&
            readFrame(format, h, *scratch16, 0, overflow).ok())
            ++decoded;
    }
    return decoded;
}

} // namespace loupe::dicom
