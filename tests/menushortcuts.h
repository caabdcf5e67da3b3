#pragma once
// Every action in a window's menus (submenus too) has a shortcut, and no two share one:
// Qt runs neither action of an ambiguous shortcut.

#include <QAction>
#include <QHash>
#include <QMenu>
#include <QMenuBar>
#include <QSet>
#include <QString>

#include <functional>

namespace loupe::test {

/// Walks `bar`'s menus; an empty string when every action has its own shortcut, else what is
/// wrong. `checked` counts the actions looked at. "Open Recent" is skipped (filled with paths
/// when it opens).
inline QString menuShortcutProblem(const QMenuBar *bar, int &checked)
{
    QHash<QString, QString> seen;
    QSet<QAction *> visited;
    QString problem;
    checked = 0;
    std::function<void(QMenu *)> walk = [&](QMenu *menu) {
        for (QAction *a : menu->actions()) {
            if (!problem.isEmpty() || a->isSeparator() || visited.contains(a))
                continue;
            visited.insert(a);
            if (a->menu()) {
                if (a->menu()->title() != QStringLiteral("Open &Recent"))
                    walk(a->menu());
                continue;
            }
            const QString keys = a->shortcut().toString();
            if (keys.isEmpty())
                problem = QStringLiteral("no shortcut: ") + a->text();
            else if (seen.contains(keys))
                problem = keys + QStringLiteral(" used by ") + seen.value(keys) +
                          QStringLiteral(" and ") + a->text();
            seen.insert(keys, a->text());
            ++checked;
        }
    };
    for (QMenu *menu : bar->findChildren<QMenu *>(QString(), Qt::FindDirectChildrenOnly))
        walk(menu);
    return problem;
}

} // namespace loupe::test
