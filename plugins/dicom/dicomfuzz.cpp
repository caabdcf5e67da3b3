#include "dicomfuzz.h"

#include "dicomheader.h"
#include "dicompixels.h"

#include <QDir>
#include <QFile>
#include <QTemporaryFile>

#include <dcmtk/dcmdata/dcfilefo.h>

namespace loupe::dicom {

namespace {

/// Where inputs are written: memory-backed when the system has /dev/shm.
QString scratchFolder()
{
    static const QString folder =
        QDir(QStringLiteral("/dev/shm")).exists() ? QStringLiteral("/dev/shm") : QDir::tempPath();
    return folder;
}

} // namespace

int decodeAnyFile(const std::uint8_t *data, std::size_t size)
{
    quietDcmtkLogs();
    // Through a file, exactly as the reader reads: DCMTK then checks element lengths against
    // the file's size and loads large values lazily, as it does for real files.
    QTemporaryFile file(scratchFolder() + QStringLiteral("/loupe-fuzz-XXXXXX.dcm"));
    if (!file.open() || file.write(reinterpret_cast<const char *>(data),
                                   static_cast<qint64>(size)) != static_cast<qint64>(size))
        return 0;
    file.close();
    const QString path = file.fileName();

    Result<std::vector<SliceHeader>> frames = readFrameHeaders(path);
    if (!frames.ok())
        return 0;
    if (frames->size() > 256)
        frames->resize(256);
    DcmFileFormat format;
    if (format.loadFile(OFFilename(QFile::encodeName(path).constData())).bad())
        return 0;
    int decoded = 0;
    for (SliceHeader &h : frames.value()) {
        if (h.rows <= 0 || h.columns <= 0 || h.rows > 4096 || h.columns > 4096)
            return decoded;
        VolumeGeometry g;
        g.dims = {h.columns, h.rows, 1};
        const bool colour = h.samplesPerPixel == 3;
        std::shared_ptr<Volume> scratch =
            Volume::allocate(g, colour ? ScalarType::Rgb8 : ScalarType::Float32);
        std::shared_ptr<Volume> scratch16 = Volume::allocate(g, ScalarType::Int16);
        std::atomic<bool> overflow{false};
        // Both output paths: the float one and the int16 fast path.
        if (readFrame(format, h, *scratch, 0, overflow).ok() &&
            (colour || readFrame(format, h, *scratch16, 0, overflow).ok()))
            ++decoded;
    }
    return decoded;
}

} // namespace loupe::dicom
