#pragma once

#include "core/plugins/interfaces.h"
#include "core/volume.h"

#include <QFutureWatcher>
#include <QWidget>

class QLabel;
class QLineEdit;
class QTreeWidget;

namespace loupe {

/// The attributes of the file behind the current slice (the DICOM tag browser): tag, VR,
/// name and value, sequences as branches, with a filter that matches any column. Files are
/// read on a worker thread; a newer request replaces an older one.
class TagBrowser : public QWidget {
    Q_OBJECT
public:
    explicit TagBrowser(QWidget *parent = nullptr);
    ~TagBrowser() override;

    /// Who lists attributes (nullptr: the reader of the data cannot).
    void setReader(const MetadataReader *reader);
    /// Shows the attributes of `source` (slice `slice` of the volume); the same file again is
    /// not read again.
    void setSource(const SliceSource &source, int slice);
    /// What is shown: the file, or empty while nothing is.
    QString currentPath() const { return m_shownPath; }
    /// The rows shown, including rows the filter hides.
    const std::vector<MetadataEntry> &entries() const { return m_entries; }
    /// The number of top-level and nested rows the filter leaves visible.
    int visibleRowCount() const;
    void setFilter(const QString &text);

signals:
    /// A file's attributes are on screen (or its error is).
    void shown(const QString &path);

private:
    void onLoaded();
    void fill();

    QLineEdit *m_filter;
    QTreeWidget *m_tree;
    QLabel *m_caption;
    const MetadataReader *m_reader = nullptr;
    QString m_requestedPath;
    QString m_shownPath;
    std::vector<MetadataEntry> m_entries;
    QFutureWatcher<Result<std::vector<MetadataEntry>>> m_watcher;
    QString m_loadingPath;
    int m_slice = 0;
};

} // namespace loupe
