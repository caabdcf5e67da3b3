#include "widgets/sequenceview.h"

#include "widgets/shapeeditor.h"

#include "core/annotations/trackdocument.h"

#include "core/sequence/framecache.h"
#include "core/sequence/playback.h"
#include "core/sequence/timeline.h"
#include "widgets/cameragrid.h"
#include "widgets/filmstrip.h"
#include "widgets/frameview.h"
#include "widgets/timelinebar.h"
#include "widgets/timelinemarkers.h"

#include <QDateTime>
#include <QShortcut>
#include <QTimeZone>
#include <QVBoxLayout>
#include <set>

namespace loupe {

namespace {
/// Frames decoded ahead of the playhead, per camera: about a second at 30 fps while playing.
constexpr int kPrefetchPlaying = 30;
constexpr int kPrefetchStepping = 10;
} // namespace

SequenceView::SequenceView(QWidget *parent)
    : QWidget(parent), m_playback(new Playback(this)), m_grid(new CameraGrid(this)),
      m_bar(new TimelineBar(this)), m_filmstrip(new Filmstrip(this))
{
    auto *layout = new QVBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->setSpacing(0);
    layout->addWidget(m_grid, 1);
    layout->addWidget(m_filmstrip);
    layout->addWidget(m_bar);
    connect(m_filmstrip, &Filmstrip::seekFrameRequested, m_playback, [this](int frame) {
        m_playback->pause();
        m_playback->seekFrame(frame);
    });

    // Playing waits (briefly) for every camera's frame to be on screen before moving on.
    m_playback->setShown([this] { return isSettled(); });
    connect(m_playback, &Playback::moved, this, &SequenceView::onMoved);
    connect(m_playback, &Playback::playingChanged, m_bar, &TimelineBar::setPlaying);
    connect(m_playback, &Playback::speedChanged, m_bar, &TimelineBar::setSpeed);
    connect(m_bar, &TimelineBar::playToggled, m_playback, &Playback::togglePlay);
    connect(m_bar, &TimelineBar::stepRequested, m_playback, &Playback::step);
    connect(m_bar, &TimelineBar::speedChosen, m_playback, &Playback::setSpeed);
    connect(m_bar, &TimelineBar::seekFrameRequested, m_playback, [this](int frame) {
        m_playback->pause();
        m_playback->seekFrame(frame);
    });
    connect(m_bar, &TimelineBar::seekOffsetRequested, m_playback, [this](qint64 ns) {
        if (m_timeline) {
            m_playback->pause();
            m_playback->seekTime(m_timeline->startNs() + ns);
        }
    });
    connect(m_grid, &CameraGrid::viewResized, this, [this](int view) {
        if (m_sequence && view < static_cast<int>(m_wanted.size()))
            showStream(view); // a larger view may want a larger decode
    });

    const auto key = [this](QKeySequence keys, auto slot) {
        auto *s = new QShortcut(keys, this, slot);
        s->setContext(Qt::WidgetWithChildrenShortcut);
    };
    key(Qt::Key_Space, [this] { m_playback->togglePlay(); });
    key(Qt::Key_Right, [this] { m_playback->step(1); });
    key(Qt::Key_Left, [this] { m_playback->step(-1); });
    key(Qt::Key_PageDown, [this] { m_playback->step(10); });
    key(Qt::Key_PageUp, [this] { m_playback->step(-10); });
    key(Qt::Key_Home, [this] {
        m_playback->pause();
        m_playback->seekFrame(0);
    });
    key(Qt::Key_End, [this] {
        m_playback->pause();
        if (m_timeline)
            m_playback->seekFrame(m_timeline->frameCount() - 1);
    });
    setFocusPolicy(Qt::StrongFocus);
}

SequenceView::~SequenceView()
{
    // Going away says nothing: what listens may be gone already.
    blockSignals(true);
    m_editors.clear();
    m_playback->setTimeline(nullptr);
}

void SequenceView::setSequence(std::shared_ptr<const Sequence> sequence)
{
    m_playback->setTimeline(nullptr);
    m_filmstrip->setStream(nullptr); // it points into the sequence about to go
    m_cache.reset();
    m_sequence = std::move(sequence);
    m_late = 0;
    m_shown = 0;
    QStringList names;
    if (m_sequence) {
        m_timeline = std::make_unique<Timeline>(*m_sequence);
        m_cache = std::make_unique<FrameCache>(m_sequence, m_budget);
        m_cache->setConverter(m_converter);
        connect(m_cache.get(), &FrameCache::frameReady, this, &SequenceView::onReady);
        connect(m_cache.get(), &FrameCache::frameFailed, this, &SequenceView::onFailed);
        for (const Stream &s : m_sequence->streams)
            names << s.name;
    } else {
        m_timeline.reset();
    }
    m_editors.clear(); // they point at the views about to go
    m_grid->setCameras(names);
    if (const int shown = m_grid->count(); names.size() > shown) {
        const QString hidden = names.size() == shown + 1
                                   ? tr("%1 is not shown").arg(names.back())
                                   : tr("%1 to %2 are not shown").arg(names[shown], names.back());
        emit warning(tr("The sequence has %1 cameras; the views show the first %2 (%3). A rig "
                        "file of fewer streams shows the others.")
                         .arg(names.size())
                         .arg(shown)
                         .arg(hidden));
    }
    makeEditors();
    m_wanted.assign(static_cast<std::size_t>(m_grid->count()), -1);
    m_done.assign(static_cast<std::size_t>(m_grid->count()), false);
    for (int n = 0; n < m_grid->count(); ++n)
        m_grid->view(n)->setFrameSize(m_sequence->streams[static_cast<std::size_t>(n)].frameSize);
    m_grid->setMaximised(-1); // lays the grid out for the frames' shape
    m_bar->setFrameCount(m_timeline ? m_timeline->frameCount() : 0);
    // The playhead steps through the primary stream's frames: its keyframes are where a seek
    // costs least.
    const Stream *primary =
        m_timeline ? &m_sequence->streams[static_cast<std::size_t>(m_timeline->primary())]
                   : nullptr;
    m_bar->markers()->setMarkers(
        QStringLiteral("keyframes"), primary ? primary->source->keyframes() : std::vector<int>{},
        QColor(90, 160, 255),
        primary ? tr("keyframes of %1: seeking there is quickest").arg(primary->name) : QString());
    m_filmstrip->setStream(
        m_timeline ? &m_sequence->streams[static_cast<std::size_t>(m_timeline->primary())]
                   : nullptr);
    // Each stream's frames on the playhead's steps (the primary's frame at their time).
    m_playheadFrames.clear();
    if (m_timeline)
        for (const Stream &stream : m_sequence->streams) {
            std::vector<int> to;
            for (const qint64 t : stream.timestampsNs)
                to.push_back(std::max(0, m_timeline->frameOf(m_timeline->primary(), t)));
            m_playheadFrames.push_back(std::move(to));
        }
    m_playback->setTimeline(m_timeline.get());
    updateLabelMarkers();
}

void SequenceView::setAnnotations(TrackDocument *document)
{
    if (m_document)
        disconnect(m_document, nullptr, this, nullptr);
    m_document = document;
    if (m_document) {
        connect(m_document, &TrackDocument::tracksChanged, this, &SequenceView::updateLabelMarkers);
        connect(m_document, &TrackDocument::tagsChanged, this, &SequenceView::updateLabelMarkers);
    }
    makeEditors();
    updateLabelMarkers();
}

void SequenceView::updateLabelMarkers()
{
    TimelineMarkers *markers = m_bar->markers();
    if (!m_document || !m_timeline) {
        for (const char *set : {"labels", "selected", "tags"})
            markers->setMarkers(QLatin1String(set), {}, {}, {});
        return;
    }
    // Marks on the playhead's steps, from (stream, frame) pairs: each edit walks every
    // keyframe, so the walk is flat (a table per stream, a flag per step).
    std::vector<char> keyed(std::size_t(m_timeline->frameCount()), 0), tagged = keyed;
    const auto mark = [this](std::vector<char> &flags, int stream, int frame) {
        if (stream >= 0 && std::size_t(stream) < m_playheadFrames.size()) {
            const std::vector<int> &to = m_playheadFrames[std::size_t(stream)];
            if (frame >= 0 && std::size_t(frame) < to.size())
                flags[std::size_t(to[std::size_t(frame)])] = 1;
        }
    };
    for (const auto &[id, t] : m_document->tracks())
        for (const auto &[frame, k] : t.keyframes)
            mark(keyed, t.stream, frame);
    for (const auto &[id, t] : m_document->tags())
        for (const int frame : t.frames)
            mark(tagged, t.stream, frame);
    const auto frames = [](const std::vector<char> &flags) {
        std::vector<int> out;
        for (std::size_t f = 0; f < flags.size(); ++f)
            if (flags[f])
                out.push_back(int(f));
        return out;
    };
    markers->setMarkers(QStringLiteral("labels"), frames(keyed), QColor(240, 160, 60),
                        tr("frames where a label has a keyframe"));
    markers->setMarkers(QStringLiteral("tags"), frames(tagged), QColor(190, 110, 255),
                        tr("frames with a tag"));
    updateSelectedMarkers();
}

void SequenceView::updateSelectedMarkers()
{
    const Track *selected = m_document && m_timeline ? m_document->track(selectedTrack()) : nullptr;
    std::vector<int> mine;
    if (selected && std::size_t(selected->stream) < m_playheadFrames.size()) {
        const std::vector<int> &to = m_playheadFrames[std::size_t(selected->stream)];
        for (const auto &[frame, k] : selected->keyframes)
            if (frame >= 0 && std::size_t(frame) < to.size())
                mine.push_back(to[std::size_t(frame)]);
    }
    m_bar->markers()->setMarkers(
        QStringLiteral("selected"), mine, QColor(255, 255, 255),
        selected ? tr("keyframes of %1 #%2").arg(selected->label, trackIdText(selected->id))
                 : QString());
}

ShapeEditor *SequenceView::editor(int stream) const
{
    return stream >= 0 && std::size_t(stream) < m_editors.size()
               ? m_editors[std::size_t(stream)].get()
               : nullptr;
}

qint64 SequenceView::selectedTrack() const
{
    for (const auto &e : m_editors)
        if (e->selected())
            return e->selected();
    return 0;
}

void SequenceView::showTrack(qint64 id)
{
    const Track *t = m_document ? m_document->track(id) : nullptr;
    ShapeEditor *e = t ? editor(t->stream) : nullptr;
    if (!e)
        return;
    e->select(id);
    if (!t->at(e->frame()) && m_timeline) {
        const int first = t->span().first;
        const auto &times = m_sequence->streams[std::size_t(t->stream)].timestampsNs;
        if (first >= 0 && std::size_t(first) < times.size())
            m_playback->seekTime(times[std::size_t(first)]);
    }
    m_grid->view(t->stream)->setFocus();
}

void SequenceView::showTrackAt(qint64 id, int frame)
{
    const Track *t = m_document ? m_document->track(id) : nullptr;
    if (!t || !m_sequence || !m_playback)
        return;
    const auto &times = m_sequence->streams[std::size_t(t->stream)].timestampsNs;
    if (frame >= 0 && std::size_t(frame) < times.size())
        m_playback->seekTime(times[std::size_t(frame)]);
    showTrack(id);
}

void SequenceView::makeEditors()
{
    m_editors.clear();
    if (!m_document || !m_sequence)
        return;
    for (int s = 0; s < m_grid->count(); ++s) {
        auto editor = std::make_unique<ShapeEditor>(m_grid->view(s), m_document, s);
        connect(editor.get(), &ShapeEditor::message, this, &SequenceView::message);
        // One selection across the cameras.
        connect(editor.get(), &ShapeEditor::selectionChanged, this, [this, s](qint64 id) {
            if (id)
                for (int other = 0; other < int(m_editors.size()); ++other)
                    if (other != s)
                        m_editors[std::size_t(other)]->select(0);
            if (id || selectedTrack() == 0) {
                emit trackSelected(id, m_editors[std::size_t(s)]->frame());
                updateSelectedMarkers();
            }
        });
        if (std::size_t(s) < m_wanted.size())
            editor->setFrame(m_wanted[std::size_t(s)]);
        m_editors.push_back(std::move(editor));
    }
}

void SequenceView::setCacheBudget(qint64 bytes)
{
    m_budget = bytes;
    if (m_cache)
        m_cache->setBudget(bytes);
}

void SequenceView::setFrameConverter(const ComputeBackend *compute)
{
    m_converter = compute;
    if (m_cache)
        m_cache->setConverter(compute);
}

bool SequenceView::isSettled() const
{
    return std::all_of(m_done.begin(), m_done.end(), [](bool d) { return d; });
}

QString SequenceView::frameInfo(int stream, int frame) const
{
    if (frame < 0)
        return tr("no frame");
    const Stream &s = m_sequence->streams[static_cast<std::size_t>(stream)];
    const qint64 ns = s.timestampsNs[static_cast<std::size_t>(frame)];
    const QDateTime when = QDateTime::fromMSecsSinceEpoch(ns / 1'000'000, QTimeZone::utc());
    return tr("frame %1 · %2").arg(frame).arg(when.toString(QStringLiteral("HH:mm:ss.zzz")));
}

void SequenceView::onMoved(qint64 timeNs, int frame)
{
    if (!m_timeline)
        return;
    if (!isSettled())
        ++m_late;
    const double seconds = double(timeNs - m_timeline->startNs()) / 1e9;
    m_filmstrip->setPosition(frame);
    m_bar->setPosition(frame, tr("frame %1 / %2 · %3 s")
                                  .arg(frame)
                                  .arg(m_timeline->frameCount() - 1)
                                  .arg(seconds, 0, 'f', 3));
    for (int s = 0; s < m_grid->count(); ++s) {
        const int wanted = m_timeline->frameOf(s, timeNs);
        if (wanted != m_wanted[static_cast<std::size_t>(s)])
            m_done[static_cast<std::size_t>(s)] = false;
        m_wanted[static_cast<std::size_t>(s)] = wanted;
        if (ShapeEditor *e = editor(s)) {
            e->setFrame(wanted);
            if (e->selected())
                emit trackSelected(e->selected(), wanted);
        }
        showStream(s);
    }
    if (isSettled())
        emit settled();
}

void SequenceView::showStream(int s)
{
    FrameView *view = m_grid->view(s);
    const int wanted = m_wanted[static_cast<std::size_t>(s)];
    const QSize fit = view->decodeSize();
    if (wanted < 0) {
        view->showPlaceholder(tr("No frame from this camera at this time."), -1, frameInfo(s, -1));
        m_done[static_cast<std::size_t>(s)] = true;
        return;
    }
    if (const QImage image = m_cache->cached(s, wanted, fit); !image.isNull()) {
        if (view->frame() != wanted || view->image().cacheKey() != image.cacheKey()) {
            view->showFrame(image, wanted, frameInfo(s, wanted));
            ++m_shown;
        }
        m_done[static_cast<std::size_t>(s)] = true;
    } else if (const QString failed = m_cache->failure(s, wanted); !failed.isEmpty()) {
        view->showPlaceholder(failed, wanted, frameInfo(s, wanted));
        m_done[static_cast<std::size_t>(s)] = true;
    } else {
        m_cache->request(s, wanted, fit);
    }
    m_cache->prefetch(s, wanted, m_playback->direction(),
                      m_playback->isPlaying() ? kPrefetchPlaying : kPrefetchStepping, fit);
}

void SequenceView::onReady(int stream, int frame)
{
    if (stream >= m_grid->count())
        return;
    FrameView *view = m_grid->view(stream);
    const int wanted = m_wanted[static_cast<std::size_t>(stream)];
    if (wanted != frame) {
        // Late for its moment, but nearer the playhead than what is on screen (decoding fell
        // behind while playing): better shown than skipped. Not counted as settled.
        const int shown = view->frame();
        const bool nearer = wanted >= 0 && shown >= 0 &&
                            std::abs(wanted - frame) < std::abs(wanted - shown) &&
                            (frame - shown) * (wanted - shown) > 0;
        if (nearer && m_playback->isPlaying()) {
            const QImage image = m_cache->cached(stream, frame, view->decodeSize());
            if (!image.isNull()) {
                view->showFrame(image, frame, frameInfo(stream, frame));
                ++m_shown;
            }
        }
        return;
    }
    const QImage image = m_cache->cached(stream, frame, view->decodeSize());
    if (image.isNull()) {
        // Decoded for a smaller view than this one is now: again, at this size.
        m_cache->request(stream, frame, view->decodeSize());
        return;
    }
    view->showFrame(image, frame, frameInfo(stream, frame));
    ++m_shown;
    m_done[static_cast<std::size_t>(stream)] = true;
    if (isSettled())
        emit settled();
}

void SequenceView::onFailed(int stream, int frame, const QString &reason)
{
    if (stream >= m_grid->count() || m_wanted[static_cast<std::size_t>(stream)] != frame)
        return;
    m_grid->view(stream)->showPlaceholder(reason, frame, frameInfo(stream, frame));
    m_done[static_cast<std::size_t>(stream)] = true;
    if (isSettled())
        emit settled();
}

} // namespace loupe
