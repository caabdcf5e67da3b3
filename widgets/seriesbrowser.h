#pragma once

#include <QWidget>

#include <memory>

class QTreeWidget;
class QTreeWidgetItem;

namespace loupe {

class ComputeBackend;
class Volume;
struct Dataset;

/// Patient → study → series of what was opened, with a thumbnail (the middle slice in the
/// series' first window) and the image count of each series. Choosing a series emits
/// volumeChosen; the current one is marked.
class SeriesBrowser : public QWidget {
    Q_OBJECT
public:
    explicit SeriesBrowser(const ComputeBackend &compute, QWidget *parent = nullptr);

    void setDataset(const Dataset &dataset);
    void setCurrent(const std::shared_ptr<const Volume> &volume);
    QTreeWidget *tree() const { return m_tree; }

signals:
    void volumeChosen(std::shared_ptr<const loupe::Volume> volume);

private:
    void onItemActivated(QTreeWidgetItem *item);

    const ComputeBackend &m_compute;
    QTreeWidget *m_tree = nullptr;
    std::vector<std::shared_ptr<const Volume>> m_volumes;
};

} // namespace loupe
