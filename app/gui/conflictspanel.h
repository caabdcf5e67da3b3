#pragma once
// The Conflicts panel: each open conflict of the synced project, the edit kept in it (mine)
// beside the thing as it is now (theirs), and the ways to resolve it: keep theirs, keep mine,
// keep both (a track: mine becomes a second track) or, for a label brick, the union of both.
// Resolving needs the reviewer or admin role; the panel says so to annotators.

#include "core/store/resolution.h"
#include "core/store/syncstate.h"

#include <QWidget>

#include <vector>

class QLabel;
class QPushButton;
class QTableWidget;

namespace loupe {

class ConflictsPanel : public QWidget {
    Q_OBJECT
public:
    explicit ConflictsPanel(QWidget *parent = nullptr);

    void setConflicts(const std::vector<store::Conflict> &conflicts);
    const std::vector<store::Conflict> &conflicts() const { return m_conflicts; }
    /// Whether this user may resolve (the role), and if not, why not.
    void setCanResolve(bool can, const QString &why = {});
    /// Selects the rows of conflicts `ids` (for tests and for jumping to one).
    void select(const std::vector<qint64> &ids);
    /// Resolves the selected conflicts as chosen (what the buttons do).
    void resolveSelected(store::Resolution resolution);

    /// A thing of a label document, for people: "track 12-a3kf9x, keyframe 40".
    static QString describeThing(const QString &key);
    /// A state of a thing, for people: what it holds, or "removed".
    static QString describeState(const std::optional<store::ThingState> &state);

signals:
    void resolveRequested(const std::vector<loupe::store::Conflict> &conflicts,
                          loupe::store::Resolution resolution);
    void refreshRequested();
    /// A conflict was double-clicked: show its label.
    void activated(const loupe::store::Conflict &conflict);

private:
    std::vector<store::Conflict> selected() const;
    void updateButtons();

    std::vector<store::Conflict> m_conflicts;
    QTableWidget *m_table;
    QLabel *m_note;
    QPushButton *m_theirs, *m_mine, *m_both, *m_union;
    bool m_canResolve = false;
};

} // namespace loupe
