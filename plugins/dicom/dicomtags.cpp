#include "dicomtags.h"

#include "dicomheader.h"

#include <QFile>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcdict.h>
#include <dcmtk/dcmdata/dcfilefo.h>
#include <dcmtk/dcmdata/dcitem.h>
#include <dcmtk/dcmdata/dcmetinf.h>
#include <dcmtk/dcmdata/dcsequen.h>
#include <dcmtk/dcmdata/dcvr.h>

namespace loupe::dicom {

namespace {

constexpr Uint32 kLargest = 4096;     ///< longer values are not loaded
constexpr int kShownCharacters = 256; ///< values are cut to this for display

bool isBinary(DcmEVR vr)
{
    switch (vr) {
    case EVR_OB:
    case EVR_OW:
    case EVR_OF:
    case EVR_OD:
    case EVR_OL:
    case EVR_OV:
    case EVR_UN:
    case EVR_pixelSQ:
    case EVR_ox:
    case EVR_px: return true;
    default: return false;
    }
}

QString valueOf(DcmElement &element)
{
    const Uint32 length = element.getLength();
    const DcmEVR vr = element.getVR();
    if (element.getTag() == DCM_PixelData || isBinary(vr) || length > kLargest)
        return QStringLiteral("(%1 bytes)").arg(length);
    OFString text;
    if (element.getOFStringArray(text).bad())
        return QStringLiteral("(unreadable)");
    QString value = QString::fromLatin1(text.c_str()).trimmed();
    if (value.size() > kShownCharacters)
        value = value.left(kShownCharacters) + QStringLiteral("…");
    return value;
}

void listItem(DcmItem &item, int depth, std::vector<MetadataEntry> &out)
{
    for (unsigned long n = 0; n < item.card(); ++n) {
        DcmElement *element = item.getElement(n);
        if (!element)
            continue;
        DcmTag tag = element->getTag();
        MetadataEntry entry;
        entry.tag = QString::fromLatin1(tag.toString().c_str());
        entry.vr = QString::fromLatin1(DcmVR(element->getVR()).getVRName());
        entry.name = QString::fromLatin1(tag.getTagName());
        entry.depth = depth;
        if (element->getVR() == EVR_SQ) {
            auto *sequence = static_cast<DcmSequenceOfItems *>(element);
            entry.value = QStringLiteral("(%1 item(s))").arg(sequence->card());
            out.push_back(entry);
            for (unsigned long i = 0; i < sequence->card(); ++i) {
                out.push_back({QString(), QString(), QStringLiteral("Item %1").arg(i + 1),
                               QString(), depth + 1});
                listItem(*sequence->getItem(i), depth + 2, out);
            }
            continue;
        }
        entry.value = valueOf(*element);
        out.push_back(entry);
    }
}

} // namespace

Result<std::vector<MetadataEntry>> listAttributes(const QString &path)
{
    quietDcmtkLogs();
    DcmFileFormat file;
    const OFCondition loaded = file.loadFile(OFFilename(QFile::encodeName(path).constData()),
                                             EXS_Unknown, EGL_noChange, kLargest);
    if (loaded.bad())
        return Error{QStringLiteral("Cannot read the attributes of \"%1\": %2.")
                         .arg(path, QString::fromLatin1(loaded.text()))};
    std::vector<MetadataEntry> out;
    listItem(*file.getMetaInfo(), 0, out);
    listItem(*file.getDataset(), 0, out);
    return out;
}

} // namespace loupe::dicom
