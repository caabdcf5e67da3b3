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

#include <algorithm>

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

/// The codestream of one frame. A single frame is every fragment after the basic offset table;
/// with several frames, one fragment per frame, or the offset table says where each starts.
Result<std::vector<std::uint8_t>> frameCodestream(DcmDataset &ds, E_TransferSyntax xfer, int frame,
                                                  int frames, const QString &path)
{
    DcmElement *element = nullptr;
    if (ds.findAndGetElement(DCM_PixelData, element).bad() || !element)
        return Error{QStringLiteral("\"%1\" has no pixel data.").arg(path)};
    auto *pixelData = static_cast<DcmPixelData *>(element);
    DcmPixelSequence *sequence = nullptr;
    if (pixelData->getEncapsulatedRepresentation(xfer, nullptr, sequence).bad() || !sequence)
        return Error{QStringLiteral("\"%1\" has no encapsulated pixel data.").arg(path)};
    const unsigned long fragments = sequence->card() > 0 ? sequence->card() - 1 : 0;

    // Byte offset (from the first fragment's item tag) of each fragment, as the table counts.
    std::vector<Uint32> starts;
    Uint32 position = 0;
    for (unsigned long i = 1; i <= fragments; ++i) {
        DcmPixelItem *item = nullptr;
        if (sequence->getItem(item, i).bad())
            return Error{
                QStringLiteral("\"%1\": pixel data fragment %2 is unreadable.").arg(path).arg(i)};
        starts.push_back(position);
        position += 8 + item->getLength();
    }
    unsigned long first = 1, last = fragments; // inclusive, 1-based
    if (frames > 1) {
        if (fragments == static_cast<unsigned long>(frames)) {
            first = last = static_cast<unsigned long>(frame) + 1;
        } else {
            DcmPixelItem *table = nullptr;
            Uint32 *offsets = nullptr;
            const unsigned long entries =
                sequence->getItem(table, 0).good() ? table->getLength() / 4 : 0;
            if (entries != static_cast<unsigned long>(frames) ||
                table->getUint32Array(offsets).bad())
                return Error{
                    QStringLiteral("\"%1\": %2 frames in %3 fragments without an offset table; "
                                   "the frames cannot be told apart.")
                        .arg(path)
                        .arg(frames)
                        .arg(fragments)};
            const Uint32 begin = offsets[frame];
            const Uint32 end = frame + 1 < frames ? offsets[frame + 1] : position;
            first = 0;
            for (unsigned long i = 0; i < starts.size(); ++i) {
                if (starts[i] >= begin && starts[i] < end) {
                    if (!first)
                        first = i + 1;
                    last = i + 1;
                }
            }
            if (!first)
                return Error{
                    QStringLiteral("\"%1\": frame %2 has no data.").arg(path).arg(frame + 1)};
        }
    }
    std::vector<std::uint8_t> stream;
    for (unsigned long i = first; i <= last; ++i) {
        DcmPixelItem *item = nullptr;
        Uint8 *bytes = nullptr;
        if (sequence->getItem(item, i).bad() || item->getUint8Array(bytes).bad() || !bytes)
            return Error{
                QStringLiteral("\"%1\": pixel data fragment %2 is unreadable.").arg(path).arg(i)};
        stream.insert(stream.end(), bytes, bytes + item->getLength());
    }
    if (stream.empty())
        return Error{QStringLiteral("\"%1\" has empty encapsulated pixel data.").arg(path)};
    return stream;
}

bool isDcmtkJpeg(E_TransferSyntax xfer)
{
    return xfer >= EXS_JPEGProcess1 && xfer <= EXS_JPEGProcess14SV1;
}

/// DCMTK 3.6.7 looks for the bit depth by walking a fragment's JPEG markers, and never moves
/// past a TEM marker (FF 01): a damaged file holding one hangs the decoder for ever. This
/// walks the same way (each segment by its length, two bytes for markers without one, one
/// byte for a fill byte) and
/// says whether the walk would reach FF 01 before a frame header, the end, or a byte that
/// stops it.
bool jpegMarkerWalkHangs(const Uint8 *data, Uint32 length)
{
    Uint32 offset = 0;
    while (offset + 4 < length) {
        const unsigned marker = (unsigned(data[offset]) << 8) | data[offset + 1];
        const Uint32 segment = (Uint32(data[offset + 2]) << 8) | data[offset + 3];
        if (marker == 0xff01)
            return true;
        if (marker == 0xffff) { // a fill byte: DCMTK skips one byte
            offset += 1;
            continue;
        }
        if ((marker >= 0xffc0 && marker <= 0xffcf && marker != 0xffc4 && marker != 0xffc8 &&
             marker != 0xffcc))
            return false; // a frame header: the walk ends here
        if ((marker >= 0xffd0 && marker <= 0xffd9) ||
            (data[offset] == 0xff && data[offset + 1] > 2 && data[offset + 1] <= 0xbf))
            offset += 2;
        else if (marker == 0xffc4 || marker == 0xffc8 || marker == 0xffcc ||
                 (marker >= 0xffda && marker <= 0xfffe))
            offset += segment + 2;
        else
            return false; // anything else stops the walk
    }
    return false;
}

/// Refuses JPEG pixel data that would hang DCMTK's decoder (see jpegMarkerWalkHangs).
Result<void> checkJpegFragments(DcmDataset &ds, E_TransferSyntax xfer, const QString &path)
{
    DcmElement *element = nullptr;
    if (ds.findAndGetElement(DCM_PixelData, element).bad() || !element)
        return {};
    DcmPixelSequence *sequence = nullptr;
    if (static_cast<DcmPixelData *>(element)
            ->getEncapsulatedRepresentation(xfer, nullptr, sequence)
            .bad() ||
        !sequence)
        return {};
    for (unsigned long i = 1; i < sequence->card(); ++i) {
        DcmPixelItem *item = nullptr;
        Uint8 *bytes = nullptr;
        if (sequence->getItem(item, i).good() && item->getUint8Array(bytes).good() && bytes &&
            jpegMarkerWalkHangs(bytes, item->getLength()))
            return Error{QStringLiteral("\"%1\" has damaged JPEG data (a TEM marker where a "
                                        "segment should start, in fragment %2). The file cannot "
                                        "be decoded; get it again from its source.")
                             .arg(path)
                             .arg(i)};
    }
    return {};
}

} // namespace

std::size_t wordsPerFrame(int rows, int columns, int samples, const QString &photometric)
{
    const std::size_t pixels = static_cast<std::size_t>(rows) * static_cast<std::size_t>(columns);
    if (samples == 3 && photometric.endsWith(QLatin1String("_422")))
        return pixels * 2;
    return pixels * static_cast<std::size_t>(std::max(samples, 1));
}

Result<StoredPixels> decodeStoredPixels(DcmDataset &ds, const SliceHeader &h, int frame)
{
    registerCodecsOnce();
    const E_TransferSyntax xfer = ds.getOriginalXfer();
    StoredPixels out;
    out.photometric = h.photometric;
    out.planarConfiguration = h.planarConfiguration;

    if (isJpeg2000(xfer) || isJpegLs(xfer)) {
        Result<std::vector<std::uint8_t>> stream =
            frameCodestream(ds, xfer, frame, h.numberOfFrames, h.path);
        if (!stream.ok())
            return stream.error();
        const FrameShape shape{h.rows, h.columns, h.bitsAllocated, h.samplesPerPixel};
        Result<std::vector<std::uint8_t>> decoded =
            isJpeg2000(xfer) ? decodeJpeg2000(stream->data(), stream->size(), shape, h.path)
                             : decodeJpegLs(stream->data(), stream->size(), shape, h.path);
        if (!decoded.ok())
            return decoded.error();
        out.owned = std::move(decoded).value();
        out.data = out.owned.data();
        out.count = static_cast<std::size_t>(h.rows) * h.columns * h.samplesPerPixel;
        if (h.samplesPerPixel == 3) {
            // Both decoders give RGB pixel by pixel (JPEG 2000's RCT/ICT undone in the codec).
            out.photometric = QStringLiteral("RGB");
            out.planarConfiguration = 0;
        }
        return out;
    }

    if (DcmXfer(xfer).isEncapsulated()) {
        if (isDcmtkJpeg(xfer)) {
            Result<void> safe = checkJpegFragments(ds, xfer, h.path);
            if (!safe.ok())
                return safe.error();
        }
        const OFCondition c = ds.chooseRepresentation(EXS_LittleEndianExplicit, nullptr);
        if (c.bad() || !ds.canWriteXfer(EXS_LittleEndianExplicit))
            return Error{QStringLiteral("\"%1\" uses the transfer syntax %2, which Loupe cannot "
                                        "decode (%3). Convert it to uncompressed DICOM (for "
                                        "example with gdcmconv --raw) and open that.")
                             .arg(h.path, syntaxName(xfer), QString::fromLatin1(c.text()))};
        // The codecs may have changed how colour is stored (see StoredPixels).
        const char *photometric = nullptr;
        Uint16 planar = 0;
        if (ds.findAndGetString(DCM_PhotometricInterpretation, photometric).good() && photometric)
            out.photometric = QString::fromLatin1(photometric).trimmed();
        if (ds.findAndGetUint16(DCM_PlanarConfiguration, planar).good())
            out.planarConfiguration = planar;
    }
    const std::size_t expected =
        wordsPerFrame(h.rows, h.columns, h.samplesPerPixel, out.photometric);

    // Uncompressed (or decompressed above, once for all frames): frames lie one after another.
    unsigned long available = 0;
    const std::size_t skip = static_cast<std::size_t>(frame) * expected;
    if (h.bitsAllocated == 16) {
        const Uint16 *p = nullptr;
        if (ds.findAndGetUint16Array(DCM_PixelData, p, &available).good() && p)
            out.data = p + skip;
    } else {
        const Uint8 *p = nullptr;
        if (ds.findAndGetUint8Array(DCM_PixelData, p, &available).good() && p)
            out.data = p + skip;
    }
    available = available > skip ? available - skip : 0;
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
