#include "core/labels/labelmap.h"

#include <algorithm>

namespace loupe {

LabelMap::LabelMap(const VolumeGeometry &geometry) : m_geometry(geometry)
{
    for (int a = 0; a < 3; ++a)
        m_counts[static_cast<std::size_t>(a)] = (geometry.dims[a] + kBrick - 1) / kBrick;
    m_bricks.resize(static_cast<std::size_t>(m_counts[0] * m_counts[1] * m_counts[2]));
}

bool LabelMap::contains(std::int64_t i, std::int64_t j, std::int64_t k) const
{
    const auto &d = m_geometry.dims;
    return i >= 0 && j >= 0 && k >= 0 && i < d[0] && j < d[1] && k < d[2];
}

std::size_t LabelMap::brickIndex(std::int64_t i, std::int64_t j, std::int64_t k) const
{
    return static_cast<std::size_t>(((k / kBrick) * m_counts[1] + j / kBrick) * m_counts[0] +
                                    i / kBrick);
}

std::array<std::int64_t, 3> LabelMap::brickMiddle(std::size_t index) const
{
    const auto n = static_cast<std::int64_t>(index);
    const std::int64_t brick[3] = {n % m_counts[0], n / m_counts[0] % m_counts[1],
                                   n / (m_counts[0] * m_counts[1])};
    std::array<std::int64_t, 3> middle{};
    for (int a = 0; a < 3; ++a) {
        const std::int64_t first = brick[a] * kBrick;
        const std::int64_t last = std::min(m_geometry.dims[a], first + kBrick) - 1;
        middle[std::size_t(a)] = (first + last) / 2;
    }
    return middle;
}

namespace {
inline std::size_t offsetInBrick(std::int64_t i, std::int64_t j, std::int64_t k)
{
    constexpr std::int64_t b = LabelMap::kBrick;
    return static_cast<std::size_t>(((k % b) * b + j % b) * b + i % b);
}
} // namespace

std::uint8_t LabelMap::at(std::int64_t i, std::int64_t j, std::int64_t k) const
{
    const auto &brick = m_bricks[brickIndex(i, j, k)];
    return brick ? (*brick)[offsetInBrick(i, j, k)] : 0;
}

std::size_t LabelMap::allocatedBricks() const
{
    return static_cast<std::size_t>(std::count_if(m_bricks.begin(), m_bricks.end(),
                                                  [](const auto &b) { return b != nullptr; }));
}

void LabelMap::replace(std::size_t index, std::shared_ptr<const Brick> brick)
{
    m_bricks[index] = std::move(brick);
}

bool LabelMap::holds(std::uint8_t label) const
{
    for (const auto &brick : m_bricks)
        if (brick && std::find(brick->begin(), brick->end(), label) != brick->end())
            return true;
    return false;
}

std::array<std::int64_t, 256> LabelMap::histogram() const
{
    std::array<std::int64_t, 256> counts{};
    std::int64_t written = 0;
    forEachWrittenVoxel([&](std::int64_t, std::int64_t, std::int64_t, std::uint8_t label) {
        ++counts[label];
        ++written;
    });
    counts[0] += static_cast<std::int64_t>(m_geometry.voxelCount()) - written;
    return counts;
}

bool LabelMap::writtenBounds(std::array<std::int64_t, 3> &first,
                             std::array<std::int64_t, 3> &last) const
{
    bool any = false;
    for (std::size_t b = 0; b < m_bricks.size(); ++b) {
        if (!m_bricks[b])
            continue;
        const std::array<std::int64_t, 3> at{std::int64_t(b) % m_counts[0],
                                             (std::int64_t(b) / m_counts[0]) % m_counts[1],
                                             std::int64_t(b) / (m_counts[0] * m_counts[1])};
        for (std::size_t a = 0; a < 3; ++a) {
            const std::int64_t lo = at[a] * kBrick,
                               hi = std::min(m_geometry.dims[static_cast<int>(a)], lo + kBrick) - 1;
            first[a] = any ? std::min(first[a], lo) : lo;
            last[a] = any ? std::max(last[a], hi) : hi;
        }
        any = true;
    }
    return any;
}

std::vector<std::uint8_t> encodeBrick(const LabelMap::Brick *brick)
{
    std::vector<std::uint8_t> runs;
    if (!brick)
        return runs;
    std::size_t n = 0;
    while (n < brick->size()) {
        const std::uint8_t label = (*brick)[n];
        std::size_t run = 1;
        while (n + run < brick->size() && (*brick)[n + run] == label && run < 256)
            ++run;
        runs.push_back(static_cast<std::uint8_t>(run - 1));
        runs.push_back(label);
        n += run;
    }
    return runs;
}

std::shared_ptr<const LabelMap::Brick> decodeBrick(const std::vector<std::uint8_t> &runs)
{
    if (runs.empty())
        return nullptr;
    auto brick = std::make_shared<LabelMap::Brick>();
    std::size_t n = 0;
    for (std::size_t r = 0; r + 1 < runs.size(); r += 2) {
        const std::size_t count = std::size_t(runs[r]) + 1;
        std::fill_n(brick->begin() + static_cast<std::ptrdiff_t>(n),
                    std::min(count, brick->size() - n), runs[r + 1]);
        n += count;
    }
    return brick;
}

std::size_t LabelChange::bytes() const
{
    std::size_t total = 0;
    for (const Saved &s : before)
        total += s.runs.capacity() + sizeof(Saved);
    for (const Saved &s : after)
        total += s.runs.capacity() + sizeof(Saved);
    return total;
}

LabelEdit::LabelEdit(LabelMap &map, QString description, std::uint8_t layer)
    : m_map(map), m_description(std::move(description)), m_layer(layer)
{
}

void LabelEdit::set(std::int64_t i, std::int64_t j, std::int64_t k, std::uint8_t label)
{
    const std::size_t index = m_map.brickIndex(i, j, k);
    const std::size_t offset = offsetInBrick(i, j, k);
    auto open = m_open.find(index);
    if (open == m_open.end()) {
        const std::shared_ptr<const LabelMap::Brick> &current = m_map.m_bricks[index];
        if ((current ? (*current)[offset] : 0) == label)
            return; // no change: the brick stays shared
        // First change to this brick in this edit: a copy to write (or a new empty brick),
        // and the old one kept for undo.
        auto copy = current ? std::make_shared<LabelMap::Brick>(*current)
                            : std::make_shared<LabelMap::Brick>(LabelMap::Brick{});
        m_old.emplace(index, current);
        open = m_open.emplace(index, copy).first;
        m_map.replace(index, copy);
    }
    std::uint8_t &voxel = (*open->second)[offset];
    if (voxel != label) {
        voxel = label;
        ++m_changed;
    }
}

void LabelEdit::adoptBrick(std::size_t index, std::shared_ptr<const LabelMap::Brick> brick)
{
    const auto &current = m_map.m_bricks[index];
    if (current == brick || (current && brick && *current == *brick) || (!current && !brick))
        return;
    m_old.emplace(index, current); // kept only on the first change to this brick
    // Bricks are immutable once an edit ends, so the other map's brick is shared, not copied; a
    // later set() in this edit copies it like any other.
    m_open.erase(index);
    m_map.replace(index, std::move(brick));
    ++m_changed;
}

LabelChange LabelEdit::finish()
{
    LabelChange change;
    change.description = m_description;
    const auto empty = [](const LabelMap::Brick &b) {
        return std::all_of(b.begin(), b.end(), [](std::uint8_t v) { return v == 0; });
    };
    for (auto &[index, old] : m_old) {
        const std::shared_ptr<const LabelMap::Brick> &now = m_map.m_bricks[index];
        const bool unchanged = old == now || (old && now && *old == *now) ||
                               (!old && now && empty(*now)) || (old && !now && empty(*old));
        if (unchanged) {
            m_map.replace(index, old); // written back to what it was: keep the shared one
            continue;
        }
        change.before.push_back({index, m_layer, encodeBrick(old.get())});
    }
    std::sort(change.before.begin(), change.before.end(),
              [](const auto &a, const auto &b) { return a.index < b.index; });
    m_open.clear();
    m_old.clear();
    return change;
}

void LabelHistory::push(LabelChange change)
{
    if (change.before.empty())
        return;
    m_steps.resize(m_done); // what could be redone is gone
    m_steps.push_back(std::move(change));
    m_done = m_steps.size();
}

void LabelHistory::merge(LabelChange change)
{
    if (change.before.empty())
        return;
    if (m_done == 0 || m_done != m_steps.size()) {
        push(std::move(change));
        return;
    }
    LabelChange &last = m_steps.back();
    for (LabelChange::Saved &saved : change.before) {
        const bool kept = std::any_of(last.before.begin(), last.before.end(), [&](const auto &s) {
            return s.index == saved.index && s.layer == saved.layer;
        });
        if (!kept)
            last.before.push_back(std::move(saved));
    }
}

QString LabelHistory::undo(LabelLayers &layers)
{
    if (!canUndo())
        return {};
    LabelChange &step = m_steps[--m_done];
    step.after.clear();
    for (const LabelChange::Saved &saved : step.before) {
        LabelMap &map = layers.at(saved.layer);
        step.after.push_back({saved.index, saved.layer, encodeBrick(map.brick(saved.index).get())});
        map.replace(saved.index, decodeBrick(saved.runs));
    }
    return step.description;
}

void LabelHistory::forget(std::uint8_t layer, std::size_t index)
{
    for (LabelChange &step : m_steps)
        for (auto *saved : {&step.before, &step.after})
            std::erase_if(*saved, [&](const LabelChange::Saved &b) {
                return b.layer == layer && b.index == index;
            });
}

QString LabelHistory::redo(LabelLayers &layers)
{
    if (!canRedo())
        return {};
    LabelChange &step = m_steps[m_done++];
    for (const LabelChange::Saved &saved : step.after)
        layers.at(saved.layer).replace(saved.index, decodeBrick(saved.runs));
    step.after.clear();
    return step.description;
}

std::size_t LabelHistory::memoryBytes() const
{
    std::size_t total = 0;
    for (const LabelChange &step : m_steps)
        total += step.bytes();
    return total;
}

} // namespace loupe
