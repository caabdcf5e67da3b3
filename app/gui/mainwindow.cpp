#include "app/gui/mainwindow.h"

#include "app/gui/aboutdialog.h"
#include "app/gui/appcontext.h"
#include "app/gui/defaultschema.h"
#include "app/gui/exporttracksdialog.h"
#include "app/gui/labelfiles.h"
#include "app/gui/pluginsdialog.h"
#include "app/gui/recentfiles.h"
#include "app/gui/schemadialog.h"
#include "app/gui/trackfiles.h"
#include "app/gui/trackpropagation.h"
#include "app/gui/viewstate.h"
#include "app/gui/volumeoperations.h"
#include "app/gui/workspacesession.h"

#include "core/annotations/trackdocument.h"
#include "core/compute/resample.h"
#include "core/datasetloader.h"
#include "core/labels/segmentation.h"
#include "core/sequence/sequence.h"
#include "core/sequence/timeline.h"
#include "plugins/dicomseg/segreader.h"
#include "widgets/attributespanel.h"
#include "widgets/datasetinfopanel.h"
#include "widgets/messagespanel.h"
#include "widgets/mprview.h"
#include "widgets/segmenteditor.h"
#include "widgets/segmentspanel.h"
#include "widgets/segmentstatsdialog.h"
#include "widgets/sequenceview.h"
#include "widgets/seriesbrowser.h"
#include "widgets/shapeeditor.h"
#include "widgets/slicepreview.h"
#include "widgets/slicerender.h"
#include "widgets/sliceview.h"
#include "widgets/tagbrowser.h"
#include "widgets/taskprogress.h"
#include "widgets/trackspanel.h"
#include "widgets/volumeview3d.h"

#include <QAction>
#include <QActionGroup>
#include <QCloseEvent>
#include <QDockWidget>
#include <QDragEnterEvent>
#include <QEventLoop>
#include <QFileDialog>
#include <QFileInfo>
#include <QInputDialog>
#include <QLabel>
#include <QMenuBar>
#include <QMessageBox>
#include <QMimeData>
#include <QSaveFile>
#include <QSettings>
#include <QStackedWidget>
#include <QStatusBar>
#include <QUndoStack>

#include <algorithm>
#include <cmath>

namespace loupe {

MainWindow::MainWindow(AppContext &context, bool interactive, QWidget *parent)
    : QMainWindow(parent), m_context(context), m_interactive(interactive),
      m_loader(new DatasetLoader(context.plugins(), this)), m_recent(new RecentFiles(this)),
      m_mpr(new MprView(context.compute(), this)),
      m_slicePreview(new SlicePreview(context.compute(), this)), m_info(new DatasetInfoPanel(this)),
      m_series(new SeriesBrowser(context.compute(), this)), m_messages(new MessagesPanel(this)),
      m_tags(new TagBrowser(this)), m_editor(new SegmentEditor(context.compute(), this)),
      m_segmentsPanel(new SegmentsPanel(*m_editor, this)),
      m_labelFiles(new LabelFiles(context.plugins(), this)), m_progress(new TaskProgress(this)),
      m_computeLabel(new QLabel(this)), m_operations(new VolumeOperations(this)),
      m_central(new QStackedWidget(this)), m_sequenceView(new SequenceView(this))
{
    setWindowTitle(tr("Loupe"));
    setObjectName(QStringLiteral("MainWindow"));
    setAcceptDrops(true);
    m_central->addWidget(m_mpr);
    m_central->addWidget(m_sequenceView);
    setCentralWidget(m_central);
    m_sequenceView->setCacheBudget(
        QSettings().value(QStringLiteral("frames/cacheMB"), 1024).toLongLong() << 20);
    createDocks();
    createMenus();
    connectLoader();
    connect(m_mpr, &MprView::crosshairChanged, this, &MainWindow::showTagsAt);
    connect(m_mpr, &MprView::crosshairChanged, this, [this](const Vec3 &at) { m_crosshair = at; });
    for (SliceView *view : {m_mpr->axial(), m_mpr->coronal(), m_mpr->sagittal()})
        m_editor->attach(view);
    connect(m_labelFiles, &LabelFiles::saved, this, [this](const QString &path) {
        if (Segmentation *s = segmentation())
            s->markSaved();
        m_messages->add(MessagesPanel::Severity::Info, tr("Labels written to %1").arg(path));
        statusBar()->showMessage(tr("Labels written to %1").arg(path), 5000);
    });
    connect(m_labelFiles, &LabelFiles::loaded, this, [this](const QString &path) {
        statusBar()->showMessage(tr("Labels read from %1").arg(path), 5000);
    });
    connect(m_labelFiles, &LabelFiles::failed, this,
            [this](const QString &message, const QString &path) {
                m_messages->add(MessagesPanel::Severity::Error, message);
                statusBar()->showMessage(message);
                // A SEG for another series: it can still be looked at on its own grid.
                if (m_interactive && path.endsWith(QLatin1String(".dcm"), Qt::CaseInsensitive) &&
                    message.contains(QLatin1String("lie off")) &&
                    QMessageBox::question(this, tr("Segmentation of another series"),
                                          tr("%1\n\nOpen it on its own grid instead, without "
                                             "the image?")
                                              .arg(message)) == QMessageBox::Yes)
                    openSegOnItsOwnGrid(path);
            });
    connect(m_editor, &SegmentEditor::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_sequenceView, &SequenceView::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    connect(m_sequenceView, &SequenceView::warning, this, [this](const QString &text) {
        m_messages->add(MessagesPanel::Severity::Warning, text);
    });
    connect(m_segmentsPanel, &SegmentsPanel::jumpTo, this, [this](double i, double j, double k) {
        m_mpr->setCrosshair({i, j, k});
    });

    m_computeLabel->setText(context.compute().gpuInUse() ? tr("GPU") : tr("CPU"));
    m_computeLabel->setToolTip(context.compute().description());
    statusBar()->addPermanentWidget(m_progress);
    statusBar()->addPermanentWidget(m_computeLabel);
    statusBar()->showMessage(tr("Open a DICOM file or folder (Ctrl+O), or drop it here."));

    resize(1280, 800);
    const QSettings settings;
    restoreGeometry(settings.value(QStringLiteral("mainWindow/geometry")).toByteArray());
    restoreState(settings.value(QStringLiteral("mainWindow/state")).toByteArray());
    reportPluginProblems();
}

MainWindow::~MainWindow() = default;

VolumeView3D *MainWindow::volumeView() const
{
    return m_mpr->view3D();
}

void MainWindow::createDocks()
{
    auto dock = [this](const QString &title, const QString &name, QWidget *content,
                       Qt::DockWidgetArea area) {
        auto *d = new QDockWidget(title, this);
        d->setObjectName(name); // for saveState()
        d->setWidget(content);
        addDockWidget(area, d);
        return d;
    };
    QDockWidget *series =
        dock(tr("Series"), QStringLiteral("seriesDock"), m_series, Qt::LeftDockWidgetArea);
    dock(tr("Dataset"), QStringLiteral("datasetDock"), m_info, Qt::LeftDockWidgetArea);
    dock(tr("Slice"), QStringLiteral("sliceDock"), m_slicePreview, Qt::RightDockWidgetArea);
    QDockWidget *messages =
        dock(tr("Messages"), QStringLiteral("messagesDock"), m_messages, Qt::BottomDockWidgetArea);
    QDockWidget *tags =
        dock(tr("DICOM Tags"), QStringLiteral("tagsDock"), m_tags, Qt::RightDockWidgetArea);
    tabifyDockWidget(findChild<QDockWidget *>(QStringLiteral("sliceDock")), tags);
    QDockWidget *segments = dock(tr("Segment Editor"), QStringLiteral("segmentsDock"),
                                 m_segmentsPanel, Qt::RightDockWidgetArea);
    tabifyDockWidget(tags, segments);
    // A sequence's objects and the selected one's attributes (hidden while a volume shows).
    m_tracksPanel = new TracksPanel(this);
    m_attributesPanel = new AttributesPanel(this);
    QDockWidget *objects =
        dock(tr("Objects"), QStringLiteral("objectsDock"), m_tracksPanel, Qt::RightDockWidgetArea);
    QDockWidget *attributes = dock(tr("Attributes"), QStringLiteral("attributesDock"),
                                   m_attributesPanel, Qt::RightDockWidgetArea);
    splitDockWidget(objects, attributes, Qt::Vertical);
    objects->hide();
    attributes->hide();
    connect(m_tracksPanel, &TracksPanel::trackChosen, m_sequenceView, &SequenceView::showTrack);
    connect(m_sequenceView, &SequenceView::trackSelected, this, [this](qint64 id, int frame) {
        m_tracksPanel->setSelected(id);
        m_attributesPanel->setTrack(id, frame);
    });
    connect(m_attributesPanel, &AttributesPanel::message, this,
            [this](const QString &text) { statusBar()->showMessage(text, 8000); });
    findChild<QDockWidget *>(QStringLiteral("sliceDock"))->raise();
    QDockWidget *slice = findChild<QDockWidget *>(QStringLiteral("sliceDock"));
    // Sensible first sizes; restoreState() replaces them with the user's own.
    resizeDocks({messages}, {140}, Qt::Vertical);
    resizeDocks({slice, series}, {320, 300}, Qt::Horizontal);
}

void MainWindow::createMenus()
{
    QMenu *file = m_fileMenu = menuBar()->addMenu(tr("&File"));
    file->addAction(tr("&Open File…"), QKeySequence::Open, this, &MainWindow::chooseFile);
    file->addAction(tr("Open &Folder…"), QKeySequence(tr("Ctrl+Shift+O")), this,
                    &MainWindow::chooseFolder);
    QMenu *recent = file->addMenu(tr("Open &Recent"));
    connect(recent, &QMenu::aboutToShow, this, [this, recent] { m_recent->fillMenu(recent); });
    connect(m_recent, &RecentFiles::openRequested, this, &MainWindow::openPath);
    file->addSeparator();
    file->addAction(
        tr("&Import Labels (SEG or NIfTI)…"), QKeySequence(tr("Ctrl+Shift+I")), this, [this] {
            const QString path = QFileDialog::getOpenFileName(
                this, tr("Import labels"), QString(),
                (QStringList{tr("All files (*)")} + m_labelFiles->writeFilters()).join(";;"));
            if (!path.isEmpty())
                importLabels(path);
        });
    file->addAction(tr("&Export Labels (SEG or NIfTI)…"), QKeySequence(tr("Ctrl+Shift+E")), this,
                    [this] {
                        // The installed label writers (DICOM SEG, NIfTI, …), chosen by the name's
                        // ending.
                        const QString path = QFileDialog::getSaveFileName(
                            this, tr("Export labels"), QStringLiteral("segmentation.dcm"),
                            m_labelFiles->writeFilters().join(";;"));
                        if (!path.isEmpty())
                            exportLabels(path);
                    });
    file->addSeparator();
    QAction *cancel = file->addAction(tr("&Cancel"), QKeySequence(Qt::Key_Escape), this, [this] {
        m_loader->cancel();
        m_operations->cancel();
    });
    cancel->setShortcutContext(Qt::ApplicationShortcut);
    // Only while something runs: otherwise Esc belongs to the focused view.
    cancel->setEnabled(false);
    connect(m_progress, &TaskProgress::busyChanged, cancel, &QAction::setEnabled);
    file->addSeparator();
    file->addAction(tr("&Quit"), QKeySequence::Quit, this, &QWidget::close);

    createSegmentMenus();
    createTracksMenu();

    m_viewMenu = menuBar()->addMenu(tr("&View"));
    m_viewMenu->addAction(tr("&Reset 3D Camera"), QKeySequence(tr("Ctrl+R")), volumeView(),
                          &VolumeView3D::resetCamera);
    // Shift + drag (or comma and period) in a slice view turns the crosshair; this undoes it.
    QAction *straighten =
        m_viewMenu->addAction(tr("Reset &Oblique Planes"), QKeySequence(tr("Ctrl+Shift+R")), m_mpr,
                              &MprView::resetRotation);
    straighten->setEnabled(false);
    connect(m_mpr, &MprView::obliqueChanged, straighten, &QAction::setEnabled);
    QAction *clip = m_viewMenu->addAction(tr("3D &Clipping Box"));
    clip->setCheckable(true);
    clip->setShortcut(QKeySequence(tr("Ctrl+B")));
    connect(clip, &QAction::toggled, volumeView(), &VolumeView3D::setClippingBoxEnabled);
    // Window presets on keys 1 to 5, for every slice view.
    QMenu *windows = m_viewMenu->addMenu(tr("&Window"));
    const struct {
        QString name;
        StandardWindow preset;
    } windowChoices[] = {
        {tr("CT &Brain (W 80, L 40)"), StandardWindow::CtBrain},
        {tr("CT &Lung (W 1500, L -600)"), StandardWindow::CtLung},
        {tr("CT B&one (W 1800, L 400)"), StandardWindow::CtBone},
        {tr("CT &Abdomen (W 400, L 50)"), StandardWindow::CtAbdomen},
        {tr("A&uto (MR: the values' 1st to 99th percentile)"), StandardWindow::Auto}};
    int key = 0;
    for (const auto &[name, preset] : windowChoices)
        windows->addAction(name, QKeySequence(Qt::Key(Qt::Key_1 + key++)), this,
                           [this, preset = preset] {
                               if (const auto &volume = volumeView()->volume())
                                   m_mpr->setWindow(presetWindow(preset, *volume));
                           });
    QMenu *layouts = m_viewMenu->addMenu(tr("&Layout"));
    const struct {
        QString name;
        MprView::Layout layout;
        MprView::Focus focus;
        QKeySequence keys;
    } layoutChoices[] = {
        {tr("&2×2"), MprView::Layout::Grid2x2, MprView::Focus::Axial, QKeySequence(tr("Ctrl+2"))},
        {tr("1+3, &Axial Large"), MprView::Layout::OnePlusThree, MprView::Focus::Axial,
         QKeySequence(tr("Ctrl+3"))},
        {tr("1+3, &3D Large"), MprView::Layout::OnePlusThree, MprView::Focus::View3D,
         QKeySequence(tr("Ctrl+Shift+3"))},
        {tr("1×1 Axia&l"), MprView::Layout::Single, MprView::Focus::Axial,
         QKeySequence(tr("Ctrl+1"))},
        {tr("1×1 &Coronal"), MprView::Layout::Single, MprView::Focus::Coronal,
         QKeySequence(tr("Ctrl+4"))},
        {tr("1×1 &Sagittal"), MprView::Layout::Single, MprView::Focus::Sagittal,
         QKeySequence(tr("Ctrl+5"))},
        {tr("1×1 3&D"), MprView::Layout::Single, MprView::Focus::View3D,
         QKeySequence(tr("Ctrl+6"))}};
    for (const auto &c : layoutChoices) {
        QAction *a = layouts->addAction(c.name, this, [this, layout = c.layout, focus = c.focus] {
            m_mpr->setLayout(layout, focus);
            QSettings().setValue(QStringLiteral("mpr/layout"),
                                 QStringLiteral("%1/%2").arg(int(layout)).arg(int(focus)));
        });
        a->setShortcut(c.keys);
    }
    // The layout used last time, if it is one Loupe knows.
    const QStringList saved =
        QSettings().value(QStringLiteral("mpr/layout")).toString().split(QLatin1Char('/'));
    if (saved.size() == 2 && saved[0].toInt() >= 0 && saved[0].toInt() <= 2 &&
        saved[1].toInt() >= 0 && saved[1].toInt() <= 3)
        m_mpr->setLayout(MprView::Layout(saved[0].toInt()), MprView::Focus(saved[1].toInt()));

    QMenu *rendering = m_viewMenu->addMenu(tr("3D &Rendering"));
    auto *presets = new QActionGroup(this);
    const std::pair<QString, VolumeView3D::Preset> choices[] = {
        {tr("&Automatic"), VolumeView3D::Preset::Automatic},
        {tr("CT &Soft Tissue"), VolumeView3D::Preset::CtSoftTissue},
        {tr("CT &Bone"), VolumeView3D::Preset::CtBone},
        {tr("&Maximum Intensity Projection"), VolumeView3D::Preset::Mip},
        {tr("M&R Default"), VolumeView3D::Preset::MrDefault}};
    int n = 0;
    for (const auto &[name, preset] : choices) {
        QAction *a = rendering->addAction(
            name, this, [this, preset = preset] { volumeView()->setPreset(preset); });
        a->setCheckable(true);
        a->setChecked(preset == VolumeView3D::Preset::Automatic);
        a->setShortcut(QKeySequence(Qt::ALT | Qt::Key(Qt::Key_1 + n++)));
        presets->addAction(a);
    }
    m_viewMenu->addAction(tr("&Frame Cache Size…"), QKeySequence(tr("Ctrl+Alt+K")), this,
                          &MainWindow::chooseFrameCacheSize);
    addGpuFramesAction();
    m_viewMenu->addSeparator();
    int dockNumber = 0;
    for (QDockWidget *d : findChildren<QDockWidget *>()) {
        QAction *toggle = d->toggleViewAction();
        toggle->setShortcut(QKeySequence(Qt::ALT | Qt::SHIFT | Qt::Key(Qt::Key_1 + dockNumber++)));
        m_viewMenu->addAction(toggle);
    }

    QMenu *volume = menuBar()->addMenu(tr("V&olume"));
    m_resample = volume->addAction(tr("&Resample to Orthogonal Grid"),
                                   QKeySequence(tr("Ctrl+Alt+R")), this, [this] {
                                       m_operations->run(tr("Resampling"), volumeView()->volume(),
                                                         [](const Volume &v, Progress *p) {
                                                             return resampleToOrthogonal(v, p);
                                                         });
                                   });
    m_resample->setToolTip(tr("Correct a gantry tilt: slices stacked along their normal"));
    m_fillGaps =
        volume->addAction(tr("&Fill Missing Slices"), QKeySequence(tr("Ctrl+Alt+F")), this, [this] {
            m_operations->run(tr("Filling missing slices"), volumeView()->volume(),
                              [](const Volume &v, Progress *p) { return fillMissingSlices(v, p); });
        });
    m_resample->setEnabled(false);
    m_fillGaps->setEnabled(false);

    QMenu *help = menuBar()->addMenu(tr("&Help"));
    help->addAction(tr("&Plugins…"), QKeySequence(tr("Ctrl+Alt+P")), this,
                    [this] { showPluginsDialog(this, m_context.plugins()); });
    help->addAction(tr("&About Loupe"), QKeySequence(QKeySequence::HelpContents), this,
                    [this] { showAboutDialog(this, m_context.compute()); });
}

void MainWindow::connectLoader()
{
    connect(m_loader, &DatasetLoader::started, this, [this](const QString &path) {
        m_progress->start(tr("Opening %1").arg(QFileInfo(path).fileName()));
        statusBar()->showMessage(tr("Opening %1…").arg(path));
    });
    connect(m_loader, &DatasetLoader::progressed, m_progress, &TaskProgress::setProgress);
    connect(m_progress, &TaskProgress::cancelRequested, m_loader, &DatasetLoader::cancel);
    connect(m_loader, &DatasetLoader::previewReady, this,
            [this](std::shared_ptr<const Volume> volume, qint64 slice) {
                m_slicePreview->showPreview(std::move(volume), static_cast<int>(slice));
            });
    connect(m_loader, &DatasetLoader::loaded, this, &MainWindow::showDataset);
    connect(m_series, &SeriesBrowser::volumeChosen, this, &MainWindow::showVolume);
    connect(m_operations, &VolumeOperations::started, m_progress, &TaskProgress::start);
    connect(m_operations, &VolumeOperations::progressed, m_progress, &TaskProgress::setProgress);
    connect(m_progress, &TaskProgress::cancelRequested, m_operations, &VolumeOperations::cancel);
    connect(m_operations, &VolumeOperations::finished, this,
            [this](std::shared_ptr<const Volume> result, const QString &what) {
                m_progress->finish();
                showVolume(result);
                m_messages->add(MessagesPanel::Severity::Info,
                                tr("%1 done: now showing the new volume.").arg(what));
            });
    connect(m_operations, &VolumeOperations::failed, this, [this](const QString &message) {
        m_progress->finish();
        m_messages->add(MessagesPanel::Severity::Warning, message);
    });
    connect(m_loader, &DatasetLoader::failed, this, &MainWindow::showFailure);
    connect(m_loader, &DatasetLoader::canceled, this, [this](const QString &path) {
        m_progress->finish();
        m_messages->add(MessagesPanel::Severity::Info,
                        tr("Opening \"%1\" was canceled.").arg(path));
        statusBar()->showMessage(tr("Canceled."), 5000);
    });
}

void MainWindow::reportPluginProblems()
{
    for (const PluginRecord &r : m_context.plugins().records()) {
        if (!r.loaded)
            m_messages->add(MessagesPanel::Severity::Warning,
                            tr("Plugin %1 was skipped: %2").arg(r.file, r.error));
    }
}

void MainWindow::openPath(const QString &path)
{
    m_loader->open(path);
}

void MainWindow::showDataset(const Dataset &dataset)
{
    m_progress->finish();
    saveView(); // of the dataset shown until now
    m_dataset = dataset;
    m_recent->add(dataset.sourcePath);
    m_info->setDataset(dataset);
    // The tag browser asks the plugin that read the data, if it can list attributes.
    const MetadataReader *lister = nullptr;
    for (const auto &[record, reader] : m_context.plugins().plugins<MetadataReader>())
        if (record->id == dataset.readerId)
            lister = reader;
    m_tags->setReader(lister);
    m_series->setDataset(dataset);
    for (const QString &w : dataset.warnings)
        m_messages->add(MessagesPanel::Severity::Warning, w);
    if (!dataset.sequences.empty()) {
        showVolume(nullptr);
        // A new document of tracks for the sequence; the workspace fills it with what it
        // kept and journals every step.
        m_sequenceView->setAnnotations(nullptr);
        m_tracksPanel->setDocument(nullptr, {}, 0);
        m_attributesPanel->setDocument(nullptr);
        m_tracks = std::make_unique<TrackDocument>();
        m_tracks->setSchema(rememberedSchema());
        connect(m_tracks->undoStack(), &QUndoStack::indexChanged, this,
                &MainWindow::updateUndoActions);
        m_sequenceView->setSequence(dataset.sequences.front());
        m_sequenceView->setAnnotations(m_tracks.get());
        QStringList cameras;
        for (const Stream &stream : dataset.sequences.front()->streams)
            cameras << stream.name;
        m_tracksPanel->setDocument(m_tracks.get(), cameras,
                                   m_sequenceView->timeline()->frameCount());
        m_attributesPanel->setDocument(m_tracks.get());
        if (m_workspace) {
            m_workspace->sequenceOpened(dataset.sourcePath, *dataset.sequences.front());
            m_workspace->trackAnnotations(m_tracks.get(), dataset.sourcePath,
                                          *dataset.sequences.front());
        }
        m_central->setCurrentWidget(m_sequenceView);
        setVolumeDocksShown(false);
        m_sequenceView->setFocus();
    } else {
        m_sequenceView->setAnnotations(nullptr);
        m_sequenceView->setSequence(nullptr);
        m_tracksPanel->setDocument(nullptr, {}, 0);
        m_attributesPanel->setDocument(nullptr);
        m_tracks.reset();
        m_central->setCurrentWidget(m_mpr);
        setVolumeDocksShown(true);
        showVolume(dataset.volumes.front());
    }
    if (dataset.volumes.size() > 1)
        m_messages->add(MessagesPanel::Severity::Info,
                        tr("%1 volumes found; showing the largest (%2).")
                            .arg(dataset.volumes.size())
                            .arg(dataset.volumes.front()->info().seriesDescription));
    setWindowTitle(tr("%1 — Loupe").arg(dataset.name));
    statusBar()->showMessage(tr("Opened %1").arg(dataset.sourcePath), 5000);
    if (m_workspace)
        m_workspace->loadView(dataset.sourcePath);
    emit datasetShown(dataset.sourcePath);
}

void MainWindow::saveView()
{
    if (!m_workspace || !m_dataset)
        return;
    m_workspace->saveView(m_dataset->sourcePath, m_dataset->sequences.empty()
                                                     ? captureVolumeView(*m_mpr, m_crosshair)
                                                     : captureSequenceView(*m_sequenceView));
}

void MainWindow::setVolumeDocksShown(bool shown)
{
    // The panels that only mean something for a volume step aside for a camera sequence, and
    // come back as they were. The segmentation tools' one-key shortcuts (B, E, N, ...) give way
    // to the shape editor's.
    if (m_toolsMenu)
        for (QAction *a : m_toolsMenu->actions())
            a->setEnabled(shown);
    if (m_tracksMenu)
        for (QAction *a : m_tracksMenu->actions())
            a->setEnabled(!shown);
    for (const char *name : {"objectsDock", "attributesDock"})
        if (auto *d = findChild<QDockWidget *>(QLatin1String(name)))
            d->setVisible(!shown);
    if (!shown) {
        for (const char *name : {"sliceDock", "tagsDock", "segmentsDock", "seriesDock"})
            if (auto *d = findChild<QDockWidget *>(QLatin1String(name)); d && d->isVisible()) {
                m_hiddenForSequence << d;
                d->hide();
            }
        return;
    }
    for (QDockWidget *d : std::as_const(m_hiddenForSequence))
        d->show();
    m_hiddenForSequence.clear();
}

void MainWindow::addGpuFramesAction()
{
    // Off by default: on the machines measured so far the decoders' own conversion is as fast.
    const ComputeBackend &compute = m_context.compute();
    QAction *gpu = m_viewMenu->addAction(tr("Convert Video Frames on the &GPU"));
    gpu->setObjectName(QStringLiteral("gpuFramesAction"));
    gpu->setShortcut(QKeySequence(tr("Ctrl+Alt+G")));
    gpu->setCheckable(true);
    gpu->setEnabled(compute.gpuInUse());
    gpu->setToolTip(
        compute.gpuInUse()
            ? tr("Scale and convert decoded video frames with CUDA (%1)").arg(compute.description())
            : tr("Not available: %1").arg(compute.description()));
    const bool on = compute.gpuInUse() &&
                    QSettings().value(QStringLiteral("frames/gpuConvert"), false).toBool();
    gpu->setChecked(on);
    m_sequenceView->setFrameConverter(on ? &compute : nullptr);
    connect(gpu, &QAction::toggled, this, [this, &compute](bool checked) {
        QSettings().setValue(QStringLiteral("frames/gpuConvert"), checked);
        m_sequenceView->setFrameConverter(checked ? &compute : nullptr);
        statusBar()->showMessage(checked ? tr("Video frames: converted on the GPU")
                                         : tr("Video frames: converted by the decoders"),
                                 5000);
    });
}

void MainWindow::chooseFrameCacheSize()
{
    QSettings settings;
    bool ok = false;
    const int mb = QInputDialog::getInt(
        this, tr("Frame cache"),
        tr("Memory for decoded camera frames, in MB (frames ahead of the playhead are decoded "
           "into it):"),
        settings.value(QStringLiteral("frames/cacheMB"), 1024).toInt(), 64, 65536, 64, &ok);
    if (!ok)
        return;
    settings.setValue(QStringLiteral("frames/cacheMB"), mb);
    m_sequenceView->setCacheBudget(qint64(mb) << 20);
    statusBar()->showMessage(tr("Frame cache: %1 MB").arg(mb), 5000);
}

void MainWindow::showVolume(const std::shared_ptr<const Volume> &volume)
{
    m_mpr->setVolume(volume);
    m_slicePreview->setVolume(volume);
    m_series->setCurrent(volume);
    // Offer the corrections that apply to what is shown.
    m_resample->setEnabled(volume && isSheared(volume->geometry()));
    m_fillGaps->setEnabled(volume && !volume->info().missingSlices.empty());
    // Each volume keeps its own segmentation while Loupe runs; one with no segments is let go
    // (with the volume it holds) when another volume is shown. Nothing may point at it then.
    m_editor->setSegmentation(nullptr);
    m_segmentsPanel->setSegmentation(nullptr);
    volumeView()->setSegmentation(nullptr);
    std::erase_if(m_segmentations, [&](const auto &entry) {
        return entry.first != volume.get() && entry.second->segments().empty() &&
               !entry.second->canUndo();
    });
    Segmentation *labels = nullptr;
    if (volume) {
        auto &slot = m_segmentations[volume.get()];
        if (!slot) {
            slot = std::make_unique<Segmentation>(volume);
            connect(slot.get(), &Segmentation::labelsChanged, this, &MainWindow::updateUndoActions);
            connect(slot.get(), &Segmentation::busyChanged, this, &MainWindow::updateUndoActions);
            if (m_workspace)
                m_workspace->track(slot.get(), m_dataset ? m_dataset->sourcePath : QString());
        }
        labels = slot.get();
        // The tools' range starts as the window shown.
        const Window w = defaultWindow(*volume);
        m_editor->setIntensityRange(w.center - w.width / 2, w.center + w.width / 2);
    }
    m_editor->setSegmentation(labels);
    m_segmentsPanel->setSegmentation(labels);
    volumeView()->setSegmentation(labels);
    updateUndoActions();
}

LabelSchema MainWindow::rememberedSchema() const
{
    // The schema last applied, or the built-in driving one.
    const QString json = QSettings().value(QStringLiteral("tracks/schema")).toString();
    if (!json.isEmpty())
        if (Result<LabelSchema> schema = LabelSchema::fromJson(json.toUtf8()); schema.ok())
            return schema.value();
    return drivingSchema();
}

void MainWindow::createTracksMenu()
{
    // Following a box with a tracker; its proposals accepted or rejected; split and merge.
    m_propagation = new TrackPropagation(m_sequenceView, this);
    m_tracksMenu = menuBar()->addMenu(tr("T&racks"));
    auto *trackers = new QActionGroup(this);
    const QString chosen =
        QSettings().value(QStringLiteral("tracks/tracker"), QStringLiteral("CSRT")).toString();
    for (const tracking::Method m : {tracking::Method::Csrt, tracking::Method::Kcf}) {
        QAction *a =
            m_tracksMenu->addAction(m == tracking::Method::Csrt ? tr("Tracker: CSRT (more exact)")
                                                                : tr("Tracker: KCF (faster)"));
        a->setShortcut(m == tracking::Method::Csrt ? QKeySequence(tr("Ctrl+Alt+1"))
                                                   : QKeySequence(tr("Ctrl+Alt+2")));
        a->setCheckable(true);
        a->setChecked(tracking::methodName(m) == chosen);
        a->setData(tracking::methodName(m));
        trackers->addAction(a);
        connect(a, &QAction::triggered, this, [m] {
            QSettings().setValue(QStringLiteral("tracks/tracker"), tracking::methodName(m));
        });
    }
    m_tracksMenu->addAction(tr("Frames to Track…"), QKeySequence(tr("Ctrl+Alt+T")), this, [this] {
        bool ok = false;
        const int n = QInputDialog::getInt(
            this, tr("Frames to Track"), tr("Follow the selected box this many frames forward:"),
            QSettings().value(QStringLiteral("tracks/frames"), 30).toInt(), 1, 10000, 10, &ok);
        if (ok)
            QSettings().setValue(QStringLiteral("tracks/frames"), n);
    });
    m_tracksMenu->addSeparator();
    m_tracksMenu->addAction(tr("&Track Forward"), QKeySequence(tr("Ctrl+T")), this, [this] {
        const QSettings settings;
        const tracking::Method method =
            settings.value(QStringLiteral("tracks/tracker")).toString() == QLatin1String("KCF")
                ? tracking::Method::Kcf
                : tracking::Method::Csrt;
        const QString refused = m_propagation->start(
            method, settings.value(QStringLiteral("tracks/frames"), 30).toInt());
        if (!refused.isEmpty())
            return statusBar()->showMessage(refused, 8000);
        m_progress->start(tr("Tracking with %1").arg(tracking::methodName(method)));
    });
    connect(m_propagation, &TrackPropagation::progress, this, [this](int done, int total) {
        m_progress->setProgress(done, total, tr("Tracking: frame %1 of %2").arg(done).arg(total));
    });
    connect(m_progress, &TaskProgress::cancelRequested, m_propagation, &TrackPropagation::cancel);
    connect(m_propagation, &TrackPropagation::finished, this, [this](bool ok, const QString &text) {
        m_progress->finish();
        statusBar()->showMessage(text, 15000);
        if (!ok)
            m_messages->add(MessagesPanel::Severity::Warning, text);
    });
    m_tracksMenu->addAction(tr("&Accept Proposals"), QKeySequence(tr("Ctrl+Return")), this, [this] {
        const Result<int> n = m_propagation->accept();
        statusBar()->showMessage(
            n.ok() ? tr("%n keyframe(s) added", nullptr, n.value()) : n.errorMessage(), 6000);
    });
    m_tracksMenu->addAction(tr("Accept Proposals &Up to This Frame"),
                            QKeySequence(tr("Ctrl+Shift+Return")), this, [this] {
                                const Result<int> n = m_propagation->accept(/*upTo=*/true);
                                statusBar()->showMessage(
                                    n.ok() ? tr("%n keyframe(s) added; the later proposals "
                                                "dropped",
                                                nullptr, n.value())
                                           : n.errorMessage(),
                                    6000);
                            });
    m_tracksMenu->addAction(tr("&Reject Proposals"), QKeySequence(tr("Ctrl+Backspace")),
                            m_propagation, &TrackPropagation::reject);
    m_tracksMenu->addSeparator();
    // The label schema: edited here, or read from and written to a JSON file; the one in use
    // is remembered for the next sequence and the next run.
    const auto applySchema = [this](const LabelSchema &schema, const QString &what) {
        if (!m_tracks)
            return statusBar()->showMessage(tr("Open a camera sequence first."), 6000);
        if (const QStringList problems = SchemaDialog::problems(schema, *m_tracks);
            !problems.isEmpty()) {
            const QString text = tr("%1 was not applied: the tracks drawn do not keep to it.\n%2")
                                     .arg(what, problems.join(QLatin1Char('\n')));
            m_messages->add(MessagesPanel::Severity::Error, text);
            return statusBar()->showMessage(problems.first(), 10000);
        }
        m_tracks->setSchema(schema);
        QSettings().setValue(QStringLiteral("tracks/schema"), QString::fromUtf8(schema.toJson()));
        statusBar()->showMessage(
            tr("%1 applied: %n class(es).", nullptr, int(schema.classes.size())).arg(what), 6000);
    };
    m_tracksMenu->addAction(
        tr("Edit &Label Schema…"), QKeySequence(tr("Ctrl+Alt+L")), this, [this, applySchema] {
            if (!m_tracks)
                return statusBar()->showMessage(tr("Open a camera sequence first."), 6000);
            auto *dialog = new SchemaDialog(m_tracks->schema(), this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            connect(dialog, &QDialog::accepted, this, [dialog, applySchema] {
                applySchema(dialog->schema(), tr("The edited schema"));
            });
            dialog->open();
        });
    m_tracksMenu->addAction(
        tr("Load Label Schema…"), QKeySequence(tr("Ctrl+Alt+U")), this, [this, applySchema] {
            const QString path = QFileDialog::getOpenFileName(
                this, tr("Load Label Schema"), QString(), tr("Label schema (*.json)"));
            if (path.isEmpty())
                return;
            QFile f(path);
            Result<LabelSchema> schema = f.open(QIODevice::ReadOnly)
                                             ? LabelSchema::fromJson(f.readAll())
                                             : Result<LabelSchema>(Error{f.errorString()});
            if (!schema.ok()) {
                const QString text =
                    tr("Cannot use \"%1\" as a label schema: %2").arg(path, schema.errorMessage());
                m_messages->add(MessagesPanel::Severity::Error, text);
                return statusBar()->showMessage(text, 10000);
            }
            applySchema(schema.value(), QFileInfo(path).fileName());
        });
    m_tracksMenu->addAction(tr("Save Label Schema…"), QKeySequence(tr("Ctrl+Alt+W")), this, [this] {
        if (!m_tracks)
            return;
        const QString path = QFileDialog::getSaveFileName(this, tr("Save Label Schema"),
                                                          QStringLiteral("schema.json"),
                                                          tr("Label schema (*.json)"));
        QSaveFile f(path);
        const QByteArray json = m_tracks->schema().toJson();
        if (path.isEmpty())
            return;
        if (!f.open(QIODevice::WriteOnly) || f.write(json) != json.size() || !f.commit())
            return statusBar()->showMessage(
                tr("Could not write \"%1\": %2").arg(path, f.errorString()), 10000);
        statusBar()->showMessage(tr("Label schema written to %1").arg(path), 6000);
    });
    m_tracksMenu->addSeparator();
    m_trackFiles = new TrackFiles(m_context.plugins(), m_sequenceView, this);
    m_tracksMenu->addAction(tr("&Export Tracks…"), QKeySequence(tr("Ctrl+Alt+X")), this, [this] {
        QString refused;
        ExportTracksDialog *dialog = m_trackFiles->exportDialog(this, refused);
        if (!dialog)
            return statusBar()->showMessage(refused, 8000);
        dialog->setAttribute(Qt::WA_DeleteOnClose);
        connect(dialog, &ExportTracksDialog::written, this, [this](bool ok, const QString &text) {
            statusBar()->showMessage(text, 10000);
            m_messages->add(ok ? MessagesPanel::Severity::Info : MessagesPanel::Severity::Error,
                            text);
        });
        dialog->open();
    });
    m_tracksMenu->addAction(tr("&Import Tracks…"), QKeySequence(tr("Ctrl+Alt+O")), this, [this] {
        const QString path =
            QFileDialog::getOpenFileName(this, tr("Import Tracks"), QString(),
                                         tr("OpenLABEL or CVAT XML (*.json *.xml);;All files (*)"));
        if (!path.isEmpty())
            m_trackFiles->import(path);
    });
    // A broken file imports nothing, unless the person chooses to keep what was valid.
    connect(m_trackFiles, &TrackFiles::partlyValid, this,
            [this](const QString &path, int valid, const QStringList &problems) {
                if (!m_interactive)
                    return;
                QStringList shown = problems.mid(0, 8);
                if (problems.size() > shown.size())
                    shown << tr("… and %1 more").arg(problems.size() - shown.size());
                if (QMessageBox::question(
                        this, tr("Import Tracks"),
                        tr("\"%1\" is partly broken:\n\n%2\n\nImport the %3 valid tracks and "
                           "tags, leaving the broken parts out?")
                            .arg(path, shown.join(QLatin1Char('\n')))
                            .arg(valid)) == QMessageBox::Yes)
                    m_trackFiles->import(path, /*keepValid=*/true);
            });
    connect(m_trackFiles, &TrackFiles::imported, this, [this](bool ok, const QString &text) {
        statusBar()->showMessage(text, 10000);
        m_messages->add(ok ? MessagesPanel::Severity::Info : MessagesPanel::Severity::Error, text);
    });
    m_tracksMenu->addSeparator();
    const auto withSelection = [this](auto &&edit) {
        return [this, edit] {
            TrackDocument *document = m_sequenceView->annotations();
            for (int s = 0; document && m_sequenceView->editor(s); ++s) {
                ShapeEditor *e = m_sequenceView->editor(s);
                if (!e->selected())
                    continue;
                if (const QString error = edit(*document, *e); !error.isEmpty())
                    statusBar()->showMessage(error, 8000);
                return;
            }
            statusBar()->showMessage(tr("Select a track first (click it, or Tab)."), 6000);
        };
    };
    m_tracksMenu->addAction(tr("&Split Track Here"), QKeySequence(tr("Ctrl+Alt+S")), this,
                            withSelection([](TrackDocument &document, ShapeEditor &e) {
                                const Result<qint64> second =
                                    document.split(e.selected(), e.frame());
                                return second.ok() ? QString() : second.errorMessage();
                            }));
    m_tracksMenu->addAction(
        tr("&Merge Into the Track Selected Before"), QKeySequence(tr("Ctrl+Alt+M")), this,
        withSelection([](TrackDocument &document, ShapeEditor &e) {
            if (!e.previouslySelected())
                return tr("Select the earlier track, then the later one, then merge.");
            const Result<bool> merged = document.merge(e.previouslySelected(), e.selected());
            return merged.ok() ? QString() : merged.errorMessage();
        }));
}

void MainWindow::createSegmentMenus()
{
    QMenu *edit = menuBar()->addMenu(tr("&Edit"));
    // Undo and redo what is shown: a sequence's tracks, or a volume's segmentation.
    m_undo = edit->addAction(tr("&Undo"), QKeySequence::Undo, this, [this] {
        if (QUndoStack *t = trackUndo(); t && t->canUndo()) {
            statusBar()->showMessage(tr("Undid %1").arg(t->undoText()), 4000);
            t->undo();
        } else if (Segmentation *s = segmentation(); s && !s->isBusy()) {
            statusBar()->showMessage(tr("Undid %1").arg(s->undo()), 4000);
        }
    });
    m_redo = edit->addAction(tr("&Redo"), QKeySequence(tr("Ctrl+Shift+Z")), this, [this] {
        if (QUndoStack *t = trackUndo(); t && t->canRedo()) {
            statusBar()->showMessage(tr("Redid %1").arg(t->redoText()), 4000);
            t->redo();
        } else if (Segmentation *s = segmentation(); s && !s->isBusy()) {
            statusBar()->showMessage(tr("Redid %1").arg(s->redo()), 4000);
        }
    });
    edit->addSeparator();
    edit->addAction(tr("&Add Segment"), QKeySequence(tr("Ctrl+Shift+N")), m_segmentsPanel,
                    &SegmentsPanel::addSegment);
    edit->addAction(tr("Segment &Statistics…"), QKeySequence(tr("Ctrl+Shift+T")), this, [this] {
        if (Segmentation *s = segmentation()) {
            auto *dialog = new SegmentStatsDialog(*s, this);
            dialog->setAttribute(Qt::WA_DeleteOnClose);
            dialog->open();
        }
    });
    updateUndoActions();

    // The tools of every tool plugin, each with its shortcut; Crosshair puts them away.
    QMenu *toolsMenu = menuBar()->addMenu(tr("&Tools"));
    m_toolsMenu = toolsMenu;
    auto *group = new QActionGroup(this);
    QList<QAction *> buttons;
    QAction *crosshair = toolsMenu->addAction(tr("&Crosshair"), QKeySequence(tr("Alt+X")), this,
                                              [this] { m_editor->activate(QString()); });
    crosshair->setCheckable(true);
    crosshair->setChecked(true);
    group->addAction(crosshair);
    std::vector<SegmentEditor::Offer> offers;
    for (const auto &[record, factory] : m_context.plugins().plugins<ToolFactory>())
        for (const ToolInfo &info : factory->tools()) {
            offers.push_back({info, factory});
            QAction *a = toolsMenu->addAction(info.name, QKeySequence(info.shortcut), this,
                                              [this, id = info.id] { m_editor->activate(id); });
            a->setCheckable(true);
            a->setToolTip(
                QStringLiteral("%1 (%2)\n%3").arg(info.name, info.shortcut, info.description));
            group->addAction(a);
            buttons << a;
        }
    m_editor->setTools(std::move(offers));
    toolsMenu->addSeparator();
    toolsMenu->addAction(tr("&Smaller Brush"), QKeySequence(Qt::Key_BracketLeft), m_editor,
                         &SegmentEditor::shrinkBrush);
    toolsMenu->addAction(tr("&Larger Brush"), QKeySequence(Qt::Key_BracketRight), m_editor,
                         &SegmentEditor::growBrush);
    m_segmentsPanel->setToolActions(buttons);
}

Segmentation *MainWindow::segmentation() const
{
    const auto &volume = m_mpr->view3D()->volume();
    const auto it = m_segmentations.find(volume.get());
    return it == m_segmentations.end() ? nullptr : it->second.get();
}

QUndoStack *MainWindow::trackUndo() const
{
    return m_tracks && m_central->currentWidget() == m_sequenceView ? m_tracks->undoStack()
                                                                    : nullptr;
}

void MainWindow::updateUndoActions()
{
    if (const QUndoStack *t = trackUndo()) {
        m_undo->setEnabled(t->canUndo());
        m_redo->setEnabled(t->canRedo());
        return;
    }
    const Segmentation *s = segmentation();
    // Not while a whole-volume edit runs on its worker.
    m_undo->setEnabled(s && s->canUndo() && !s->isBusy());
    m_redo->setEnabled(s && s->canRedo() && !s->isBusy());
}

void MainWindow::showTagsAt(const Vec3 &voxel)
{
    const auto &volume = m_mpr->view3D()->volume();
    if (!volume)
        return;
    const auto &sources = volume->info().sliceSources;
    const long k = std::lround(voxel[2]);
    if (k < 0 || k >= static_cast<long>(sources.size()))
        return;
    m_tags->setSource(sources[static_cast<std::size_t>(k)], static_cast<int>(k));
}

void MainWindow::showFailure(const QString &path, const QString &message)
{
    m_progress->finish();
    m_messages->add(MessagesPanel::Severity::Error, message);
    statusBar()->showMessage(message);
    if (m_interactive) {
        auto *box = new QMessageBox(QMessageBox::Warning, tr("Cannot open"), message,
                                    QMessageBox::Ok, this);
        box->setAttribute(Qt::WA_DeleteOnClose);
        box->setWindowModality(Qt::NonModal);
        box->show();
    }
    emit openFailed(path, message);
}

void MainWindow::chooseFile()
{
    QSettings settings;
    const QString path = QFileDialog::getOpenFileName(
        this, tr("Open File"), settings.value(QStringLiteral("lastDirectory")).toString(),
        tr("DICOM files (*.dcm *.DCM *.ima DICOMDIR);;All files (*)"));
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastDirectory"), QFileInfo(path).absolutePath());
    openPath(path);
}

void MainWindow::chooseFolder()
{
    QSettings settings;
    const QString path = QFileDialog::getExistingDirectory(
        this, tr("Open Folder"), settings.value(QStringLiteral("lastDirectory")).toString());
    if (path.isEmpty())
        return;
    settings.setValue(QStringLiteral("lastDirectory"), path);
    openPath(path);
}

void MainWindow::dragEnterEvent(QDragEnterEvent *event)
{
    if (event->mimeData()->hasUrls())
        event->acceptProposedAction();
}

void MainWindow::dropEvent(QDropEvent *event)
{
    const QList<QUrl> urls = event->mimeData()->urls();
    for (const QUrl &url : urls) {
        if (url.isLocalFile()) {
            if (m_workspace && url.toLocalFile().endsWith(QLatin1String(".loupe")))
                m_workspace->importPortable(url.toLocalFile()); // labels, not a dataset
            else
                openPath(url.toLocalFile());
            event->acceptProposedAction();
            return; // one dataset at a time for now: the first local path dropped
        }
    }
}

void MainWindow::exportLabels(const QString &path)
{
    Segmentation *s = segmentation();
    if (!s) {
        statusBar()->showMessage(tr("Open a volume and segment it first."), 5000);
        return;
    }
    if (m_labelFiles->isBusy()) {
        statusBar()->showMessage(tr("Labels are being written or read; try again in a moment."),
                                 5000);
        return;
    }
    statusBar()->showMessage(tr("Writing %1…").arg(path));
    m_labelFiles->save(*s, path);
}

void MainWindow::importLabels(const QString &path)
{
    Segmentation *s = segmentation();
    if (!s) {
        statusBar()->showMessage(tr("Open the volume the labels belong to first."), 5000);
        return;
    }
    if (m_labelFiles->isBusy())
        return;
    statusBar()->showMessage(tr("Reading %1…").arg(path));
    m_labelFiles->load(*s, path);
}

void MainWindow::openSegOnItsOwnGrid(const QString &path)
{
    Result<VolumeGeometry> grid = dicomseg::segGrid(path);
    std::shared_ptr<Volume> volume =
        grid.ok() ? Volume::allocate(grid.value(), ScalarType::UInt8) : nullptr;
    if (!volume) {
        showFailure(path, grid.ok() ? tr("The grid of \"%1\" is not usable.").arg(path)
                                    : grid.errorMessage());
        return;
    }
    VolumeInfo info;
    info.modality = QStringLiteral("SEG");
    info.seriesDescription = tr("%1 (own grid, no image)").arg(QFileInfo(path).fileName());
    volume->setInfo(info);
    Dataset dataset;
    dataset.name = info.seriesDescription;
    dataset.sourcePath = path;
    dataset.readerId = QStringLiteral("dicom-seg");
    dataset.volumes = {volume};
    showDataset(dataset);
    importLabels(path);
}

void MainWindow::attachWorkspace(WorkspaceSession *session)
{
    m_workspace = session;
    // What readers derive (a video's keyframe index) is kept beside the workspace.
    m_loader->setCacheFolder(session->cacheFolder());
    m_saveStatus = new QLabel(this);
    m_saveStatus->setObjectName(QStringLiteral("saveStatus"));
    m_saveStatus->setToolTip(
        tr("Every edit is kept in the workspace %1 as it is made").arg(session->path()));
    statusBar()->addPermanentWidget(m_saveStatus);
    connect(session, &WorkspaceSession::statusChanged, this,
            [this](const QString &text, bool problem) {
                m_saveStatus->setText(text);
                m_saveStatus->setStyleSheet(problem ? QStringLiteral("color: #c0392b") : QString());
            });
    connect(session, &WorkspaceSession::viewLoaded, this,
            [this](const QString &location, const QByteArray &json) {
                if (json.isEmpty() || !m_dataset || m_dataset->sourcePath != location)
                    return;
                if (m_dataset->sequences.empty())
                    applyVolumeView(*m_mpr, json);
                else
                    applySequenceView(*m_sequenceView, json);
            });
    connect(session, &WorkspaceSession::message, this, [this](const QString &text, bool warning) {
        m_messages->add(warning ? MessagesPanel::Severity::Warning : MessagesPanel::Severity::Info,
                        text);
    });
    connect(session, &WorkspaceSession::transferred, this, [this](bool ok, const QString &text) {
        m_messages->add(ok ? MessagesPanel::Severity::Info : MessagesPanel::Severity::Warning,
                        text);
        statusBar()->showMessage(text, 8000);
    });
    QMenu *workspace = m_fileMenu->addMenu(tr("&Workspace"));
    workspace->addAction(tr("&Export This Dataset's Labels (.loupe)…"),
                         QKeySequence(tr("Ctrl+Alt+E")), this, [this] {
                             if (!m_dataset)
                                 return;
                             const QString file = QFileDialog::getSaveFileName(
                                 this, tr("Export labels"),
                                 QFileInfo(m_dataset->sourcePath).completeBaseName() +
                                     QStringLiteral(".loupe"),
                                 tr("Loupe labels (*.loupe)"));
                             if (!file.isEmpty())
                                 m_workspace->exportPortable(file, m_dataset->sourcePath);
                         });
    workspace->addAction(tr("Export the &Whole Workspace (.loupe)…"),
                         QKeySequence(tr("Ctrl+Alt+Shift+E")), this, [this] {
                             const QString file = QFileDialog::getSaveFileName(
                                 this, tr("Export the workspace"),
                                 QStringLiteral("workspace.loupe"), tr("Loupe labels (*.loupe)"));
                             if (!file.isEmpty())
                                 m_workspace->exportPortable(file);
                         });
    workspace->addAction(
        tr("&Import a .loupe File…"), QKeySequence(tr("Ctrl+Alt+I")), this, [this] {
            const QString file = QFileDialog::getOpenFileName(this, tr("Import labels"), QString(),
                                                              tr("Loupe labels (*.loupe)"));
            if (!file.isEmpty())
                m_workspace->importPortable(file);
        });
    // Segmentations made before: kept from now on.
    for (const auto &[volume, labels] : m_segmentations)
        session->track(labels.get(), m_dataset ? m_dataset->sourcePath : QString());
}

void MainWindow::closeEvent(QCloseEvent *event)
{
    // Unsaved labels are never dropped without asking. With a working workspace every edit
    // is already on disk: closing only waits for the last ones.
    saveView();
    if (m_workspace && m_workspace->isOpen() && m_workspace->waitForSaved(10000)) {
        event->accept();
        return;
    }
    const bool unsaved = std::any_of(m_segmentations.begin(), m_segmentations.end(),
                                     [](const auto &e) { return e.second->isModified(); });
    if (unsaved && m_interactive) {
        const auto answer = QMessageBox::question(
            this, tr("Unsaved labels"),
            tr("Some segmentations have changes that are not saved. Export the labels shown "
               "(File > Export Labels) before closing?"),
            QMessageBox::Save | QMessageBox::Discard | QMessageBox::Cancel, QMessageBox::Save);
        if (answer == QMessageBox::Cancel) {
            event->ignore();
            return;
        }
        if (answer == QMessageBox::Save) {
            const QString path = QFileDialog::getSaveFileName(
                this, tr("Export labels"), QStringLiteral("segmentation.dcm"),
                m_labelFiles->writeFilters().join(";;"));
            if (path.isEmpty()) {
                event->ignore();
                return;
            }
            // Written here, before closing: the window waits for the file.
            exportLabels(path);
            QEventLoop wait;
            connect(m_labelFiles, &LabelFiles::saved, &wait, &QEventLoop::quit);
            connect(m_labelFiles, &LabelFiles::failed, &wait, &QEventLoop::quit);
            if (m_labelFiles->isBusy())
                wait.exec();
        }
    }
    m_loader->cancel();
    setVolumeDocksShown(true); // the layout saved is the volume layout the user made
    QSettings settings;
    settings.setValue(QStringLiteral("mainWindow/geometry"), saveGeometry());
    settings.setValue(QStringLiteral("mainWindow/state"), saveState());
    event->accept();
}

} // namespace loupe
