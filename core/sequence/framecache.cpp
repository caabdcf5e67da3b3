#include "core/sequence/framecache.h"

#include "core/compute/computebackend.h"

#include <QThread>

#include <algorithm>

namespace loupe {

QSize fittedSize(QSize frame, QSize fit)
{
    if (fit.isEmpty() || frame.isEmpty() ||
        (frame.width() <= fit.width() && frame.height() <= fit.height()))
        return frame;
    return frame.scaled(fit, Qt::KeepAspectRatio);
}

namespace {

/// A frame through `converter`: the source's planes, scaled and converted by the compute
/// backend; or the source's own decode where it offers no planes.
Result<QImage> convertedFrame(const FrameSource &source, const ComputeBackend &converter, int index,
                              QSize fit, const FrameSource::StopCheck &stop)
{
    Result<DecodedPlanes> planes = source.decodePlanes(index, stop);
    if (!planes.ok())
        return Error{planes.errorMessage()};
    if (!planes->offered())
        return stop ? source.decodeUnless(index, fit, stop) : source.decode(index, fit);
    const compute::FramePlanes &p = planes->planes;
    const QSize out = fittedSize(QSize(p.width, p.height), fit).expandedTo(QSize(1, 1));
    QImage image(out, QImage::Format_RGB32);
    if (image.isNull())
        return Error{QObject::tr("Not enough memory for %1.").arg(source.frameName(index))};
    converter.convertFrame(p, out.width(), out.height(),
                           reinterpret_cast<std::uint32_t *>(image.bits()),
                           static_cast<std::size_t>(image.bytesPerLine()));
    return image;
}

} // namespace

FrameCache::FrameCache(std::shared_ptr<const Sequence> sequence, qint64 budgetBytes,
                       QObject *parent)
    : QObject(parent), m_sequence(std::move(sequence)), m_budget(budgetBytes)
{
    m_pool.setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
    // As many prefetch threads as cores: playing two cameras needs them all ahead of the
    // playhead. A request still never waits for a thread (its own pool), and prefetches give
    // way to it before they start and between the steps of a long decode.
    m_prefetch.setMaxThreadCount(std::max(1, QThread::idealThreadCount()));
    for (std::size_t s = 0; s < m_sequence->streams.size(); ++s)
        m_windows.push_back(std::make_shared<Window>());
}

FrameCache::~FrameCache()
{
    for (auto &w : m_windows) { // queued prefetches skip
        w->first = 1;
        w->last = 0;
    }
    m_prefetch.clear();
    m_pool.clear();
    m_prefetch.waitForDone();
    m_pool.waitForDone();
}

void FrameCache::setBudget(qint64 bytes)
{
    m_budget = std::max<qint64>(0, bytes);
    evict();
}

bool FrameCache::satisfies(const Entry &e, int stream, QSize fit) const
{
    if (!e.error.isEmpty())
        return true; // a failure is known: no point decoding again
    // Judged by what it was decoded for, not by its pixels: a decoder's own rounding (JPEG's
    // M/8 scales keep their own aspect) may give a pixel less than the exact fit.
    const QSize frame = m_sequence->streams[static_cast<std::size_t>(stream)].frameSize;
    if (e.fit.isEmpty() || frame.isEmpty())
        return true;
    if (fit.isEmpty())
        return false;
    const QSize need = fittedSize(frame, fit), had = fittedSize(frame, e.fit);
    return had.width() >= need.width() && had.height() >= need.height();
}

QImage FrameCache::cached(int stream, int frame, QSize fit) const
{
    const auto it = m_entries.find({stream, frame});
    if (it == m_entries.end() || !it->second.error.isEmpty() || !satisfies(it->second, stream, fit))
        return {};
    return it->second.image;
}

QString FrameCache::failure(int stream, int frame) const
{
    const auto it = m_entries.find({stream, frame});
    return it == m_entries.end() ? QString() : it->second.error;
}

void FrameCache::request(int stream, int frame, QSize fit)
{
    if (stream < 0 || static_cast<std::size_t>(stream) >= m_sequence->streams.size() || frame < 0 ||
        frame >= m_sequence->streams[static_cast<std::size_t>(stream)].frameCount())
        return;
    const Key key{stream, frame};
    // The frames last asked for stay, whatever the budget says.
    std::erase_if(m_pinned, [&](const Key &k) { return k.first == stream; });
    m_pinned.insert(key);
    if (auto it = m_entries.find(key);
        it != m_entries.end() && satisfies(it->second, stream, fit)) {
        it->second.used = ++m_clock;
        return;
    }
    decode(key, fit, true);
}

void FrameCache::prefetch(int stream, int from, int direction, int count, QSize fit)
{
    if (stream < 0 || static_cast<std::size_t>(stream) >= m_sequence->streams.size())
        return;

    const int frames = m_sequence->streams[static_cast<std::size_t>(stream)].frameCount();
    // Frames of the average size this stream decodes to: no prefetch past the budget's half.
    const QSize need =
        fittedSize(m_sequence->streams[static_cast<std::size_t>(stream)].frameSize, fit);
    const qint64 frameBytes = std::max<qint64>(1, qint64(need.width()) * need.height() * 4);
    const int affordable = static_cast<int>(
        std::min<qint64>(count, m_budget / 2 / frameBytes /
                                    qint64(std::max<std::size_t>(1, m_sequence->streams.size()))));
    const int reach = from + affordable * (direction < 0 ? -1 : 1);
    Window &window = *m_windows[static_cast<std::size_t>(stream)];
    window.first = std::min(from, reach);
    window.last = std::max(from, reach);
    for (int n = 1; n <= affordable; ++n) {
        const int frame = from + n * (direction < 0 ? -1 : 1);
        if (frame < 0 || frame >= frames)
            break;
        const Key key{stream, frame};
        if (auto it = m_entries.find(key);
            it != m_entries.end() && satisfies(it->second, stream, fit)) {
            it->second.used = ++m_clock; // still wanted: keep it
            continue;
        }
        decode(key, fit, false);
    }
}

void FrameCache::decode(Key key, QSize fit, bool now)
{
    if (auto it = m_inFlight.find(key); it != m_inFlight.end()) {
        const QSize f = it->second.fit;
        if (f.isEmpty() ||
            (!fit.isEmpty() && f.width() >= fit.width() && f.height() >= fit.height())) {
            const std::shared_ptr<FlightState> &state = it->second.state;
            if (now && !state->wanted.exchange(true) && !state->started)
                startJob(key, f, state, true); // do not wait behind the prefetches queued
            return;                            // on its way, large enough
        }
    }
    const auto state = std::make_shared<FlightState>();
    state->wanted = now;
    m_inFlight[key] = Flight{fit, state};
    startJob(key, fit, state, now);
}

void FrameCache::startJob(Key key, QSize fit, const std::shared_ptr<FlightState> &state, bool now)
{
    const std::shared_ptr<Window> window = m_windows[static_cast<std::size_t>(key.first)];
    const std::shared_ptr<const FrameSource> source =
        m_sequence->streams[static_cast<std::size_t>(key.first)].source;
    if (now)
        ++*m_requestsRunning; // from now: a prefetch that starts meanwhile must not take the cores
    (now ? m_pool : m_prefetch)
        .start(
            [this, key, fit, state, window, source, now, running = m_requestsRunning,
             converter = m_converter] {
                const auto inWindow = [&] {
                    return key.second >= window->first && key.second <= window->last;
                };
                // A prefetch gives way while a frame for the screen is being decoded, before it
                // starts and between the steps of a long decode; and stops when the playhead
                // has moved away from it.
                bool stopped = false;
                const auto giveWay = [&] {
                    while (!now && running->load() > 0 && !state->wanted && inWindow())
                        QThread::msleep(1);
                    stopped = !state->wanted && !inWindow();
                    return stopped;
                };
                giveWay();
                QImage image;
                QString error;
                Outcome outcome = Outcome::Decoded;
                if (state->started.exchange(true)) {
                    outcome = Outcome::Twin;
                } else if (state->wanted || inWindow()) {
                    const FrameSource::StopCheck stop =
                        now ? FrameSource::StopCheck() : FrameSource::StopCheck(giveWay);
                    Result<QImage> r =
                        converter ? convertedFrame(*source, *converter, key.second, fit, stop)
                                  : source->decodeUnless(key.second, fit, stop);
                    if (stopped)
                        outcome = Outcome::Dropped;
                    else if (r.ok())
                        image = std::move(r.value());
                    else
                        error = r.errorMessage();
                } else {
                    outcome = Outcome::Dropped;
                }
                if (now)
                    --*running;
                // The cache waits for its pool before it goes, so `this` outlives the job.
                QMetaObject::invokeMethod(
                    this,
                    [this, key, fit, outcome, image = std::move(image),
                     error = std::move(error)]() mutable {
                        arrived(key, fit, outcome, std::move(image), std::move(error));
                    },
                    Qt::QueuedConnection);
            },
            now ? 1 : 0);
}

void FrameCache::arrived(Key key, QSize fit, Outcome outcome, QImage image, QString error)
{
    if (outcome == Outcome::Twin)
        return;
    bool requested = false;
    if (auto it = m_inFlight.find(key); it != m_inFlight.end() && it->second.fit == fit) {
        requested = it->second.state->wanted;
        m_inFlight.erase(it);
    }
    if (outcome == Outcome::Dropped) {
        // A prefetch that was dropped; if a request came for it meanwhile, decode it now.
        if (requested)
            decode(key, fit, true);
        return;
    }
    Entry &e = m_entries[key];
    m_bytes -= e.image.sizeInBytes();
    e.image = std::move(image);
    e.error = std::move(error);
    e.fit = fit;
    e.used = ++m_clock;
    m_bytes += e.image.sizeInBytes();
    ++m_decoded;
    const QString failed = e.error;
    evict(); // may take `e` itself, when the budget is smaller than a frame
    if (failed.isEmpty())
        emit frameReady(key.first, key.second);
    else
        emit frameFailed(key.first, key.second, failed);
}

void FrameCache::evict()
{
    if (m_bytes <= m_budget)
        return;
    std::vector<std::pair<quint64, Key>> order;
    for (const auto &[key, e] : m_entries)
        if (!m_pinned.count(key))
            order.emplace_back(e.used, key);
    std::sort(order.begin(), order.end());
    for (const auto &[used, key] : order) {
        if (m_bytes <= m_budget)
            break;
        const auto it = m_entries.find(key);
        m_bytes -= it->second.image.sizeInBytes();
        m_entries.erase(it);
    }
}

} // namespace loupe
