#include "app/gui/trackpropagation.h"

#include "app/gui/uithread.h"

#include "core/annotations/trackdocument.h"
#include "core/sequence/sequence.h"
#include "widgets/cameragrid.h"
#include "widgets/frameview.h"
#include "widgets/sequenceview.h"
#include "widgets/shapeeditor.h"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace loupe {

TrackPropagation::TrackPropagation(SequenceView *view, QObject *parent)
    : QObject(parent), m_view(view)
{
}

TrackPropagation::~TrackPropagation()
{
    cancel();
    m_run.waitForFinished(); // within a frame's decoding and tracking
}

ShapeEditor *TrackPropagation::editorWithSelection() const
{
    ShapeEditor *found = nullptr;
    for (int s = 0; m_view->editor(s); ++s) {
        ShapeEditor *e = m_view->editor(s);
        if (m_view->grid()->view(s)->hasFocus() && e->selected())
            return e;
        if (e->selected() && !found)
            found = e;
    }
    return found;
}

QString TrackPropagation::start(tracking::Method method, int count)
{
    if (m_running)
        return tr("A tracker is already running: wait for it, or cancel it.");
    TrackDocument *document = m_view->annotations();
    ShapeEditor *editor = editorWithSelection();
    if (!document || !editor || !m_view->sequence())
        return tr("Select a box on a camera first (click it, or Tab), then track it forward.");
    const Track *track = document->track(editor->selected());
    const std::optional<TrackFrame> here = track ? track->at(editor->frame()) : std::nullopt;
    if (!here)
        return tr("Track %1 has no shape at frame %2 to start from.")
            .arg(editor->selected())
            .arg(editor->frame());
    if (here->shape.kind != Shape::Kind::Box)
        return tr("The tracker follows boxes; track %1 is a %2 here.")
            .arg(track->id)
            .arg(kindName(here->shape.kind));
    reject();
    int stream = -1;
    for (int s = 0; m_view->editor(s); ++s)
        if (m_view->editor(s) == editor)
            stream = s;
    tracking::Request request;
    request.frame = editor->frame();
    request.box = here->shape;
    request.count = count;
    request.method = method;
    m_running = true;
    m_cancel = std::make_shared<std::atomic_bool>(false);
    // The sequence (and its frame source) stays alive for the run, even if another opens.
    m_run = QtConcurrent::run([self = QPointer<TrackPropagation>(this),
                               sequence = m_view->sequence(), stream, id = track->id, request,
                               cancel = m_cancel] {
        const Result<tracking::Proposals> found =
            tracking::propagate(*sequence->streams[std::size_t(stream)].source, request,
                                [self, cancel](int done, int total) {
                                    onUiThread(self, [done, total](TrackPropagation &p) {
                                        emit p.progress(done, total);
                                    });
                                    return !*cancel;
                                });
        onUiThread(self, [stream, id, found](TrackPropagation &p) { p.done(stream, id, found); });
    });
    return {};
}

void TrackPropagation::cancel()
{
    if (m_cancel)
        *m_cancel = true;
}

void TrackPropagation::done(int stream, qint64 id, const Result<tracking::Proposals> &found)
{
    m_running = false;
    if (!found.ok()) {
        emit finished(false, found.errorMessage());
        return;
    }
    ShapeEditor *editor = m_view->editor(stream);
    if (!editor || !m_view->annotations() || !m_view->annotations()->track(id)) {
        emit finished(false, tr("The track or the sequence is gone; the proposals are dropped."));
        return;
    }
    m_stream = stream;
    editor->setProposals(id, found->boxes);
    QString text = found->boxes.empty() ? tr("The tracker found nothing for track %1.").arg(id)
                                        : tr("%n box(es) proposed for track %1, frames %2 to %3",
                                             nullptr, int(found->boxes.size()))
                                              .arg(id)
                                              .arg(found->boxes.begin()->first)
                                              .arg(found->boxes.rbegin()->first);
    if (found->lostAt >= 0)
        text += tr("; lost at frame %1").arg(found->lostAt);
    if (found->stopped)
        text += tr("; cancelled");
    if (!found->boxes.empty())
        text += tr(". Accept them with Ctrl+Return (up to the frame shown: Ctrl+Shift+Return), "
                   "reject with Ctrl+Backspace.");
    emit finished(true, text);
}

Result<int> TrackPropagation::accept(bool upTo)
{
    ShapeEditor *editor = m_view->editor(m_stream);
    TrackDocument *document = m_view->annotations();
    if (!editor || !document || editor->proposals().empty())
        return Error{tr("There are no proposals to accept.")};
    const Track *track = document->track(editor->proposalsFor());
    if (!track)
        return Error{tr("Track %1 is gone.").arg(editor->proposalsFor())};
    Track after = *track;
    int n = 0;
    for (const auto &[frame, box] : editor->proposals()) {
        if (upTo && frame > editor->frame())
            break;
        ++n;
        Keyframe k = track->keyframeAt(frame).value_or(Keyframe{});
        k.outside = false;
        k.shape = box;
        after.keyframes[frame] = k;
    }
    if (n == 0)
        return Error{tr("No proposal is at or before frame %1.").arg(editor->frame())};
    const Result<bool> applied =
        document->apply(tr("Accept %n tracked box(es)", nullptr, n), {{track->id, *track, after}});
    if (!applied.ok())
        return Error{applied.errorMessage()};
    editor->clearProposals();
    return n;
}

void TrackPropagation::reject()
{
    if (ShapeEditor *editor = m_view->editor(m_stream))
        editor->clearProposals();
    m_stream = -1;
}

} // namespace loupe
