#include "app/gui/schemadialog.h"

#include "core/annotations/trackdocument.h"

#include <QCheckBox>
#include <QColorDialog>
#include <QComboBox>
#include <QDialogButtonBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QInputDialog>
#include <QLabel>
#include <QListWidget>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>

namespace loupe {

namespace {

enum Column { Name, Type, PerFrame, Choices, Minimum, Maximum, Default, Columns };

const AttributeSpec::Type kTypes[] = {AttributeSpec::Type::Select, AttributeSpec::Type::MultiSelect,
                                      AttributeSpec::Type::Checkbox, AttributeSpec::Type::Number,
                                      AttributeSpec::Type::Text};

} // namespace

SchemaDialog::SchemaDialog(const LabelSchema &schema, QWidget *parent)
    : QDialog(parent), m_schema(schema), m_classes(new QListWidget(this)),
      m_colour(new QPushButton(this)), m_attributes(new QTableWidget(0, Columns, this)),
      m_hint(new QLabel(this))
{
    setWindowTitle(tr("Label Schema"));
    auto *add = new QPushButton(tr("Add Class…"), this);
    auto *remove = new QPushButton(tr("Remove Class"), this);
    auto *classButtons = new QHBoxLayout;
    classButtons->addWidget(add);
    classButtons->addWidget(remove);
    auto *left = new QVBoxLayout;
    left->addWidget(m_classes, 1);
    left->addLayout(classButtons);

    auto *shapes = new QHBoxLayout;
    for (const Shape::Kind k : {Shape::Kind::Box, Shape::Kind::Polygon, Shape::Kind::Polyline,
                                Shape::Kind::Points, Shape::Kind::Ellipse}) {
        auto *box = new QCheckBox(kindName(k), this);
        shapes->addWidget(box);
        m_shapes.emplace_back(k, box);
    }
    m_attributes->setHorizontalHeaderLabels({tr("Attribute"), tr("Type"), tr("Per frame"),
                                             tr("Choices (;)"), tr("Min"), tr("Max"),
                                             tr("Default")});
    m_attributes->horizontalHeader()->setStretchLastSection(true);
    m_attributes->verticalHeader()->hide();
    auto *addAttribute = new QPushButton(tr("Add Attribute"), this);
    auto *removeAttribute = new QPushButton(tr("Remove Attribute"), this);
    auto *attributeButtons = new QHBoxLayout;
    attributeButtons->addWidget(addAttribute);
    attributeButtons->addWidget(removeAttribute);
    attributeButtons->addStretch(1);
    auto *form = new QFormLayout;
    form->addRow(tr("Colour"), m_colour);
    form->addRow(tr("Shapes"), shapes);
    auto *right = new QVBoxLayout;
    right->addLayout(form);
    right->addWidget(m_attributes, 1);
    right->addLayout(attributeButtons);
    m_hint->setWordWrap(true);
    m_hint->setText(tr("No shape ticked: the class takes any shape. Choices are separated by "
                       "semicolons. Per-frame attributes change along a track (at keyframes)."));
    right->addWidget(m_hint);
    auto *columns = new QHBoxLayout;
    columns->addLayout(left, 1);
    columns->addLayout(right, 3);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Ok | QDialogButtonBox::Cancel, this);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(columns, 1);
    layout->addWidget(buttons);
    resize(820, 460);

    for (const ClassSpec &c : m_schema.classes)
        m_classes->addItem(c.name);
    connect(m_classes, &QListWidget::currentRowChanged, this, &SchemaDialog::showClass);
    connect(add, &QPushButton::clicked, this, [this] {
        const QString name = QInputDialog::getText(this, tr("Add Class"), tr("Name:"));
        if (!name.trimmed().isEmpty())
            addClass(name.trimmed());
    });
    connect(remove, &QPushButton::clicked, this, [this] { removeClass(m_classes->currentRow()); });
    connect(m_colour, &QPushButton::clicked, this, [this] {
        if (m_current < 0)
            return;
        const QColor c =
            QColorDialog::getColor(m_schema.classes[std::size_t(m_current)].colour, this);
        if (c.isValid())
            setColour(c);
    });
    connect(addAttribute, &QPushButton::clicked, this, [this] {
        AttributeSpec a;
        a.name = tr("attribute%1").arg(m_attributes->rowCount() + 1);
        this->addAttribute(a);
    });
    connect(removeAttribute, &QPushButton::clicked, this, [this] {
        if (m_attributes->currentRow() >= 0)
            m_attributes->removeRow(m_attributes->currentRow());
    });
    connect(buttons, &QDialogButtonBox::accepted, this, [this] {
        storeClass();
        accept();
    });
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    if (!m_schema.classes.empty())
        m_classes->setCurrentRow(0);
    else
        showClass(-1);
}

void SchemaDialog::setColour(const QColor &colour)
{
    if (m_current < 0)
        return;
    m_schema.classes[std::size_t(m_current)].colour = colour;
    m_colour->setText(colour.name());
    m_colour->setStyleSheet(QStringLiteral("background: %1").arg(colour.name()));
}

void SchemaDialog::addClass(const QString &name)
{
    storeClass();
    ClassSpec c;
    c.name = name;
    c.colour = QColor::fromHsv(int(qHash(name) % 360), 200, 230);
    m_schema.classes.push_back(c);
    m_classes->addItem(name);
    m_classes->setCurrentRow(m_classes->count() - 1);
}

void SchemaDialog::removeClass(int row)
{
    if (row < 0 || row >= int(m_schema.classes.size()))
        return;
    m_current = -1; // nothing to store from the form
    m_schema.classes.erase(m_schema.classes.begin() + row);
    delete m_classes->takeItem(row);
    showClass(m_classes->currentRow());
}

void SchemaDialog::setShapeAllowed(Shape::Kind kind, bool allowed)
{
    for (auto &[k, box] : m_shapes)
        if (k == kind)
            box->setChecked(allowed);
}

void SchemaDialog::addAttribute(const AttributeSpec &a)
{
    const int row = m_attributes->rowCount();
    m_attributes->insertRow(row);
    m_attributes->setItem(row, Name, new QTableWidgetItem(a.name));
    auto *type = new QComboBox(m_attributes);
    for (const AttributeSpec::Type t : kTypes)
        type->addItem(attributeTypeName(t));
    type->setCurrentText(attributeTypeName(a.type));
    m_attributes->setCellWidget(row, Type, type);
    auto *perFrame = new QTableWidgetItem;
    perFrame->setFlags(perFrame->flags() | Qt::ItemIsUserCheckable);
    perFrame->setCheckState(a.perFrame ? Qt::Checked : Qt::Unchecked);
    m_attributes->setItem(row, PerFrame, perFrame);
    m_attributes->setItem(row, Choices, new QTableWidgetItem(a.values.join(QLatin1Char(';'))));
    m_attributes->setItem(row, Minimum, new QTableWidgetItem(QString::number(a.minimum)));
    m_attributes->setItem(row, Maximum, new QTableWidgetItem(QString::number(a.maximum)));
    m_attributes->setItem(row, Default, new QTableWidgetItem(a.defaultValue));
}

void SchemaDialog::showClass(int row)
{
    storeClass();
    m_current = row;
    m_attributes->setRowCount(0);
    const bool has = row >= 0 && row < int(m_schema.classes.size());
    m_colour->setEnabled(has);
    m_attributes->setEnabled(has);
    for (auto &[k, box] : m_shapes) {
        box->setEnabled(has);
        box->setChecked(has && m_schema.classes[std::size_t(row)].shapes.count(k));
    }
    if (!has)
        return;
    const ClassSpec &c = m_schema.classes[std::size_t(row)];
    setColour(c.colour);
    for (const AttributeSpec &a : c.attributes)
        addAttribute(a);
}

void SchemaDialog::storeClass()
{
    if (m_current < 0 || m_current >= int(m_schema.classes.size()))
        return;
    ClassSpec &c = m_schema.classes[std::size_t(m_current)];
    c.shapes.clear();
    for (auto &[k, box] : m_shapes)
        if (box->isChecked())
            c.shapes.insert(k);
    c.attributes.clear();
    for (int r = 0; r < m_attributes->rowCount(); ++r) {
        AttributeSpec a;
        a.name = m_attributes->item(r, Name)->text().trimmed();
        if (a.name.isEmpty())
            continue;
        const int type =
            static_cast<QComboBox *>(m_attributes->cellWidget(r, Type))->currentIndex();
        a.type = kTypes[std::clamp(type, 0, 4)];
        a.perFrame = m_attributes->item(r, PerFrame)->checkState() == Qt::Checked;
        a.values =
            m_attributes->item(r, Choices)->text().split(QLatin1Char(';'), Qt::SkipEmptyParts);
        for (QString &v : a.values)
            v = v.trimmed();
        a.minimum = m_attributes->item(r, Minimum)->text().toDouble();
        a.maximum = m_attributes->item(r, Maximum)->text().toDouble();
        a.defaultValue = m_attributes->item(r, Default)->text().trimmed();
        c.attributes.push_back(a);
    }
}

LabelSchema SchemaDialog::schema() const
{
    const_cast<SchemaDialog *>(this)->storeClass();
    return m_schema;
}

QStringList SchemaDialog::problems(const LabelSchema &schema, const TrackDocument &document)
{
    QStringList out;
    // The schema must read back as it is (choices for selects, defaults allowed, ...).
    if (Result<LabelSchema> again = LabelSchema::fromJson(schema.toJson()); !again.ok())
        out << again.errorMessage();
    for (const auto &[id, t] : document.tracks()) {
        for (const QString &p : schema.check(t))
            out << tr("Track %1 (%2): %3").arg(id).arg(t.label, p);
        if (out.size() >= 8) {
            out << tr("…");
            break;
        }
    }
    return out;
}

} // namespace loupe
