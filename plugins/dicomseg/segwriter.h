#pragma once

#include "core/labels/labelmap.h"
#include "core/labels/segment.h"
#include "core/result.h"

#include <QString>

#include <vector>

namespace loupe::dicomseg {

/// Writes segments as a binary DICOM Segmentation (DCMTK's dcmseg) that references the
/// source series `reference` was read from (VolumeInfo::sliceSources): the patient, study and
/// frame of reference of the source, every source image in the Common Instance Reference
/// module, one frame per segment and slice that holds it, each with its plane position and
/// the source image it derives from, segment descriptions with their SNOMED CT codes and
/// recommended display colours (CIELab). New SOP Instance and Series Instance UIDs every time.
/// Volumes not read from DICOM cannot be written (the error says so).
Result<void> writeSeg(const LabelLayers &layers, const Volume &reference,
                      const std::vector<Segment> &segments, const QString &path);

} // namespace loupe::dicomseg
