#include "framecodecs.h"

#include <charls/charls.h>

#include <memory>

namespace loupe::dicom {

namespace {
struct DecoderDeleter {
    void operator()(charls_jpegls_decoder *d) const { charls_jpegls_decoder_destroy(d); }
};
} // namespace

Result<std::vector<std::uint8_t>> decodeJpegLs(const std::uint8_t *data, std::size_t size,
                                               const FrameShape &shape, const QString &what)
{
    const auto fail = [&](charls_jpegls_errc code) {
        return Error{QStringLiteral("Cannot decode the JPEG-LS image in \"%1\": %2")
                         .arg(what, QString::fromUtf8(charls_get_error_message(code)))};
    };
    std::unique_ptr<charls_jpegls_decoder, DecoderDeleter> decoder(charls_jpegls_decoder_create());
    if (!decoder)
        return Error{QStringLiteral("Cannot decode \"%1\": out of memory").arg(what)};
    charls_jpegls_errc rc = charls_jpegls_decoder_set_source_buffer(decoder.get(), data, size);
    if (rc == charls::jpegls_errc::success)
        rc = charls_jpegls_decoder_read_header(decoder.get());
    charls_frame_info info{};
    if (rc == charls::jpegls_errc::success)
        rc = charls_jpegls_decoder_get_frame_info(decoder.get(), &info);
    if (rc != charls::jpegls_errc::success)
        return fail(rc);
    if (static_cast<int>(info.component_count) != shape.samples)
        return Error{QStringLiteral("Cannot decode the JPEG-LS image in \"%1\": %2 components, "
                                    "but the header says %3 samples per pixel")
                         .arg(what)
                         .arg(info.component_count)
                         .arg(shape.samples)};
    charls_interleave_mode interleave = charls::interleave_mode::none;
    rc = charls_jpegls_decoder_get_interleave_mode(decoder.get(), &interleave);
    if (rc != charls::jpegls_errc::success)
        return fail(rc);
    if (static_cast<int>(info.width) != shape.columns ||
        static_cast<int>(info.height) != shape.rows)
        return Error{QStringLiteral("Cannot decode the JPEG-LS image in \"%1\": it is %2×%3 but "
                                    "the header says %4×%5")
                         .arg(what)
                         .arg(info.width)
                         .arg(info.height)
                         .arg(shape.columns)
                         .arg(shape.rows)};
    std::size_t bytes = 0;
    rc = charls_jpegls_decoder_get_destination_size(decoder.get(), 0, &bytes);
    if (rc != charls::jpegls_errc::success)
        return fail(rc);
    std::vector<std::uint8_t> decoded(bytes);
    rc = charls_jpegls_decoder_decode_to_buffer(decoder.get(), decoded.data(), decoded.size(), 0);
    if (rc != charls::jpegls_errc::success)
        return fail(rc);

    const std::size_t pixels = static_cast<std::size_t>(shape.rows) * shape.columns;
    const std::size_t samples = static_cast<std::size_t>(shape.samples);
    const bool wide = info.bits_per_sample > 8;
    // Colour without interleave comes plane by plane; Loupe wants it pixel by pixel.
    const bool planar = samples > 1 && interleave == charls::interleave_mode::none;
    if (wide == (shape.bitsAllocated == 16) && !planar)
        return decoded; // CharLS already wrote one word per sample of the right width
    // Widen or narrow word by word, and interleave planes.
    std::vector<std::uint8_t> out(pixels * samples * (shape.bitsAllocated == 16 ? 2 : 1));
    for (std::size_t n = 0; n < samples; ++n)
        for (std::size_t i = 0; i < pixels; ++i) {
            const std::size_t from = planar ? n * pixels + i : i * samples + n;
            const std::size_t to = i * samples + n;
            const std::uint16_t v =
                wide ? reinterpret_cast<const std::uint16_t *>(decoded.data())[from]
                     : decoded[from];
            if (shape.bitsAllocated == 16)
                reinterpret_cast<std::uint16_t *>(out.data())[to] = v;
            else
                out[to] = static_cast<std::uint8_t>(v);
        }
    return out;
}

} // namespace loupe::dicom
