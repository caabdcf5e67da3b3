#include "widgets/segmentstatsdialog.h"

#include "core/labels/segmentation.h"

#include <QDialogButtonBox>
#include <QFile>
#include <QFileDialog>
#include <QHeaderView>
#include <QLabel>
#include <QMessageBox>
#include <QPushButton>
#include <QTableWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace loupe {

SegmentStatsDialog::SegmentStatsDialog(const Segmentation &segmentation, QWidget *parent)
    : QDialog(parent), m_table(new QTableWidget(this)), m_caption(new QLabel(this)),
      m_units(segmentation.volume()->info().units)
{
    setWindowTitle(tr("Segment Statistics"));
    const QString u = m_units.isEmpty() ? QString() : QStringLiteral(" (%1)").arg(m_units);
    m_table->setColumnCount(7);
    m_table->setHorizontalHeaderLabels({tr("Segment"), tr("Voxels"), tr("Volume (mL)"),
                                        tr("Mean%1").arg(u), tr("SD%1").arg(u), tr("Min%1").arg(u),
                                        tr("Max%1").arg(u)});
    m_table->horizontalHeader()->setSectionResizeMode(QHeaderView::ResizeToContents);
    m_table->setEditTriggers(QAbstractItemView::NoEditTriggers);
    m_caption->setText(tr("Computing…"));
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, this);
    QPushButton *save = buttons->addButton(tr("Export CSV…"), QDialogButtonBox::ActionRole);
    auto *layout = new QVBoxLayout(this);
    layout->addWidget(m_table);
    layout->addWidget(m_caption);
    layout->addWidget(buttons);
    resize(680, 320);
    connect(buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    connect(save, &QPushButton::clicked, this, [this] {
        const QString path = QFileDialog::getSaveFileName(
            this, tr("Export statistics"), QStringLiteral("segments.csv"), tr("CSV (*.csv)"));
        if (path.isEmpty())
            return;
        const Result<void> r = exportCsv(path);
        if (!r.ok())
            QMessageBox::warning(this, tr("Export statistics"), r.errorMessage());
    });
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &SegmentStatsDialog::onComputed);
    // A copy of the labels (brick pointers only) and of the segments, read on a worker.
    m_watcher.setFuture(
        QtConcurrent::run([labels = segmentation.snapshot(), volume = segmentation.volume(),
                           segments = segmentation.segments()] {
            return segmentStatistics(labels, *volume, segments);
        }));
}

SegmentStatsDialog::~SegmentStatsDialog()
{
    m_watcher.waitForFinished();
}

void SegmentStatsDialog::onComputed()
{
    m_stats = m_watcher.result();
    m_table->setRowCount(static_cast<int>(m_stats.size()));
    for (int r = 0; r < static_cast<int>(m_stats.size()); ++r) {
        const SegmentStats &s = m_stats[static_cast<std::size_t>(r)];
        const QStringList cells{s.name,
                                QString::number(s.voxels),
                                QString::number(s.volumeMl, 'f', 3),
                                s.voxels ? QString::number(s.mean, 'f', 1) : QString(),
                                s.voxels ? QString::number(s.stdDev, 'f', 1) : QString(),
                                s.voxels ? QString::number(s.minimum, 'g', 6) : QString(),
                                s.voxels ? QString::number(s.maximum, 'g', 6) : QString()};
        for (int c = 0; c < cells.size(); ++c)
            m_table->setItem(r, c, new QTableWidgetItem(cells[c]));
    }
    m_caption->setText(tr("%n segment(s)", nullptr, static_cast<int>(m_stats.size())));
    emit computed();
}

Result<void> SegmentStatsDialog::exportCsv(const QString &path) const
{
    QFile f(path);
    const QByteArray csv = statisticsCsv(m_stats, m_units).toUtf8();
    if (!f.open(QIODevice::WriteOnly | QIODevice::Truncate) || f.write(csv) != csv.size() ||
        !f.flush())
        return Error{tr("Cannot write \"%1\": %2. Check the folder exists, is writable and has "
                        "space.")
                         .arg(path, f.errorString())};
    return {};
}

} // namespace loupe
