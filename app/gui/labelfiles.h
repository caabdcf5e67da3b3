#pragma once

#include "core/labels/segment.h"
#include "core/result.h"

#include <QFutureWatcher>
#include <QObject>

#include <memory>

namespace loupe {

class PluginRegistry;
class Segmentation;
class Volume;

/// Writes and reads a segmentation's labels through the label-writer and label-reader plugins
/// (DICOM SEG for .dcm, NIfTI for .nii[.gz], or whatever else is installed) on a worker thread; the
/// result comes back as a signal. Writing uses a copy of the brick pointers, so editing can go on
/// meanwhile.
class LabelFiles : public QObject {
    Q_OBJECT
public:
    explicit LabelFiles(const PluginRegistry &plugins, QObject *parent = nullptr);
    /// The installed formats, as file dialog filters ("DICOM SEG (*.dcm)").
    QStringList writeFilters() const;
    ~LabelFiles() override;

    bool isBusy() const { return m_watcher.isRunning(); }
    void save(const Segmentation &segmentation, const QString &path);
    /// Reads labels onto `segmentation`'s volume; the segmentation takes them as one undo step.
    void load(Segmentation &segmentation, const QString &path);

signals:
    void saved(const QString &path);
    void loaded(const QString &path);
    /// `path`: the file that was being read or written.
    void failed(const QString &message, const QString &path);

private:
    struct Outcome;
    const PluginRegistry &m_plugins;
    QFutureWatcher<std::shared_ptr<Outcome>> m_watcher;
};

} // namespace loupe
