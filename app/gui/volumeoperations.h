#pragma once

#include <QObject>

#include <functional>
#include <memory>

namespace loupe {

class Progress;
class Volume;

/// Runs one operation that makes a new volume from another (resampling, filling gaps) on a
/// worker thread, with progress and cancel, and reports back on the owner's thread.
class VolumeOperations final : public QObject {
    Q_OBJECT
public:
    using Operation = std::function<std::shared_ptr<Volume>(const Volume &, Progress *)>;

    explicit VolumeOperations(QObject *parent = nullptr);
    ~VolumeOperations() override;

    /// Starts `operation` on `volume`; `what` names it in messages ("Resampling"). Ignored while
    /// another one runs.
    void run(const QString &what, std::shared_ptr<const Volume> volume, Operation operation);
    void cancel();
    bool isBusy() const { return static_cast<bool>(m_progress); }

signals:
    void started(const QString &what);
    void progressed(qint64 done, qint64 total, const QString &what);
    void finished(std::shared_ptr<const loupe::Volume> result, const QString &what);
    void failed(const QString &message);

private:
    std::shared_ptr<Progress> m_progress;
};

} // namespace loupe
