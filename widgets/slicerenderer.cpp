#include "widgets/slicerenderer.h"

#include "core/volume.h"

#include <QtConcurrent/QtConcurrentRun>

namespace loupe {

namespace {

bool samePlane(const SlicePlane &a, const SlicePlane &b)
{
    return a.origin == b.origin && a.stepX == b.stepX && a.stepY == b.stepY && a.width == b.width &&
           a.height == b.height;
}

} // namespace

SliceRenderer::SliceRenderer(const ComputeBackend &compute, QObject *parent)
    : QObject(parent), m_compute(compute)
{
    m_thread.setMaxThreadCount(1);
    connect(&m_watcher, &QFutureWatcherBase::finished, this, &SliceRenderer::onFinished);
}

SliceRenderer::~SliceRenderer()
{
    m_watcher.waitForFinished(); // the job uses this object's cache
}

void SliceRenderer::request(Request request)
{
    if (m_running) {
        m_pending = std::move(request); // replaces any older waiting request
        return;
    }
    start(std::move(request));
}

void SliceRenderer::start(Request request)
{
    m_running = true;
    m_watcher.setFuture(QtConcurrent::run(
        &m_thread, [this, request = std::move(request)] { return render(request); }));
}

void SliceRenderer::onFinished()
{
    m_running = false;
    Frame frame = m_watcher.result();
    if (m_pending) {
        Request next = std::move(*m_pending);
        m_pending.reset();
        start(std::move(next));
    }
    emit frameReady(frame.image, frame.plane);
}

SliceRenderer::Frame SliceRenderer::render(const Request &r)
{
    Frame frame;
    frame.plane = r.plane;
    if (!r.volume)
        return frame;
    if (r.volume->isColour()) {
        colourPlaneInto(*r.volume, r.plane, frame.image); // colour has no window
        if (r.labels)
            drawLabels(*r.labels, r.plane, frame.image);
        return frame;
    }
    if (m_valuesVolume != r.volume || !samePlane(m_valuesPlane, r.plane)) {
        extractPlane16(*r.volume, r.plane, m_values);
        m_valuesPlane = r.plane;
        m_valuesVolume = r.volume;
    }
    windowInto(m_values, r.plane.width, r.plane.height, r.window, r.volume->info().invertGrey,
               m_compute, frame.image);
    if (r.previewRange) {
        // The threshold tool's live preview: what a click would take, tinted.
        const auto [low, high] = *r.previewRange;
        auto *px = frame.image.bits();
        for (std::size_t n = 0; n < m_values.size(); ++n)
            if (m_values[n] >= low && m_values[n] <= high)
                for (int c = 0; c < 3; ++c)
                    px[4 * n + c] =
                        static_cast<std::uint8_t>((px[4 * n + c] + r.previewColour[c]) / 2);
    }
    if (r.labels)
        drawLabels(*r.labels, r.plane, frame.image);
    return frame;
}

} // namespace loupe
