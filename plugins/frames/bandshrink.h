#pragma once
// Shrinking a video's pictures band by band, as the decoder finishes their rows. Shrinking a
// whole 1080p picture after decoding reads it back from memory (with two decoders at once,
// near a fifth of the decoding time); a band of rows the decoder has just written is still in
// the core's cache. The bands come from libavcodec's draw_horiz_band, but nothing here knows
// of FFmpeg: pictures are named by their buffer (the first plane's address).

#include <cstddef>
#include <cstdint>
#include <vector>

namespace loupe {

/// A picture's three planes, each shrunk by a whole factor (shrinkPlane), with a spare row
/// below the last that repeats it (libswscale then converts an odd height as one row more).
struct ShrunkPicture {
    std::vector<std::uint8_t> planes[3];
    int strides[3] = {};
    int rows[3] = {}; ///< shrunk rows of each plane, the spare row not counted
};

/// The planes of a `width`×`height` picture of three one-byte planes, chroma shifted by
/// (`chromaShiftX`, `chromaShiftY`) (4:2:0: 1, 1), shrunk by `factor` into `out`.
void shrinkPicture(const std::uint8_t *const planes[3], const int strides[3], int width, int height,
                   int chromaShiftX, int chromaShiftY, int factor, ShrunkPicture &out,
                   std::vector<std::uint16_t> &scratch);

/// The pictures a decoder is making, shrunk band by band. Not for two threads at once.
class BandShrinker {
public:
    /// Keeps at most `capacity` pictures: a decoder holds a few at once (those that wait to be
    /// shown in order, and its references).
    explicit BandShrinker(int capacity = 8);

    /// A picture begins in the buffer `key`, to be shrunk by `factor` (2 to 15); what that
    /// buffer held before is forgotten. With every place taken, the picture begun longest ago
    /// makes room.
    void begin(const void *key, int width, int height, int chromaShiftX, int chromaShiftY,
               int factor);
    /// Luma rows [top, top + count) of the picture in `key` (`planes`, `strides`) and the
    /// chroma rows under them are final: shrinks the blocks they complete. A band past a gap
    /// (a slice lost) gives the picture up. A key not begun is ignored.
    void band(const void *key, const std::uint8_t *const planes[3], const int strides[3], int top,
              int count);
    /// Gives up the picture in `key`: it is not shrunk whole (a field picture, say).
    void abandon(const void *key);
    /// The picture in `key` if all of it, `width`×`height`, was shrunk by `factor`; null
    /// otherwise.
    const ShrunkPicture *finished(const void *key, int width, int height, int factor) const;

private:
    struct Slot {
        const void *key = nullptr;
        long long begun = 0; ///< when, counted in pictures
        int width = 0, height = 0, shiftX = 0, shiftY = 0, factor = 0;
        int reported = 0;   ///< luma rows final, from the top without a gap
        int done[3] = {};   ///< rows of each plane shrunk
        bool given = false; ///< given up
        ShrunkPicture picture;
    };
    Slot *find(const void *key);
    const Slot *find(const void *key) const;

    std::vector<Slot> m_slots;
    long long m_begun = 0;
    std::vector<std::uint16_t> m_scratch;
};

} // namespace loupe
