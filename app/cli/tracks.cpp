// loupe-cli labels convert IN OUT --to openlabel|cvat|kitti|mot|coco (what the track-format
// plugins offer) [--camera N]
//                                  [--sequence PATH]
// (also spelled `tracks convert`)

#include "app/cli/commands.h"

#include "core/plugins/pluginregistry.h"
#include "core/plugins/trackformats.h"
#include "core/sequence/sequence.h"
#include "plugins/frames/framereader.h"

#include <QCoreApplication>
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

/// What the sequence at `path` tells the labels (see describeSequence).
Result<bool> describe(const QString &path, TrackLabels &labels)
{
    Result<Dataset> d = frames::readFrames(path);
    if (!d.ok())
        return Error{d.errorMessage()};
    if (d->sequences.empty())
        return Error{QObject::tr("\"%1\" holds no camera sequence.").arg(path)};
    describeSequence(*d->sequences.front(), labels);
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
    PluginRegistry registry;
    registry.discover(PluginRegistry::defaultSearchPaths(QCoreApplication::applicationDirPath()));
    const TrackFormats formats(registry);
    const TrackFormats::Entry *format = formats.find(to);
    bool cameraOk = true;
    const int camera = cameraText.isEmpty() ? 0 : cameraText.toInt(&cameraOk);
    if (rest.size() != 3 || rest[0] != QLatin1String("convert") || !format || !cameraOk ||
        camera < 0) {
        if (formats.formats().empty())
            err << "loupe-cli labels convert: no track-format plugin is loaded; "
                   "`loupe-cli plugins` says why.\n";
        else if (!to.isEmpty() && !format)
            err << "loupe-cli labels convert: no plugin writes \"" << to << "\".\n";
        QStringList readable;
        for (const TrackFormats::Entry &f : formats.formats())
            if (f.info.reads)
                readable << f.info.title;
        err << "Usage: loupe-cli labels convert IN OUT --to " << formats.idList()
            << " [--camera N] [--sequence PATH] [--keep-valid]\n"
            << "  IN: " << readable.join(QStringLiteral(", or "))
            << "\n"
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
    Result<TrackLabels> in = formats.read(file.readAll(), keepValid ? &broken : nullptr);
    if (!in.ok()) {
        err << "loupe-cli labels convert: " << rest[1] << ": " << in.errorMessage() << "\n";
        return 1;
    }
    TrackLabels labels = std::move(in.value());
    if (labels.name.isEmpty())
        labels.name = QFileInfo(rest[1]).completeBaseName();
    if (!sequence.isEmpty())
        if (Result<bool> d = describe(sequence, labels); !d.ok()) {
            err << "loupe-cli labels convert: " << d.errorMessage() << "\n";
            return 1;
        }
    if (format->info.oneCamera && camera >= std::max<qsizetype>(1, labels.cameras.size())) {
        err << "loupe-cli labels convert: there is no camera " << camera << " (the labels have "
            << labels.cameras.size() << ")\n";
        return 2;
    }
    const Result<TrackFile> written = formats.write(to, labels, camera);
    if (!written.ok()) {
        err << "loupe-cli labels convert: " << rest[2] << ": " << written.errorMessage() << "\n";
        return 1;
    }
    QSaveFile target(rest[2]);
    if (!target.open(QIODevice::WriteOnly) ||
        target.write(written->bytes) != written->bytes.size() || !target.commit()) {
        err << "loupe-cli labels convert: cannot write \"" << rest[2]
            << "\": " << target.errorString() << "\n";
        return 1;
    }
    out << rest[2] << ": " << labels.tracks.size() << " tracks, " << labels.frameCount
        << " frames\n";
    for (const QString &b : broken)
        out << "left out: " << b << "\n";
    for (const QString &l : written->lost)
        out << "note: " << l << "\n";
    return 0;
}

} // namespace loupe::cli
