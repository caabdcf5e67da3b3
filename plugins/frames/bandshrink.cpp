#include "plugins/frames/bandshrink.h"

#include "plugins/frames/planeshrink.h"

#include <algorithm>
#include <cstring>

namespace loupe {

namespace {

constexpr int ceilShift(int size, int shift)
{
    return (size + (1 << shift) - 1) >> shift;
}

/// Plane `p`'s width and height.
int planeWidth(int p, int width, int shiftX)
{
    return p == 0 ? width : ceilShift(width, shiftX);
}
int planeHeight(int p, int height, int shiftY)
{
    return p == 0 ? height : ceilShift(height, shiftY);
}

/// Sizes `out` for planes of `width`×`height` (chroma shifted) shrunk by `factor`.
void prepare(ShrunkPicture &out, int width, int height, int shiftX, int shiftY, int factor)
{
    for (int p = 0; p < 3; ++p) {
        out.strides[p] = (shrunkExtent(planeWidth(p, width, shiftX), factor) + 63) / 64 * 64;
        out.rows[p] = shrunkExtent(planeHeight(p, height, shiftY), factor);
        out.planes[p].resize(std::size_t(out.strides[p]) * std::size_t(out.rows[p] + 1));
    }
}

/// Rows [from, to) of plane `p` shrunk into `out`; `to` is a multiple of the factor or the
/// plane's last row. At the last row, the spare row below is written too.
void shrinkRows(const std::uint8_t *plane, int stride, int width, int height, int from, int to,
                int factor, ShrunkPicture &out, int p, std::vector<std::uint16_t> &scratch)
{
    std::uint8_t *dst = out.planes[p].data();
    const std::ptrdiff_t dstStride = out.strides[p];
    shrinkPlane(plane + std::ptrdiff_t(from) * stride, width, to - from, stride,
                dst + std::ptrdiff_t(from / factor) * dstStride, dstStride, factor, scratch);
    if (to == height) {
        const int last = out.rows[p] - 1;
        std::memcpy(dst + (last + 1) * dstStride, dst + last * dstStride, std::size_t(dstStride));
    }
}

} // namespace

void shrinkPicture(const std::uint8_t *const planes[3], const int strides[3], int width, int height,
                   int chromaShiftX, int chromaShiftY, int factor, ShrunkPicture &out,
                   std::vector<std::uint16_t> &scratch)
{
    prepare(out, width, height, chromaShiftX, chromaShiftY, factor);
    for (int p = 0; p < 3; ++p) {
        const int h = planeHeight(p, height, chromaShiftY);
        shrinkRows(planes[p], strides[p], planeWidth(p, width, chromaShiftX), h, 0, h, factor, out,
                   p, scratch);
    }
}

BandShrinker::BandShrinker(int capacity) : m_slots(std::size_t(std::max(1, capacity))) {}

BandShrinker::Slot *BandShrinker::find(const void *key)
{
    const auto at =
        std::find_if(m_slots.begin(), m_slots.end(), [key](const Slot &s) { return s.key == key; });
    return at == m_slots.end() ? nullptr : &*at;
}

const BandShrinker::Slot *BandShrinker::find(const void *key) const
{
    return const_cast<BandShrinker *>(this)->find(key);
}

void BandShrinker::begin(const void *key, int width, int height, int chromaShiftX, int chromaShiftY,
                         int factor)
{
    if (!key)
        return;
    Slot *slot = find(key);
    if (!slot)
        slot = &*std::min_element(m_slots.begin(), m_slots.end(),
                                  [](const Slot &a, const Slot &b) { return a.begun < b.begun; });
    slot->key = key;
    slot->begun = ++m_begun;
    slot->width = width;
    slot->height = height;
    slot->shiftX = chromaShiftX;
    slot->shiftY = chromaShiftY;
    slot->factor = factor;
    slot->reported = 0;
    std::fill(std::begin(slot->done), std::end(slot->done), 0);
    slot->given = factor < 2 || width < 1 || height < 1;
    if (!slot->given)
        prepare(slot->picture, width, height, chromaShiftX, chromaShiftY, factor);
}

void BandShrinker::band(const void *key, const std::uint8_t *const planes[3], const int strides[3],
                        int top, int count)
{
    Slot *slot = key ? find(key) : nullptr;
    if (!slot || slot->given || count <= 0)
        return;
    if (top > slot->reported) { // rows between were never finished
        slot->given = true;
        return;
    }
    slot->reported = std::min(slot->height, std::max(slot->reported, top + count));
    const int k = slot->factor;
    for (int p = 0; p < 3; ++p) {
        const int h = planeHeight(p, slot->height, slot->shiftY);
        const int ready = slot->reported == slot->height ? h
                          : p == 0                       ? slot->reported
                                                         : slot->reported >> slot->shiftY;
        const int to = ready == h ? h : ready / k * k;
        if (to <= slot->done[p])
            continue;
        shrinkRows(planes[p], strides[p], planeWidth(p, slot->width, slot->shiftX), h,
                   slot->done[p], to, k, slot->picture, p, m_scratch);
        slot->done[p] = to;
    }
}

void BandShrinker::abandon(const void *key)
{
    if (Slot *slot = key ? find(key) : nullptr)
        slot->given = true;
}

const ShrunkPicture *BandShrinker::finished(const void *key, int width, int height,
                                            int factor) const
{
    const Slot *slot = key ? find(key) : nullptr;
    if (!slot || slot->given || slot->factor != factor || slot->width != width ||
        slot->height != height || slot->reported != slot->height)
        return nullptr;
    for (int p = 0; p < 3; ++p)
        if (slot->done[p] != planeHeight(p, slot->height, slot->shiftY))
            return nullptr;
    return &slot->picture;
}

} // namespace loupe
