#pragma once

#include "core/labels/labelmap.h"
#include "core/labels/segment.h"

#include <QFutureWatcher>
#include <QObject>

#include <vtkSmartPointer.h>

#include <vector>

class vtkPolyData;

namespace loupe {

/// Segment surfaces for the 3D view: VTK's discrete flying edges on the labels, then
/// windowed-sinc smoothing, computed on a worker from a snapshot of the bricks, only over the
/// bricks that hold labels, layer by layer. One surface for all segments, each triangle's
/// scalar its label.
/// The surface is in the volume's grid coordinates (spacing applied, origin 0), like
/// wrapVolume's image, so the same placement matrix puts it in the patient.
class SegmentSurfaces : public QObject {
    Q_OBJECT
public:
    explicit SegmentSurfaces(QObject *parent = nullptr);
    ~SegmentSurfaces() override;

    /// Starts computing the surfaces of the visible segments; a request made while one runs
    /// waits and replaces any older waiting one.
    void request(const LabelLayers &layers, const Vec3 &spacing,
                 const std::vector<Segment> &segments);
    bool isBusy() const { return m_watcher.isRunning() || m_pending; }

    /// The last surface made (empty polydata when there is nothing).
    vtkPolyData *surface() const;
    /// How long the last one took on its worker, in milliseconds.
    double lastMilliseconds() const { return m_lastMs; }

    /// Computes a surface here and now (the worker's job; for tests and benchmarks).
    static vtkSmartPointer<vtkPolyData> compute(const LabelMap &labels, const Vec3 &spacing,
                                                const std::vector<std::uint8_t> &labelsToShow);

signals:
    void surfaceReady();

private:
    struct Job {
        LabelLayers layers;
        Vec3 spacing;
        std::vector<std::vector<std::uint8_t>> show; ///< per layer
    };
    struct Result {
        vtkSmartPointer<vtkPolyData> surface;
        double ms = 0;
    };
    void start(Job job);

    QFutureWatcher<Result> m_watcher;
    std::unique_ptr<Job> m_pending;
    vtkSmartPointer<vtkPolyData> m_surface;
    double m_lastMs = 0;
};

} // namespace loupe
