#include "app/gui/pluginsdialog.h"

#include "core/plugins/pluginregistry.h"

#include <QDialog>
#include <QDialogButtonBox>
#include <QHeaderView>
#include <QTreeWidget>
#include <QVBoxLayout>

namespace loupe {

void showPluginsDialog(QWidget *parent, const PluginRegistry &registry)
{
    auto *dialog = new QDialog(parent);
    dialog->setAttribute(Qt::WA_DeleteOnClose);
    dialog->setWindowTitle(QObject::tr("Plugins"));
    dialog->resize(820, 360);
    auto *tree = new QTreeWidget(dialog);
    tree->setHeaderLabels({QObject::tr("Plugin"), QObject::tr("Version"), QObject::tr("Kind"),
                           QObject::tr("Status"), QObject::tr("File")});
    tree->setRootIsDecorated(false);
    for (const PluginRecord &r : registry.records()) {
        auto *item =
            new QTreeWidgetItem(tree, {r.id.isEmpty() ? QObject::tr("(unknown)") : r.id, r.version,
                                       r.kind, r.loaded ? QObject::tr("loaded") : r.error, r.file});
        item->setToolTip(3, r.loaded ? r.description : r.error);
        item->setToolTip(4, r.file);
        if (!r.loaded)
            item->setForeground(3, QColor(Qt::darkRed));
    }
    tree->header()->setSectionResizeMode(QHeaderView::ResizeToContents);
    auto *buttons = new QDialogButtonBox(QDialogButtonBox::Close, dialog);
    QObject::connect(buttons, &QDialogButtonBox::rejected, dialog, &QDialog::close);
    auto *layout = new QVBoxLayout(dialog);
    layout->addWidget(tree);
    layout->addWidget(buttons);
    dialog->show();
}

} // namespace loupe
