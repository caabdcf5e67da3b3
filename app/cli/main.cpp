// loupe-cli: Loupe without windows, for scripts, tests and servers.

#include "app/cli/commands.h"

#include "app/buildinfo.h"

#include <QCoreApplication>
#include <QTextStream>

#include <cstdio>

namespace {

void usage(QTextStream &out)
{
    out << "Usage: loupe-cli COMMAND [ARGS]\n\n"
           "Commands:\n"
           "  plugins [--json]          list plugins that loaded and those that did not, and why\n"
           "  info PATH [--json]        read PATH and list the volumes found\n"
           "  convert PATH OUT.nii[.gz] [--series UID]\n"
           "                            write a DICOM series as NIfTI (same voxels and affine as\n"
           "                            dcm2niix)\n"
           "  segment PATH --threshold LO:HI [--largest] [--name NAME] [--series UID] -o "
           "OUT.(dcm|nii[.gz])\n"
           "                            threshold a series into a DICOM SEG (.dcm), or a label\n"
           "                            NIfTI on the series' grid as convert writes it, with a\n"
           "                            JSON sidecar\n"
           "  seg convert IN OUT [--reference SERIES]\n"
           "                            convert labels between DICOM SEG (.dcm) and NIfTI\n"
           "                            (.nii[.gz]) on the grid of the series they belong to\n"
           "                            (a SEG to NIfTI without one: on the SEG's own grid)\n"
           "  workspace info|check PATH [--json]\n"
           "                            what a workspace holds; check runs SQLite's integrity\n"
           "                            check and Loupe's own (data blocks match their hashes,\n"
           "                            the outbox has no gaps); exit 1 on a problem\n"
           "  workspace export PATH OUT.loupe [--dataset ID]\n"
           "                            one file with the workspace's labels (or one\n"
           "                            dataset's), to carry to another machine\n"
           "  workspace import PATH IN.loupe\n"
           "                            merge a .loupe file by operation id: nothing twice\n"
           "  sync WORKSPACE --server URL --project N\n"
           "                            one sync with loupe-server (token in LOUPE_TOKEN)\n"
           "  labels convert IN OUT --to openlabel|cvat|kitti|mot|coco [--camera N]\n"
           "                 [--sequence PATH] [--keep-valid]\n"
           "                            convert tracks from OpenLABEL JSON or CVAT XML 1.1;\n"
           "                            what the target cannot hold is said (\"note: …\");\n"
           "                            the sequence gives frame files, sizes and times\n"
           "                            (also spelled \"tracks convert\")\n"
           "  make-demo DIR [options]   write demo data: DIR/ct (DICOM) and DIR/drive "
           "(KITTI-like)\n"
           "      --ct-size WxHxD       phantom size (default 256x256x200)\n"
           "      --frames N            drive frames per camera (default 300)\n"
           "      --frame-size WxH      drive image size (default 1242x375)\n"
           "      --no-ct, --no-drive   skip one of the two\n"
           "      --multiframe          also write DIR/multiframe: an enhanced CT and an RT dose\n"
           "      --colour              also write DIR/colour: an RGB secondary-capture series\n"
           "  --version                 print the version\n"
           "  --help                    print this help\n";
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QCoreApplication::setApplicationName(QStringLiteral("loupe-cli"));
    QCoreApplication::setApplicationVersion(QStringLiteral(LOUPE_VERSION));
    QTextStream out(stdout);
    QTextStream err(stderr);

    QStringList args = QCoreApplication::arguments().mid(1);
    if (args.isEmpty() || args.first() == QLatin1String("--help") ||
        args.first() == QLatin1String("-h") || args.first() == QLatin1String("help")) {
        usage(args.isEmpty() ? err : out);
        return args.isEmpty() ? 2 : 0;
    }
    const QString command = args.takeFirst();
    if (command == QLatin1String("--version") || command == QLatin1String("-v")) {
        out << "loupe-cli " << LOUPE_VERSION << "\n";
        return 0;
    }
    if (command == QLatin1String("plugins"))
        return loupe::cli::runPlugins(args, out, err);
    if (command == QLatin1String("make-demo"))
        return loupe::cli::runMakeDemo(args, out, err);
    if (command == QLatin1String("info"))
        return loupe::cli::runInfo(args, out, err);
    if (command == QLatin1String("convert"))
        return loupe::cli::runConvert(args, out, err);
    if (command == QLatin1String("segment"))
        return loupe::cli::runSegment(args, out, err);
    if (command == QLatin1String("seg"))
        return loupe::cli::runSeg(args, out, err);
    if (command == QLatin1String("workspace"))
        return loupe::cli::runWorkspace(args, out, err);
    if (command == QLatin1String("tracks") || command == QLatin1String("labels"))
        return loupe::cli::runTracks(args, out, err);
    if (command == QLatin1String("sync"))
        return loupe::cli::runSync(args, out, err);
    err << "loupe-cli: unknown command \"" << command << "\"\n\n";
    usage(err);
    return 2;
}
