#pragma once
// Writing a sequence's tracks in each exchange format Loupe offers, and reading the ones it
// reads: one place for the export dialog and the command line, so both say the same about
// what a format cannot hold.

#include "core/annotations/schema.h"
#include "core/annotations/track.h"
#include "core/result.h"

#include <QSize>
#include <QStringList>

#include <vector>

namespace loupe {
struct Sequence;
}

namespace loupe::trackexport {

enum class Format { OpenLabel, Cvat, Kitti, Mot, Coco };

/// All formats, in the order menus list them.
std::vector<Format> formats();
/// "openlabel", "cvat", "kitti", "mot", "coco".
QString formatId(Format format);
std::optional<Format> formatFromId(const QString &id);
/// For people: "ASAM OpenLABEL 1.0 JSON", ...
QString formatTitle(Format format);
/// The usual file name ending: ".json", ".xml", ".txt".
QString fileSuffix(Format format);
/// Whether the format holds one camera (all but OpenLABEL).
bool oneCamera(Format format);

/// What is written: the tracks and what is known of their sequence.
struct Labels {
    QString name;                   ///< the task's name (CVAT's <task><name>)
    QStringList cameras;            ///< names by stream
    int frameCount = 0;             ///< the playhead's frames
    std::vector<double> frameTimes; ///< seconds from the start, per frame (may be empty)
    std::vector<QStringList>
        frameFiles;                ///< per camera, its frames' file names (COCO; may be empty)
    std::vector<QSize> frameSizes; ///< per camera (COCO; may be empty)
    LabelSchema schema;
    std::vector<Track> tracks;
    std::vector<FrameTag> tags;
};

/// Fills in what `sequence` tells the labels: its cameras' names, their frames' file names
/// and sizes, and the playhead's frame count and times (its first camera's).
void describe(const Sequence &sequence, Labels &labels);

struct Written {
    QByteArray bytes;
    /// What the format could not hold, for people (the dialog and the CLI show it).
    QStringList lost;
};

/// `camera` chooses the camera of the one-camera formats.
Written write(const Labels &labels, Format format, int camera = 0);

/// OpenLABEL JSON or CVAT XML 1.1 (told apart by the first character). Errors give the JSON
/// path or the XML line.
/// With `problems`, broken parts are left out and said there, and the rest is read (see
/// openlabel::read and cvat::read).
Result<Labels> read(const QByteArray &bytes, QStringList *problems = nullptr);

} // namespace loupe::trackexport
