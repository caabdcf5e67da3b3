#pragma once

#include <QObject>
#include <QStringList>

class QMenu;

namespace loupe {

/// The recently opened paths, newest first, kept in QSettings ("recentFiles").
class RecentFiles : public QObject {
    Q_OBJECT
public:
    static constexpr int kMaximum = 10;
    explicit RecentFiles(QObject *parent = nullptr);

    QStringList paths() const { return m_paths; }
    void add(const QString &path);
    void clear();
    /// Fills `menu` with the paths; choosing one emits openRequested.
    void fillMenu(QMenu *menu);

signals:
    void openRequested(const QString &path);
    void changed();

private:
    void save() const;
    QStringList m_paths;
};

} // namespace loupe
