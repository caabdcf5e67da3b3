#include "core/labels/labelops.h"

#include "core/compute/computebackend.h"

#include <algorithm>
#include <cmath>
#include <deque>

namespace loupe {

bool EditRule::allows(const LabelEdit &edit, std::int64_t i, std::int64_t j, std::int64_t k) const
{
    if (locked[edit.at(i, j, k)])
        return false;
    if (range && intensities) {
        const double v = intensities->valueAt(i, j, k);
        if (v < range->first || v > range->second)
            return false;
    }
    return true;
}

std::int64_t paintBall(LabelEdit &edit, const Vec3 &centre, double radiusMm, const EditRule &rule)
{
    const VolumeGeometry &g = edit.geometry();
    const std::int64_t before = edit.changedVoxels();
    std::array<std::int64_t, 3> lo{}, hi{};
    for (int a = 0; a < 3; ++a) {
        const double r = radiusMm / g.spacing[a];
        lo[a] = std::max<std::int64_t>(0, std::int64_t(std::ceil(centre[a] - r)));
        hi[a] = std::min<std::int64_t>(g.dims[a] - 1, std::int64_t(std::floor(centre[a] + r)));
    }
    const double r2 = radiusMm * radiusMm;
    for (std::int64_t k = lo[2]; k <= hi[2]; ++k)
        for (std::int64_t j = lo[1]; j <= hi[1]; ++j)
            for (std::int64_t i = lo[0]; i <= hi[0]; ++i) {
                const double dx = (i - centre[0]) * g.spacing[0],
                             dy = (j - centre[1]) * g.spacing[1],
                             dz = (k - centre[2]) * g.spacing[2];
                if (dx * dx + dy * dy + dz * dz <= r2 && rule.allows(edit, i, j, k))
                    edit.set(i, j, k, rule.label);
            }
    return edit.changedVoxels() - before;
}

std::int64_t paintDisk(LabelEdit &edit, const SlicePlane &plane, double x, double y,
                       double radiusMm, const EditRule &rule)
{
    const std::int64_t before = edit.changedVoxels();
    const double rx = radiusMm / plane.spacingX, ry = radiusMm / plane.spacingY;
    const int x0 = std::max(0, int(std::ceil(x - rx))),
              x1 = std::min(plane.width - 1, int(std::floor(x + rx)));
    const int y0 = std::max(0, int(std::ceil(y - ry))),
              y1 = std::min(plane.height - 1, int(std::floor(y + ry)));
    for (int py = y0; py <= y1; ++py)
        for (int px = x0; px <= x1; ++px) {
            const double dx = (px - x) * plane.spacingX, dy = (py - y) * plane.spacingY;
            if (dx * dx + dy * dy > radiusMm * radiusMm)
                continue;
            const Vec3 v = plane.toVoxel(px, py);
            const std::int64_t i = std::lround(v[0]), j = std::lround(v[1]), k = std::lround(v[2]);
            if (edit.contains(i, j, k) && rule.allows(edit, i, j, k))
                edit.set(i, j, k, rule.label);
        }
    return edit.changedVoxels() - before;
}

namespace {

/// [low, high] as int16 bounds; false when no int16 value lies in it.
bool int16Range(double low, double high, std::int16_t *lo, std::int16_t *hi)
{
    const double l = std::max(-32768.0, std::ceil(low)), h = std::min(32767.0, std::floor(high));
    if (l > h)
        return false;
    *lo = static_cast<std::int16_t>(l);
    *hi = static_cast<std::int16_t>(h);
    return true;
}

/// Sets the rule's label where the mask is set and the rule allows.
void applyMask(LabelEdit &edit, const Volume &volume, const std::vector<std::uint8_t> &mask,
               const EditRule &rule)
{
    const auto &d = volume.geometry().dims;
    std::size_t n = 0;
    for (std::int64_t k = 0; k < d[2]; ++k)
        for (std::int64_t j = 0; j < d[1]; ++j)
            for (std::int64_t i = 0; i < d[0]; ++i, ++n)
                if (mask[n] && rule.allows(edit, i, j, k))
                    edit.set(i, j, k, rule.label);
}

} // namespace

std::int64_t threshold(LabelEdit &edit, const Volume &volume, double low, double high,
                       const EditRule &rule, const ComputeBackend *compute)
{
    const std::int64_t before = edit.changedVoxels();
    const auto &d = volume.geometry().dims;
    std::int16_t lo = 0, hi = 0;
    if (compute && volume.scalarType() == ScalarType::Int16) {
        if (!int16Range(low, high, &lo, &hi))
            return 0;
        std::vector<std::uint8_t> mask(volume.geometry().voxelCount());
        compute->thresholdMask(volume.dataAs<std::int16_t>(),
                               static_cast<std::int64_t>(mask.size()), lo, hi, mask.data());
        applyMask(edit, volume, mask, rule);
        return edit.changedVoxels() - before;
    }
    for (std::int64_t k = 0; k < d[2]; ++k)
        for (std::int64_t j = 0; j < d[1]; ++j)
            for (std::int64_t i = 0; i < d[0]; ++i) {
                const double v = volume.valueAt(i, j, k);
                if (v >= low && v <= high && rule.allows(edit, i, j, k))
                    edit.set(i, j, k, rule.label);
            }
    return edit.changedVoxels() - before;
}

std::int64_t growFromSeeds(LabelEdit &edit, const Volume &volume, const std::vector<Vec3> &seeds,
                           double low, double high, const EditRule &rule, const SlicePlane *plane,
                           const ComputeBackend *compute)
{
    const std::int64_t before = edit.changedVoxels();
    const auto &d = volume.geometry().dims;
    const bool anyLocked =
        std::any_of(rule.locked.begin(), rule.locked.end(), [](bool b) { return b; });
    std::int16_t lo = 0, hi = 0;
    if (compute && !plane && !anyLocked && !rule.range &&
        volume.scalarType() == ScalarType::Int16) {
        if (!int16Range(low, high, &lo, &hi))
            return 0;
        std::vector<std::uint8_t> mask(volume.geometry().voxelCount()), one(mask.size());
        for (const Vec3 &s : seeds) {
            const std::int64_t i = std::lround(s[0]), j = std::lround(s[1]), k = std::lround(s[2]);
            if (!volume.geometry().isValid() || i < 0 || j < 0 || k < 0 || i >= d[0] || j >= d[1] ||
                k >= d[2] || mask[volume.index(i, j, k)])
                continue;
            compute->growMask(volume.dataAs<std::int16_t>(), {d[0], d[1], d[2]}, i, j, k, lo, hi,
                              one.data());
            for (std::size_t n = 0; n < mask.size(); ++n)
                mask[n] |= one[n];
        }
        applyMask(edit, volume, mask, rule);
        return edit.changedVoxels() - before;
    }
    std::vector<bool> seen(volume.geometry().voxelCount(), false);
    std::deque<std::array<std::int64_t, 3>> queue;
    const auto visit = [&](std::int64_t i, std::int64_t j, std::int64_t k) {
        if (i < 0 || j < 0 || k < 0 || i >= d[0] || j >= d[1] || k >= d[2])
            return;
        const std::size_t at = volume.index(i, j, k);
        if (seen[at])
            return;
        seen[at] = true;
        const double v = volume.valueAt(i, j, k);
        if (v < low || v > high || !rule.allows(edit, i, j, k))
            return;
        edit.set(i, j, k, rule.label);
        queue.push_back({i, j, k});
    };
    for (const Vec3 &s : seeds)
        visit(std::lround(s[0]), std::lround(s[1]), std::lround(s[2]));
    // In 2D, only the neighbours within the plane's two axes (axis-aligned planes).
    std::vector<std::array<std::int64_t, 3>> steps = {{1, 0, 0},  {-1, 0, 0}, {0, 1, 0},
                                                      {0, -1, 0}, {0, 0, 1},  {0, 0, -1}};
    if (plane) {
        std::erase_if(steps, [&](const auto &s) {
            const Vec3 step{double(s[0]), double(s[1]), double(s[2])};
            return std::abs(dot(normalized(plane->stepNormal), step)) > 0.5;
        });
    }
    while (!queue.empty()) {
        const auto [i, j, k] = queue.front();
        queue.pop_front();
        for (const auto &s : steps)
            visit(i + s[0], j + s[1], k + s[2]);
    }
    return edit.changedVoxels() - before;
}

std::int64_t keepLargestIsland(LabelEdit &edit, std::uint8_t label)
{
    const VolumeGeometry &g = edit.geometry();
    const auto &d = g.dims;
    const auto at = [&](std::int64_t i, std::int64_t j, std::int64_t k) {
        return static_cast<std::size_t>((k * d[1] + j) * d[0] + i);
    };
    // Component number of each voxel of the label (0: not the label or not yet seen).
    std::vector<std::int32_t> component(g.voxelCount(), 0);
    std::vector<std::int64_t> sizes{0};
    std::vector<std::array<std::int64_t, 3>> stack;
    const std::array<std::array<std::int64_t, 3>, 6> steps{
        {{1, 0, 0}, {-1, 0, 0}, {0, 1, 0}, {0, -1, 0}, {0, 0, 1}, {0, 0, -1}}};
    for (std::int64_t k = 0; k < d[2]; ++k)
        for (std::int64_t j = 0; j < d[1]; ++j)
            for (std::int64_t i = 0; i < d[0]; ++i) {
                if (edit.at(i, j, k) != label || component[at(i, j, k)])
                    continue;
                const auto id = static_cast<std::int32_t>(sizes.size());
                std::int64_t size = 0;
                component[at(i, j, k)] = id;
                stack.push_back({i, j, k});
                while (!stack.empty()) {
                    const auto [x, y, z] = stack.back();
                    stack.pop_back();
                    ++size;
                    for (const auto &s : steps) {
                        const std::int64_t a = x + s[0], b = y + s[1], c = z + s[2];
                        if (a < 0 || b < 0 || c < 0 || a >= d[0] || b >= d[1] || c >= d[2])
                            continue;
                        if (component[at(a, b, c)] || edit.at(a, b, c) != label)
                            continue;
                        component[at(a, b, c)] = id;
                        stack.push_back({a, b, c});
                    }
                }
                sizes.push_back(size);
            }
    if (sizes.size() <= 2)
        return 0; // none or one island
    const auto largest =
        static_cast<std::int32_t>(std::max_element(sizes.begin() + 1, sizes.end()) - sizes.begin());
    const std::int64_t before = edit.changedVoxels();
    for (std::int64_t k = 0; k < d[2]; ++k)
        for (std::int64_t j = 0; j < d[1]; ++j)
            for (std::int64_t i = 0; i < d[0]; ++i) {
                const std::int32_t c = component[at(i, j, k)];
                if (c && c != largest)
                    edit.set(i, j, k, 0);
            }
    return edit.changedVoxels() - before;
}

} // namespace loupe
