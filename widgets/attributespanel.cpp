#include "widgets/attributespanel.h"

#include "core/annotations/trackdocument.h"

#include <QCheckBox>
#include <QComboBox>
#include <QDoubleSpinBox>
#include <QFormLayout>
#include <QLabel>
#include <QLineEdit>
#include <QListWidget>
#include <QVBoxLayout>

namespace loupe {

AttributesPanel::AttributesPanel(QWidget *parent)
    : QWidget(parent), m_title(new QLabel(this)), m_form(nullptr), m_body(nullptr)
{
    auto *layout = new QVBoxLayout(this);
    m_title->setWordWrap(true);
    layout->addWidget(m_title);
    layout->addStretch(1);
    rebuild();
}

void AttributesPanel::setDocument(TrackDocument *document)
{
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    m_id = 0;
    if (document)
        connect(document, &TrackDocument::schemaChanged, this, &AttributesPanel::rebuild);
    if (document)
        connect(document, &TrackDocument::tracksChanged, this,
                [this](const std::vector<qint64> &ids, bool reset) {
                    if (reset || std::find(ids.begin(), ids.end(), m_id) != ids.end())
                        rebuild();
                });
    rebuild();
}

void AttributesPanel::setTrack(qint64 id, int frame)
{
    if (id == m_id && frame == m_frame)
        return;
    m_id = id;
    m_frame = frame;
    rebuild();
}

QWidget *AttributesPanel::editor(const QString &name) const
{
    return m_body ? m_body->findChild<QWidget *>(name) : nullptr;
}

void AttributesPanel::set(const QString &name, const QString &value, bool perFrame)
{
    if (m_building || !m_document || !m_id)
        return;
    const Result<bool> done = perFrame ? m_document->setFrameAttribute(m_id, m_frame, name, value)
                                       : m_document->setTrackAttribute(m_id, name, value);
    if (!done.ok()) {
        emit message(done.errorMessage());
        rebuild(); // back to what the track holds
    }
}

void AttributesPanel::rebuild()
{
    m_building = true;
    // Later, not now: the edit that changed the track may be one of its editors' signals.
    if (m_body) {
        layout()->removeWidget(m_body);
        m_body->hide();
        m_body->deleteLater();
    }
    m_body = new QWidget(this);
    m_form = new QFormLayout(m_body);
    static_cast<QVBoxLayout *>(layout())->insertWidget(1, m_body);
    const Track *t = m_document ? m_document->track(m_id) : nullptr;
    const std::optional<TrackFrame> here = t ? t->at(m_frame) : std::nullopt;
    if (!t) {
        m_title->setText(tr("Select an object to see its attributes."));
        m_building = false;
        return;
    }
    m_title->setText(tr("<b>%1 #%2</b> · frame %3%4")
                         .arg(t->label, trackIdText(t->id))
                         .arg(m_frame)
                         .arg(here ? (here->keyframe ? tr(" (keyframe)") : tr(" (interpolated)"))
                                   : tr(" (not in view)")));
    const ClassSpec *spec = m_document->schema().find(t->label);
    const auto addEditor = [&](const AttributeSpec &a, const QString &value) {
        const bool perFrame = a.perFrame;
        QWidget *w = nullptr;
        switch (a.type) {
        case AttributeSpec::Type::Select: {
            auto *box = new QComboBox(m_body);
            box->addItems(a.values);
            box->setCurrentIndex(box->findText(value));
            connect(box, &QComboBox::currentTextChanged, this,
                    [this, name = a.name, perFrame](const QString &v) { set(name, v, perFrame); });
            w = box;
            break;
        }
        case AttributeSpec::Type::MultiSelect: {
            auto *list = new QListWidget(m_body);
            const QStringList chosen = value.split(QLatin1Char(';'), Qt::SkipEmptyParts);
            for (const QString &v : a.values) {
                auto *item = new QListWidgetItem(v, list);
                item->setFlags(item->flags() | Qt::ItemIsUserCheckable);
                item->setCheckState(chosen.contains(v) ? Qt::Checked : Qt::Unchecked);
            }
            list->setMaximumHeight(list->sizeHintForRow(0) * (int(a.values.size()) + 1));
            connect(list, &QListWidget::itemChanged, this, [this, list, name = a.name, perFrame] {
                QStringList on;
                for (int i = 0; i < list->count(); ++i)
                    if (list->item(i)->checkState() == Qt::Checked)
                        on << list->item(i)->text();
                set(name, on.join(QLatin1Char(';')), perFrame);
            });
            w = list;
            break;
        }
        case AttributeSpec::Type::Checkbox: {
            auto *box = new QCheckBox(m_body);
            box->setChecked(value == QLatin1String("true"));
            connect(box, &QCheckBox::toggled, this, [this, name = a.name, perFrame](bool on) {
                set(name, on ? QStringLiteral("true") : QStringLiteral("false"), perFrame);
            });
            w = box;
            break;
        }
        case AttributeSpec::Type::Number: {
            auto *spin = new QDoubleSpinBox(m_body);
            spin->setRange(a.maximum > a.minimum ? a.minimum : -1e9,
                           a.maximum > a.minimum ? a.maximum : 1e9);
            if (a.step > 0)
                spin->setSingleStep(a.step);
            spin->setValue(value.toDouble());
            connect(spin, &QDoubleSpinBox::editingFinished, this,
                    [this, spin, name = a.name, perFrame] {
                        set(name, QString::number(spin->value()), perFrame);
                    });
            w = spin;
            break;
        }
        case AttributeSpec::Type::Text: {
            auto *line = new QLineEdit(value, m_body);
            connect(line, &QLineEdit::editingFinished, this,
                    [this, line, name = a.name, perFrame] { set(name, line->text(), perFrame); });
            w = line;
            break;
        }
        }
        w->setObjectName(a.name);
        w->setEnabled(!perFrame || here.has_value());
        m_form->addRow(a.name, w);
    };
    if (spec) {
        for (const AttributeSpec &a : spec->attributes)
            if (!a.perFrame) {
                const auto v = t->attributes.find(a.name);
                addEditor(a, v != t->attributes.end() ? v->second : a.defaultValue);
            }
        bool framed = false;
        for (const AttributeSpec &a : spec->attributes)
            if (a.perFrame) {
                if (!framed)
                    m_form->addRow(new QLabel(
                        tr("<i>At frame %1, and on until it changes</i>").arg(m_frame), m_body));
                framed = true;
                const auto v =
                    here ? here->attributes.find(a.name) : decltype(here->attributes.end()){};
                addEditor(a, here && v != here->attributes.end() ? v->second : a.defaultValue);
            }
    }
    // Occluded at this frame: a keyframe's flag.
    auto *occluded = new QCheckBox(tr("Occluded here"), m_body);
    occluded->setObjectName(QStringLiteral("occluded-here"));
    occluded->setChecked(here && here->occluded);
    occluded->setEnabled(here.has_value());
    connect(occluded, &QCheckBox::toggled, this, [this](bool on) {
        if (m_building || !m_document)
            return;
        const Result<bool> done = m_document->setOccluded(m_id, m_frame, on);
        if (!done.ok())
            emit message(done.errorMessage());
    });
    m_form->addRow(occluded);
    m_building = false;
}

} // namespace loupe
