#include "core/labels/segment.h"

namespace loupe {

namespace {

CodedConcept sct(const char *value, const char *meaning)
{
    return {QString::fromLatin1(value), QStringLiteral("SCT"), QString::fromLatin1(meaning)};
}

} // namespace

const std::vector<TerminologyEntry> &builtInTerminology()
{
    // Category: Anatomical Structure (SCT 123037004), Tissue (85756007), Morphologically
    // Altered Structure (49755003), Physical object (260787004).
    static const std::vector<TerminologyEntry> entries = [] {
        const CodedConcept anatomy = sct("123037004", "Anatomical Structure");
        const CodedConcept tissue = sct("85756007", "Tissue");
        const CodedConcept altered = sct("49755003", "Morphologically Altered Structure");
        const CodedConcept object = sct("260787004", "Physical object");
        return std::vector<TerminologyEntry>{
            {anatomy, sct("10200004", "Liver"), {221, 130, 101}},
            {anatomy, sct("64033007", "Kidney"), {185, 102, 83}},
            {anatomy, sct("78961009", "Spleen"), {157, 108, 162}},
            {anatomy, sct("39607008", "Lung"), {197, 165, 145}},
            {anatomy, sct("80891009", "Heart"), {206, 110, 84}},
            {anatomy, sct("12738006", "Brain"), {250, 250, 225}},
            {anatomy, sct("89837001", "Urinary bladder"), {222, 154, 132}},
            {anatomy, sct("15776009", "Pancreas"), {249, 180, 111}},
            {anatomy, sct("421060004", "Spine"), {241, 214, 145}},
            {tissue, sct("272673000", "Bone"), {241, 214, 145}},
            {tissue, sct("59820001", "Blood vessel"), {216, 101, 79}},
            {tissue, sct("91747007", "Muscle"), {192, 104, 88}},
            {tissue, sct("248300009", "Fat"), {230, 220, 70}},
            {altered, sct("52988006", "Lesion"), {255, 0, 0}},
            {altered, sct("108369006", "Tumor"), {253, 135, 192}},
            {altered, sct("4147007", "Mass"), {144, 238, 144}},
            {altered, sct("27925004", "Nodule"), {255, 165, 0}},
            {object, sct("260787004", "Physical object"), {128, 174, 128}},
        };
    }();
    return entries;
}

const TerminologyEntry *findTerminology(const QString &meaning)
{
    for (const TerminologyEntry &e : builtInTerminology())
        if (e.type.meaning.compare(meaning, Qt::CaseInsensitive) == 0)
            return &e;
    return nullptr;
}

} // namespace loupe
