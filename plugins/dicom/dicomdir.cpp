#include "dicomdir.h"

#include <QDir>
#include <QFile>
#include <QFileInfo>

#include <dcmtk/dcmdata/dcdeftag.h>
#include <dcmtk/dcmdata/dcdicdir.h>
#include <dcmtk/dcmdata/dcdirrec.h>

namespace loupe::dicom {

namespace {

/// `relative` (components split by '\\') under `root`, matching each component without case
/// when the exact name does not exist.
QString resolve(const QDir &root, const QString &relative)
{
    QDir dir = root;
    const QStringList parts = relative.split(QLatin1Char('\\'), Qt::SkipEmptyParts);
    for (int n = 0; n < parts.size(); ++n) {
        QString name = parts[n].trimmed();
        if (!dir.exists(name)) {
            const QStringList entries = dir.entryList(QDir::AllEntries | QDir::NoDotAndDotDot);
            for (const QString &e : entries)
                if (e.compare(name, Qt::CaseInsensitive) == 0)
                    name = e;
        }
        if (n + 1 == parts.size())
            return dir.filePath(name);
        if (!dir.cd(name))
            return {};
    }
    return {};
}

void collect(DcmDirectoryRecord *record, const QDir &root, QStringList &files)
{
    for (DcmDirectoryRecord *child = record->nextSub(nullptr); child;
         child = record->nextSub(child)) {
        OFString id;
        if (child->findAndGetOFStringArray(DCM_ReferencedFileID, id).good() && !id.empty()) {
            const QString path = resolve(root, QString::fromLatin1(id.c_str()));
            if (!path.isEmpty())
                files << path;
        }
        collect(child, root, files);
    }
}

} // namespace

Result<QStringList> filesOfDicomDir(const QString &dicomDirPath)
{
    DcmDicomDir dicomDir(QFile::encodeName(dicomDirPath).constData());
    if (dicomDir.error().bad())
        return Error{QStringLiteral("\"%1\" is not a readable DICOMDIR (%2).")
                         .arg(dicomDirPath, QString::fromLatin1(dicomDir.error().text()))};
    QStringList files;
    collect(&dicomDir.getRootRecord(), QFileInfo(dicomDirPath).absoluteDir(), files);
    files.removeDuplicates();
    return files;
}

} // namespace loupe::dicom
