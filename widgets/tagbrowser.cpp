#include "widgets/tagbrowser.h"

#include <QFileInfo>
#include <QHeaderView>
#include <QLabel>
#include <QLineEdit>
#include <QTreeWidget>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

#include <functional>

namespace loupe {

TagBrowser::TagBrowser(QWidget *parent)
    : QWidget(parent), m_filter(new QLineEdit(this)), m_tree(new QTreeWidget(this)),
      m_caption(new QLabel(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(4, 4, 4, 4);
    m_filter->setPlaceholderText(tr("Filter tags (name, tag, value)…"));
    m_filter->setClearButtonEnabled(true);
    m_tree->setHeaderLabels({tr("Tag"), tr("VR"), tr("Name"), tr("Value")});
    m_tree->setUniformRowHeights(true);
    m_tree->setAlternatingRowColors(true);
    m_tree->header()->setSectionResizeMode(QHeaderView::Interactive);
    m_caption->setWordWrap(true);
    m_caption->setText(tr("Open a DICOM series to see the tags of the current slice."));
    layout->addWidget(m_filter);
    layout->addWidget(m_tree, 1);
    layout->addWidget(m_caption);
    connect(m_filter, &QLineEdit::textChanged, this, &TagBrowser::setFilter);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &TagBrowser::onLoaded);
}

TagBrowser::~TagBrowser()
{
    m_watcher.waitForFinished(); // the job uses the reader
}

void TagBrowser::setReader(const MetadataReader *reader)
{
    m_reader = reader;
    m_requestedPath.clear();
    m_shownPath.clear();
    m_entries.clear();
    m_tree->clear();
}

void TagBrowser::setSource(const SliceSource &source, int slice)
{
    m_slice = slice;
    if (!m_reader || source.path.isEmpty()) {
        m_requestedPath.clear();
        m_shownPath.clear();
        m_entries.clear();
        m_tree->clear();
        m_caption->setText(source.path.isEmpty() && m_reader
                               ? tr("Slice %1 has no file (a gap in the series).").arg(slice + 1)
                               : tr("The reader of this data cannot list its attributes."));
        return;
    }
    if (source.path == m_requestedPath) {
        if (source.path == m_shownPath)
            m_caption->setText(
                tr("%1 · slice %2").arg(QFileInfo(m_shownPath).fileName()).arg(slice + 1));
        return;
    }
    m_requestedPath = source.path;
    if (m_watcher.isRunning())
        return; // onLoaded() starts the newest request when the running one ends
    m_loadingPath = source.path;
    const MetadataReader *reader = m_reader;
    const QString path = source.path;
    m_watcher.setFuture(QtConcurrent::run([reader, path] { return reader->readMetadata(path); }));
}

void TagBrowser::onLoaded()
{
    Result<std::vector<MetadataEntry>> result = m_watcher.result();
    if (m_loadingPath != m_requestedPath && !m_requestedPath.isEmpty() && m_reader) {
        // Stale: the slice moved on while this file was read; read the newest.
        m_loadingPath = m_requestedPath;
        const MetadataReader *reader = m_reader;
        const QString path = m_requestedPath;
        m_watcher.setFuture(
            QtConcurrent::run([reader, path] { return reader->readMetadata(path); }));
        return;
    }
    m_shownPath = m_loadingPath;
    if (result.ok()) {
        m_entries = std::move(result).value();
        m_caption->setText(
            tr("%1 · slice %2").arg(QFileInfo(m_shownPath).fileName()).arg(m_slice + 1));
        m_caption->setToolTip(m_shownPath);
    } else {
        m_entries.clear();
        m_caption->setText(result.errorMessage());
    }
    fill();
    emit shown(m_shownPath);
}

void TagBrowser::fill()
{
    m_tree->clear();
    std::vector<QTreeWidgetItem *> parents; // parents[d]: the last row at depth d
    for (const MetadataEntry &e : m_entries) {
        QTreeWidgetItem *parent = e.depth > 0 && e.depth <= static_cast<int>(parents.size())
                                      ? parents[e.depth - 1]
                                      : nullptr;
        auto *row = parent ? new QTreeWidgetItem(parent) : new QTreeWidgetItem(m_tree);
        row->setText(0, e.tag);
        row->setText(1, e.vr);
        row->setText(2, e.name);
        row->setText(3, e.value);
        row->setToolTip(3, e.value);
        parents.resize(static_cast<std::size_t>(e.depth) + 1);
        parents[static_cast<std::size_t>(e.depth)] = row;
    }
    m_tree->resizeColumnToContents(0);
    m_tree->resizeColumnToContents(1);
    m_tree->resizeColumnToContents(2);
    setFilter(m_filter->text());
}

void TagBrowser::setFilter(const QString &text)
{
    if (m_filter->text() != text)
        m_filter->setText(text); // comes back here through textChanged
    // A row shows when it or any row below it matches; matching rows show their branches.
    const std::function<bool(QTreeWidgetItem *)> apply = [&](QTreeWidgetItem *item) {
        bool matches = text.isEmpty();
        for (int c = 0; c < 4 && !matches; ++c)
            matches = item->text(c).contains(text, Qt::CaseInsensitive);
        bool childMatches = false;
        for (int i = 0; i < item->childCount(); ++i)
            childMatches |= apply(item->child(i));
        item->setHidden(!matches && !childMatches);
        item->setExpanded(!text.isEmpty() && childMatches);
        return matches || childMatches;
    };
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        apply(m_tree->topLevelItem(i));
}

int TagBrowser::visibleRowCount() const
{
    int count = 0;
    const std::function<void(QTreeWidgetItem *)> visit = [&](QTreeWidgetItem *item) {
        if (item->isHidden())
            return;
        ++count;
        for (int i = 0; i < item->childCount(); ++i)
            visit(item->child(i));
    };
    for (int i = 0; i < m_tree->topLevelItemCount(); ++i)
        visit(m_tree->topLevelItem(i));
    return count;
}

} // namespace loupe
