#pragma once

#include "core/result.h"
#include "core/sequence/sequence.h"

#include <QStringList>

namespace loupe {
class Progress;
}

namespace loupe::frames {

/// Whether the file name is of an image Loupe reads as a frame (PNG, JPEG, BMP, TIFF).
bool isImageFile(const QString &path);

/// Image files in a folder (not its subfolders), sorted naturally; empty when none.
QStringList imageFiles(const QString &dir);

/// Options for making a stream of an image folder.
struct FolderOptions {
    QString name;         ///< the stream's name (default: the folder's)
    QString timestamps;   ///< a timestamps file; empty: look beside and above the images
    double frameRate = 0; ///< frames a second when there are no timestamps (0: 10, and say so)
    qint64 offsetNs = 0;  ///< added to every timestamp (a rig's per-camera offset)
};

/// A stream of the image files in `dir`. Timestamps come from options.timestamps, else a
/// timestamps.txt (KITTI) or timestamps.csv (frame,seconds) in the folder or the one above,
/// else from the frame rate. Problems that do not stop it (timestamps that go backwards,
/// no timestamps) go to `warnings`; a folder without images, images of different sizes or a
/// timestamps file of another length are errors naming the folder.
Result<Stream> imageFolderStream(const QString &dir, const FolderOptions &options,
                                 QStringList &warnings);

/// Whether `dir` is a KITTI raw drive: image_00 … image_03 with a data folder.
bool isKittiDrive(const QString &dir);
/// Every camera of a KITTI raw drive, with intrinsics from calib_cam_to_cam.txt (in the drive
/// or the folder above) when it is there.
Result<Sequence> readKittiDrive(const QString &dir, QStringList &warnings);

/// Reads a rig file: {"name": …, "streams": [{"name": …, "path": folder or video, "offset":
/// seconds, "frameRate": fps, "timestamps": file}]}, paths relative to the rig file. Videos'
/// keyframe indexes are kept in `cacheFolder` (see videoStream).
Result<Sequence> readRig(const QString &path, const QString &cacheFolder, QStringList &warnings,
                         Progress *progress = nullptr);
/// Whether a JSON file looks like a rig (cheap: a peek).
bool looksLikeRig(const QString &path);

/// Intrinsics of camera `camera` ("02") from a KITTI calib_cam_to_cam.txt: P_rect_XX, else K_XX.
std::optional<CameraIntrinsics> kittiIntrinsics(const QString &calibPath, const QString &camera);

} // namespace loupe::frames
