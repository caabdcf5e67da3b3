#pragma once
// The status bar's word on syncing: online or offline, edits waiting, the last sync, open
// conflicts; the last error (the server's reason) in red and in the tooltip.

#include "core/sync/syncclient.h"

#include <QLabel>

namespace loupe {

class SyncStatusLabel : public QLabel {
    Q_OBJECT
public:
    explicit SyncStatusLabel(QWidget *parent = nullptr);
    void show(const sync::SyncStatus &status);
    /// "Online · 2 edits waiting · synced 11:35 · 1 conflict", for people.
    static QString describe(const sync::SyncStatus &status);
};

} // namespace loupe
