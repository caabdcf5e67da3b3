// Loading a DICOM series: Loupe's reader against dcm2niix on the same files, same run.
//
//   loupe-bench-dicomload [--size WxHxD] [--repeats N] [FOLDER]
//
// Without FOLDER it writes the demo CT phantom (default 256x256x200) to a temporary folder.
// dcm2niix is run with -z n (no compression) into a temporary folder; it also writes the
// NIfTI file, which Loupe does not, so the ratio slightly favours Loupe; both read every
// file and decode every voxel. Prints one JSON object.

#include "app/demo/ctphantom.h"
#include "core/progress.h"
#include "plugins/dicom/dicomreader.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <algorithm>
#include <vector>

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout), err(stderr);
    QStringList args = app.arguments().mid(1);
    loupe::demo::CtPhantomSpec spec;
    int repeats = 5;
    QString folder;
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--size") && i + 1 < args.size()) {
            const QStringList p = args[++i].split(QLatin1Char('x'));
            if (p.size() == 3)
                spec.dims = {p[0].toInt(), p[1].toInt(), p[2].toInt()};
        } else if (args[i] == QLatin1String("--repeats") && i + 1 < args.size()) {
            repeats = std::max(1, args[++i].toInt());
        } else {
            folder = args[i];
        }
    }
    QTemporaryDir temp;
    if (folder.isEmpty()) {
        folder = temp.filePath(QStringLiteral("ct"));
        if (!loupe::demo::writeCtPhantom(folder, spec).ok()) {
            err << "cannot write the phantom to " << folder << "\n";
            return 1;
        }
    }

    std::vector<double> loupeMs, referenceMs;
    qint64 voxels = 0;
    for (int round = 0; round <= repeats; ++round) {
        QElapsedTimer t;
        t.start();
        loupe::Progress progress;
        auto dataset = loupe::dicom::DicomReader().read(folder, progress);
        const double ms = t.nsecsElapsed() / 1e6;
        if (!dataset.ok()) {
            err << dataset.errorMessage() << "\n";
            return 1;
        }
        voxels = static_cast<qint64>(dataset->volumes.front()->geometry().voxelCount());

        QTemporaryDir nifti;
        t.restart();
        QProcess dcm2niix;
        dcm2niix.setStandardOutputFile(QProcess::nullDevice());
        dcm2niix.setStandardErrorFile(QProcess::nullDevice());
        dcm2niix.start(QStringLiteral("dcm2niix"),
                       {QStringLiteral("-z"), QStringLiteral("n"), QStringLiteral("-b"),
                        QStringLiteral("n"), QStringLiteral("-o"), nifti.path(), folder});
        const int rc = dcm2niix.waitForFinished(600000) ? dcm2niix.exitCode() : -1;
        const double refMs = t.nsecsElapsed() / 1e6;
        if (rc != 0) {
            err << "dcm2niix failed (exit " << rc << ")\n";
            return 1;
        }
        if (round > 0) { // round 0 warms the page cache for both
            loupeMs.push_back(ms);
            referenceMs.push_back(refMs);
        }
    }
    const double l = median(loupeMs), r = median(referenceMs);
    out << "{\"bench\": \"dicom_series_load\", \"voxels\": " << voxels
        << ", \"repeats\": " << repeats << ", \"loupe_ms\": " << l << ", \"dcm2niix_ms\": " << r
        << ", \"loupe_over_dcm2niix\": " << l / r << "}\n";
    return 0;
}
