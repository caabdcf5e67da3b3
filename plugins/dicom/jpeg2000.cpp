#include "framecodecs.h"

#include <openjpeg.h>

#include <algorithm>
#include <cstring>
#include <memory>

namespace loupe::dicom {

namespace {

struct MemoryStream {
    const std::uint8_t *data;
    std::size_t size;
    std::size_t position;
};

OPJ_SIZE_T readBytes(void *buffer, OPJ_SIZE_T count, void *user)
{
    auto *s = static_cast<MemoryStream *>(user);
    if (s->position >= s->size)
        return static_cast<OPJ_SIZE_T>(-1);
    const std::size_t n = std::min<std::size_t>(count, s->size - s->position);
    std::memcpy(buffer, s->data + s->position, n);
    s->position += n;
    return n;
}

OPJ_OFF_T skipBytes(OPJ_OFF_T count, void *user)
{
    auto *s = static_cast<MemoryStream *>(user);
    const auto target = static_cast<OPJ_OFF_T>(s->position) + count;
    s->position =
        static_cast<std::size_t>(std::clamp<OPJ_OFF_T>(target, 0, static_cast<OPJ_OFF_T>(s->size)));
    return count;
}

OPJ_BOOL seekTo(OPJ_OFF_T offset, void *user)
{
    auto *s = static_cast<MemoryStream *>(user);
    if (offset < 0 || static_cast<std::size_t>(offset) > s->size)
        return OPJ_FALSE;
    s->position = static_cast<std::size_t>(offset);
    return OPJ_TRUE;
}

struct CodecDeleter {
    void operator()(opj_codec_t *c) const { opj_destroy_codec(c); }
};
struct StreamDeleter {
    void operator()(opj_stream_t *s) const { opj_stream_destroy(s); }
};
struct ImageDeleter {
    void operator()(opj_image_t *i) const { opj_image_destroy(i); }
};

bool isJp2File(const std::uint8_t *data, std::size_t size)
{
    static const std::uint8_t signature[] = {0, 0, 0, 0x0C, 'j', 'P', ' ', ' '};
    return size >= sizeof signature && std::memcmp(data, signature, sizeof signature) == 0;
}

} // namespace

Result<std::vector<std::uint8_t>> decodeJpeg2000(const std::uint8_t *data, std::size_t size,
                                                 const FrameShape &shape, const QString &what)
{
    const auto fail = [&](const QString &why) {
        return Error{
            QStringLiteral("Cannot decode the JPEG 2000 image in \"%1\": %2").arg(what, why)};
    };
    MemoryStream memory{data, size, 0};
    std::unique_ptr<opj_stream_t, StreamDeleter> stream(opj_stream_create(1 << 16, OPJ_TRUE));
    opj_stream_set_user_data(stream.get(), &memory, nullptr);
    opj_stream_set_user_data_length(stream.get(), size);
    opj_stream_set_read_function(stream.get(), readBytes);
    opj_stream_set_skip_function(stream.get(), skipBytes);
    opj_stream_set_seek_function(stream.get(), seekTo);

    std::unique_ptr<opj_codec_t, CodecDeleter> codec(
        opj_create_decompress(isJp2File(data, size) ? OPJ_CODEC_JP2 : OPJ_CODEC_J2K));
    opj_dparameters_t parameters;
    opj_set_default_decoder_parameters(&parameters);
    if (!opj_setup_decoder(codec.get(), &parameters))
        return fail(QStringLiteral("the decoder could not be set up"));

    opj_image_t *raw = nullptr;
    if (!opj_read_header(stream.get(), codec.get(), &raw))
        return fail(QStringLiteral("the codestream header is damaged"));
    std::unique_ptr<opj_image_t, ImageDeleter> image(raw);
    if (!opj_decode(codec.get(), stream.get(), image.get()) ||
        !opj_end_decompress(codec.get(), stream.get()))
        return fail(QStringLiteral("the codestream is damaged or truncated"));
    const int components = static_cast<int>(image->numcomps);
    if (components != shape.samples)
        return fail(QStringLiteral("%1 components, but the header says %2 samples per pixel")
                        .arg(components)
                        .arg(shape.samples));
    for (int n = 0; n < components; ++n) {
        const opj_image_comp_t &c = image->comps[n];
        if (static_cast<int>(c.w) != shape.columns || static_cast<int>(c.h) != shape.rows)
            return fail(QStringLiteral("the image is %1×%2 but the header says %3×%4")
                            .arg(c.w)
                            .arg(c.h)
                            .arg(shape.columns)
                            .arg(shape.rows));
    }

    const std::size_t count = static_cast<std::size_t>(shape.rows) * shape.columns;
    const std::size_t samples = static_cast<std::size_t>(components);
    std::vector<std::uint8_t> out(count * samples * (shape.bitsAllocated == 8 ? 1 : 2));
    for (std::size_t n = 0; n < samples; ++n) {
        const OPJ_INT32 *in = image->comps[n].data;
        if (shape.bitsAllocated == 8) {
            for (std::size_t i = 0; i < count; ++i)
                out[i * samples + n] = static_cast<std::uint8_t>(in[i]);
        } else {
            auto *words = reinterpret_cast<std::uint16_t *>(out.data());
            for (std::size_t i = 0; i < count; ++i) // two's complement when signed
                words[i * samples + n] = static_cast<std::uint16_t>(in[i]);
        }
    }
    return out;
}

} // namespace loupe::dicom
