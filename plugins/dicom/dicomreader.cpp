#include "dicomreader.h"

#include "dicomdir.h"
#include "dicomheader.h"
#include "dicompixels.h"
#include "dicomseries.h"

#include "core/progress.h"

#include <QDir>
#include <QDirIterator>
#include <QFileInfo>
#include <QtConcurrent/QtConcurrentMap>

#include <atomic>
#include <mutex>

namespace loupe::dicom {

namespace {

QStringList filesUnder(const QString &dir, int limit = -1)
{
    QStringList files;
    QDirIterator it(dir, QDir::Files | QDir::NoDotAndDotDot, QDirIterator::Subdirectories);
    while (it.hasNext() && (limit < 0 || files.size() < limit))
        files << it.next();
    files.sort();
    return files;
}

bool isDicomDir(const QFileInfo &info)
{
    return info.fileName().compare(QStringLiteral("DICOMDIR"), Qt::CaseInsensitive) == 0;
}

/// What the files say about a volume: identifiers, units, window presets.
VolumeInfo volumeInfo(const SliceHeader &first)
{
    VolumeInfo vi;
    vi.modality = first.modality;
    vi.patientName = first.patientName;
    vi.patientId = first.patientId;
    vi.studyInstanceUid = first.studyInstanceUid;
    vi.seriesInstanceUid = first.seriesInstanceUid;
    vi.seriesDescription = first.seriesDescription;
    vi.rescaleSlope = first.rescaleSlope;
    vi.rescaleIntercept = first.rescaleIntercept;
    vi.invertGrey = first.photometric == QLatin1String("MONOCHROME1");
    if (first.modality == QLatin1String("CT")) {
        vi.units = QStringLiteral("HU");
        vi.windows = {{QStringLiteral("Soft tissue"), 40, 400},
                      {QStringLiteral("Lung"), -600, 1500},
                      {QStringLiteral("Bone"), 400, 1800},
                      {QStringLiteral("Brain"), 40, 80}};
    }
    if (first.modality == QLatin1String("RTDOSE"))
        vi.units = first.doseUnits == QLatin1String("GY") ? QStringLiteral("Gy")
                                                          : first.doseUnits.toLower();
    if (first.windowWidth > 0)
        vi.windows.insert(vi.windows.begin(),
                          {QStringLiteral("From file"), first.windowCenter, first.windowWidth});
    return vi;
}

} // namespace

int DicomReader::canRead(const QString &path) const
{
    const QFileInfo info(path);
    if (info.isFile()) {
        if (isDicomDir(info))
            return 95;
        if (hasDicomPreamble(path))
            return 90;
        const QString suffix = info.suffix().toLower();
        return (suffix == QLatin1String("dcm") || suffix == QLatin1String("ima")) ? 40 : 0;
    }
    if (info.isDir()) {
        // A quick look: the first files found. A folder of DICOM series usually says so early.
        for (const QString &file : filesUnder(path, 64)) {
            if (hasDicomPreamble(file) || isDicomDir(QFileInfo(file)))
                return 80;
        }
    }
    return 0;
}

QStringList DicomReader::candidateFiles(const QString &path, QString *seriesOfFile)
{
    const QFileInfo info(path);
    if (info.isDir())
        return filesUnder(path);
    if (isDicomDir(info)) {
        // The files the DICOMDIR lists; if it cannot be read, everything beside it.
        Result<QStringList> listed = filesOfDicomDir(path);
        return listed.ok() && !listed->isEmpty() ? listed.value() : filesUnder(info.absolutePath());
    }
    // One file: read the folder it is in, but keep only its series.
    if (seriesOfFile) {
        Result<SliceHeader> h = readSliceHeader(path);
        if (h.ok())
            *seriesOfFile = h->seriesInstanceUid;
    }
    QStringList files;
    for (const QFileInfo &f : QDir(info.absolutePath()).entryInfoList(QDir::Files, QDir::Name))
        files << f.absoluteFilePath();
    return files;
}

Result<Dataset> DicomReader::read(const QString &path, Progress &progress) const
{
    QString onlySeries;
    const QStringList files = candidateFiles(path, &onlySeries);
    progress.report(0, files.size(), QStringLiteral("Scanning DICOM headers"));

    std::vector<SliceHeader> headers;
    std::mutex mutex;
    std::atomic<qint64> scanned{0};
    int skipped = 0;
    QtConcurrent::blockingMap(files, [&](const QString &file) {
        if (progress.isCanceled())
            return;
        if (QFileInfo(file).fileName().compare(QStringLiteral("DICOMDIR"), Qt::CaseInsensitive) ==
            0)
            return;
        Result<std::vector<SliceHeader>> frames = readFrameHeaders(file);
        const bool image = frames.ok() && !frames->empty() && frames->front().rows > 0 &&
                           frames->front().columns > 0;
        std::lock_guard lock(mutex);
        if (!image)
            ++skipped;
        else if (onlySeries.isEmpty() || frames->front().seriesInstanceUid == onlySeries)
            for (SliceHeader &h : frames.value())
                headers.push_back(std::move(h));
        progress.report(++scanned, files.size(), QStringLiteral("Scanning DICOM headers"));
    });
    if (progress.isCanceled())
        return Error{QStringLiteral("Opening \"%1\" was canceled.").arg(path)};
    if (headers.empty()) {
        return Error{QStringLiteral("No DICOM images found in \"%1\" (%2 file(s) looked at, none "
                                    "an image). Pick a folder that holds a DICOM series.")
                         .arg(path)
                         .arg(files.size())};
    }

    std::vector<VolumePlan> plans = planVolumes(std::move(headers));
    Dataset dataset;
    dataset.sourcePath = path;
    bool first = true;
    for (VolumePlan &plan : plans) {
        // Only the first (largest) volume is shown first, so only it sends a preview.
        VolumeInfo info = volumeInfo(plan.slices.front());
        // Which file filled each slice, for the tag browser.
        info.sliceSources.resize(static_cast<std::size_t>(plan.geometry.dims[2]));
        for (std::size_t i = 0; i < plan.slices.size(); ++i)
            info.sliceSources[static_cast<std::size_t>(plan.sliceIndex[i])] = {
                plan.slices[i].path, plan.slices[i].frame};
        Result<VolumeRead> read = readVolume(plan, std::move(info), progress, first);
        first = false;
        if (!read.ok())
            return read.error();
        plan.warnings << read->warnings;

        for (const QString &w : plan.warnings)
            dataset.warnings << QStringLiteral("Series %1: %2").arg(plan.seriesInstanceUid, w);
        dataset.volumes.push_back(read->volume);
    }
    if (skipped > 0 && onlySeries.isEmpty())
        dataset.warnings
            << QStringLiteral("%1 file(s) that are not DICOM images were skipped.").arg(skipped);
    const VolumeInfo &main = dataset.volumes.front()->info();
    dataset.name =
        main.seriesDescription.isEmpty() ? QFileInfo(path).fileName() : main.seriesDescription;
    return dataset;
}

} // namespace loupe::dicom
