#pragma once

#include "core/dataset.h"

#include <QObject>
#include <QString>

#include <memory>

namespace loupe {

class PluginRegistry;
class Progress;

/// Opens datasets on a worker thread and reports back on the thread that owns the loader.
///
/// One load at a time: starting a new one cancels the one in flight (its result is dropped).
/// The registry must outlive the loader.
class DatasetLoader final : public QObject {
    Q_OBJECT
public:
    explicit DatasetLoader(const PluginRegistry &registry, QObject *parent = nullptr);
    ~DatasetLoader() override;

    void open(const QString &path);
    void cancel();
    /// Where readers keep what they derive (see ReadContext), for the loads from now on.
    void setCacheFolder(const QString &folder) { m_cacheFolder = folder; }
    QString cacheFolder() const { return m_cacheFolder; }
    bool isBusy() const { return m_busy; }

signals:
    void started(const QString &path);
    void progressed(qint64 done, qint64 total, const QString &what);
    /// Progressive loading: `slice` of the volume being read is complete and can be shown.
    void previewReady(std::shared_ptr<const loupe::Volume> volume, qint64 slice);
    void loaded(const loupe::Dataset &dataset);
    void failed(const QString &path, const QString &message);
    void canceled(const QString &path);

private:
    struct Job;
    void finish(quint64 generation, const QString &path, bool ok, const Dataset &dataset,
                const QString &message);

    const PluginRegistry &m_registry;
    std::shared_ptr<Progress> m_progress;
    quint64 m_generation = 0;
    bool m_busy = false;
    QString m_cacheFolder;
};

} // namespace loupe

Q_DECLARE_METATYPE(loupe::Dataset)
Q_DECLARE_METATYPE(std::shared_ptr<const loupe::Volume>)
