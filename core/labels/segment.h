#pragma once

#include <QString>

#include <array>
#include <cstdint>
#include <vector>

namespace loupe {

/// A coded concept, as DICOM SEG stores one: code value, coding scheme, meaning.
struct CodedConcept {
    QString value;   ///< "10200004"
    QString scheme;  ///< "SCT" (SNOMED CT)
    QString meaning; ///< "Liver"
    bool operator==(const CodedConcept &) const = default;
};

/// One entry of the built-in terminology: a segment's category and type, with a display colour.
struct TerminologyEntry {
    CodedConcept category;
    CodedConcept type;
    std::array<std::uint8_t, 3> colour{255, 255, 255};
};

/// The small built-in terminology: organs, bone, vessel, lesion, tumour and others, with
/// SNOMED CT codes (the categories and types 3D Slicer and dcmqi use).
const std::vector<TerminologyEntry> &builtInTerminology();
/// The entry whose type meaning is `meaning` (case-insensitive); nullptr when none.
const TerminologyEntry *findTerminology(const QString &meaning);

/// A segment of a label map: the voxels holding `label`.
struct Segment {
    std::uint8_t label = 1; ///< 1..255, the value in the LabelMap
    QString name;
    std::array<std::uint8_t, 3> colour{255, 0, 0};
    CodedConcept category;
    CodedConcept type;
    bool visible = true;
    bool locked = false; ///< tools leave its voxels alone
    std::uint8_t layer = 0; ///< the layer of the segmentation its voxels are on (see LabelLayers)
};

} // namespace loupe
