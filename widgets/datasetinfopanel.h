#pragma once

#include <QWidget>

class QTreeWidget;

namespace loupe {

struct Dataset;

/// What was opened: source, reader, and per volume its size, spacing, placement, value range
/// and identifiers, plus the problems the reader found.
class DatasetInfoPanel : public QWidget {
    Q_OBJECT
public:
    explicit DatasetInfoPanel(QWidget *parent = nullptr);
    void setDataset(const Dataset &dataset);
    void clear();
    QTreeWidget *tree() const { return m_tree; }

private:
    QTreeWidget *m_tree = nullptr;
};

} // namespace loupe
