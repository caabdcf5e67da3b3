#pragma once

/// The plugin interfaces, one per kind. Each has a versioned interface id; a plugin built
/// against another version of an interface is refused at discovery with a clear reason.
///
/// Rules for implementers: methods may be called from worker threads and must be reentrant;
/// no exception may leave a plugin (return an Error instead).

#include "core/annotations/tracklabels.h"
#include "core/dataset.h"
#include "core/labels/labelfile.h"
#include "core/result.h"

#include <QObject>
#include <QString>
#include <QStringList>
#include <QUrl>

#include <memory>
#include <utility>
#include <vector>

namespace loupe {

class Progress;
class Document;
class ComputeBackend;
class Segmentation;
struct SlicePlane;

/// What a dataset reader is told besides the path.
struct ReadContext {
    /// Where a reader may keep what it derives from the data and can derive again (a video's
    /// keyframe index): a folder beside the workspace, never beside the user's files. Empty:
    /// the user's cache folder.
    QString cacheFolder;
};

/// Reads a file or folder into a Dataset (dataset-reader kind).
class DatasetReader {
public:
    virtual ~DatasetReader() = default;
    /// How sure the reader is that it can read `path`: 0 (no) to 100 (certain). Cheap:
    /// may peek at a few bytes or list a folder, never reads the whole dataset.
    virtual int canRead(const QString &path) const = 0;
    /// Reads the dataset, reporting progress and stopping early when canceled.
    virtual Result<Dataset> read(const QString &path, const ReadContext &context,
                                 Progress &progress) const = 0;
};

/// One attribute of a file's header, for a tag browser.
struct MetadataEntry {
    QString tag;   ///< "(0010,0010)"
    QString vr;    ///< "PN"
    QString name;  ///< "PatientName"
    QString value; ///< as text, shortened when long
    int depth = 0; ///< 0 at the top; items of a sequence are one deeper than the sequence
};

/// Lists the attributes of a file that a dataset reader read: an optional second interface of
/// a dataset-reader plugin, found with qobject_cast on its instance.
class MetadataReader {
public:
    virtual ~MetadataReader() = default;
    /// Every attribute of `path`, file meta information first, in file order, sequences
    /// opened. Errors name the file.
    virtual Result<std::vector<MetadataEntry>> readMetadata(const QString &path) const = 0;
};

/// Lists and fetches datasets from a remote service such as DICOMweb (dataset-source kind).
class DatasetSource {
public:
    virtual ~DatasetSource() = default;
    /// URL schemes this source answers, such as "dicomweb".
    virtual QStringList schemes() const = 0;
    /// Names of the datasets available under `url`, for a browser.
    virtual Result<QStringList> list(const QUrl &url, Progress &progress) const = 0;
    virtual Result<Dataset> fetch(const QUrl &url, Progress &progress) const = 0;
};

/// Imports labels from a file into a Document (label-reader kind).
class LabelReader {
public:
    virtual ~LabelReader() = default;
    /// 0 (no) to 100 (certain); cheap.
    virtual int canRead(const QString &path) const = 0;
    /// Reads the labels onto `reference`'s grid; a file on another grid is an error that
    /// states both.
    virtual Result<LabelFile> read(const QString &path, const Volume &reference,
                                   Progress &progress) const = 0;
};

/// Exports a volume's labels to a file format (label-writer kind).
class LabelWriter {
public:
    virtual ~LabelWriter() = default;
    /// Name for menus, such as "DICOM SEG".
    virtual QString formatName() const = 0;
    /// File name endings without the leading dot, such as {"dcm"} or {"nii.gz", "nii"}.
    virtual QStringList suffixes() const = 0;
    /// Each segment's voxels are on its layer of `layers`. A format that holds one label per
    /// voxel refuses overlapping segments with a message that names them (flattenLayers).
    virtual Result<void> write(const LabelLayers &layers, const Volume &reference,
                               const std::vector<Segment> &segments, const QString &path,
                               Progress &progress) const = 0;
};

/// A view-independent input event given to a tool: where in the data, which buttons.
struct ToolEvent {
    enum class Type { Press, Move, Release, Wheel, Key };
    Type type = Type::Press;
    Vec3 position{0, 0, 0}; ///< voxel (i, j, k) for volumes, pixel (x, y, frame) for frames
    double planeX = 0;      ///< the pixel of the view's plane under the pointer
    double planeY = 0;
    int buttons = 0;     ///< Qt::MouseButtons
    int modifiers = 0;   ///< Qt::KeyboardModifiers
    int key = 0;         ///< Qt::Key for Key events
    double pressure = 1; ///< 0..1 for tablets, 1 for mice
};

/// What a tool works on, handed to it with each event by the view that got the event.
class ToolSession {
public:
    virtual ~ToolSession() = default;
    /// The labels being edited; tools change them only through Segmentation::edit().
    virtual Segmentation &segmentation() = 0;
    /// The plane of the view the event came from.
    virtual const SlicePlane &plane() const = 0;
    /// Brush radius in millimetres, and whether the brush is a ball (3D) or a disk (2D).
    virtual double brushRadiusMm() const = 0;
    virtual bool brush3D() const = 0;
    /// The intensity range tools keep to (paint "only inside", threshold, grow).
    virtual std::pair<double, double> intensityRange() const = 0;
    /// Whether painting keeps to the range (tools with a range of their own ignore this).
    virtual bool paintInsideRangeOnly() const = 0;
    /// The compute backend (CUDA kernels or their CPU twins) tools may use.
    virtual const ComputeBackend &compute() const = 0;
    /// Something for the person to read (the status bar): what the tool did or needs.
    virtual void report(const QString &message) = 0;
};

/// One tool of a tool plugin, created for a session of use.
class Tool {
public:
    virtual ~Tool() = default;
    virtual void press(const ToolEvent &event, ToolSession &session) = 0;
    virtual void move(const ToolEvent &event, ToolSession &session) = 0;
    virtual void release(const ToolEvent &event, ToolSession &session) = 0;
    /// Whether the tool draws the brush outline under the pointer.
    virtual bool showsBrush() const { return false; }
    /// Whether the views tint the voxels within the session's intensity range while the tool
    /// is active (a preview of what a click would take).
    virtual bool previewsRange() const { return false; }
    /// A path the view draws while the tool works (plane pixels), such as a cut being drawn.
    virtual std::vector<std::pair<double, double>> outline() const { return {}; }
};

/// What a tool plugin offers.
struct ToolInfo {
    QString id;       ///< stable, such as "paint"
    QString name;     ///< for menus, such as "Paint"
    QString shortcut; ///< a QKeySequence string, such as "B"
    QString description;
};

/// Annotation and segmentation tools (tool kind). A plugin may offer several.
class ToolFactory {
public:
    virtual ~ToolFactory() = default;
    virtual std::vector<ToolInfo> tools() const = 0;
    /// A new tool of that id; nullptr for an id the plugin does not offer.
    virtual std::unique_ptr<Tool> createTool(const QString &id) const = 0;
};

/// One label-file format for tracks that a track-format plugin offers.
struct TrackFormatInfo {
    QString id;            ///< stable, for settings and the command line: "openlabel"
    QString title;         ///< for menus: "ASAM OpenLABEL 1.0 JSON (all cameras)"
    QString suffix;        ///< the usual file name ending, with its dot: ".json"
    bool oneCamera = true; ///< holds one camera's tracks (the writer is told which)
    bool reads = false;    ///< the plugin reads it as well as writes it
};

/// A track label file, written: its bytes, and what the format could not hold, for people (the
/// export dialog and the command line show it before and after writing).
struct TrackFile {
    QByteArray bytes;
    QStringList lost;
};

/// Writes, and perhaps reads, a sequence's tracks in exchange formats such as OpenLABEL, CVAT
/// XML or MOT (track-format kind). A plugin may offer several formats.
class TrackFormat {
public:
    virtual ~TrackFormat() = default;
    virtual std::vector<TrackFormatInfo> trackFormats() const = 0;
    /// `labels` in format `id`; `camera` chooses the camera of a one-camera format.
    virtual Result<TrackFile> writeTracks(const QString &id, const TrackLabels &labels,
                                          int camera) const = 0;
    /// How sure the plugin is that `head` (a file's first bytes) is in format `id`: 0 (no) to
    /// 100 (certain). Cheap. Only asked of formats the plugin reads.
    virtual int canReadTracks(const QString &id, const QByteArray &head) const = 0;
    /// Reads a whole file of format `id`. Errors give the JSON path or the line. With
    /// `problems`, broken parts are left out and said there, and the rest is read.
    virtual Result<TrackLabels> readTracks(const QString &id, const QByteArray &bytes,
                                           QStringList *problems) const = 0;
};

} // namespace loupe

#define LOUPE_DATASET_READER_IID "org.loupe.DatasetReader/2"
#define LOUPE_DATASET_SOURCE_IID "org.loupe.DatasetSource/1"
#define LOUPE_LABEL_READER_IID "org.loupe.LabelReader/3"
#define LOUPE_LABEL_WRITER_IID "org.loupe.LabelWriter/3"
#define LOUPE_TOOL_IID "org.loupe.Tool/2"
#define LOUPE_METADATA_READER_IID "org.loupe.MetadataReader/1"
#define LOUPE_TRACK_FORMAT_IID "org.loupe.TrackFormat/1"

Q_DECLARE_INTERFACE(loupe::DatasetReader, LOUPE_DATASET_READER_IID)
Q_DECLARE_INTERFACE(loupe::DatasetSource, LOUPE_DATASET_SOURCE_IID)
Q_DECLARE_INTERFACE(loupe::LabelReader, LOUPE_LABEL_READER_IID)
Q_DECLARE_INTERFACE(loupe::LabelWriter, LOUPE_LABEL_WRITER_IID)
Q_DECLARE_INTERFACE(loupe::ToolFactory, LOUPE_TOOL_IID)
Q_DECLARE_INTERFACE(loupe::MetadataReader, LOUPE_METADATA_READER_IID)
Q_DECLARE_INTERFACE(loupe::TrackFormat, LOUPE_TRACK_FORMAT_IID)
