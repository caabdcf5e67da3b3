#pragma once

#include "core/geometry.h"

#include "core/annotations/schema.h"
#include "core/dataset.h"

#include <QMainWindow>

#include <map>
#include <memory>

#include <optional>

class QAction;
class QDockWidget;
class QLabel;
class QMenu;
class QStackedWidget;
class QUndoStack;

namespace loupe {

class WorkspaceSession;

class AppContext;
class DatasetInfoPanel;
class DatasetLoader;
class MessagesPanel;
class MprView;
class RecentFiles;
class SeriesBrowser;
class Volume;
class SlicePreview;
class LabelFiles;
class Segmentation;
class SegmentEditor;
class SegmentsPanel;
class SequenceView;
class TagBrowser;
class TrackDocument;
class TrackPropagation;
class TrackFiles;
class TracksPanel;
class AttributesPanel;
class TaskProgress;
class VolumeOperations;
class VolumeView3D;

/// The main window. It only wires parts together: the loader, the views, the panels, the
/// menus and the settings. No file formats, no rendering code and no data logic live here.
class MainWindow : public QMainWindow {
    Q_OBJECT
public:
    /// `interactive` false (screenshots, tests) shows failures in the window only, never in
    /// a separate dialog.
    explicit MainWindow(AppContext &context, bool interactive = true, QWidget *parent = nullptr);
    ~MainWindow() override;

    /// Opens a file or folder on a worker thread; the result shows when it is ready.
    void openPath(const QString &path);

    VolumeView3D *volumeView() const;
    MprView *mprView() const { return m_mpr; }
    /// The camera grid and timeline, shown in place of the volume views for a sequence.
    SequenceView *sequenceView() const { return m_sequenceView; }
    TrackDocument *tracks() const { return m_tracks.get(); }
    TrackPropagation *propagation() const { return m_propagation; }
    TrackFiles *trackFiles() const { return m_trackFiles; }
    TracksPanel *tracksPanel() const { return m_tracksPanel; }
    AttributesPanel *attributesPanel() const { return m_attributesPanel; }
    MessagesPanel *messages() const { return m_messages; }
    SlicePreview *slicePreview() const { return m_slicePreview; }
    SeriesBrowser *seriesBrowser() const { return m_series; }
    TagBrowser *tagBrowser() const { return m_tags; }
    SegmentEditor *segmentEditor() const { return m_editor; }
    SegmentsPanel *segmentsPanel() const { return m_segmentsPanel; }
    LabelFiles *labelFiles() const { return m_labelFiles; }
    /// Saves the shown volume's labels as NIfTI (on a worker; labelFiles() signals the end).
    void exportLabels(const QString &path);
    void importLabels(const QString &path);
    /// Shows a DICOM SEG without its series: an empty volume on the SEG's own grid, with the
    /// SEG's labels on it (offered when a SEG matches no open series).
    void openSegOnItsOwnGrid(const QString &path);
    /// The segmentation of the volume shown (nullptr without one).
    Segmentation *segmentation() const;
    DatasetLoader *loader() const { return m_loader; }
    VolumeOperations *operations() const { return m_operations; }
    QAction *resampleAction() const { return m_resample; }
    QAction *fillGapsAction() const { return m_fillGaps; }
    const std::optional<Dataset> &dataset() const { return m_dataset; }

    /// Keeps labels in `session`'s workspace from now on, shows how saving goes in the status
    /// bar and what it says in the messages panel.
    void attachWorkspace(WorkspaceSession *session);
    /// Keeps what the views show of the current dataset in the workspace.
    void saveView();

signals:
    /// A dataset finished loading and was handed to the views.
    void datasetShown(const QString &path);
    /// Opening a path failed; `message` names it and says why.
    void openFailed(const QString &path, const QString &message);

protected:
    void dragEnterEvent(QDragEnterEvent *event) override;
    void dropEvent(QDropEvent *event) override;
    void closeEvent(QCloseEvent *event) override;

private:
    void createDocks();
    void createMenus();
    void connectLoader();
    void reportPluginProblems();
    void showDataset(const Dataset &dataset);
    void showVolume(const std::shared_ptr<const Volume> &volume);
    /// Hides (false) the volume-only panels for a camera sequence, or shows again those it hid.
    void setVolumeDocksShown(bool shown);
    void chooseFrameCacheSize();
    /// View → Convert Video Frames on the GPU (remembered; only where a GPU is in use).
    void addGpuFramesAction();
    void showTagsAt(const Vec3 &voxel);
    void createSegmentMenus();
    void updateUndoActions();
    void createTracksMenu();
    /// The label schema last applied (remembered), or the built-in driving one.
    LabelSchema rememberedSchema() const;
    /// The undo stack of the shown sequence's tracks (null when a volume is shown).
    QUndoStack *trackUndo() const;
    void showFailure(const QString &path, const QString &message);
    void chooseFile();
    void chooseFolder();

    AppContext &m_context;
    WorkspaceSession *m_workspace = nullptr;
    QMenu *m_fileMenu = nullptr;
    Vec3 m_crosshair{};
    QLabel *m_saveStatus = nullptr;
    const bool m_interactive;
    DatasetLoader *m_loader = nullptr;
    RecentFiles *m_recent = nullptr;
    MprView *m_mpr = nullptr;
    SlicePreview *m_slicePreview = nullptr;
    DatasetInfoPanel *m_info = nullptr;
    SeriesBrowser *m_series = nullptr;
    MessagesPanel *m_messages = nullptr;
    TagBrowser *m_tags = nullptr;
    SegmentEditor *m_editor = nullptr;
    SegmentsPanel *m_segmentsPanel = nullptr;
    /// One segmentation per volume, made when the volume is first shown.
    std::map<const Volume *, std::unique_ptr<Segmentation>> m_segmentations;
    LabelFiles *m_labelFiles = nullptr;
    QAction *m_undo = nullptr;
    QAction *m_redo = nullptr;
    TaskProgress *m_progress = nullptr;
    QLabel *m_computeLabel = nullptr;
    QMenu *m_viewMenu = nullptr;
    VolumeOperations *m_operations = nullptr;
    QAction *m_resample = nullptr;
    QAction *m_fillGaps = nullptr;
    std::optional<Dataset> m_dataset;
    QStackedWidget *m_central = nullptr;
    SequenceView *m_sequenceView = nullptr;
    QMenu *m_toolsMenu = nullptr;  ///< the segmentation tools (off for sequences)
    QMenu *m_tracksMenu = nullptr; ///< tracking, split, merge (on for sequences)
    TrackPropagation *m_propagation = nullptr;
    TrackFiles *m_trackFiles = nullptr;
    TracksPanel *m_tracksPanel = nullptr;
    AttributesPanel *m_attributesPanel = nullptr;
    std::unique_ptr<TrackDocument> m_tracks; ///< the shown sequence's annotations
    QList<QDockWidget *> m_hiddenForSequence;
};

} // namespace loupe
