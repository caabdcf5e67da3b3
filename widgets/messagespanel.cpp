#include "widgets/messagespanel.h"

#include <QApplication>
#include <QListWidget>
#include <QStyle>
#include <QTime>
#include <QVBoxLayout>

namespace loupe {

MessagesPanel::MessagesPanel(QWidget *parent) : QWidget(parent), m_list(new QListWidget(this))
{
    m_list->setWordWrap(true);
    m_list->setSelectionMode(QAbstractItemView::ExtendedSelection);
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_list);
}

void MessagesPanel::add(Severity severity, const QString &text)
{
    QStyle::StandardPixmap icon = QStyle::SP_MessageBoxInformation;
    if (severity == Severity::Warning)
        icon = QStyle::SP_MessageBoxWarning;
    else if (severity == Severity::Error)
        icon = QStyle::SP_MessageBoxCritical;
    auto *item =
        new QListWidgetItem(style()->standardIcon(icon),
                            QStringLiteral("%1  %2").arg(
                                QTime::currentTime().toString(QStringLiteral("HH:mm:ss")), text));
    item->setData(Qt::UserRole, text);
    item->setToolTip(text);
    m_list->insertItem(0, item);
    emit added(severity, text);
}

QStringList MessagesPanel::texts() const
{
    QStringList out;
    for (int i = 0; i < m_list->count(); ++i)
        out << m_list->item(i)->data(Qt::UserRole).toString();
    return out;
}

void MessagesPanel::clear()
{
    m_list->clear();
}

} // namespace loupe
