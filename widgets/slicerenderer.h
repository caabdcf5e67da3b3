#pragma once

#include "core/compute/reslice.h"
#include "widgets/labeloverlay.h"
#include "widgets/slicerender.h"

#include <QFutureWatcher>
#include <QImage>
#include <QObject>
#include <QThreadPool>

#include <array>
#include <memory>
#include <optional>
#include <vector>

namespace loupe {

class ComputeBackend;
class Volume;

/// Turns planes of a volume into pictures on a worker thread, so that reslicing and the
/// window/level lookup never hold up the UI thread. One job runs at a time; while it runs only
/// the newest request waits, older ones are dropped (scrolling fast skips frames instead of
/// queueing them). The last plane's values are kept, so a window/level change only looks up.
class SliceRenderer : public QObject {
    Q_OBJECT
public:
    struct Request {
        std::shared_ptr<const Volume> volume;
        SlicePlane plane;
        Window window;
        /// Segments to draw over the picture; none when null.
        std::shared_ptr<const LabelOverlay> labels;
        /// Threshold preview: pixels whose value lies in the range are tinted (RGBA tint).
        std::optional<std::pair<double, double>> previewRange = std::nullopt;
        std::array<std::uint8_t, 3> previewColour{255, 255, 0};
    };

    explicit SliceRenderer(const ComputeBackend &compute, QObject *parent = nullptr);
    ~SliceRenderer() override;

    void request(Request request);
    /// A job runs or waits.
    bool isBusy() const { return m_running || m_pending.has_value(); }

signals:
    /// A picture of `plane`: RGBA, one pixel per plane pixel.
    void frameReady(const QImage &image, const loupe::SlicePlane &plane);

private:
    struct Frame {
        QImage image;
        SlicePlane plane;
    };
    void start(Request request);
    void onFinished();
    Frame render(const Request &request); ///< on the worker thread

    const ComputeBackend &m_compute;
    /// Its own thread, not the global pool's: the job itself spreads oblique planes over the
    /// global pool and waits for them, which must never wait on a thread it holds.
    QThreadPool m_thread;
    QFutureWatcher<Frame> m_watcher;
    bool m_running = false;
    std::optional<Request> m_pending;
    // The worker's cache; only one job touches it at a time.
    std::vector<std::int16_t> m_values;
    SlicePlane m_valuesPlane;
    std::shared_ptr<const Volume> m_valuesVolume;
};

} // namespace loupe
