#include "dicomdecode.h"

#include "framecodecs.h"

#include <dcmtk/dcmdata/dcdatset.h>
#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcpixel.h>
#include <dcmtk/dcmdata/dcpixseq.h>
#include <dcmtk/dcmdata/dcpxitem.h>
#include <dcmtk/dcmdata/dcrledrg.h>
#include <dcmtk/dcmdata/dcxfer.h>
#include <dcmtk/dcmjpeg/djdecode.h>

namespace loupe::dicom {

namespace {

/// DCMTK's decoders register globally; once per process is enough and is thread-safe here.
/// JPEG-LS is decoded with the system CharLS instead (see framecodecs.h).
void registerCodecsOnce()
{
    static const bool registered = [] {
        DcmRLEDecoderRegistration::registerCodecs();
        DJDecoderRegistration::registerCodecs();
        return true;
    }();
    (void)registered;
}

bool isJpegLs(E_TransferSyntax xfer)
{
    return xfer == EXS_JPEGLSLossless || xfer == EXS_JPEGLSLossy;
}

bool isJpeg2000(E_TransferSyntax xfer)
{
    return xfer == EXS_JPEG2000LosslessOnly || xfer == EXS_JPEG2000 ||
           xfer == EXS_JPEG2000MulticomponentLosslessOnly || xfer == EXS_JPEG2000Multicomponent;
}

QString syntaxName(E_TransferSyntax xfer)
{
    const DcmXfer x(xfer);
    return QStringLiteral("%1 (%2)").arg(QString::fromLatin1(x.getXferName()),
                                         QString::fromLatin1(x.getXferID()));
}

/// The codestream of the single frame: every fragment after the basic offset table.
Result<std::vector<std::uint8_t>> singleFrameCodestream(DcmDataset &ds, E_TransferSyntax xfer,
                                                        const QString &path)
{
    DcmElement *element = nullptr;
    if (ds.findAndGetElement(DCM_PixelData, element).bad() || !element)
        return Error{QStringLiteral("\"%1\" has no pixel data.").arg(path)};
    auto *pixelData = static_cast<DcmPixelData *>(element);
    DcmPixelSequence *sequence = nullptr;
    if (pixelData->getEncapsulatedRepresentation(xfer, nullptr, sequence).bad() || !sequence)
        return Error{QStringLiteral("\"%1\" has no encapsulated pixel data.").arg(path)};
    std::vector<std::uint8_t> stream;
    for (unsigned long i = 1; i < sequence->card(); ++i) {
        DcmPixelItem *item = nullptr;
        Uint8 *bytes = nullptr;
        if (sequence->getItem(item, i).bad() || item->getUint8Array(bytes).bad())
            return Error{
                QStringLiteral("\"%1\": pixel data fragment %2 is unreadable.").arg(path).arg(i)};
        stream.insert(stream.end(), bytes, bytes + item->getLength());
    }
    if (stream.empty())
        return Error{QStringLiteral("\"%1\" has empty encapsulated pixel data.").arg(path)};
    return stream;
}

} // namespace

Result<StoredPixels> decodeStoredPixels(DcmDataset &ds, const SliceHeader &h)
{
    registerCodecsOnce();
    const E_TransferSyntax xfer = ds.getOriginalXfer();
    StoredPixels out;
    const std::size_t expected = static_cast<std::size_t>(h.rows) * h.columns;

    if (isJpeg2000(xfer) || isJpegLs(xfer)) {
        Result<std::vector<std::uint8_t>> stream = singleFrameCodestream(ds, xfer, h.path);
        if (!stream.ok())
            return stream.error();
        const FrameShape shape{h.rows, h.columns, h.bitsAllocated};
        Result<std::vector<std::uint8_t>> decoded =
            isJpeg2000(xfer) ? decodeJpeg2000(stream->data(), stream->size(), shape, h.path)
                             : decodeJpegLs(stream->data(), stream->size(), shape, h.path);
        if (!decoded.ok())
            return decoded.error();
        out.owned = std::move(decoded).value();
        out.data = out.owned.data();
        out.count = expected;
        return out;
    }

    if (DcmXfer(xfer).isEncapsulated()) {
        const OFCondition c = ds.chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
        if (c.bad() || !ds.canWriteXfer(EXS_LittleEndianExplicit))
            return Error{QStringLiteral("\"%1\" uses the transfer syntax %2, which Loupe cannot "
                                        "decode (%3). Convert it to uncompressed DICOM (for "
                                        "example with gdcmconv --raw) and open that.")
                             .arg(h.path, syntaxName(xfer), QString::fromLatin1(c.text()))};
    }

    unsigned long available = 0;
    if (h.bitsAllocated == 16) {
        const Uint16 *p = nullptr;
        if (ds.findAndGetUint16Array(DCM_PixelData, p, &available).good())
            out.data = p;
    } else {
        const Uint8 *p = nullptr;
        if (ds.findAndGetUint8Array(DCM_PixelData, p, &available).good())
            out.data = p;
    }
    out.count = available;
    if (!out.data || available < expected)
        return Error{QStringLiteral("\"%1\" has no pixel data or too little of it (%2 of %3 "
                                    "values). The file may be truncated.")
                         .arg(h.path)
                         .arg(available)
                         .arg(expected)};
    return out;
}

} // namespace loupe::dicom
