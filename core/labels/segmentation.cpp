#include "core/labels/segmentation.h"

#include "core/labels/morphology.h"

#include <QFutureWatcher>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>

namespace loupe {

namespace {

/// Distinct colours for segments without a terminology entry.
constexpr std::array<std::array<std::uint8_t, 3>, 8> kPalette{{{230, 60, 60},
                                                               {60, 180, 75},
                                                               {0, 130, 200},
                                                               {245, 130, 48},
                                                               {145, 30, 180},
                                                               {70, 240, 240},
                                                               {240, 50, 230},
                                                               {210, 245, 60}}};

} // namespace

Segmentation::Segmentation(std::shared_ptr<const Volume> volume, QObject *parent)
    : QObject(parent), m_volume(std::move(volume)), m_layers{LabelMap(m_volume->geometry())}
{
}

std::uint8_t Segmentation::layerOf(std::uint8_t label) const
{
    const Segment *s = segment(label);
    return s ? s->layer : 0;
}

const Segment *Segmentation::segment(std::uint8_t label) const
{
    for (const Segment &s : m_segments)
        if (s.label == label)
            return &s;
    return nullptr;
}

std::uint8_t Segmentation::addSegment(const QString &name, const QString &typeMeaning)
{
    std::array<bool, 256> used{};
    for (const Segment &s : m_segments)
        used[s.label] = true;
    int label = 1;
    while (label < 256 && used[static_cast<std::size_t>(label)])
        ++label;
    if (label == 256)
        return 0;
    Segment s;
    s.label = static_cast<std::uint8_t>(label);
    s.name = name.isEmpty() ? tr("Segment %1").arg(label) : name;
    if (const TerminologyEntry *t = findTerminology(typeMeaning.isEmpty() ? name : typeMeaning)) {
        s.category = t->category;
        s.type = t->type;
        s.colour = t->colour;
    } else {
        const TerminologyEntry *tissue = findTerminology(QStringLiteral("Physical object"));
        s.category = tissue->category;
        s.type = tissue->type;
        s.colour = kPalette[static_cast<std::size_t>(label - 1) % kPalette.size()];
    }
    m_segments.push_back(s);
    emit segmentsChanged();
    setCurrentLabel(s.label);
    return s.label;
}

void Segmentation::removeSegment(std::uint8_t label)
{
    const auto it = std::find_if(m_segments.begin(), m_segments.end(),
                                 [&](const Segment &s) { return s.label == label; });
    if (it == m_segments.end())
        return;
    const QString name = it->name;
    m_removed.push_back(*it);
    m_segments.erase(it);
    // Its voxels go back to 0, as one undo step (the segment's entry itself stays removed).
    edit(
        tr("Delete %1").arg(name), [&](LabelEdit &e) { mergeInto(e, 0, label); },
        m_removed.back().layer);
    if (m_current == label)
        setCurrentLabel(m_segments.empty() ? 0 : m_segments.front().label);
    emit segmentsChanged();
}

void Segmentation::mergeSegments(std::uint8_t into, std::uint8_t from)
{
    const Segment *a = segment(into), *b = segment(from);
    if (!a || !b || into == from)
        return;
    const QString name = tr("Merge %1 into %2").arg(b->name, a->name);
    if (a->layer != b->layer) {
        // On different layers: a ∪ b, then b's voxels go (on a worker, one step); b stays
        // listed until its voxels have gone, so a refused or failed merge loses nothing.
        if (refuseWhileBusy())
            return;
        const Segment sa = *a, sb = *b;
        editLayersInBackground(
            name,
            [sa, sb](LayerEditor &editor, Placements &placed) {
                const LabelMap both = combinedMask(editor.layers(), sa, LogicalOp::Union, sb);
                mergeInto(editor.edit(sb.layer), 0, sb.label);
                placed[sa.label] = placeSegment(editor, sa, both);
                return tr("Merged %1 into %2.").arg(sb.name, sa.name);
            },
            [this, into, from] {
                if (const Segment *gone = segment(from)) {
                    m_removed.push_back(*gone);
                    std::erase_if(m_segments, [&](const Segment &s) { return s.label == from; });
                    if (m_current == from)
                        setCurrentLabel(into);
                    emit segmentsChanged();
                }
            });
        return;
    }
    edit(
        name, [&](LabelEdit &e) { mergeInto(e, into, from); }, a->layer);
    m_removed.push_back(*b);
    std::erase_if(m_segments, [&](const Segment &s) { return s.label == from; });
    if (m_current == from)
        setCurrentLabel(into);
    emit segmentsChanged();
}

template <typename Field>
void Segmentation::changeSegment(std::uint8_t label, Field Segment::*field, const Field &value,
                                 bool display)
{
    for (Segment &s : m_segments)
        if (s.label == label && s.*field != value) {
            s.*field = value;
            emit segmentsChanged();
            if (display)
                emit displayChanged();
        }
}

void Segmentation::renameSegment(std::uint8_t label, const QString &name)
{
    changeSegment(label, &Segment::name, name, false);
}

void Segmentation::setColour(std::uint8_t label, std::array<std::uint8_t, 3> colour)
{
    changeSegment(label, &Segment::colour, colour, true);
}

void Segmentation::setVisible(std::uint8_t label, bool visible)
{
    changeSegment(label, &Segment::visible, visible, true);
}

void Segmentation::setLocked(std::uint8_t label, bool locked)
{
    changeSegment(label, &Segment::locked, locked, false);
}

void Segmentation::moveSegment(std::uint8_t label, int position)
{
    const auto it = std::find_if(m_segments.begin(), m_segments.end(),
                                 [&](const Segment &s) { return s.label == label; });
    if (it == m_segments.end())
        return;
    const Segment s = *it;
    m_segments.erase(it);
    position = std::clamp(position, 0, static_cast<int>(m_segments.size()));
    m_segments.insert(m_segments.begin() + position, s);
    emit segmentsChanged();
}

void Segmentation::setCurrentLabel(std::uint8_t label)
{
    if (label == m_current)
        return;
    m_current = label;
    emit currentChanged(label);
}

EditRule Segmentation::ruleFor(std::uint8_t label) const
{
    EditRule rule;
    rule.label = label;
    for (const Segment &s : m_segments)
        rule.locked[s.label] = s.locked;
    return rule;
}

void Segmentation::edit(const QString &description, const std::function<void(LabelEdit &)> &change,
                        int layer)
{
    const std::uint8_t on = layer < 0 ? layerOf(m_current) : static_cast<std::uint8_t>(layer);
    LabelEdit e(m_layers.at(on), description, on);
    change(e);
    commit(e.finish());
}

void Segmentation::commit(LabelChange done)
{
    if (done.before.empty())
        return;
    if (m_inStroke && m_strokeHasStep) {
        m_history.merge(std::move(done));
    } else {
        m_history.push(std::move(done));
        m_strokeHasStep = m_inStroke;
    }
    touched();
}

void Segmentation::editInBackground(const QString &description,
                                    std::function<QString(LabelEdit &)> change)
{
    // One layer's edit is an edit of layers that touches one.
    const std::uint8_t layer = layerOf(m_current);
    editLayersInBackground(description,
                           [layer, change = std::move(change)](LayerEditor &editor, Placements &) {
                               return change(editor.edit(layer));
                           });
}

void Segmentation::editLayersInBackground(
    const QString &description, std::function<QString(LayerEditor &, Placements &)> change,
    std::function<void()> then)
{
    if (m_busy)
        return;
    m_busy = true;
    emit busyChanged(true);
    struct Outcome {
        LabelLayers layers;
        std::vector<std::pair<std::uint8_t, std::size_t>> changed; ///< (layer, brick)
        Placements placed;
        QString message;
    };
    auto *watcher = new QFutureWatcher<std::shared_ptr<Outcome>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this,
            [this, watcher, description, then = std::move(then)] {
                const std::shared_ptr<Outcome> o = watcher->result();
                watcher->deleteLater();
                // Segments on their new layers before the views hear of the new bricks.
                for (Segment &s : m_segments)
                    if (const auto p = o->placed.find(s.label); p != o->placed.end())
                        s.layer = p->second;
                adoptBricks(description, o->layers, o->changed);
                if (then)
                    then();
                if (!o->placed.empty())
                    emit segmentsChanged();
                m_busy = false;
                emit busyChanged(false);
                emit editDone(o->message);
            });
    watcher->setFuture(
        QtConcurrent::run([copy = m_layers, description, change = std::move(change)]() mutable {
            auto o = std::make_shared<Outcome>();
            o->layers = std::move(copy);
            LayerEditor editor(o->layers, description);
            o->message = change(editor, o->placed);
            for (const LabelChange::Saved &saved : editor.finish().before)
                o->changed.emplace_back(saved.layer, saved.index);
            return o;
        }));
}

void Segmentation::combineSegments(std::uint8_t a, LogicalOp op, std::uint8_t b)
{
    const Segment *sa = segment(a), *sb = segment(b);
    if (!sa || !sb || a == b || refuseWhileBusy())
        return;
    const QString what = (op == LogicalOp::Union       ? tr("%1 ∪ %2")
                          : op == LogicalOp::Intersect ? tr("%1 ∩ %2")
                                                       : tr("%1 − %2"))
                             .arg(sa->name, sb->name);
    editLayersInBackground(what, [sa = *sa, sb = *sb, op, what](LayerEditor &editor,
                                                                Placements &placed) {
        const LabelMap mask = combinedMask(editor.layers(), sa, op, sb);
        const std::uint8_t layer = placeSegment(editor, sa, mask);
        placed[sa.label] = layer;
        QString said = tr("%1: %2 voxels.").arg(what).arg(mask.histogram()[1]);
        if (layer != sa.layer)
            said +=
                tr(" %1 now overlaps other segments: it is on layer %2.").arg(sa.name).arg(layer);
        return said;
    });
}

void Segmentation::moveToOwnLayer(std::uint8_t label)
{
    const Segment *s = segment(label);
    if (!s || refuseWhileBusy())
        return;
    editLayersInBackground(tr("%1 on its own layer").arg(s->name), [s = *s](LayerEditor &editor,
                                                                            Placements &placed) {
        const std::uint8_t layer = placeSegment(editor, s, segmentMask(editor.layers(), s), true);
        placed[s.label] = layer;
        return tr("%1 is on layer %2, alone: it may overlap other segments, and painting it "
                  "leaves them alone.")
            .arg(s.name)
            .arg(layer);
    });
}

void Segmentation::adoptBricks(const QString &description, const LabelLayers &from,
                               const std::vector<std::pair<std::uint8_t, std::size_t>> &which)
{
    while (m_layers.size() < from.size())
        m_layers.emplace_back(m_volume->geometry());
    LayerEditor live(m_layers, description);
    for (const auto &[layer, brick] : which)
        live.edit(layer).adoptBrick(brick,
                                    layer < from.size() ? from[layer].brick(brick) : nullptr);
    commit(live.finish());
}

void Segmentation::replaceAll(const QString &description, const LabelLayers &layers,
                              const std::vector<Segment> &segments)
{
    std::vector<std::pair<std::uint8_t, std::size_t>> every;
    for (std::size_t l = 0; l < std::max(layers.size(), m_layers.size()); ++l)
        for (std::size_t b = 0; b < m_layers.front().brickCount(); ++b)
            every.emplace_back(static_cast<std::uint8_t>(l), b);
    adoptBricks(description, layers, every);
    m_segments = segments;
    emit segmentsChanged();
    setCurrentLabel(m_segments.empty() ? 0 : m_segments.front().label);
}

void Segmentation::beginStroke()
{
    m_inStroke = true;
    m_strokeHasStep = false;
}

void Segmentation::endStroke()
{
    m_inStroke = false;
    m_strokeHasStep = false;
}

QString Segmentation::undo()
{
    const QString what = m_history.undo(m_layers);
    if (!what.isEmpty()) {
        followLayers();
        restoreRemoved();
        touched();
    }
    return what;
}

QString Segmentation::redo()
{
    const QString what = m_history.redo(m_layers);
    if (!what.isEmpty()) {
        followLayers();
        restoreRemoved();
        touched();
    }
    return what;
}

void Segmentation::restoreRemoved()
{
    bool changed = false;
    for (auto it = m_removed.begin(); it != m_removed.end();) {
        const int layer = segment(it->label) ? -1 : layerHolding(it->label);
        if (layer >= 0) {
            it->layer = static_cast<std::uint8_t>(layer);
            m_segments.push_back(*it);
            it = m_removed.erase(it);
            changed = true;
        } else {
            ++it;
        }
    }
    if (changed)
        emit segmentsChanged();
}

int Segmentation::layerHolding(std::uint8_t label) const
{
    for (std::size_t l = 0; l < m_layers.size(); ++l)
        if (m_layers[l].holds(label))
            return static_cast<int>(l);
    return -1;
}

void Segmentation::followLayers()
{
    if (m_layers.size() < 2)
        return; // one layer: nowhere to go (and undo stays a brick swap)
    bool moved = false;
    for (Segment &s : m_segments) {
        if (m_layers[s.layer].holds(s.label))
            continue;
        const int layer = layerHolding(s.label);
        if (layer >= 0) {
            s.layer = static_cast<std::uint8_t>(layer);
            moved = true;
        }
    }
    if (moved)
        emit segmentsChanged();
}

bool Segmentation::refuseWhileBusy()
{
    if (m_busy)
        emit editDone(tr("Another segment edit is still running; try again when it is done."));
    return m_busy;
}

void Segmentation::setOpacity(double opacity)
{
    opacity = std::clamp(opacity, 0.0, 1.0);
    if (opacity == m_opacity)
        return;
    m_opacity = opacity;
    emit displayChanged();
}

bool Segmentation::applyRemote(
    const std::vector<RemoteBrick> &bricks,
    const std::vector<std::pair<std::uint8_t, std::optional<Segment>>> &segments)
{
    if (m_busy)
        return false;
    for (const RemoteBrick &b : bricks) {
        while (m_layers.size() <= b.layer)
            m_layers.emplace_back(m_volume->geometry());
        if (b.index >= m_layers[b.layer].brickCount())
            continue; // not of this grid
        m_layers[b.layer].placeBrick(b.index, b.brick);
        m_history.forget(b.layer, b.index);
    }
    for (const auto &[label, segment] : segments) {
        const auto it = std::find_if(m_segments.begin(), m_segments.end(),
                                     [&](const Segment &s) { return s.label == label; });
        if (!segment) {
            if (it != m_segments.end())
                m_segments.erase(it);
            continue;
        }
        while (m_layers.size() <= segment->layer)
            m_layers.emplace_back(m_volume->geometry());
        if (it != m_segments.end())
            *it = *segment;
        else
            m_segments.push_back(*segment);
    }
    if (!bricks.empty())
        touched();
    if (!segments.empty())
        emit segmentsChanged();
    return true;
}

void Segmentation::touched()
{
    ++m_revision;
    emit labelsChanged();
}

} // namespace loupe
