// Loading a DICOM series: Loupe's reader against dcm2niix on the same files, in the same run.
//
//   loupe-bench-dicomload [--size WxHxD] [--repeats N] [FOLDER]
//
// Without FOLDER it writes the demo CT phantom (default 512x512x400, ~200 MB, files written
// in shuffled order) to a temporary folder. Each repeat runs Loupe's reader in a fresh child
// process (so its peak memory is its own) and dcm2niix (-z n, no JSON) into a temporary
// folder; both read every file and decode every voxel, and dcm2niix also writes the NIfTI
// file. Round 0 warms the page cache for both and is not counted. Prints one JSON object
// with medians, including the time until the middle slice could be shown (progressive
// loading: headers of every file, then the middle slice's pixels).

#include "app/demo/ctphantom.h"
#include "core/progress.h"
#include "plugins/dicom/dicomreader.h"

#include <QCoreApplication>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTemporaryDir>
#include <QTextStream>

#include <sys/resource.h>

#include <algorithm>
#include <vector>

namespace {

double median(std::vector<double> v)
{
    std::sort(v.begin(), v.end());
    return v[v.size() / 2];
}

/// The child: read once, print time, voxel bytes and this process's peak memory.
int measureOnce(const QString &folder)
{
    QElapsedTimer t;
    t.start();
    loupe::Progress progress;
    double firstSliceMs = -1;
    progress.setPreviewCallback([&](std::shared_ptr<const loupe::Volume>, std::int64_t) {
        firstSliceMs = t.nsecsElapsed() / 1e6; // the middle slice is decoded and can be shown
    });
    auto dataset = loupe::dicom::DicomReader().read(folder, progress);
    const double ms = t.nsecsElapsed() / 1e6;
    if (!dataset.ok()) {
        QTextStream(stderr) << dataset.errorMessage() << "\n";
        return 1;
    }
    rusage usage{};
    getrusage(RUSAGE_SELF, &usage);
    const QJsonObject o{
        {QStringLiteral("ms"), ms},
        {QStringLiteral("firstSliceMs"), firstSliceMs},
        {QStringLiteral("voxelBytes"), double(dataset->volumes.front()->sizeInBytes())},
        {QStringLiteral("peakRssKb"), double(usage.ru_maxrss)}};
    QTextStream(stdout) << QJsonDocument(o).toJson(QJsonDocument::Compact) << "\n";
    return 0;
}

} // namespace

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    QTextStream out(stdout), err(stderr);
    QStringList args = app.arguments().mid(1);
    if (args.size() == 2 && args[0] == QLatin1String("--measure-once"))
        return measureOnce(args[1]);

    loupe::demo::CtPhantomSpec spec;
    spec.dims = {512, 512, 400};
    spec.pixelSpacing = 0.7;
    spec.sliceSpacing = 0.8;
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

    std::vector<double> loupeMs, referenceMs, peakKb, firstMs;
    double voxelBytes = 0;
    for (int round = 0; round <= repeats; ++round) {
        QProcess child;
        child.start(QCoreApplication::applicationFilePath(),
                    {QStringLiteral("--measure-once"), folder});
        if (!child.waitForFinished(600000) || child.exitCode() != 0) {
            err << "Loupe's read failed: " << child.readAllStandardError() << "\n";
            return 1;
        }
        const QJsonObject o = QJsonDocument::fromJson(child.readAllStandardOutput()).object();

        QTemporaryDir nifti;
        QProcess dcm2niix;
        dcm2niix.setStandardOutputFile(QProcess::nullDevice());
        dcm2niix.setStandardErrorFile(QProcess::nullDevice());
        QElapsedTimer t;
        t.start();
        dcm2niix.start(QStringLiteral("dcm2niix"),
                       {QStringLiteral("-z"), QStringLiteral("n"), QStringLiteral("-b"),
                        QStringLiteral("n"), QStringLiteral("-o"), nifti.path(), folder});
        const bool finished = dcm2niix.waitForFinished(600000);
        const double refMs = t.nsecsElapsed() / 1e6;
        if (!finished || dcm2niix.exitCode() != 0) {
            err << "dcm2niix failed\n";
            return 1;
        }
        if (round > 0) {
            loupeMs.push_back(o.value(QStringLiteral("ms")).toDouble());
            peakKb.push_back(o.value(QStringLiteral("peakRssKb")).toDouble());
            firstMs.push_back(o.value(QStringLiteral("firstSliceMs")).toDouble());
            referenceMs.push_back(refMs);
        }
        voxelBytes = o.value(QStringLiteral("voxelBytes")).toDouble();
    }
    const double l = median(loupeMs), r = median(referenceMs), peak = median(peakKb) * 1024.0;
    const double budget = voxelBytes * 1.15 + 64.0 * 1024 * 1024;
    const QJsonObject result{
        {QStringLiteral("bench"), QStringLiteral("dicom_series_load")},
        {QStringLiteral("dimensions"),
         QStringLiteral("%1x%2x%3").arg(spec.dims[0]).arg(spec.dims[1]).arg(spec.dims[2])},
        {QStringLiteral("repeats"), repeats},
        {QStringLiteral("loupe_ms"), l},
        {QStringLiteral("dcm2niix_ms"), r},
        {QStringLiteral("loupe_over_dcm2niix"), l / r},
        {QStringLiteral("loupe_first_slice_ms"), median(firstMs)},
        {QStringLiteral("voxel_mb"), voxelBytes / 1048576.0},
        {QStringLiteral("loupe_peak_rss_mb"), peak / 1048576.0},
        {QStringLiteral("memory_goal_mb"), budget / 1048576.0}};
    out << QJsonDocument(result).toJson(QJsonDocument::Compact) << "\n";
    return 0;
}
