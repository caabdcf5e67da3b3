#include "core/datasetloader.h"

#include "core/datasetopener.h"
#include "core/plugins/interfaces.h"
#include "core/progress.h"

#include <QPointer>
#include <QThreadPool>

namespace loupe {

DatasetLoader::DatasetLoader(const PluginRegistry &registry, QObject *parent)
    : QObject(parent), m_registry(registry)
{
    qRegisterMetaType<loupe::Dataset>();
    qRegisterMetaType<std::shared_ptr<const loupe::Volume>>();
}

DatasetLoader::~DatasetLoader()
{
    cancel();
    // The worker holds only the registry and its own Progress; wait so that no reader runs
    // against a registry that is being torn down.
    QThreadPool::globalInstance()->waitForDone();
}

void DatasetLoader::open(const QString &path)
{
    cancel();
    const quint64 generation = ++m_generation;
    QPointer<DatasetLoader> self(this);
    // Progress callbacks arrive on the worker; forward them through queued invocations.
    auto progress = std::make_shared<Progress>(
        [self, generation](qint64 done, qint64 total, const QString &what) {
            QMetaObject::invokeMethod(
                self.data(),
                [self, generation, done, total, what] {
                    if (self && self->m_generation == generation)
                        emit self->progressed(done, total, what);
                },
                Qt::QueuedConnection);
        });
    progress->setPreviewCallback(
        [self, generation](std::shared_ptr<const Volume> volume, std::int64_t slice) {
            QMetaObject::invokeMethod(
                self.data(),
                [self, generation, volume = std::move(volume), slice] {
                    if (self && self->m_generation == generation)
                        emit self->previewReady(volume, slice);
                },
                Qt::QueuedConnection);
        });
    m_progress = progress;
    m_busy = true;
    emit started(path);

    const PluginRegistry *registry = &m_registry;
    const ReadContext context{m_cacheFolder};
    QThreadPool::globalInstance()->start([self, registry, progress, path, generation, context] {
        Result<Dataset> result = openDataset(*registry, path, context, *progress);
        const bool ok = result.ok();
        Dataset dataset = ok ? std::move(result).value() : Dataset{};
        const QString message = result.errorMessage();
        QMetaObject::invokeMethod(
            self.data(),
            [self, generation, path, ok, dataset = std::move(dataset), message] {
                if (self)
                    self->finish(generation, path, ok, dataset, message);
            },
            Qt::QueuedConnection);
    });
}

void DatasetLoader::cancel()
{
    if (m_progress)
        m_progress->cancel();
}

void DatasetLoader::finish(quint64 generation, const QString &path, bool ok, const Dataset &dataset,
                           const QString &message)
{
    if (generation != m_generation)
        return; // superseded by a newer open()
    m_busy = false;
    const bool wasCanceled = m_progress && m_progress->isCanceled();
    m_progress.reset();
    if (wasCanceled)
        emit canceled(path);
    else if (ok)
        emit loaded(dataset);
    else
        emit failed(path, message);
}

} // namespace loupe
