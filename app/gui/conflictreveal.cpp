#include "app/gui/conflictreveal.h"

#include "app/gui/mainwindow.h"
#include "app/gui/syncsession.h"
#include "app/gui/workspacesession.h"
#include "core/labels/segmentation.h"
#include "widgets/mprview.h"
#include "widgets/sequenceview.h"

#include <QStatusBar>

namespace loupe {

void showConflictsIn(MainWindow &window, const WorkspaceSession &workspace, SyncSession &sync)
{
    QObject::connect(&sync, &SyncSession::revealTrack, &window,
                     [&window, &workspace](const QString &document, qint64 id, int frame) {
                         if (window.tracks() && workspace.documentOf(window.tracks()) == document)
                             return window.sequenceView()->showTrackAt(id, frame);
                         window.statusBar()->showMessage(
                             QObject::tr("That conflict is about a sequence not open now."), 8000);
                     });
    QObject::connect(
        &sync, &SyncSession::revealBrick, &window,
        [&window, &workspace](const QString &document, int layer, qint64 index) {
            const Segmentation *labels = window.segmentation();
            if (labels && workspace.documentOf(labels) == document && layer >= 0 &&
                std::size_t(layer) < labels->layers().size() && index >= 0 &&
                std::size_t(index) < labels->layers()[std::size_t(layer)].brickCount()) {
                const auto middle =
                    labels->layers()[std::size_t(layer)].brickMiddle(std::size_t(index));
                window.mprView()->setCrosshair(
                    Vec3{double(middle[0]), double(middle[1]), double(middle[2])});
                return;
            }
            window.statusBar()->showMessage(
                QObject::tr("That conflict is about labels not open now."), 8000);
        });
}

} // namespace loupe
