#include "framereader.h"

#include "streams.h"
#include "videosource.h"

#include <QFileInfo>

namespace loupe::frames {

int frameConfidence(const QString &path)
{
    const QFileInfo info(path);
    if (info.isDir()) {
        if (isKittiDrive(path))
            return 95;
        return imageFiles(path).isEmpty() ? 0 : 60;
    }
    if (looksLikeRig(path))
        return 95;
    if (isVideoFile(path))
        return 90;
    return isImageFile(path) ? 40 : 0; // its folder
}

Result<Dataset> readFrames(const QString &path, const QString &cacheFolder, Progress *progress)
{
    Dataset dataset;
    dataset.sourcePath = path;
    dataset.readerId = QStringLiteral("frames");
    const QFileInfo info(path);
    Result<Sequence> seq = Error{QString()};
    if (info.isDir() && isKittiDrive(path)) {
        seq = readKittiDrive(path, dataset.warnings);
    } else if (!info.isDir() && looksLikeRig(path)) {
        seq = readRig(path, cacheFolder, dataset.warnings, progress);
    } else if (!info.isDir() && isVideoFile(path)) {
        Result<Stream> s = videoStream(path, {}, 0, cacheFolder, dataset.warnings, progress);
        if (!s.ok())
            return Error{s.errorMessage()};
        Sequence one;
        one.name = info.completeBaseName();
        one.streams.push_back(std::move(s.value()));
        seq = std::move(one);
    } else {
        const QString dir = info.isDir() ? path : info.absolutePath();
        Result<Stream> s = imageFolderStream(dir, {}, dataset.warnings);
        if (!s.ok())
            return Error{s.errorMessage()};
        Sequence one;
        one.name = QFileInfo(dir).fileName();
        one.streams.push_back(std::move(s.value()));
        seq = std::move(one);
    }
    if (!seq.ok())
        return Error{seq.errorMessage()};
    dataset.name = seq->name;
    dataset.sequences.push_back(std::make_shared<const Sequence>(std::move(seq.value())));
    return dataset;
}

} // namespace loupe::frames
