#pragma once

#include <QStringList>
#include <QWidget>

class QListWidget;

namespace loupe {

/// The list of what went wrong or needs attention: failed opens, skipped plugins, warnings
/// found in data. Newest first; each entry keeps its time.
class MessagesPanel : public QWidget {
    Q_OBJECT
public:
    enum class Severity { Info, Warning, Error };

    explicit MessagesPanel(QWidget *parent = nullptr);

    void add(Severity severity, const QString &text);
    /// The texts shown, newest first.
    QStringList texts() const;
    void clear();

signals:
    void added(loupe::MessagesPanel::Severity severity, const QString &text);

private:
    QListWidget *m_list = nullptr;
};

} // namespace loupe
