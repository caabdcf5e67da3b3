#include "app/cli/commands.h"

#include "core/datasetopener.h"
#include "core/plugins/pluginregistry.h"
#include "core/progress.h"
#include "plugins/nifti/niftiwriter.h"

#include <QCoreApplication>
#include <QTextStream>

namespace loupe::cli {

std::shared_ptr<const Volume> openOneVolume(const QString &command, const QString &input,
                                            const QString &series, QTextStream &err)
{
    PluginRegistry registry;
    registry.discover(PluginRegistry::defaultSearchPaths(QCoreApplication::applicationDirPath()));
    Progress progress;
    Result<Dataset> dataset = openDataset(registry, input, progress);
    if (!dataset.ok()) {
        err << "loupe-cli " << command << ": " << dataset.errorMessage() << "\n";
        return nullptr;
    }
    std::shared_ptr<const Volume> chosen;
    QStringList found;
    for (const auto &v : dataset->volumes) {
        found << v->info().seriesInstanceUid;
        if (series.isEmpty() ? dataset->volumes.size() == 1
                             : v->info().seriesInstanceUid == series) {
            chosen = v;
            break;
        }
    }
    if (!chosen) {
        err << "loupe-cli " << command << ": "
            << (series.isEmpty()
                    ? QStringLiteral("\"%1\" holds %2 volumes; choose one with --series UID:")
                          .arg(input)
                          .arg(found.size())
                    : QStringLiteral("no series %1 in \"%2\"; it holds:").arg(series, input))
            << "\n  " << found.join(QStringLiteral("\n  ")) << "\n";
        return nullptr;
    }
    for (const QString &w : dataset->warnings)
        err << "warning: " << w << "\n";
    return chosen;
}

int runConvert(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QString input, output, series;
    for (int i = 0; i < args.size(); ++i) {
        if (args[i] == QLatin1String("--series") && i + 1 < args.size())
            series = args[++i];
        else if (input.isEmpty())
            input = args[i];
        else if (output.isEmpty())
            output = args[i];
        else {
            err << "loupe-cli convert: unexpected argument \"" << args[i] << "\"\n";
            return 2;
        }
    }
    if (input.isEmpty() || output.isEmpty() ||
        !(output.endsWith(QLatin1String(".nii")) || output.endsWith(QLatin1String(".nii.gz")))) {
        err << "loupe-cli convert: give a DICOM file or folder and an output ending in .nii or "
               ".nii.gz, such as: loupe-cli convert demo/ct ct.nii.gz [--series UID]\n";
        return 2;
    }

    const std::shared_ptr<const Volume> chosen =
        openOneVolume(QStringLiteral("convert"), input, series, err);
    if (!chosen)
        return 1;
    Result<void> written = nifti::writeNifti(*chosen, output);
    if (!written.ok()) {
        err << "loupe-cli convert: " << written.errorMessage() << "\n";
        return 1;
    }
    const auto &d = chosen->geometry().dims;
    out << "Wrote " << output << " (" << d[0] << "x" << d[1] << "x" << d[2] << ", series "
        << chosen->info().seriesInstanceUid << ")\n";
    return 0;
}

} // namespace loupe::cli
