#include "app/gui/conflictspanel.h"

#include "core/annotations/track.h"
#include "core/annotations/trackjson.h"
#include "core/store/labeljournal.h"
#include "core/store/trackstore.h"

#include <QHBoxLayout>
#include <QHeaderView>
#include <QJsonDocument>
#include <QJsonObject>
#include <QLabel>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

#include <set>

namespace loupe {

namespace {

enum Column { Thing, Mine, Author, Theirs, Columns };

} // namespace

ConflictsPanel::ConflictsPanel(QWidget *parent)
    : QWidget(parent), m_table(new QTableWidget(0, Columns, this)), m_note(new QLabel(this)),
      m_theirs(new QPushButton(tr("Keep &Theirs"), this)),
      m_mine(new QPushButton(tr("Keep &Mine"), this)),
      m_both(new QPushButton(tr("Keep &Both"), this)), m_union(new QPushButton(tr("&Union"), this))
{
    m_table->setHorizontalHeaderLabels(
        {tr("Label"), tr("Mine (the kept edit)"), tr("By"), tr("Theirs (now)")});
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    m_theirs->setToolTip(tr("Resolve with the label as it is now on the server."));
    m_mine->setToolTip(tr("Resolve with the edit kept in the conflict."));
    m_both->setToolTip(tr("Tracks: keep theirs, and the kept edits as a second track."));
    m_union->setToolTip(tr("Label bricks: every voxel labelled in either version (theirs "
                           "where both label it)."));
    m_theirs->setObjectName(QStringLiteral("resolveTheirs"));
    m_mine->setObjectName(QStringLiteral("resolveMine"));
    m_both->setObjectName(QStringLiteral("resolveBoth"));
    m_union->setObjectName(QStringLiteral("resolveUnion"));
    m_note->setWordWrap(true);
    auto *refresh = new QPushButton(tr("Refresh"), this);
    auto *buttons = new QHBoxLayout;
    for (QPushButton *b : {m_theirs, m_mine, m_both, m_union})
        buttons->addWidget(b);
    buttons->addStretch();
    buttons->addWidget(refresh);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_note);
    layout->addLayout(buttons);
    connect(m_theirs, &QPushButton::clicked, this,
            [this] { resolveSelected(store::Resolution::Current); });
    connect(m_mine, &QPushButton::clicked, this,
            [this] { resolveSelected(store::Resolution::Kept); });
    connect(m_both, &QPushButton::clicked, this,
            [this] { resolveSelected(store::Resolution::Both); });
    connect(m_union, &QPushButton::clicked, this,
            [this] { resolveSelected(store::Resolution::Union); });
    connect(refresh, &QPushButton::clicked, this, &ConflictsPanel::refreshRequested);
    connect(m_table, &QTableWidget::itemSelectionChanged, this, &ConflictsPanel::updateButtons);
    connect(m_table, &QTableWidget::cellDoubleClicked, this, [this](int row, int) {
        if (row >= 0 && row < int(m_conflicts.size()))
            emit activated(m_conflicts[std::size_t(row)]);
    });
    m_table->setToolTip(tr("Double-click a conflict to see its label."));
    setConflicts({});
}

QString ConflictsPanel::describeThing(const QString &key)
{
    if (const auto thing = store::trackThing(key)) {
        const QString id = trackIdText(thing->second);
        if (thing->first == QLatin1String("tag"))
            return tr("frame tag %1").arg(id);
        const int frame = store::keyframeOf(key);
        return frame >= 0 ? tr("track %1, keyframe %2").arg(id).arg(frame)
                          : tr("track %1 (class, attributes)").arg(id);
    }
    if (const auto brick = store::brickOf(key))
        return tr("label brick %1 (layer %2)").arg(brick->second).arg(brick->first);
    if (const auto label = store::segmentOf(key))
        return tr("segment %1").arg(*label);
    return key;
}

QString ConflictsPanel::describeState(const std::optional<store::ThingState> &state)
{
    if (!state || state->isDelete())
        return tr("removed");
    if (!state->blobHash.isEmpty())
        return tr("voxels %1…").arg(state->blobHash.left(12));
    const auto attributes = [](const AttributeValues &values) {
        QStringList out;
        for (const auto &[name, value] : values)
            out << QStringLiteral("%1=%2").arg(name, value);
        return out;
    };
    if (state->kind == QLatin1String("keyframe.put")) {
        Keyframe k;
        if (keyframeFromJson(state->json, k)) {
            if (k.outside)
                return tr("outside the view");
            const Shape &shape = k.shape;
            QStringList parts{shape.hasVertices()
                                  ? tr("%1 of %n point(s)", nullptr, int(shape.points.size()))
                                        .arg(kindName(shape.kind))
                                  : tr("%1 at (%2, %3), %4×%5")
                                        .arg(kindName(shape.kind))
                                        .arg(shape.centre.x, 0, 'f', 1)
                                        .arg(shape.centre.y, 0, 'f', 1)
                                        .arg(shape.width, 0, 'f', 1)
                                        .arg(shape.height, 0, 'f', 1)};
            if (!shape.hasVertices() && shape.angle != 0)
                parts << tr("turned %1°").arg(shape.angle, 0, 'f', 1);
            if (k.occluded)
                parts << tr("occluded");
            return (parts + attributes(k.attributes)).join(QStringLiteral(", "));
        }
    }
    if (state->kind == QLatin1String("track.put")) {
        Track t;
        if (trackHeaderFromJson(state->json, t))
            return (QStringList{tr("class %1, camera %2").arg(t.label).arg(t.stream + 1)} +
                    attributes(t.attributes))
                .join(QStringLiteral(", "));
    }
    QString text =
        QString::fromUtf8(QJsonDocument::fromJson(state->json).toJson(QJsonDocument::Compact));
    if (text.size() > 120)
        text = text.left(119) + QChar(0x2026);
    return text;
}

void ConflictsPanel::setConflicts(const std::vector<store::Conflict> &conflicts)
{
    std::set<qint64> wasSelected;
    for (const store::Conflict &c : selected())
        wasSelected.insert(c.record.id);
    m_conflicts = conflicts;
    m_table->setRowCount(int(conflicts.size()));
    for (int row = 0; row < int(conflicts.size()); ++row) {
        const store::Conflict &c = conflicts[std::size_t(row)];
        const auto cell = [&](int column, const QString &text) {
            auto *item = new QTableWidgetItem(text);
            item->setToolTip(text);
            m_table->setItem(row, column, item);
        };
        cell(Thing, describeThing(c.record.key));
        cell(Mine, c.kept ? describeState(c.kept) : tr("(not pulled yet)"));
        cell(Author, c.keptAuthor);
        cell(Theirs, describeState(c.current));
        m_table->item(row, Thing)
            ->setToolTip(tr("Conflict %1: %2 of %3, edited from revision %4; revision %5 was there")
                             .arg(c.record.id)
                             .arg(c.record.key, c.record.document)
                             .arg(c.record.baseRev)
                             .arg(c.record.theirsRev));
    }
    m_table->resizeColumnsToContents();
    std::vector<qint64> keep(wasSelected.begin(), wasSelected.end());
    select(keep);
    updateButtons();
}

void ConflictsPanel::setCanResolve(bool can, const QString &why)
{
    m_canResolve = can;
    m_note->setText(can ? QString() : why);
    updateButtons();
}

void ConflictsPanel::select(const std::vector<qint64> &ids)
{
    m_table->clearSelection();
    const std::set<qint64> wanted(ids.begin(), ids.end());
    const auto mode = m_table->selectionMode();
    m_table->setSelectionMode(QAbstractItemView::MultiSelection);
    for (int row = 0; row < int(m_conflicts.size()); ++row)
        if (wanted.count(m_conflicts[std::size_t(row)].record.id))
            m_table->selectRow(row);
    m_table->setSelectionMode(mode);
}

std::vector<store::Conflict> ConflictsPanel::selected() const
{
    std::set<int> rows;
    for (const QModelIndex &i : m_table->selectionModel()->selectedRows())
        rows.insert(i.row());
    std::vector<store::Conflict> out;
    for (const int row : rows)
        if (row < int(m_conflicts.size()))
            out.push_back(m_conflicts[std::size_t(row)]);
    return out;
}

void ConflictsPanel::resolveSelected(store::Resolution resolution)
{
    std::vector<store::Conflict> chosen = selected();
    if (chosen.empty() || !m_canResolve)
        return;
    if (resolution == store::Resolution::Both) {
        // Both is about a whole track: every open conflict of the track goes into its copy.
        const auto thing = store::trackThing(chosen.front().record.key);
        const QString document = chosen.front().record.document;
        chosen.clear();
        for (const store::Conflict &c : m_conflicts)
            if (const auto t = store::trackThing(c.record.key);
                c.record.document == document && t && thing && *t == *thing)
                chosen.push_back(c);
    }
    emit resolveRequested(chosen, resolution);
}

void ConflictsPanel::updateButtons()
{
    const std::vector<store::Conflict> chosen = selected();
    const auto all = [&](store::Resolution r) {
        if (!m_canResolve || chosen.empty())
            return false;
        for (const store::Conflict &c : chosen)
            if (!store::canResolve(c.record.key, r) || (r != store::Resolution::Current && !c.kept))
                return false;
        return true;
    };
    m_theirs->setEnabled(all(store::Resolution::Current));
    m_mine->setEnabled(all(store::Resolution::Kept));
    // Both: the selection is of one track.
    std::set<std::pair<QString, qint64>> tracks;
    for (const store::Conflict &c : chosen)
        if (const auto t = store::trackThing(c.record.key))
            tracks.insert({c.record.document, t->second});
    m_both->setEnabled(all(store::Resolution::Both) && tracks.size() == 1);
    m_union->setEnabled(all(store::Resolution::Union));
    if (m_canResolve)
        m_note->setText(m_conflicts.empty()
                            ? tr("No open conflicts.")
                            : tr("%n open conflict(s). Select one or more to resolve them.",
                                 nullptr, int(m_conflicts.size())));
}

} // namespace loupe
