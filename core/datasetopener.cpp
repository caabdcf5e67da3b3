#include "core/datasetopener.h"

#include "core/plugins/interfaces.h"
#include "core/plugins/pluginregistry.h"
#include "core/progress.h"

#include <QDir>
#include <QFileInfo>

#include <exception>

namespace loupe {

namespace {

QString readerIds(const PluginRegistry &registry)
{
    QStringList ids;
    for (const auto &[record, reader] : registry.plugins<DatasetReader>())
        ids << record->id;
    return ids.isEmpty() ? QStringLiteral("none") : ids.join(QStringLiteral(", "));
}

} // namespace

Result<Dataset> openDataset(const PluginRegistry &registry, const QString &path, Progress &progress)
{
    return openDataset(registry, path, ReadContext{}, progress);
}

Result<Dataset> openDataset(const PluginRegistry &registry, const QString &path,
                            const ReadContext &context, Progress &progress)
{
    const QFileInfo info(path);
    if (!info.exists()) {
        return Error{QStringLiteral("Cannot open \"%1\": the path does not exist. Check the "
                                    "name, or whether the drive is still mounted.")
                         .arg(path)};
    }
    if (!info.isReadable()) {
        return Error{QStringLiteral("Cannot open \"%1\": permission denied. Ask for read "
                                    "access or copy the data somewhere readable.")
                         .arg(path)};
    }

    const DatasetReader *best = nullptr;
    const PluginRecord *bestRecord = nullptr;
    int bestConfidence = 0;
    for (const auto &[record, reader] : registry.plugins<DatasetReader>()) {
        int confidence = 0;
        try {
            confidence = reader->canRead(path);
        } catch (const std::exception &e) {
            qWarning("Loupe: reader %s failed while checking %s: %s", qUtf8Printable(record->id),
                     qUtf8Printable(path), e.what());
        } catch (...) {
            qWarning("Loupe: reader %s failed while checking %s", qUtf8Printable(record->id),
                     qUtf8Printable(path));
        }
        if (confidence > bestConfidence) {
            best = reader;
            bestRecord = record;
            bestConfidence = confidence;
        }
    }
    if (!best) {
        const QString what = info.isDir() ? QStringLiteral("the folder holds no data that Loupe "
                                                           "can read")
                                          : QStringLiteral("the file is not in a format that "
                                                           "Loupe can read");
        return Error{QStringLiteral("Cannot open \"%1\": %2. Readers installed: %3. Open a "
                                    "DICOM file or folder instead.")
                         .arg(QDir::toNativeSeparators(path), what, readerIds(registry))};
    }

    try {
        Result<Dataset> result = best->read(path, context, progress);
        if (result.ok()) {
            result->readerId = bestRecord->id;
            if (result->sourcePath.isEmpty())
                result->sourcePath = path;
            if (result->isEmpty()) {
                return Error{QStringLiteral("Cannot open \"%1\": the %2 reader found no images "
                                            "there.")
                                 .arg(path, bestRecord->id)};
            }
        }
        return result;
    } catch (const std::exception &e) {
        return Error{QStringLiteral("Cannot open \"%1\": the %2 reader failed (%3). Please "
                                    "report this with the file.")
                         .arg(path, bestRecord->id, QString::fromLocal8Bit(e.what()))};
    } catch (...) {
        return Error{QStringLiteral("Cannot open \"%1\": the %2 reader failed. Please report "
                                    "this with the file.")
                         .arg(path, bestRecord->id)};
    }
}

} // namespace loupe
