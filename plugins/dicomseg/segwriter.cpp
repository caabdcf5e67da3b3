#include "segwriter.h"

#include <QFile>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcuid.h>
#include <dcmtk/dcmfg/fgderimg.h>
#include <dcmtk/dcmfg/fgfracon.h>
#include <dcmtk/dcmfg/fgpixmsr.h>
#include <dcmtk/dcmfg/fgplanor.h>
#include <dcmtk/dcmfg/fgplanpo.h>
#include <dcmtk/dcmiod/cielabutil.h>
#include <dcmtk/dcmiod/iodreferences.h>
#include <dcmtk/dcmseg/segdoc.h>
#include <dcmtk/dcmseg/segment.h>

#include <array>
#include <map>
#include <memory>

namespace loupe::dicomseg {

namespace {

OFString text(const QString &s)
{
    return OFString(s.toUtf8().constData());
}

OFString number(double v)
{
    return OFString(QString::number(v, 'f', 6).toLatin1().constData());
}

struct SourceImage {
    OFString sopClass;
    OFString sopInstance;
};

Result<SourceImage> sourceImage(const QString &path)
{
    DcmFileFormat file;
    if (file.loadFile(OFFilename(QFile::encodeName(path).constData()), EXS_Unknown, EGL_noChange,
                      256)
            .bad())
        return Error{QStringLiteral("Cannot read the source image \"%1\" the segmentation refers "
                                    "to. Keep the series where it was opened from.")
                         .arg(path)};
    SourceImage s;
    file.getDataset()->findAndGetOFString(DCM_SOPClassUID, s.sopClass);
    file.getDataset()->findAndGetOFString(DCM_SOPInstanceUID, s.sopInstance);
    return s;
}

} // namespace

Result<void> writeSeg(const LabelLayers &layers, const Volume &reference,
                      const std::vector<Segment> &segments, const QString &path)
{
    const VolumeGeometry &g = reference.geometry();
    const auto &sources = reference.info().sliceSources;
    if (sources.size() != static_cast<std::size_t>(g.dims[2]) || sources.front().path.isEmpty())
        return Error{QStringLiteral("A DICOM Segmentation must refer to the DICOM series it was "
                                    "drawn on, and this volume did not come from one with every "
                                    "slice (\"%1\" was not written). Export NIfTI instead.")
                         .arg(path)};
    if (g.dims[0] > 65535 || g.dims[1] > 65535)
        return Error{QStringLiteral("The grid is too large for DICOM (\"%1\").").arg(path)};

    // Which source image each slice came from (one read per file).
    std::map<QString, SourceImage> images;
    OFVector<OFString> files;
    for (const SliceSource &s : sources) {
        if (s.path.isEmpty() || images.count(s.path))
            continue;
        Result<SourceImage> image = sourceImage(s.path);
        if (!image.ok())
            return image.error();
        images.emplace(s.path, image.value());
        files.push_back(OFString(QFile::encodeName(s.path).constData()));
    }

    DcmSegmentation *raw = nullptr;
    const IODGeneralEquipmentModule::EquipmentInfo equipment("Loupe", "Loupe", "1", "0.1.0");
    const ContentIdentificationMacro content("1", "LOUPE_SEG", "Segmentation made with Loupe",
                                             "Loupe^Segment Editor");
    OFCondition c = DcmSegmentation::createBinarySegmentation(
        raw, static_cast<Uint16>(g.dims[1]), static_cast<Uint16>(g.dims[0]), equipment, content);
    if (c.bad() || !raw)
        return Error{QStringLiteral("Cannot make a DICOM Segmentation: %1").arg(c.text())};
    std::unique_ptr<DcmSegmentation> seg(raw);
    // Patient, study and frame of reference from the source series.
    c = seg->importFromSourceImage(files.front());
    if (c.bad())
        return Error{QStringLiteral("Cannot take the patient and study from \"%1\": %2")
                         .arg(sources.front().path, c.text())};
    seg->getSeries().setSeriesNumber("100");
    seg->getSeries().setSeriesDescription("Loupe segmentation");
    IODReferences references;
    references.addFromFiles(files, IODReference::LEVEL_STUDY);
    seg->getCommonInstanceReference().addReferences(references);

    // Shared: pixel spacing, thickness and orientation.
    FGPixelMeasures measures;
    measures.setPixelSpacing(number(g.spacing[1]) + "\\" + number(g.spacing[0]));
    measures.setSliceThickness(number(g.spacing[2]));
    measures.setSpacingBetweenSlices(number(g.spacing[2]));
    seg->addForAllFrames(measures);
    FGPlaneOrientationPatient orientation;
    const Vec3 row = column(g.direction, 0), col = column(g.direction, 1);
    orientation.setImageOrientationPatient(number(row[0]), number(row[1]), number(row[2]),
                                           number(col[0]), number(col[1]), number(col[2]));
    seg->addForAllFrames(orientation);

    // Frames are indexed by segment number, then position.
    char uid[100];
    dcmGenerateUniqueIdentifier(uid, SITE_INSTANCE_UID_ROOT);
    seg->getDimensions().addDimensionIndex(DCM_ReferencedSegmentNumber, uid,
                                           DCM_SegmentIdentificationSequence,
                                           "ReferencedSegmentNumber");
    seg->getDimensions().addDimensionIndex(DCM_ImagePositionPatient, uid, DCM_PlanePositionSequence,
                                           "ImagePositionPatient");

    // Which labels each slice holds, in one pass over the written bricks.
    // Each layer's labels are its own (a label is on one layer only).
    std::vector<std::array<bool, 256>> present(static_cast<std::size_t>(g.dims[2]));
    for (const LabelMap &layer : layers)
        layer.forEachWrittenVoxel([&](std::int64_t, std::int64_t, std::int64_t k, std::uint8_t l) {
            present[static_cast<std::size_t>(k)][l] = true;
        });
    const std::size_t frameBytes = static_cast<std::size_t>(g.dims[0] * g.dims[1]);
    std::vector<Uint8> frame(frameBytes);
    int written = 0;
    for (const Segment &s : segments) {
        const LabelMap &labels = layers.at(s.layer);
        DcmSegment *segment = nullptr;
        const CodeSequenceMacro category(text(s.category.value), text(s.category.scheme),
                                         text(s.category.meaning));
        const CodeSequenceMacro type(text(s.type.value), text(s.type.scheme), text(s.type.meaning));
        c = DcmSegment::create(segment, text(s.name), category, type, DcmSegTypes::SAT_MANUAL);
        if (c.bad() || !segment)
            return Error{
                QStringLiteral("Cannot describe segment \"%1\": %2").arg(s.name, c.text())};
        double L = 0, a = 0, b = 0;
        IODCIELabUtil::rgb2DicomLab(L, a, b, s.colour[0] / 255.0, s.colour[1] / 255.0,
                                    s.colour[2] / 255.0);
        segment->setRecommendedDisplayCIELabValue(static_cast<Uint16>(L), static_cast<Uint16>(a),
                                                  static_cast<Uint16>(b));
        Uint16 segmentNumber = 0;
        c = seg->addSegment(segment, segmentNumber);
        if (c.bad()) {
            delete segment;
            return Error{QStringLiteral("Cannot add segment \"%1\": %2").arg(s.name, c.text())};
        }
        for (std::int64_t k = 0; k < g.dims[2]; ++k) {
            if (!present[static_cast<std::size_t>(k)][s.label])
                continue; // no frame where the segment has no voxel
            for (std::int64_t j = 0; j < g.dims[1]; ++j)
                for (std::int64_t i = 0; i < g.dims[0]; ++i)
                    frame[static_cast<std::size_t>(j * g.dims[0] + i)] =
                        labels.at(i, j, k) == s.label ? 1 : 0;
            FGPlanePosPatient position;
            const Vec3 p = g.voxelToPatient({0, 0, double(k)});
            position.setImagePositionPatient(number(p[0]), number(p[1]), number(p[2]));
            FGFrameContent frameContent;
            frameContent.setDimensionIndexValues(segmentNumber, 0);
            frameContent.setDimensionIndexValues(static_cast<Uint32>(k + 1), 1);
            const SourceImage &source = images[sources[static_cast<std::size_t>(k)].path];
            OFVector<ImageSOPInstanceReferenceMacro> derivedFrom(1);
            derivedFrom[0].setReferencedSOPClassUID(source.sopClass);
            derivedFrom[0].setReferencedSOPInstanceUID(source.sopInstance);
            std::unique_ptr<FGDerivationImage> derivation(
                DcmSegmentation::createDerivationImageFG(derivedFrom, "Segmented in Loupe"));
            OFVector<FGBase *> perFrame;
            perFrame.push_back(&position);
            perFrame.push_back(&frameContent);
            if (derivation)
                perFrame.push_back(derivation.get());
            c = seg->addFrame(frame.data(), segmentNumber, perFrame);
            if (c.bad())
                return Error{
                    QStringLiteral("Cannot add a frame of \"%1\": %2").arg(s.name, c.text())};
            ++written;
        }
    }
    if (written == 0)
        return Error{QStringLiteral("There is nothing to write to \"%1\": no segment holds a "
                                    "voxel.")
                         .arg(path)};
    c = seg->saveFile(OFString(QFile::encodeName(path).constData()));
    if (c.bad())
        return Error{QStringLiteral("Cannot write \"%1\": %2. Check free space and permissions.")
                         .arg(path, c.text())};
    return {};
}

} // namespace loupe::dicomseg
