#pragma once

#include "core/labels/segmentstats.h"
#include "core/result.h"

#include <QDialog>
#include <QFutureWatcher>

class QLabel;
class QTableWidget;

namespace loupe {

class Segmentation;

/// Per-segment statistics (voxels, mL, mean, standard deviation, minimum, maximum) in a
/// table, computed on a worker thread from a snapshot of the labels, with CSV export.
class SegmentStatsDialog : public QDialog {
    Q_OBJECT
public:
    explicit SegmentStatsDialog(const Segmentation &segmentation, QWidget *parent = nullptr);
    ~SegmentStatsDialog() override;

    const std::vector<SegmentStats> &statistics() const { return m_stats; }
    QTableWidget *table() const { return m_table; }
    bool isComputing() const { return m_watcher.isRunning(); }
    /// Writes the CSV; the error names the file.
    Result<void> exportCsv(const QString &path) const;

signals:
    void computed();

private:
    void onComputed();

    QTableWidget *m_table;
    QLabel *m_caption;
    QString m_units;
    std::vector<SegmentStats> m_stats;
    QFutureWatcher<std::vector<SegmentStats>> m_watcher;
};

} // namespace loupe
