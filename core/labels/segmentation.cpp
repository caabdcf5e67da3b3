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
    : QObject(parent), m_volume(std::move(volume)), m_labels(m_volume->geometry())
{
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
    edit(tr("Delete %1").arg(name), [&](LabelEdit &e) { mergeInto(e, 0, label); });
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
    edit(name, [&](LabelEdit &e) { mergeInto(e, into, from); });
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

void Segmentation::edit(const QString &description, const std::function<void(LabelEdit &)> &change)
{
    LabelEdit e(m_labels, description);
    change(e);
    LabelChange done = e.finish();
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
    if (m_busy)
        return;
    m_busy = true;
    emit busyChanged(true);
    struct Outcome {
        LabelMap labels;
        std::vector<std::size_t> changed;
        QString message;
    };
    auto *watcher = new QFutureWatcher<std::shared_ptr<Outcome>>(this);
    connect(watcher, &QFutureWatcherBase::finished, this, [this, watcher, description] {
        const std::shared_ptr<Outcome> o = watcher->result();
        watcher->deleteLater();
        // The changed bricks replace the live ones: one undo step.
        edit(description, [&](LabelEdit &e) {
            for (std::size_t b : o->changed)
                e.adoptBrick(b, o->labels.brick(b));
        });
        m_busy = false;
        emit busyChanged(false);
        emit editDone(o->message);
    });
    watcher->setFuture(QtConcurrent::run([copy = m_labels, change = std::move(change)]() mutable {
        auto o = std::make_shared<Outcome>(Outcome{std::move(copy), {}, {}});
        LabelEdit e(o->labels, QString());
        o->message = change(e);
        for (const LabelChange::Saved &saved : e.finish().before)
            o->changed.push_back(saved.index);
        return o;
    }));
}

void Segmentation::replaceAll(const QString &description, const LabelMap &labels,
                              const std::vector<Segment> &segments)
{
    edit(description, [&](LabelEdit &e) {
        for (std::size_t b = 0; b < m_labels.brickCount(); ++b)
            e.adoptBrick(b, labels.brick(b));
    });
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
    const QString what = m_history.undo(m_labels);
    if (!what.isEmpty()) {
        restoreRemoved();
        touched();
    }
    return what;
}

QString Segmentation::redo()
{
    const QString what = m_history.redo(m_labels);
    if (!what.isEmpty()) {
        restoreRemoved();
        touched();
    }
    return what;
}

void Segmentation::restoreRemoved()
{
    bool changed = false;
    for (auto it = m_removed.begin(); it != m_removed.end();) {
        if (!segment(it->label) && m_labels.holds(it->label)) {
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

void Segmentation::setOpacity(double opacity)
{
    opacity = std::clamp(opacity, 0.0, 1.0);
    if (opacity == m_opacity)
        return;
    m_opacity = opacity;
    emit displayChanged();
}

void Segmentation::touched()
{
    ++m_revision;
    emit labelsChanged();
}

} // namespace loupe
