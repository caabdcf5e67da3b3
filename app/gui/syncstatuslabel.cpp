#include "app/gui/syncstatuslabel.h"

namespace loupe {

SyncStatusLabel::SyncStatusLabel(QWidget *parent) : QLabel(parent)
{
    setObjectName(QStringLiteral("syncStatus"));
    setText(tr("Not syncing"));
    setToolTip(tr("Sync → Connect to Server… to share labels with your team"));
}

QString SyncStatusLabel::describe(const sync::SyncStatus &s)
{
    QStringList parts{s.online ? tr("Online") : tr("Offline")};
    parts << (s.pending ? tr("%n edit(s) waiting", nullptr, int(s.pending)) : tr("all sent"));
    if (s.lastSync.isValid())
        parts << tr("synced %1").arg(s.lastSync.toLocalTime().toString(QStringLiteral("HH:mm:ss")));
    if (s.conflicts)
        parts << tr("%n conflict(s)", nullptr, int(s.conflicts));
    return parts.join(QStringLiteral(" · "));
}

void SyncStatusLabel::show(const sync::SyncStatus &s)
{
    setText(describe(s));
    setStyleSheet(!s.lastError.isEmpty() ? QStringLiteral("color: #c0392b") : QString());
    setToolTip(s.lastError.isEmpty() ? tr("Edits are sent as they are made, and others' "
                                          "edits are fetched every few seconds")
                                     : s.lastError);
}

} // namespace loupe
