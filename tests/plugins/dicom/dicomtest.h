#pragma once

// Helpers the DICOM tests share: reading a series with Loupe's reader, converting a series
// file by file with a reference tool, and asking dcmdump what a file holds. Header-only; a
// test that includes it links loupe_dicom.

#include "core/progress.h"
#include "plugins/dicom/dicomreader.h"

#include "testsupport.h"

#include <memory>

namespace loupe::test {

/// The one volume Loupe reads from `path` (null, with the reason logged, otherwise).
inline std::shared_ptr<const Volume> readOneVolume(const QString &path)
{
    Progress progress;
    Result<Dataset> d = dicom::DicomReader().read(path, progress);
    if (!d.ok()) {
        qWarning("%s", qPrintable(d.errorMessage()));
        return nullptr;
    }
    if (!d->warnings.isEmpty())
        qWarning("%s", qPrintable(d->warnings.join(QLatin1Char('\n'))));
    return d->volumes.size() == 1 ? d->volumes.front() : nullptr;
}

/// Runs `program args… IN OUT` for every file of `from`, writing into `to`.
inline bool convertSeries(const QString &from, const QString &to, const QString &program,
                          const QStringList &args)
{
    QDir().mkpath(to);
    for (const QFileInfo &f : QDir(from).entryInfoList(QDir::Files)) {
        const ProcessResult r = run(program, QStringList(args) << f.absoluteFilePath()
                                                               << QDir(to).filePath(f.fileName()));
        if (r.exitCode != 0) {
            qWarning("%s failed on %s: %s %s", qPrintable(program), qPrintable(f.fileName()),
                     r.out.constData(), r.err.constData());
            return false;
        }
    }
    return true;
}

/// What dcmdump says of `tag` (meta header included) in the first file of `dir`.
inline QString dumpOf(const QString &dir, const QString &tag)
{
    const QString file = QDir(dir).entryInfoList(QDir::Files).first().absoluteFilePath();
    return QString::fromLatin1(
        run(QStringLiteral("dcmdump"), {QStringLiteral("-M"), QStringLiteral("+P"), tag, file})
            .out);
}

inline QString transferSyntaxOf(const QString &dir)
{
    return dumpOf(dir, QStringLiteral("0002,0010"))
        .section(QStringLiteral("UI ="), 1)
        .section(QLatin1Char(' '), 0, 0);
}

inline QString photometricOf(const QString &dir)
{
    return dumpOf(dir, QStringLiteral("0028,0004"))
        .section(QLatin1Char('['), 1)
        .section(QLatin1Char(']'), 0, 0);
}

} // namespace loupe::test
