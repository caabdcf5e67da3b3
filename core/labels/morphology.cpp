#include "core/labels/morphology.h"

#include <algorithm>
#include <cmath>
#include <limits>
#include <vector>

namespace loupe {

namespace {

using Offsets = std::vector<std::array<std::int64_t, 3>>;

/// The voxel offsets within `mm` of the centre (an ellipsoid in voxels).
Offsets ballOffsets(const VolumeGeometry &g, double mm)
{
    Offsets out;
    std::array<std::int64_t, 3> r{};
    for (int a = 0; a < 3; ++a)
        r[static_cast<std::size_t>(a)] = static_cast<std::int64_t>(std::floor(mm / g.spacing[a]));
    for (std::int64_t k = -r[2]; k <= r[2]; ++k)
        for (std::int64_t j = -r[1]; j <= r[1]; ++j)
            for (std::int64_t i = -r[0]; i <= r[0]; ++i) {
                const double x = i * g.spacing[0], y = j * g.spacing[1], z = k * g.spacing[2];
                if (x * x + y * y + z * z <= mm * mm + 1e-9)
                    out.push_back({i, j, k});
            }
    return out;
}

/// The segment's voxels as a dense mask.
std::vector<std::uint8_t> maskOf(const LabelEdit &edit, std::uint8_t label)
{
    const auto &d = edit.geometry().dims;
    std::vector<std::uint8_t> mask(edit.geometry().voxelCount());
    std::size_t n = 0;
    for (std::int64_t k = 0; k < d[2]; ++k)
        for (std::int64_t j = 0; j < d[1]; ++j)
            for (std::int64_t i = 0; i < d[0]; ++i)
                mask[n++] = edit.at(i, j, k) == label;
    return mask;
}

bool onBoundary(const std::vector<std::uint8_t> &mask, const std::array<std::int64_t, 3> &d,
                std::int64_t i, std::int64_t j, std::int64_t k, bool inside)
{
    const auto at = [&](std::int64_t a, std::int64_t b, std::int64_t c) {
        if (a < 0 || b < 0 || c < 0 || a >= d[0] || b >= d[1] || c >= d[2])
            return false;
        return mask[static_cast<std::size_t>((c * d[1] + b) * d[0] + a)] != 0;
    };
    // A voxel of the set (inside) next to one that is not, or the reverse.
    return at(i + 1, j, k) != inside || at(i - 1, j, k) != inside || at(i, j + 1, k) != inside ||
           at(i, j - 1, k) != inside || at(i, j, k + 1) != inside || at(i, j, k - 1) != inside;
}

} // namespace

std::int64_t margin(LabelEdit &edit, std::uint8_t label, double mm, const EditRule &rule)
{
    const VolumeGeometry &g = edit.geometry();
    const auto &d = g.dims;
    const std::int64_t before = edit.changedVoxels();
    const std::vector<std::uint8_t> mask = maskOf(edit, label);
    const Offsets ball = ballOffsets(g, std::abs(mm));
    const bool grow = mm > 0;
    std::size_t n = 0;
    for (std::int64_t k = 0; k < d[2]; ++k)
        for (std::int64_t j = 0; j < d[1]; ++j)
            for (std::int64_t i = 0; i < d[0]; ++i, ++n) {
                // Growing stamps the ball around the segment's edge voxels; shrinking stamps it
                // (as erasure) around the edge voxels of what is outside.
                if ((mask[n] != 0) != grow || !onBoundary(mask, d, i, j, k, grow))
                    continue;
                for (const auto &o : ball) {
                    const std::int64_t a = i + o[0], b = j + o[1], c = k + o[2];
                    if (!edit.contains(a, b, c))
                        continue;
                    const std::uint8_t now = edit.at(a, b, c);
                    if (grow && now != label && rule.allows(edit, a, b, c))
                        edit.set(a, b, c, label);
                    else if (!grow && now == label)
                        edit.set(a, b, c, 0);
                }
            }
    return edit.changedVoxels() - before;
}

std::int64_t medianSmooth(LabelEdit &edit, std::uint8_t label, const EditRule &rule)
{
    const auto &d = edit.geometry().dims;
    const std::int64_t before = edit.changedVoxels();
    const std::vector<std::uint8_t> mask = maskOf(edit, label);
    const auto at = [&](std::int64_t a, std::int64_t b, std::int64_t c) -> int {
        if (a < 0 || b < 0 || c < 0 || a >= d[0] || b >= d[1] || c >= d[2])
            return 0;
        return mask[static_cast<std::size_t>((c * d[1] + b) * d[0] + a)];
    };
    for (std::int64_t k = 0; k < d[2]; ++k)
        for (std::int64_t j = 0; j < d[1]; ++j)
            for (std::int64_t i = 0; i < d[0]; ++i) {
                int count = 0;
                for (int c = -1; c <= 1; ++c)
                    for (int b = -1; b <= 1; ++b)
                        for (int a = -1; a <= 1; ++a)
                            count += at(i + a, j + b, k + c);
                const bool in = at(i, j, k);
                if (!in && count >= 14 && rule.allows(edit, i, j, k))
                    edit.set(i, j, k, label);
                else if (in && count < 14)
                    edit.set(i, j, k, 0);
            }
    return edit.changedVoxels() - before;
}

std::int64_t closing(LabelEdit &edit, std::uint8_t label, double mm, const EditRule &rule)
{
    const std::int64_t before = edit.changedVoxels();
    margin(edit, label, std::abs(mm), rule);
    margin(edit, label, -std::abs(mm), rule);
    return edit.changedVoxels() - before;
}

std::int64_t mergeInto(LabelEdit &edit, std::uint8_t into, std::uint8_t from)
{
    const std::int64_t before = edit.changedVoxels();
    // Only written bricks can hold `from`.
    edit.map().forEachWrittenVoxel(
        [&](std::int64_t i, std::int64_t j, std::int64_t k, std::uint8_t l) {
            if (l == from)
                edit.set(i, j, k, into);
        });
    return edit.changedVoxels() - before;
}

std::int64_t removeSmallIslands(LabelEdit &edit, std::uint8_t label, std::int64_t minVoxels)
{
    const auto &d = edit.geometry().dims;
    const auto index = [&](std::int64_t i, std::int64_t j, std::int64_t k) {
        return static_cast<std::size_t>((k * d[1] + j) * d[0] + i);
    };
    std::vector<std::uint8_t> seen(edit.geometry().voxelCount(), 0);
    std::vector<std::array<std::int64_t, 3>> island, stack;
    const std::int64_t before = edit.changedVoxels();
    for (std::int64_t k = 0; k < d[2]; ++k)
        for (std::int64_t j = 0; j < d[1]; ++j)
            for (std::int64_t i = 0; i < d[0]; ++i) {
                if (seen[index(i, j, k)] || edit.at(i, j, k) != label)
                    continue;
                island.clear();
                seen[index(i, j, k)] = 1;
                stack.push_back({i, j, k});
                while (!stack.empty()) {
                    const auto v = stack.back();
                    stack.pop_back();
                    island.push_back(v);
                    for (const auto &s : std::array<std::array<std::int64_t, 3>, 6>{{{1, 0, 0},
                                                                                     {-1, 0, 0},
                                                                                     {0, 1, 0},
                                                                                     {0, -1, 0},
                                                                                     {0, 0, 1},
                                                                                     {0, 0, -1}}}) {
                        const std::int64_t a = v[0] + s[0], b = v[1] + s[1], c = v[2] + s[2];
                        if (!edit.contains(a, b, c) || seen[index(a, b, c)] ||
                            edit.at(a, b, c) != label)
                            continue;
                        seen[index(a, b, c)] = 1;
                        stack.push_back({a, b, c});
                    }
                }
                if (static_cast<std::int64_t>(island.size()) < minVoxels)
                    for (const auto &v : island)
                        edit.set(v[0], v[1], v[2], 0);
            }
    return edit.changedVoxels() - before;
}

namespace {

/// Signed distance (in pixels, chamfer 3-4 / 3) of a 2D mask: negative inside, positive
/// outside, measured to the edge.
std::vector<double> signedDistance(const std::vector<std::uint8_t> &mask, std::int64_t w,
                                   std::int64_t h)
{
    const auto pass = [&](bool inside) {
        constexpr double big = 1e9;
        std::vector<double> dist(mask.size());
        for (std::size_t n = 0; n < mask.size(); ++n)
            dist[n] = (mask[n] != 0) == inside ? big : 0;
        const auto relax = [&](std::int64_t x, std::int64_t y, std::int64_t dx, std::int64_t dy,
                               double cost) {
            const std::int64_t a = x + dx, b = y + dy;
            if (a < 0 || b < 0 || a >= w || b >= h)
                return;
            double &here = dist[static_cast<std::size_t>(y * w + x)];
            here = std::min(here, dist[static_cast<std::size_t>(b * w + a)] + cost);
        };
        for (std::int64_t y = 0; y < h; ++y)
            for (std::int64_t x = 0; x < w; ++x) {
                relax(x, y, -1, 0, 3);
                relax(x, y, 0, -1, 3);
                relax(x, y, -1, -1, 4);
                relax(x, y, 1, -1, 4);
            }
        for (std::int64_t y = h - 1; y >= 0; --y)
            for (std::int64_t x = w - 1; x >= 0; --x) {
                relax(x, y, 1, 0, 3);
                relax(x, y, 0, 1, 3);
                relax(x, y, 1, 1, 4);
                relax(x, y, -1, 1, 4);
            }
        return dist;
    };
    const std::vector<double> in = pass(true), out = pass(false);
    std::vector<double> sd(mask.size());
    for (std::size_t n = 0; n < mask.size(); ++n)
        sd[n] = mask[n] ? -(in[n] - 1.5) / 3.0 : (out[n] - 1.5) / 3.0;
    return sd;
}

} // namespace

std::int64_t fillBetweenSlices(LabelEdit &edit, std::uint8_t label, int axis, const EditRule &rule)
{
    const auto &d = edit.geometry().dims;
    // Slice axes: u, v in the slice, s through slices.
    const int s = std::clamp(axis, 0, 2), u = s == 0 ? 1 : 0, v = s == 2 ? 1 : 2;
    const std::int64_t w = d[u], h = d[v], depth = d[s];
    const auto voxel = [&](std::int64_t x, std::int64_t y, std::int64_t z) {
        std::array<std::int64_t, 3> p{};
        p[static_cast<std::size_t>(u)] = x;
        p[static_cast<std::size_t>(v)] = y;
        p[static_cast<std::size_t>(s)] = z;
        return p;
    };
    const auto sliceMask = [&](std::int64_t z, bool *any) {
        std::vector<std::uint8_t> m(static_cast<std::size_t>(w * h));
        *any = false;
        for (std::int64_t y = 0; y < h; ++y)
            for (std::int64_t x = 0; x < w; ++x) {
                const auto p = voxel(x, y, z);
                const bool in = edit.at(p[0], p[1], p[2]) == label;
                m[static_cast<std::size_t>(y * w + x)] = in;
                *any = *any || in;
            }
        return m;
    };
    std::vector<std::int64_t> drawn;
    std::vector<std::vector<std::uint8_t>> masks(static_cast<std::size_t>(depth));
    for (std::int64_t z = 0; z < depth; ++z) {
        bool any = false;
        masks[static_cast<std::size_t>(z)] = sliceMask(z, &any);
        if (any)
            drawn.push_back(z);
    }
    const std::int64_t before = edit.changedVoxels();
    for (std::size_t n = 0; n + 1 < drawn.size(); ++n) {
        const std::int64_t z0 = drawn[n], z1 = drawn[n + 1];
        if (z1 - z0 < 2)
            continue;
        const std::vector<double> a = signedDistance(masks[static_cast<std::size_t>(z0)], w, h);
        const std::vector<double> b = signedDistance(masks[static_cast<std::size_t>(z1)], w, h);
        for (std::int64_t z = z0 + 1; z < z1; ++z) {
            const double t = double(z - z0) / double(z1 - z0);
            for (std::int64_t y = 0; y < h; ++y)
                for (std::int64_t x = 0; x < w; ++x) {
                    const std::size_t at = static_cast<std::size_t>(y * w + x);
                    if ((1 - t) * a[at] + t * b[at] > 0)
                        continue;
                    const auto p = voxel(x, y, z);
                    if (edit.at(p[0], p[1], p[2]) != label && rule.allows(edit, p[0], p[1], p[2]))
                        edit.set(p[0], p[1], p[2], label);
                }
        }
    }
    return edit.changedVoxels() - before;
}

} // namespace loupe
