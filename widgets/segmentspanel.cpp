#include "widgets/segmentspanel.h"

#include "core/labels/segmentation.h"
#include "widgets/segmenteditor.h"

#include <QAction>
#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QGridLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QMenu>
#include <QPixmap>
#include <QPushButton>
#include <QSlider>
#include <QToolButton>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace loupe {

namespace {
constexpr int kLabelRole = Qt::UserRole + 1;

QIcon swatch(const std::array<std::uint8_t, 3> &c)
{
    QPixmap p(14, 14);
    p.fill(QColor(c[0], c[1], c[2]));
    return QIcon(p);
}
} // namespace

SegmentsPanel::SegmentsPanel(SegmentEditor &editor, QWidget *parent)
    : QWidget(parent), m_editor(editor), m_toolRow(new QGridLayout), m_list(new QTreeWidget(this)),
      m_terminology(new QComboBox(this)), m_brush(new QDoubleSpinBox(this)),
      m_ball(new QCheckBox(tr("3D (ball)"), this)), m_low(new QDoubleSpinBox(this)),
      m_high(new QDoubleSpinBox(this)),
      m_insideOnly(new QCheckBox(tr("Paint only inside the range"), this)),
      m_opacity(new QSlider(Qt::Horizontal, this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    layout->addLayout(m_toolRow);

    m_list->setHeaderLabels({tr("Segment"), tr("Show"), tr("Lock")});
    m_list->setRootIsDecorated(false);
    m_list->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_list->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    m_list->header()->setSectionResizeMode(2, QHeaderView::ResizeToContents);
    m_list->setToolTip(tr("Double-click a name to rename it, or the colour to change it."));
    layout->addWidget(m_list, 1);

    auto *addRow = new QHBoxLayout;
    for (const TerminologyEntry &e : builtInTerminology())
        m_terminology->addItem(swatch(e.colour), e.type.meaning);
    m_terminology->setSizeAdjustPolicy(QComboBox::AdjustToMinimumContentsLengthWithIcon);
    m_terminology->setMinimumContentsLength(8);
    auto *add = new QPushButton(tr("Add"), this);
    add->setToolTip(tr("Add a segment of the chosen type (Ctrl+Shift+N)"));
    addRow->addWidget(m_terminology, 1);
    addRow->addWidget(add);
    layout->addLayout(addRow);

    auto *buttons = new QHBoxLayout;
    const auto button = [&](const QString &text, const QString &tip) {
        auto *b = new QToolButton(this);
        b->setText(text);
        b->setToolTip(tip);
        buttons->addWidget(b);
        return b;
    };
    QToolButton *remove = button(tr("Delete"), tr("Delete the segment and its voxels (undoable)"));
    QToolButton *up = button(tr("Up"), tr("Move the segment up the list"));
    QToolButton *down = button(tr("Down"), tr("Move the segment down the list"));
    QToolButton *colour = button(tr("Colour…"), tr("Change the segment's colour"));
    QToolButton *jump = button(tr("Show"), tr("Move the crosshair to the segment's centre"));
    QToolButton *combine =
        button(tr("Combine…"), tr("Merge the segment into another, or combine it with another "
                                  "(union, intersection, subtraction)"));
    combine->setObjectName(QStringLiteral("combineButton"));
    auto *combineMenu = new QMenu(combine);
    combine->setMenu(combineMenu);
    combine->setPopupMode(QToolButton::InstantPopup);
    connect(combineMenu, &QMenu::aboutToShow, this,
            [this, combineMenu] { fillCombineMenu(*combineMenu); });
    buttons->addStretch();
    layout->addLayout(buttons);

    auto *form = new QFormLayout;
    m_brush->setRange(0.25, 200);
    m_brush->setSuffix(tr(" mm"));
    m_brush->setDecimals(1);
    m_brush->setToolTip(tr("Brush radius ([ and ] change it)"));
    auto *brushRow = new QHBoxLayout;
    brushRow->addWidget(m_brush);
    brushRow->addWidget(m_ball);
    form->addRow(tr("Brush"), brushRow);
    for (QDoubleSpinBox *s : {m_low, m_high}) {
        s->setRange(-100000, 100000);
        s->setDecimals(0);
    }
    auto *rangeRow = new QHBoxLayout;
    rangeRow->addWidget(m_low);
    rangeRow->addWidget(new QLabel(QStringLiteral("…"), this));
    rangeRow->addWidget(m_high);
    form->addRow(tr("Range"), rangeRow);
    form->addRow(QString(), m_insideOnly);
    m_opacity->setRange(0, 100);
    form->addRow(tr("Opacity"), m_opacity);
    layout->addLayout(form);

    connect(add, &QPushButton::clicked, this, &SegmentsPanel::addSegment);
    connect(remove, &QToolButton::clicked, this, [this] {
        if (m_segmentation && selectedLabel())
            m_segmentation->removeSegment(selectedLabel());
    });
    connect(up, &QToolButton::clicked, this, [this] {
        if (m_segmentation && selectedLabel())
            m_segmentation->moveSegment(selectedLabel(), m_list->currentIndex().row() - 1);
    });
    connect(down, &QToolButton::clicked, this, [this] {
        if (m_segmentation && selectedLabel())
            m_segmentation->moveSegment(selectedLabel(), m_list->currentIndex().row() + 1);
    });
    connect(colour, &QToolButton::clicked, this, [this] {
        const Segment *s = m_segmentation ? m_segmentation->segment(selectedLabel()) : nullptr;
        if (!s)
            return;
        const QColor c = QColorDialog::getColor(QColor(s->colour[0], s->colour[1], s->colour[2]),
                                                this, tr("Segment colour"));
        if (c.isValid())
            m_segmentation->setColour(
                s->label, {std::uint8_t(c.red()), std::uint8_t(c.green()), std::uint8_t(c.blue())});
    });
    connect(jump, &QToolButton::clicked, this, &SegmentsPanel::jumpToCurrent);
    connect(m_list, &QTreeWidget::currentItemChanged, this, [this](QTreeWidgetItem *item) {
        if (m_segmentation && item && !m_rebuilding)
            m_segmentation->setCurrentLabel(
                static_cast<std::uint8_t>(item->data(0, kLabelRole).toInt()));
    });
    connect(m_list, &QTreeWidget::itemChanged, this, [this](QTreeWidgetItem *item, int column) {
        if (!m_segmentation || m_rebuilding)
            return;
        const auto label = static_cast<std::uint8_t>(item->data(0, kLabelRole).toInt());
        if (column == 0)
            m_segmentation->renameSegment(label, item->text(0));
        else if (column == 1)
            m_segmentation->setVisible(label, item->checkState(1) == Qt::Checked);
        else if (column == 2)
            m_segmentation->setLocked(label, item->checkState(2) == Qt::Checked);
    });
    connect(m_brush, &QDoubleSpinBox::valueChanged, &m_editor, &SegmentEditor::setBrushRadiusMm);
    connect(m_ball, &QCheckBox::toggled, &m_editor, &SegmentEditor::setBrush3D);
    connect(m_insideOnly, &QCheckBox::toggled, &m_editor, &SegmentEditor::setPaintInsideRangeOnly);
    for (QDoubleSpinBox *s : {m_low, m_high})
        connect(s, &QDoubleSpinBox::valueChanged, this,
                [this] { m_editor.setIntensityRange(m_low->value(), m_high->value()); });
    connect(m_opacity, &QSlider::valueChanged, this, [this](int v) {
        if (m_segmentation)
            m_segmentation->setOpacity(v / 100.0);
    });
    connect(&m_editor, &SegmentEditor::settingsChanged, this, &SegmentsPanel::syncSettings);
    syncSettings();
    setEnabled(false);
}

void SegmentsPanel::setToolActions(const QList<QAction *> &actions)
{
    // Three to a row, so the panel stays narrow beside the views.
    int n = 0;
    for (QAction *a : actions) {
        auto *b = new QToolButton(this);
        b->setDefaultAction(a);
        b->setSizePolicy(QSizePolicy::Ignored, QSizePolicy::Fixed);
        m_toolRow->addWidget(b, n / 3, n % 3);
        ++n;
    }
}

void SegmentsPanel::setSegmentation(Segmentation *segmentation)
{
    if (m_segmentation)
        disconnect(m_segmentation, nullptr, this, nullptr);
    m_segmentation = segmentation;
    setEnabled(segmentation != nullptr);
    if (segmentation) {
        // Queued: a change made from the list itself (a check box, a rename) must not rebuild
        // the list under the item that is still emitting.
        connect(segmentation, &Segmentation::segmentsChanged, this, &SegmentsPanel::rebuild,
                Qt::QueuedConnection);
        connect(segmentation, &Segmentation::currentChanged, this, &SegmentsPanel::rebuild,
                Qt::QueuedConnection);
        m_opacity->setValue(static_cast<int>(segmentation->opacity() * 100));
    }
    rebuild();
}

void SegmentsPanel::fillCombineMenu(QMenu &menu)
{
    menu.clear();
    const Segment *selected = m_segmentation ? m_segmentation->segment(selectedLabel()) : nullptr;
    if (!selected)
        return;
    const std::uint8_t a = selected->label;
    QMenu *merge = menu.addMenu(tr("Merge into"));
    QMenu *add = menu.addMenu(tr("Add (∪)"));
    QMenu *intersect = menu.addMenu(tr("Intersect with (∩)"));
    QMenu *subtract = menu.addMenu(tr("Subtract (−)"));
    for (const Segment &s : m_segmentation->segments()) {
        if (s.label == a)
            continue;
        merge->addAction(s.name, this,
                         [this, into = s.label, a] { m_segmentation->mergeSegments(into, a); });
        for (auto [sub, op] :
             {std::pair{add, LogicalOp::Union}, std::pair{intersect, LogicalOp::Intersect},
              std::pair{subtract, LogicalOp::Subtract}})
            sub->addAction(s.name, this, [this, a, op = op, b = s.label] {
                m_segmentation->combineSegments(a, op, b);
            });
    }
    for (QMenu *sub : {merge, add, intersect, subtract})
        sub->setEnabled(!sub->isEmpty());
    menu.addSeparator();
    QAction *own = menu.addAction(tr("Own layer (may overlap others)"), this,
                                  [this, a] { m_segmentation->moveToOwnLayer(a); });
    own->setToolTip(tr("Painting it then leaves the other segments alone, and theirs it"));
    bool shared = false;
    for (const Segment &s : m_segmentation->segments())
        shared = shared || (s.label != a && s.layer == selected->layer);
    own->setEnabled(shared);
}

void SegmentsPanel::addSegment()
{
    if (!m_segmentation)
        return;
    const QString type = m_terminology->currentText();
    int n = 1;
    for (const Segment &s : m_segmentation->segments())
        n += s.type.meaning == type;
    m_segmentation->addSegment(n > 1 ? QStringLiteral("%1 %2").arg(type).arg(n) : type, type);
}

std::uint8_t SegmentsPanel::selectedLabel() const
{
    const QTreeWidgetItem *item = m_list->currentItem();
    return item ? static_cast<std::uint8_t>(item->data(0, kLabelRole).toInt()) : 0;
}

void SegmentsPanel::rebuild()
{
    m_rebuilding = true;
    m_list->clear();
    if (m_segmentation) {
        for (const Segment &s : m_segmentation->segments()) {
            auto *item = new QTreeWidgetItem(m_list, {s.name});
            item->setIcon(0, swatch(s.colour));
            item->setData(0, kLabelRole, int(s.label));
            QString tip = QStringLiteral("%1 · %2 (%3 %4)")
                              .arg(s.category.meaning, s.type.meaning, s.type.scheme, s.type.value);
            if (s.layer > 0)
                tip += tr("\nOn layer %1: may overlap the segments of other layers.").arg(s.layer);
            item->setToolTip(0, tip);
            item->setFlags(item->flags() | Qt::ItemIsEditable | Qt::ItemIsUserCheckable);
            item->setCheckState(1, s.visible ? Qt::Checked : Qt::Unchecked);
            item->setCheckState(2, s.locked ? Qt::Checked : Qt::Unchecked);
            if (s.label == m_segmentation->currentLabel())
                m_list->setCurrentItem(item);
        }
    }
    m_rebuilding = false;
}

void SegmentsPanel::syncSettings()
{
    const QSignalBlocker b1(m_brush), b2(m_ball), b3(m_low), b4(m_high), b5(m_insideOnly);
    m_brush->setValue(m_editor.brushRadiusMm());
    m_ball->setChecked(m_editor.brush3D());
    m_low->setValue(m_editor.intensityRange().first);
    m_high->setValue(m_editor.intensityRange().second);
    m_insideOnly->setChecked(m_editor.paintInsideRangeOnly());
}

void SegmentsPanel::jumpToCurrent()
{
    if (!m_segmentation || !selectedLabel())
        return;
    // The centre of the segment's voxels.
    const std::uint8_t label = selectedLabel();
    double si = 0, sj = 0, sk = 0, n = 0;
    m_segmentation->layers()
        .at(m_segmentation->layerOf(label))
        .forEachWrittenVoxel([&](std::int64_t i, std::int64_t j, std::int64_t k, std::uint8_t l) {
            if (l != label)
                return;
            si += double(i);
            sj += double(j);
            sk += double(k);
            ++n;
        });
    if (n > 0)
        emit jumpTo(si / n, sj / n, sk / n);
}

} // namespace loupe
