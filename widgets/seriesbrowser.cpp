#include "widgets/seriesbrowser.h"

#include "core/dataset.h"
#include "widgets/slicerender.h"

#include <QHeaderView>
#include <QPixmap>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <map>

namespace loupe {

namespace {
constexpr int kVolumeRole = Qt::UserRole + 1; // index into m_volumes, series rows only
constexpr int kThumbnail = 48;
} // namespace

SeriesBrowser::SeriesBrowser(const ComputeBackend &compute, QWidget *parent)
    : QWidget(parent), m_compute(compute), m_tree(new QTreeWidget(this))
{
    connect(&m_thumbnails, &QFutureWatcherBase::finished, this, &SeriesBrowser::onThumbnails);
    m_tree->setHeaderLabels({tr("Patient / study / series"), tr("Images")});
    m_tree->setIconSize(QSize(kThumbnail, kThumbnail));
    m_tree->setIndentation(12);
    m_tree->header()->setSectionResizeMode(0, QHeaderView::Stretch);
    m_tree->header()->setSectionResizeMode(1, QHeaderView::ResizeToContents);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree);
    connect(m_tree, &QTreeWidget::itemActivated, this, &SeriesBrowser::onItemActivated);
    connect(m_tree, &QTreeWidget::itemClicked, this, &SeriesBrowser::onItemActivated);
}

void SeriesBrowser::setDataset(const Dataset &dataset)
{
    m_tree->clear();
    m_volumes = dataset.volumes;
    std::map<QString, QTreeWidgetItem *> patients, studies;
    for (std::size_t n = 0; n < m_volumes.size(); ++n) {
        const Volume &v = *m_volumes[n];
        const VolumeInfo &info = v.info();
        const QString patientKey = info.patientId + QLatin1Char('|') + info.patientName;
        QTreeWidgetItem *&patient = patients[patientKey];
        if (!patient) {
            patient = new QTreeWidgetItem(
                m_tree, {QStringLiteral("%1 (%2)").arg(info.patientName, info.patientId)});
            patient->setExpanded(true);
        }
        QTreeWidgetItem *&study = studies[info.studyInstanceUid];
        if (!study) {
            study = new QTreeWidgetItem(patient, {tr("Study %1").arg(info.studyInstanceUid)});
            study->setToolTip(0, info.studyInstanceUid);
            study->setExpanded(true);
        }
        const auto &d = v.geometry().dims;
        auto *series = new QTreeWidgetItem(
            study, {QStringLiteral("%1 %2").arg(info.modality, info.seriesDescription),
                    QString::number(d[2])});
        series->setToolTip(0, QStringLiteral("%1 × %2 × %3\n%4")
                                  .arg(d[0])
                                  .arg(d[1])
                                  .arg(d[2])
                                  .arg(info.seriesInstanceUid));
        series->setData(0, kVolumeRole, static_cast<qulonglong>(n));
        // Counts per level: images under each study and patient.
        for (QTreeWidgetItem *up : {study, patient})
            up->setText(1, QString::number(up->text(1).toLongLong() + d[2]));
    }
    m_tree->expandAll();

    // Thumbnails on a worker: the list is usable while they are drawn.
    m_thumbnails.waitForFinished(); // a previous dataset's, nearly always done already
    m_thumbnailVolumes = m_volumes;
    const ComputeBackend *compute = &m_compute;
    m_thumbnails.setFuture(QtConcurrent::run([volumes = m_volumes, compute] {
        std::vector<QImage> out;
        for (const auto &v : volumes) {
            const auto &d = v->geometry().dims;
            out.push_back(
                renderAxialSlice(*v, static_cast<int>(d[2] / 2), defaultWindow(*v), *compute)
                    .scaled(kThumbnail, kThumbnail, Qt::KeepAspectRatio, Qt::SmoothTransformation));
        }
        return out;
    }));
}

SeriesBrowser::~SeriesBrowser()
{
    m_thumbnails.waitForFinished(); // the job uses the compute backend
}

void SeriesBrowser::onThumbnails()
{
    if (m_thumbnailVolumes != m_volumes)
        return; // drawn for a dataset no longer shown
    const std::vector<QImage> images = m_thumbnails.result();
    QTreeWidgetItemIterator it(m_tree);
    for (; *it; ++it) {
        const QVariant n = (*it)->data(0, kVolumeRole);
        if (n.isValid() && n.toULongLong() < images.size())
            (*it)->setIcon(0, QPixmap::fromImage(images[n.toULongLong()]));
    }
    emit thumbnailsReady();
}

void SeriesBrowser::setCurrent(const std::shared_ptr<const Volume> &volume)
{
    QTreeWidgetItemIterator it(m_tree);
    for (; *it; ++it) {
        const QVariant n = (*it)->data(0, kVolumeRole);
        QFont font = (*it)->font(0);
        font.setBold(n.isValid() && m_volumes[n.toULongLong()] == volume);
        (*it)->setFont(0, font);
    }
}

void SeriesBrowser::onItemActivated(QTreeWidgetItem *item)
{
    const QVariant n = item ? item->data(0, kVolumeRole) : QVariant();
    if (n.isValid() && n.toULongLong() < m_volumes.size())
        emit volumeChosen(m_volumes[n.toULongLong()]);
}

} // namespace loupe
