#include "app/gui/recentfiles.h"

#include <QDir>
#include <QFileInfo>
#include <QMenu>
#include <QSettings>

namespace loupe {

namespace {
const QString kKey = QStringLiteral("recentFiles");
}

RecentFiles::RecentFiles(QObject *parent) : QObject(parent)
{
    m_paths = QSettings().value(kKey).toStringList();
}

void RecentFiles::add(const QString &path)
{
    const QString absolute = QFileInfo(path).absoluteFilePath();
    m_paths.removeAll(absolute);
    m_paths.prepend(absolute);
    while (m_paths.size() > kMaximum)
        m_paths.removeLast();
    save();
    emit changed();
}

void RecentFiles::clear()
{
    m_paths.clear();
    save();
    emit changed();
}

void RecentFiles::save() const
{
    QSettings().setValue(kKey, m_paths);
}

void RecentFiles::fillMenu(QMenu *menu)
{
    menu->clear();
    int n = 0;
    for (const QString &path : m_paths) {
        const QString label =
            QStringLiteral("&%1 %2").arg(++n % 10).arg(QDir::toNativeSeparators(path));
        // No existence check here: a stat on a dead network mount would freeze the menu.
        // Opening a path that is gone gives a clear message instead.
        QAction *action = menu->addAction(label);
        connect(action, &QAction::triggered, this, [this, path] { emit openRequested(path); });
    }
    if (m_paths.isEmpty())
        menu->addAction(tr("No recent files"))->setEnabled(false);
    menu->addSeparator();
    menu->addAction(tr("Clear Recent Files"), this, &RecentFiles::clear);
}

} // namespace loupe
