#include "widgets/datasetinfopanel.h"

#include "core/dataset.h"

#include <QHeaderView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace loupe {

namespace {

QString vec(const Vec3 &v, int decimals = 3)
{
    return QStringLiteral("(%1, %2, %3)")
        .arg(v[0], 0, 'f', decimals)
        .arg(v[1], 0, 'f', decimals)
        .arg(v[2], 0, 'f', decimals);
}

QTreeWidgetItem *row(QTreeWidgetItem *parent, const QString &key, const QString &value)
{
    auto *item = new QTreeWidgetItem(parent, {key, value});
    item->setToolTip(1, value);
    return item;
}

} // namespace

DatasetInfoPanel::DatasetInfoPanel(QWidget *parent) : QWidget(parent), m_tree(new QTreeWidget(this))
{
    m_tree->setColumnCount(2);
    m_tree->setHeaderLabels({tr("Property"), tr("Value")});
    m_tree->header()->setSectionResizeMode(0, QHeaderView::ResizeToContents);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_tree);
}

void DatasetInfoPanel::clear()
{
    m_tree->clear();
}

void DatasetInfoPanel::setDataset(const Dataset &dataset)
{
    m_tree->clear();
    auto *top = new QTreeWidgetItem(m_tree, {dataset.name, QString()});
    row(top, tr("Source"), dataset.sourcePath);
    row(top, tr("Reader"), dataset.readerId);
    int n = 0;
    for (const auto &volume : dataset.volumes) {
        const VolumeGeometry &g = volume->geometry();
        const VolumeInfo &info = volume->info();
        auto *v = row(top, tr("Volume %1").arg(++n), info.seriesDescription);
        row(v, tr("Modality"), info.modality);
        row(v, tr("Size"),
            QStringLiteral("%1 × %2 × %3").arg(g.dims[0]).arg(g.dims[1]).arg(g.dims[2]));
        row(v, tr("Spacing (mm)"), vec(g.spacing, 4));
        row(v, tr("Origin (LPS mm)"), vec(g.origin));
        row(v, tr("Direction i"), vec(column(g.direction, 0), 4));
        row(v, tr("Direction j"), vec(column(g.direction, 1), 4));
        row(v, tr("Direction k"), vec(column(g.direction, 2), 4));
        row(v, tr("Voxel type"), QString::fromLatin1(scalarTypeName(volume->scalarType())));
        row(v, tr("Value range"),
            QStringLiteral("%1 … %2 %3")
                .arg(volume->minimum())
                .arg(volume->maximum())
                .arg(info.units));
        row(v, tr("Patient"), QStringLiteral("%1 (%2)").arg(info.patientName, info.patientId));
        row(v, tr("Study UID"), info.studyInstanceUid);
        row(v, tr("Series UID"), info.seriesInstanceUid);
    }
    for (const auto &sequence : dataset.sequences) {
        auto *q = row(top, tr("Sequence"), sequence->name);
        for (const Stream &s : sequence->streams) {
            auto *c = row(q, tr("Camera"), s.name);
            row(c, tr("Frames"), QString::number(s.frameCount()));
            row(c, tr("Size"),
                QStringLiteral("%1 × %2").arg(s.frameSize.width()).arg(s.frameSize.height()));
            if (s.frameCount() > 1) {
                const double seconds = double(s.timestampsNs.back() - s.timestampsNs.front()) / 1e9;
                row(c, tr("Duration"), tr("%1 s").arg(seconds, 0, 'f', 3));
                if (seconds > 0)
                    row(c, tr("Frame rate"),
                        tr("%1 fps").arg((s.frameCount() - 1) / seconds, 0, 'f', 2));
            }
            if (s.intrinsics)
                row(c, tr("Intrinsics (px)"),
                    QStringLiteral("fx %1, fy %2, cx %3, cy %4")
                        .arg(s.intrinsics->fx, 0, 'f', 2)
                        .arg(s.intrinsics->fy, 0, 'f', 2)
                        .arg(s.intrinsics->cx, 0, 'f', 2)
                        .arg(s.intrinsics->cy, 0, 'f', 2));
        }
    }
    if (!dataset.warnings.isEmpty()) {
        auto *w = row(top, tr("Problems"), QString::number(dataset.warnings.size()));
        for (const QString &text : dataset.warnings)
            row(w, QString(), text);
    }
    m_tree->expandAll();
}

} // namespace loupe
