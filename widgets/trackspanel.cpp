#include "widgets/trackspanel.h"

#include "core/annotations/trackdocument.h"

#include <QAbstractTableModel>
#include <QComboBox>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QHeaderView>
#include <QLabel>
#include <QSpinBox>
#include <QTableView>
#include <QVBoxLayout>

namespace loupe {

/// The document's tracks that pass the filters, a row each.
class TrackListModel : public QAbstractTableModel {
public:
    enum Column { Id, Class, Camera, Frames, Keyframes, Columns };

    TrackDocument *document = nullptr;
    QStringList cameras;
    QString label; ///< filter: empty for every class
    int stream = -1;
    int first = 0, last = -1; ///< filter: last < first for every frame
    std::vector<qint64> ids;

    void rebuild()
    {
        beginResetModel();
        ids.clear();
        if (document)
            for (const auto &[id, t] : document->tracks()) {
                if (!label.isEmpty() && t.label != label)
                    continue;
                if (stream >= 0 && t.stream != stream)
                    continue;
                if (last >= first) {
                    const auto [from, to] = t.span();
                    if (from > last || (to >= 0 && to < first))
                        continue;
                }
                ids.push_back(id);
            }
        endResetModel();
    }
    int rowCount(const QModelIndex &parent) const override
    {
        return parent.isValid() ? 0 : int(ids.size());
    }
    int columnCount(const QModelIndex &parent) const override
    {
        return parent.isValid() ? 0 : Columns;
    }
    QVariant data(const QModelIndex &index, int role) const override
    {
        if (!document || role != Qt::DisplayRole || index.row() >= int(ids.size()))
            return {};
        const Track *t = document->track(ids[std::size_t(index.row())]);
        if (!t)
            return {};
        switch (index.column()) {
        case Id: return trackIdText(t->id);
        case Class: return t->label;
        case Camera:
            return t->stream < cameras.size() ? cameras[t->stream] : QString::number(t->stream);
        case Frames: {
            const auto [from, to] = t->span();
            return to >= 0 ? QStringLiteral("%1–%2").arg(from).arg(to)
                           : QStringLiteral("%1–").arg(from);
        }
        case Keyframes: return int(t->keyframes.size());
        default: return {};
        }
    }
    QVariant headerData(int section, Qt::Orientation o, int role) const override
    {
        if (o != Qt::Horizontal || role != Qt::DisplayRole)
            return {};
        switch (section) {
        case Id: return QObject::tr("Id");
        case Class: return QObject::tr("Class");
        case Camera: return QObject::tr("Camera");
        case Frames: return QObject::tr("Frames");
        case Keyframes: return QObject::tr("Keys");
        default: return {};
        }
    }
};

TracksPanel::TracksPanel(QWidget *parent)
    : QWidget(parent), m_model(new TrackListModel), m_table(new QTableView(this)),
      m_class(new QComboBox(this)), m_camera(new QComboBox(this)), m_from(new QSpinBox(this)),
      m_to(new QSpinBox(this)), m_count(new QLabel(this))
{
    m_model->setParent(this);
    auto *filters = new QFormLayout;
    filters->addRow(tr("Class"), m_class);
    filters->addRow(tr("Camera"), m_camera);
    auto *frames = new QHBoxLayout;
    frames->addWidget(m_from);
    frames->addWidget(new QLabel(tr("to"), this));
    frames->addWidget(m_to);
    filters->addRow(tr("Frames"), frames);
    m_from->setToolTip(tr("Tracks with a shape somewhere in these frames"));
    m_to->setToolTip(m_from->toolTip());
    m_table->setModel(m_model);
    m_table->setSelectionBehavior(QAbstractItemView::SelectRows);
    m_table->setSelectionMode(QAbstractItemView::SingleSelection);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_table->verticalHeader()->hide();
    m_table->horizontalHeader()->setStretchLastSection(true);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(filters);
    layout->addWidget(m_table, 1);
    layout->addWidget(m_count);
    connect(m_class, &QComboBox::currentIndexChanged, this, &TracksPanel::refilter);
    connect(m_camera, &QComboBox::currentIndexChanged, this, &TracksPanel::refilter);
    connect(m_from, &QSpinBox::valueChanged, this, &TracksPanel::refilter);
    connect(m_to, &QSpinBox::valueChanged, this, &TracksPanel::refilter);
    connect(m_table->selectionModel(), &QItemSelectionModel::currentRowChanged, this,
            [this](const QModelIndex &current) {
                if (!m_selecting && current.isValid() &&
                    std::size_t(current.row()) < m_model->ids.size())
                    emit trackChosen(m_model->ids[std::size_t(current.row())]);
            });
}

TracksPanel::~TracksPanel() = default;

void TracksPanel::setDocument(TrackDocument *document, const QStringList &cameras, int frameCount)
{
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    m_model->document = document;
    m_model->cameras = cameras;
    const QSignalBlocker a(m_class), b(m_camera), c(m_from), d(m_to);
    listClasses();
    m_camera->clear();
    m_camera->addItem(tr("Every camera"), -1);
    for (int s = 0; s < cameras.size(); ++s)
        m_camera->addItem(cameras[s], s);
    const int top = std::max(0, frameCount - 1);
    m_from->setRange(0, top);
    m_to->setRange(0, top);
    m_from->setValue(0);
    m_to->setValue(top);
    if (document)
        connect(document, &TrackDocument::tracksChanged, this, &TracksPanel::refilter);
    if (document)
        connect(document, &TrackDocument::schemaChanged, this, [this] {
            listClasses();
            refilter();
        });
    refilter();
}

void TracksPanel::listClasses()
{
    const QSignalBlocker block(m_class);
    const QString chosen = m_class->currentData().toString();
    m_class->clear();
    m_class->addItem(tr("Every class"), QString());
    if (m_document)
        for (const ClassSpec &spec : m_document->schema().classes)
            m_class->addItem(spec.name, spec.name);
    m_class->setCurrentIndex(std::max(0, m_class->findData(chosen)));
}

void TracksPanel::setClassFilter(const QString &label)
{
    m_class->setCurrentIndex(std::max(0, m_class->findData(label)));
}

void TracksPanel::setCameraFilter(int stream)
{
    m_camera->setCurrentIndex(std::max(0, m_camera->findData(stream)));
}

void TracksPanel::setFrameFilter(int first, int last)
{
    m_from->setValue(first);
    m_to->setValue(last);
}

std::vector<qint64> TracksPanel::listed() const
{
    return m_model->ids;
}

void TracksPanel::refilter()
{
    const qint64 selected = [this] {
        const QModelIndex i = m_table->currentIndex();
        return i.isValid() && std::size_t(i.row()) < m_model->ids.size()
                   ? m_model->ids[std::size_t(i.row())]
                   : qint64(0);
    }();
    m_model->label = m_class->currentData().toString();
    m_model->stream = m_camera->currentData().isValid() ? m_camera->currentData().toInt() : -1;
    m_model->first = m_from->value();
    m_model->last = m_to->value();
    m_model->rebuild();
    m_count->setText(
        m_document ? tr("%1 of %2 tracks").arg(m_model->ids.size()).arg(m_document->tracks().size())
                   : QString());
    setSelected(selected);
}

void TracksPanel::setSelected(qint64 id)
{
    const auto it = std::find(m_model->ids.begin(), m_model->ids.end(), id);
    m_selecting = true;
    if (it == m_model->ids.end())
        m_table->clearSelection();
    else
        m_table->selectRow(int(it - m_model->ids.begin()));
    m_selecting = false;
}

} // namespace loupe
