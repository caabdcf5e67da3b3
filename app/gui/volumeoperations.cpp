#include "app/gui/volumeoperations.h"

#include "core/progress.h"
#include "core/volume.h"

#include <QPointer>
#include <QThreadPool>

namespace loupe {

VolumeOperations::VolumeOperations(QObject *parent) : QObject(parent) {}

VolumeOperations::~VolumeOperations()
{
    cancel();
    QThreadPool::globalInstance()->waitForDone();
}

void VolumeOperations::run(const QString &what, std::shared_ptr<const Volume> volume,
                           Operation operation)
{
    if (m_progress || !volume)
        return;
    QPointer<VolumeOperations> self(this);
    auto progress =
        std::make_shared<Progress>([self, what](qint64 done, qint64 total, const QString &) {
            QMetaObject::invokeMethod(
                self.data(),
                [self, done, total, what] {
                    if (self)
                        emit self->progressed(done, total, what);
                },
                Qt::QueuedConnection);
        });
    m_progress = progress;
    emit started(what);
    QThreadPool::globalInstance()->start([self, progress, volume, operation, what] {
        std::shared_ptr<const Volume> result = operation(*volume, progress.get());
        const bool canceled = progress->isCanceled();
        QMetaObject::invokeMethod(
            self.data(),
            [self, result, canceled, what] {
                if (!self)
                    return;
                self->m_progress.reset();
                if (result)
                    emit self->finished(result, what);
                else
                    emit self->failed(
                        canceled
                            ? tr("%1 was canceled.").arg(what)
                            : tr("%1 failed: not enough memory for the new volume.").arg(what));
            },
            Qt::QueuedConnection);
    });
}

void VolumeOperations::cancel()
{
    if (m_progress)
        m_progress->cancel();
}

} // namespace loupe
