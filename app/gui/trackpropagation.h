#pragma once
// Following the selected track forward with a tracker, off the UI thread: its boxes are shown
// as proposals on the camera, then accepted (one undoable step: a keyframe per frame) or
// rejected. One run at a time; it can be cancelled, keeping what it found so far.

#include "plugins/tracking/propagate.h"

#include <QFuture>
#include <QObject>

#include <atomic>
#include <memory>

namespace loupe {

class SequenceView;
class ShapeEditor;

class TrackPropagation : public QObject {
    Q_OBJECT
public:
    explicit TrackPropagation(SequenceView *view, QObject *parent = nullptr);
    ~TrackPropagation() override; ///< cancels a run and waits for it

    /// Follows the track selected on the camera with focus (or the one camera with a
    /// selection) from the frame it shows, `count` frames on. Empty when started; else why not.
    QString start(tracking::Method method, int count);
    void cancel();
    bool isRunning() const { return m_running; }
    /// The proposals shown become keyframes of their track, as one step: how many. `upTo`:
    /// only those up to the frame the camera shows (where the tracker went astray after), the
    /// rest dropped.
    Result<int> accept(bool upTo = false);
    void reject();

signals:
    void progress(int done, int total);
    /// A run ended: what it found, or why it failed (`ok` false).
    void finished(bool ok, const QString &text);

private:
    ShapeEditor *editorWithSelection() const;
    void done(int stream, qint64 id, const Result<tracking::Proposals> &found);

    SequenceView *m_view;
    bool m_running = false;
    std::shared_ptr<std::atomic_bool> m_cancel;
    QFuture<void> m_run;
    int m_stream = -1; ///< whose editor shows the proposals
};

} // namespace loupe
