#pragma once

#include <QFutureWatcher>
#include <QImage>
#include <QWidget>

#include <memory>
#include <vector>

class QTreeWidget;
class QTreeWidgetItem;

namespace loupe {

class ComputeBackend;
class Volume;
struct Dataset;

/// Patient → study → series of what was opened, with a thumbnail (the middle slice in the
/// series' first window) and the image count of each series. The list shows at once; the
/// thumbnails are drawn on a worker thread and fill in when ready. Choosing a series emits
/// volumeChosen; the current one is marked.
class SeriesBrowser : public QWidget {
    Q_OBJECT
public:
    explicit SeriesBrowser(const ComputeBackend &compute, QWidget *parent = nullptr);
    ~SeriesBrowser() override;

    void setDataset(const Dataset &dataset);
    void setCurrent(const std::shared_ptr<const Volume> &volume);
    QTreeWidget *tree() const { return m_tree; }
    /// The thumbnails for the current dataset are still being drawn.
    bool thumbnailsPending() const { return m_thumbnails.isRunning(); }

signals:
    void volumeChosen(std::shared_ptr<const loupe::Volume> volume);
    /// Every series has its thumbnail.
    void thumbnailsReady();

private:
    void onItemActivated(QTreeWidgetItem *item);
    void onThumbnails();

    const ComputeBackend &m_compute;
    QTreeWidget *m_tree = nullptr;
    std::vector<std::shared_ptr<const Volume>> m_volumes;
    QFutureWatcher<std::vector<QImage>> m_thumbnails;
    std::vector<std::shared_ptr<const Volume>> m_thumbnailVolumes; ///< what the job draws
};

} // namespace loupe
