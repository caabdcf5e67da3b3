#pragma once

#include "core/volume.h"

#include <algorithm>
#include <array>
#include <cstdint>
#include <memory>
#include <unordered_map>
#include <vector>

namespace loupe {

/// One label per voxel of a volume's grid: 0 for none, 1..255 for a segment.
///
/// Stored in bricks of 16 × 16 × 16 voxels that are allocated on first write; a brick never
/// written reads as 0. Bricks are shared, immutable once an edit is finished, and replaced
/// (not changed) by the next edit that touches them: an undo step keeps only the bricks its
/// edit replaced, and nothing else is copied. For the same reason a copy of a LabelMap (brick
/// pointers only) is a snapshot that other threads can read while editing goes on.
class LabelMap {
public:
    static constexpr int kBrick = 16; ///< voxels along each side of a brick
    static constexpr std::size_t kBrickVoxels = std::size_t(kBrick) * kBrick * kBrick;
    using Brick = std::array<std::uint8_t, kBrickVoxels>;

    explicit LabelMap(const VolumeGeometry &geometry);

    const VolumeGeometry &geometry() const { return m_geometry; }
    std::uint8_t at(std::int64_t i, std::int64_t j, std::int64_t k) const;
    bool contains(std::int64_t i, std::int64_t j, std::int64_t k) const;

    /// Bricks along i, j and k, and in all.
    const std::array<std::int64_t, 3> &brickCounts() const { return m_counts; }
    std::size_t brickCount() const { return m_bricks.size(); }
    std::size_t brickIndex(std::int64_t i, std::int64_t j, std::int64_t k) const;
    /// The voxel in the middle of brick `index` (its part inside the volume).
    std::array<std::int64_t, 3> brickMiddle(std::size_t index) const;
    /// The brick (nullptr: never written, all 0).
    const std::shared_ptr<const Brick> &brick(std::size_t index) const { return m_bricks[index]; }
    /// Puts a whole brick in place, outside any edit: for building a map that was kept
    /// elsewhere (the local store). nullptr: never written. Not an undo step.
    void placeBrick(std::size_t index, std::shared_ptr<const Brick> brick)
    {
        replace(index, std::move(brick));
    }
    std::size_t allocatedBricks() const;
    /// Bytes the voxels would take unbricked (one per voxel): the size undo memory is
    /// measured against.
    std::size_t denseBytes() const { return m_geometry.voxelCount(); }

    /// Calls visit(i, j, k, label) for every voxel of every written brick (the only voxels that
    /// can hold a label), in brick order. A brick never written is skipped whole.
    template <typename Visit>
    void forEachWrittenVoxel(Visit visit) const;

    /// The voxel box of the written bricks, first and last voxel inclusive; false when none.
    bool writtenBounds(std::array<std::int64_t, 3> &first, std::array<std::int64_t, 3> &last) const;

    /// Whether any voxel holds `label` (a scan of the written bricks).
    bool holds(std::uint8_t label) const;

    /// Voxels holding each label (index = label).
    std::array<std::int64_t, 256> histogram() const;

private:
    friend class LabelEdit;
    friend class LabelHistory;
    void replace(std::size_t index, std::shared_ptr<const Brick> brick);

    VolumeGeometry m_geometry;
    std::array<std::int64_t, 3> m_counts{0, 0, 0};
    std::vector<std::shared_ptr<const Brick>> m_bricks;
};

/// The label maps of one segmentation, one per layer. Layer 0 always exists; segments that
/// overlap others sit on further layers (a segment lives on one layer, and its label is unique
/// across all of them).
using LabelLayers = std::vector<LabelMap>;

template <typename Visit>
void LabelMap::forEachWrittenVoxel(Visit visit) const
{
    const auto &d = m_geometry.dims;
    for (std::size_t b = 0; b < m_bricks.size(); ++b) {
        if (!m_bricks[b])
            continue;
        const std::int64_t bi = std::int64_t(b) % m_counts[0],
                           bj = (std::int64_t(b) / m_counts[0]) % m_counts[1],
                           bk = std::int64_t(b) / (m_counts[0] * m_counts[1]);
        const Brick &brick = *m_bricks[b];
        for (std::int64_t k = bk * kBrick; k < std::min(d[2], (bk + 1) * kBrick); ++k)
            for (std::int64_t j = bj * kBrick; j < std::min(d[1], (bj + 1) * kBrick); ++j)
                for (std::int64_t i = bi * kBrick; i < std::min(d[0], (bi + 1) * kBrick); ++i)
                    visit(i, j, k,
                          brick[static_cast<std::size_t>(
                              ((k % kBrick) * kBrick + j % kBrick) * kBrick + i % kBrick)]);
    }
}

/// What one edit changed: the bricks before it, kept run-length encoded (labels compress
/// well: a brick that was empty costs nothing, a uniform one a few bytes).
struct LabelChange {
    struct Saved {
        std::size_t index = 0;
        std::uint8_t layer = 0;         ///< which of a segmentation's layers the brick belongs to
        std::vector<std::uint8_t> runs; ///< (count - 1, label) pairs; empty: the brick was empty
    };
    QString description;
    std::vector<Saved> before; ///< the bricks as they were; swapped with `after` on undo
    std::vector<Saved> after;  ///< filled on undo, for redo
    std::size_t bytes() const;
};

/// Changes a LabelMap voxel by voxel. The first write to a brick copies it (or starts it
/// empty) and remembers the old one; finish() turns what was replaced into a LabelChange.
class LabelEdit {
public:
    /// Edits `map`, which is layer `layer` of its segmentation (its changes say so).
    LabelEdit(LabelMap &map, QString description, std::uint8_t layer = 0);
    void set(std::int64_t i, std::int64_t j, std::int64_t k, std::uint8_t label);
    std::uint8_t at(std::int64_t i, std::int64_t j, std::int64_t k) const
    {
        return m_map.at(i, j, k);
    }
    bool contains(std::int64_t i, std::int64_t j, std::int64_t k) const
    {
        return m_map.contains(i, j, k);
    }
    const VolumeGeometry &geometry() const { return m_map.geometry(); }
    /// The map being edited (its bricks as they are now, this edit's changes included).
    const LabelMap &map() const { return m_map; }
    /// Takes a whole brick from another map on the same grid (an import): no copy.
    void adoptBrick(std::size_t index, std::shared_ptr<const LabelMap::Brick> brick);
    /// Voxels whose label changed so far (writes of the same label do not count).
    std::int64_t changedVoxels() const { return m_changed; }
    /// Ends the edit: the change (empty when nothing changed).
    LabelChange finish();

private:
    LabelMap &m_map;
    QString m_description;
    std::unordered_map<std::size_t, std::shared_ptr<LabelMap::Brick>> m_open; ///< writable
    std::unordered_map<std::size_t, std::shared_ptr<const LabelMap::Brick>> m_old;
    std::int64_t m_changed = 0;
    std::uint8_t m_layer = 0;
};

/// Undo and redo of LabelChanges. Memory is what the saved bricks take (run-length encoded).
class LabelHistory {
public:
    /// Keeps a finished change; clears what could be redone. Empty changes are dropped.
    void push(LabelChange change);
    /// Adds a change to the last step (the bricks it had kept stay the oldest): a paint stroke
    /// made of many edits undoes as one. Without a last step, like push().
    void merge(LabelChange change);
    bool canUndo() const { return m_done > 0; }
    bool canRedo() const { return m_done < m_steps.size(); }
    /// Puts the bricks back as they were before the last change (after it, for redo), and
    /// returns the change's description. `layers` holds every layer a change names.
    QString undo(LabelLayers &layers);
    QString redo(LabelLayers &layers);
    std::size_t memoryBytes() const;
    std::size_t size() const { return m_steps.size(); }
    /// Brick `index` of layer `layer` leaves every step: undo and redo leave it alone from now
    /// on (someone else changed it, and it is theirs).
    void forget(std::uint8_t layer, std::size_t index);

private:
    std::vector<LabelChange> m_steps;
    std::size_t m_done = 0; ///< steps applied; those after it can be redone
};

/// Run-length coding of one brick (exposed for tests).
std::vector<std::uint8_t> encodeBrick(const LabelMap::Brick *brick);
std::shared_ptr<const LabelMap::Brick> decodeBrick(const std::vector<std::uint8_t> &runs);

} // namespace loupe
