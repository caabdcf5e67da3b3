#include "app/cli/commands.h"

#include "core/labels/labelops.h"
#include "core/labels/segmentation.h"
#include "core/labels/segmentstats.h"
#include "plugins/nifti/labelnifti.h"

#include <QTextStream>

namespace loupe::cli {

int runSegment(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QString input, output, series, name = QStringLiteral("Segment 1");
    double low = 0, high = 0;
    bool haveRange = false, largest = false;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == QLatin1String("--threshold") && hasValue) {
            const QStringList range = args[++i].split(QLatin1Char(':'));
            bool okLow = false, okHigh = false;
            if (range.size() == 2) {
                low = range[0].toDouble(&okLow);
                high = range[1].toDouble(&okHigh);
            }
            if (!okLow || !okHigh || low > high) {
                err << "loupe-cli segment: --threshold wants LOW:HIGH, such as 300:3000\n";
                return 2;
            }
            haveRange = true;
        } else if (a == QLatin1String("--largest")) {
            largest = true;
        } else if (a == QLatin1String("--name") && hasValue) {
            name = args[++i];
        } else if (a == QLatin1String("--series") && hasValue) {
            series = args[++i];
        } else if (a == QLatin1String("-o") && hasValue) {
            output = args[++i];
        } else if (!a.startsWith(QLatin1Char('-')) && input.isEmpty()) {
            input = a;
        } else {
            err << "loupe-cli segment: unexpected argument \"" << a << "\" (see --help)\n";
            return 2;
        }
    }
    if (input.isEmpty() || !haveRange || output.isEmpty()) {
        err << "loupe-cli segment: give a series, a range and an output, such as: loupe-cli "
               "segment demo/ct --threshold 300:3000 --largest --name Bone -o bone.nii.gz\n";
        return 2;
    }
    if (!(output.endsWith(QLatin1String(".nii")) || output.endsWith(QLatin1String(".nii.gz")))) {
        err << "loupe-cli segment: write .nii or .nii.gz (DICOM SEG output is not built yet)\n";
        return 2;
    }
    const std::shared_ptr<const Volume> volume =
        openOneVolume(QStringLiteral("segment"), input, series, err);
    if (!volume)
        return 1;

    Segmentation segmentation(volume);
    const std::uint8_t label = segmentation.addSegment(name);
    std::int64_t removed = 0;
    segmentation.edit(QStringLiteral("Threshold"), [&](LabelEdit &edit) {
        threshold(edit, *volume, low, high, segmentation.ruleFor(label));
        if (largest)
            removed = keepLargestIsland(edit, label);
    });
    Result<void> written =
        nifti::writeLabelNifti(segmentation.labels(), *volume, segmentation.segments(), output);
    if (!written.ok()) {
        err << "loupe-cli segment: " << written.errorMessage() << "\n";
        return 1;
    }
    const SegmentStats s =
        segmentStatistics(segmentation.labels(), *volume, segmentation.segments()).front();
    out << "Wrote " << output << " and " << nifti::sidecarPath(output) << ": \"" << name << "\" "
        << s.voxels << " voxels, " << QString::number(s.volumeMl, 'f', 2) << " mL"
        << (largest ? QStringLiteral(" (largest island; %1 voxels in others removed)").arg(removed)
                    : QString())
        << "\n";
    return 0;
}

} // namespace loupe::cli
