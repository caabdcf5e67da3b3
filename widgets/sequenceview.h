#pragma once

#include <QWidget>

#include <memory>
#include <vector>

namespace loupe {

class CameraGrid;
class ComputeBackend;
class Filmstrip;
class FrameCache;
class Playback;
class ShapeEditor;
class TrackDocument;
struct Sequence;
class Timeline;
class TimelineBar;

/// A camera sequence on screen: the camera grid over a filmstrip of the primary camera and the
/// timeline bar, the playhead that
/// drives them, and the frame cache that decodes for them. Each camera shows its frame at the
/// playhead as soon as it is decoded (the last one stays until then); frames ahead in the
/// direction of travel are prefetched. Keys: Space plays, Left/Right step one frame, Page
/// Up/Down ten, Home and End go to the ends.
class SequenceView : public QWidget {
    Q_OBJECT
public:
    explicit SequenceView(QWidget *parent = nullptr);
    ~SequenceView() override;

    void setSequence(std::shared_ptr<const Sequence> sequence);
    const std::shared_ptr<const Sequence> &sequence() const { return m_sequence; }
    /// The decoded frames' memory budget, in bytes (default 1 GiB).
    void setCacheBudget(qint64 bytes);
    /// Who converts decoded video frames for display (see FrameCache::setConverter): null,
    /// the decoders themselves (the default); or a compute backend, such as the GPU's.
    void setFrameConverter(const ComputeBackend *compute);

    Playback *playback() const { return m_playback; }
    CameraGrid *grid() const { return m_grid; }
    TimelineBar *bar() const { return m_bar; }
    Filmstrip *filmstrip() const { return m_filmstrip; }
    FrameCache *cache() const { return m_cache.get(); }
    const Timeline *timeline() const { return m_timeline.get(); }
    /// The tracks drawn and edited on the cameras (not owned; null: none). Each camera gets a
    /// ShapeEditor for its stream.
    void setAnnotations(TrackDocument *document);
    TrackDocument *annotations() const { return m_document; }
    /// Camera `stream`'s shape editor (null without annotations).
    ShapeEditor *editor(int stream) const;
    /// Selects track `id` on its camera and, if it has no shape at the playhead there, moves
    /// the playhead to its first frame.
    void showTrack(qint64 id);
    /// Selects track `id` and shows its camera at `frame` (a conflict's keyframe, say).
    void showTrackAt(qint64 id, int frame);
    /// The track selected on any camera (0: none), and the frame its camera shows.
    qint64 selectedTrack() const;
    /// Every camera shows what the playhead asks of it (a frame, or why there is none).
    bool isSettled() const;
    /// Playhead moves at which some camera still had not shown the frame it was asked for.
    int lateFrames() const { return m_late; }
    /// Frames put on screen since the sequence was set (all cameras; a frame that came late
    /// while playing counts too).
    int framesShown() const { return m_shown; }

signals:
    /// Every camera shows what the playhead asked of it.
    void settled();
    /// Something for the status bar (a refused edit, the tool chosen).
    void message(const QString &text);
    /// Something people should read and keep (the Messages panel): cameras not shown.
    void warning(const QString &text);
    /// The selected track (0: none) and its camera's frame, when either changes.
    void trackSelected(qint64 id, int frame);

private:
    void onMoved(qint64 timeNs, int frame);
    void showStream(int stream);
    void onReady(int stream, int frame);
    void onFailed(int stream, int frame, const QString &reason);
    QString frameInfo(int stream, int frame) const;

    std::shared_ptr<const Sequence> m_sequence;
    std::unique_ptr<Timeline> m_timeline;
    std::unique_ptr<FrameCache> m_cache;
    Playback *m_playback;
    CameraGrid *m_grid;
    TimelineBar *m_bar;
    Filmstrip *m_filmstrip;
    qint64 m_budget = 1LL << 30;
    const ComputeBackend *m_converter = nullptr;
    std::vector<int> m_wanted; ///< per stream: the frame the playhead asks for (-1: none)
    std::vector<bool> m_done;  ///< per stream: it is on screen
    TrackDocument *m_document = nullptr;
    std::vector<std::unique_ptr<ShapeEditor>> m_editors; ///< per stream, with annotations
    void makeEditors();
    /// The timeline's label markers: every frame with a keyframe, and the selected track's.
    void updateLabelMarkers();
    void updateSelectedMarkers();
    /// Per stream, its frames on the playhead's steps.
    std::vector<std::vector<int>> m_playheadFrames;
    int m_late = 0;
    int m_shown = 0;
};

} // namespace loupe
