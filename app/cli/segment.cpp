#include "app/cli/commands.h"

#include "core/labels/labelops.h"
#include "core/labels/segmentation.h"
#include "core/labels/segmentstats.h"
#include "plugins/dicomseg/segreader.h"
#include "plugins/dicomseg/segwriter.h"
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
    const bool seg = output.endsWith(QLatin1String(".dcm"));
    if (!seg &&
        !(output.endsWith(QLatin1String(".nii")) || output.endsWith(QLatin1String(".nii.gz")))) {
        err << "loupe-cli segment: write .dcm (DICOM SEG), .nii or .nii.gz\n";
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
        seg ? dicomseg::writeSeg(segmentation.layers(), *volume, segmentation.segments(), output)
            : nifti::writeLabelNifti(segmentation.layers(), *volume, segmentation.segments(),
                                     output);
    if (!written.ok()) {
        err << "loupe-cli segment: " << written.errorMessage() << "\n";
        return 1;
    }
    const SegmentStats s =
        segmentStatistics(segmentation.layers(), *volume, segmentation.segments()).front();
    out << "Wrote " << output
        << (seg ? QString() : QStringLiteral(" and %1").arg(nifti::sidecarPath(output))) << ": \""
        << name << "\" " << s.voxels << " voxels, " << QString::number(s.volumeMl, 'f', 2) << " mL"
        << (largest ? QStringLiteral(" (largest island; %1 voxels in others removed)").arg(removed)
                    : QString())
        << "\n";
    return 0;
}

} // namespace loupe::cli

namespace loupe::cli {

int runSeg(const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (args.value(0) != QLatin1String("convert")) {
        err << "loupe-cli seg: the only subcommand is convert: loupe-cli seg convert IN OUT "
               "--reference SERIES\n";
        return 2;
    }
    QString input, output, reference, series;
    for (int i = 1; i < args.size(); ++i) {
        const bool hasValue = i + 1 < args.size();
        if (args[i] == QLatin1String("--reference") && hasValue)
            reference = args[++i];
        else if (args[i] == QLatin1String("--series") && hasValue)
            series = args[++i];
        else if (input.isEmpty())
            input = args[i];
        else if (output.isEmpty())
            output = args[i];
        else {
            err << "loupe-cli seg convert: unexpected argument \"" << args[i] << "\"\n";
            return 2;
        }
    }
    const auto isSeg = [](const QString &p) { return p.endsWith(QLatin1String(".dcm")); };
    const auto isNifti = [](const QString &p) {
        return p.endsWith(QLatin1String(".nii")) || p.endsWith(QLatin1String(".nii.gz"));
    };
    // A SEG can go to NIfTI on its own grid; anything else needs the series it belongs to.
    const bool ownGrid = reference.isEmpty() && isSeg(input) && isNifti(output);
    if (input.isEmpty() || output.isEmpty() || (reference.isEmpty() && !ownGrid) ||
        !(isSeg(input) || isNifti(input)) || !(isSeg(output) || isNifti(output))) {
        err << "loupe-cli seg convert: give IN and OUT (.dcm for DICOM SEG, .nii or .nii.gz for "
               "NIfTI) and the series they belong to (--reference; a SEG going to NIfTI can do "
               "without, on its own grid), such as: loupe-cli seg convert labels.nii.gz seg.dcm "
               "--reference demo/ct\n";
        return 2;
    }
    std::shared_ptr<const Volume> volume;
    if (ownGrid) {
        Result<VolumeGeometry> grid = dicomseg::segGrid(input);
        if (!grid.ok()) {
            err << "loupe-cli seg convert: " << grid.errorMessage() << "\n";
            return 1;
        }
        volume = Volume::allocate(grid.value(), ScalarType::UInt8);
        if (!volume) {
            err << "loupe-cli seg convert: the grid of \"" << input << "\" is not usable\n";
            return 1;
        }
    } else {
        volume = openOneVolume(QStringLiteral("seg convert"), reference, series, err);
    }
    if (!volume)
        return 1;
    Result<LabelFile> read =
        isSeg(input) ? dicomseg::readSeg(input, *volume) : nifti::readLabelNifti(input, *volume);
    if (!read.ok()) {
        err << "loupe-cli seg convert: " << read.errorMessage() << "\n";
        return 1;
    }
    const LabelLayers &labels = read->layers;
    const std::vector<Segment> &segments = read->segments;
    const Result<void> written = isSeg(output)
                                     ? dicomseg::writeSeg(labels, *volume, segments, output)
                                     : nifti::writeLabelNifti(labels, *volume, segments, output);
    if (!written.ok()) {
        err << "loupe-cli seg convert: " << written.errorMessage() << "\n";
        return 1;
    }
    out << "Wrote " << output << " (" << segments.size() << " segment(s))\n";
    return 0;
}

} // namespace loupe::cli
