// loupe-cli labels convert IN OUT --to openlabel|cvat|kitti|mot|coco [--camera N]
//                                  [--sequence PATH]
// (also spelled `tracks convert`)

#include "app/cli/commands.h"

#include "core/sequence/sequence.h"
#include "plugins/frames/framereader.h"
#include "plugins/trackexport/trackexport.h"

#include <QFile>
#include <QFileInfo>
#include <QSaveFile>
#include <QTextStream>

namespace loupe::cli {

namespace {

/// Takes "--name VALUE" out of `args`; empty when absent.
QString take(QStringList &args, const QString &name)
{
    const qsizetype at = args.indexOf(name);
    if (at < 0 || at + 1 >= args.size())
        return {};
    const QString value = args[at + 1];
    args.remove(at, 2);
    return value;
}

/// What the sequence at `path` tells the labels (see trackexport::describe).
Result<bool> describe(const QString &path, trackexport::Labels &labels)
{
    Result<Dataset> d = frames::readFrames(path);
    if (!d.ok())
        return Error{d.errorMessage()};
    if (d->sequences.empty())
        return Error{QObject::tr("\"%1\" holds no camera sequence.").arg(path)};
    trackexport::describe(*d->sequences.front(), labels);
    return true;
}

} // namespace

int runTracks(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QStringList rest = args;
    const QString to = take(rest, QStringLiteral("--to"));
    const QString cameraText = take(rest, QStringLiteral("--camera"));
    const QString sequence = take(rest, QStringLiteral("--sequence"));
    const bool keepValid = rest.removeAll(QStringLiteral("--keep-valid")) > 0;
    const std::optional<trackexport::Format> format = trackexport::formatFromId(to);
    bool cameraOk = true;
    const int camera = cameraText.isEmpty() ? 0 : cameraText.toInt(&cameraOk);
    if (rest.size() != 3 || rest[0] != QLatin1String("convert") || !format || !cameraOk ||
        camera < 0) {
        err << "Usage: loupe-cli labels convert IN OUT --to openlabel|cvat|kitti|mot|coco "
               "[--camera N] [--sequence PATH] [--keep-valid]\n"
               "  IN: OpenLABEL JSON or CVAT XML 1.1\n"
               "  --camera N: the camera the one-camera formats hold (default 0)\n"
               "  --sequence PATH: the labelled sequence (folder, KITTI drive, video or rig):\n"
               "                   camera names, frame files and sizes, and times from it\n"
               "  --keep-valid: convert what is valid of a partly broken IN, saying what was\n"
               "                left out (without it, a broken IN converts nothing)\n";
        return 2;
    }
    QFile file(rest[1]);
    if (!file.open(QIODevice::ReadOnly)) {
        err << "loupe-cli labels convert: cannot read \"" << rest[1] << "\": " << file.errorString()
            << "\n";
        return 1;
    }
    QStringList broken;
    Result<trackexport::Labels> in =
        trackexport::read(file.readAll(), keepValid ? &broken : nullptr);
    if (!in.ok()) {
        err << "loupe-cli labels convert: " << rest[1] << ": " << in.errorMessage() << "\n";
        return 1;
    }
    trackexport::Labels labels = std::move(in.value());
    if (labels.name.isEmpty())
        labels.name = QFileInfo(rest[1]).completeBaseName();
    if (!sequence.isEmpty())
        if (Result<bool> d = describe(sequence, labels); !d.ok()) {
            err << "loupe-cli labels convert: " << d.errorMessage() << "\n";
            return 1;
        }
    if (trackexport::oneCamera(*format) &&
        camera >= std::max<qsizetype>(1, labels.cameras.size())) {
        err << "loupe-cli labels convert: there is no camera " << camera << " (the labels have "
            << labels.cameras.size() << ")\n";
        return 2;
    }
    const trackexport::Written written = trackexport::write(labels, *format, camera);
    QSaveFile target(rest[2]);
    if (!target.open(QIODevice::WriteOnly) || target.write(written.bytes) != written.bytes.size() ||
        !target.commit()) {
        err << "loupe-cli labels convert: cannot write \"" << rest[2]
            << "\": " << target.errorString() << "\n";
        return 1;
    }
    out << rest[2] << ": " << labels.tracks.size() << " tracks, " << labels.frameCount
        << " frames\n";
    for (const QString &b : broken)
        out << "left out: " << b << "\n";
    for (const QString &l : written.lost)
        out << "note: " << l << "\n";
    return 0;
}

} // namespace loupe::cli
