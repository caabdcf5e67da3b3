#include "app/demo/drivedemo.h"

#include <QDateTime>
#include <QDir>
#include <QFile>
#include <QTextStream>
#include <QTimeZone>
#include <QtConcurrent/QtConcurrentMap>

#include <opencv2/imgcodecs.hpp>
#include <opencv2/imgproc.hpp>

#include <algorithm>
#include <atomic>
#include <cmath>
#include <mutex>
#include <numeric>
#include <vector>

namespace loupe::demo {

namespace {

constexpr double kCameraHeight = 1.65; // metres above the road
constexpr double kSpeed = 8.0;         // ego speed, m/s
constexpr qint64 kStartNs = 1'790'000'000'000'000'000LL;
// The objects pass by again every so many seconds, so that a long drive has some throughout.
// For the first five cycles (47 s) a cycle ends at least an eighth of a frame from any frame
// at 10, 25 and 30 Hz, more than the cameras' clocks differ, so both cameras of a frame are
// on the same side of it.
constexpr double kObjectCycle = 9.457;

struct Object {
    const char *name;
    cv::Scalar colour; // BGR
    double width, height;
    // Lateral position (x, metres, right positive) and depth (z, metres) at time t.
    double x0, vx, z0, vz;
};

const Object kObjects[] = {
    {"car", cv::Scalar(40, 40, 200), 1.8, 1.5, -3.5, 0.6, 28, -3.0},
    {"cyclist", cv::Scalar(40, 170, 40), 0.7, 1.7, 3.0, -0.2, 18, -5.5},
    {"pedestrian", cv::Scalar(200, 120, 30), 0.6, 1.75, 6.5, -1.1, 22, -8.0},
};

cv::Point project(const DriveCamera &c, double x, double y, double z)
{
    // Camera looks down +z; image y grows downwards; y here is height above the road.
    return {static_cast<int>(std::lround(c.fx * x / z + c.cx)),
            static_cast<int>(std::lround(c.fy * (kCameraHeight - y) / z + c.cy))};
}

void drawFrame(cv::Mat &image, const DriveCamera &cam, double cameraX, double t, int camera,
               int index)
{
    const int w = image.cols, h = image.rows;
    const int horizon = static_cast<int>(std::lround(cam.cy));
    // Sky gradient and ground.
    for (int y = 0; y < h; ++y) {
        const double s = static_cast<double>(y) / std::max(1, horizon);
        const cv::Vec3b colour = y < horizon ? cv::Vec3b(static_cast<uchar>(235 - 60 * s),
                                                         static_cast<uchar>(200 - 50 * s),
                                                         static_cast<uchar>(150 - 40 * s))
                                             : cv::Vec3b(70, 105, 60);
        image.row(y).setTo(colour);
    }
    // Road between x = -5.5 and +5.5 m, from 3 m to 200 m ahead.
    const double zNear = 3.0, zFar = 200.0;
    std::vector<cv::Point> road{
        project(cam, -5.5 - cameraX, 0, zNear), project(cam, 5.5 - cameraX, 0, zNear),
        project(cam, 5.5 - cameraX, 0, zFar), project(cam, -5.5 - cameraX, 0, zFar)};
    cv::fillConvexPoly(image, road, cv::Scalar(90, 90, 90), cv::LINE_AA);
    // Dashed lane markings 3 m long every 9 m, scrolling with the car's motion.
    const double travelled = kSpeed * t;
    for (double lane : {-1.8, 1.8}) {
        for (double z = 9.0 - std::fmod(travelled, 9.0); z < 120; z += 9.0) {
            const double z0 = std::max(zNear, z), z1 = z + 3.0;
            if (z1 <= zNear)
                continue;
            std::vector<cv::Point> dash{project(cam, lane - 0.08 - cameraX, 0, z0),
                                        project(cam, lane + 0.08 - cameraX, 0, z0),
                                        project(cam, lane + 0.08 - cameraX, 0, z1),
                                        project(cam, lane - 0.08 - cameraX, 0, z1)};
            cv::fillConvexPoly(image, dash, cv::Scalar(235, 235, 235), cv::LINE_AA);
        }
    }
    // Objects, far to near so nearer ones cover farther ones.
    const double since = std::fmod(t, kObjectCycle);
    std::vector<std::pair<double, const Object *>> order;
    for (const Object &o : kObjects)
        order.emplace_back(o.z0 + o.vz * since, &o);
    std::sort(order.begin(), order.end(), [](auto &a, auto &b) { return a.first > b.first; });
    for (const auto &[z, o] : order) {
        if (z < 2.0)
            continue;
        const double x = o->x0 + o->vx * since - cameraX;
        const cv::Point topLeft = project(cam, x - o->width / 2, o->height, z);
        const cv::Point bottomRight = project(cam, x + o->width / 2, 0, z);
        cv::rectangle(image, topLeft, bottomRight, o->colour, cv::FILLED, cv::LINE_AA);
        cv::rectangle(image, topLeft, bottomRight, cv::Scalar(20, 20, 20), 1, cv::LINE_AA);
    }
    const std::string label = "cam 0" + std::to_string(camera) + "  frame " + std::to_string(index);
    cv::putText(image, label, {10, std::max(20, h / 15)}, cv::FONT_HERSHEY_SIMPLEX,
                std::max(0.4, h / 600.0), cv::Scalar(0, 0, 0), 1, cv::LINE_AA);
    (void)w;
}

QString kittiTime(qint64 ns)
{
    const QDateTime time = QDateTime::fromMSecsSinceEpoch(ns / 1'000'000, QTimeZone::utc());
    return time.toString(QStringLiteral("yyyy-MM-dd HH:mm:ss")) +
           QStringLiteral(".%1").arg(ns % 1'000'000'000LL, 9, 10, QLatin1Char('0'));
}

Result<void> writeText(const QString &path, const QString &text)
{
    QFile file(path);
    if (!file.open(QIODevice::WriteOnly | QIODevice::Truncate | QIODevice::Text) ||
        file.write(text.toUtf8()) < 0)
        return Error{QStringLiteral("Cannot write \"%1\": %2").arg(path, file.errorString())};
    return {};
}

QString matrixRow(std::initializer_list<double> values)
{
    QStringList parts;
    for (double v : values)
        parts << QString::number(v, 'e', 6);
    return parts.join(QLatin1Char(' '));
}

} // namespace

DriveCamera driveCamera(const DriveSpec &spec)
{
    // KITTI-like optics scaled to the requested image size.
    const double s = spec.width / 1242.0;
    return {721.5377 * s, 721.5377 * s, 609.5593 * s, spec.height * 0.46, 0.54};
}

qint64 driveTimestampNs(int camera, int index, const DriveSpec &spec)
{
    const qint64 period = static_cast<qint64>(std::llround(1e9 / spec.frameRate));
    // Deterministic jitter of up to ±0.4 ms, different per camera; camera 3 runs 0.3 ms late.
    const qint64 jitter = ((index * 7919LL + camera * 104729LL) % 801LL - 400LL) * 1000LL;
    const qint64 offset = camera == 3 ? 300'000LL : 0;
    return kStartNs + index * period + jitter + offset;
}

Result<void> writeDrive(const QString &dir, const DriveSpec &spec,
                        const std::function<void(int, int)> &progress)
{
    if (spec.frames < 1 || spec.width < 32 || spec.height < 32 || spec.frameRate <= 0)
        return Error{QStringLiteral("Drive size out of range: %1 frames of %2×%3 at %4 Hz.")
                         .arg(spec.frames)
                         .arg(spec.width)
                         .arg(spec.height)
                         .arg(spec.frameRate)};
    const DriveCamera cam = driveCamera(spec);
    for (int camera : {2, 3}) {
        const QString data = QDir(dir).filePath(QStringLiteral("image_0%1/data").arg(camera));
        if (!QDir().mkpath(data))
            return Error{QStringLiteral("Cannot create the folder \"%1\".").arg(data)};
        QString stamps;
        for (int i = 0; i < spec.frames; ++i)
            stamps += kittiTime(driveTimestampNs(camera, i, spec)) + QLatin1Char('\n');
        Result<void> r = writeText(
            QDir(dir).filePath(QStringLiteral("image_0%1/timestamps.txt").arg(camera)), stamps);
        if (!r.ok())
            return r;
    }

    const QString calib =
        QStringLiteral("calib_time: 01-Jan-2026 12:00:00\ncorner_dist: 9.950000e-02\n") + [&] {
            QString out;
            for (int camera : {2, 3}) {
                const double tx = camera == 2 ? 0.0 : -cam.baseline;
                const QString c = QStringLiteral("0%1").arg(camera);
                out += QStringLiteral("S_%1: %2 %3\n").arg(c).arg(spec.width).arg(spec.height);
                out += QStringLiteral("K_%1: %2\n")
                           .arg(c, matrixRow({cam.fx, 0, cam.cx, 0, cam.fy, cam.cy, 0, 0, 1}));
                out += QStringLiteral("D_%1: %2\n").arg(c, matrixRow({0, 0, 0, 0, 0}));
                out += QStringLiteral("R_%1: %2\n").arg(c, matrixRow({1, 0, 0, 0, 1, 0, 0, 0, 1}));
                out += QStringLiteral("T_%1: %2\n").arg(c, matrixRow({tx, 0, 0}));
                out += QStringLiteral("S_rect_%1: %2 %3\n").arg(c).arg(spec.width).arg(spec.height);
                out += QStringLiteral("R_rect_%1: %2\n")
                           .arg(c, matrixRow({1, 0, 0, 0, 1, 0, 0, 0, 1}));
                out += QStringLiteral("P_rect_%1: %2\n")
                           .arg(c, matrixRow({cam.fx, 0, cam.cx, tx * cam.fx, 0, cam.fy, cam.cy, 0,
                                              0, 0, 1, 0}));
            }
            return out;
        }();
    Result<void> r = writeText(QDir(dir).filePath(QStringLiteral("calib_cam_to_cam.txt")), calib);
    if (!r.ok())
        return r;

    std::vector<int> frames(static_cast<std::size_t>(spec.frames));
    std::iota(frames.begin(), frames.end(), 0);
    std::mutex mutex;
    QString firstError;
    std::atomic<int> done{0};
    QtConcurrent::blockingMap(frames, [&](int i) {
        for (int camera : {2, 3}) {
            // The scene at this camera's own capture time; camera 3 sits `baseline` to the right.
            const double t = (driveTimestampNs(camera, i, spec) - kStartNs) / 1e9;
            cv::Mat image(spec.height, spec.width, CV_8UC3);
            drawFrame(image, cam, camera == 3 ? cam.baseline : 0.0, t, camera, i);
            const QString name =
                QStringLiteral("image_0%1/data/%2.%3")
                    .arg(camera)
                    .arg(i, 10, 10, QLatin1Char('0'))
                    .arg(camera == 2 ? QStringLiteral("png") : QStringLiteral("jpg"));
            const std::string path = QFile::encodeName(QDir(dir).filePath(name)).toStdString();
            bool ok = false;
            try {
                ok = cv::imwrite(path, image);
            } catch (const cv::Exception &) {
                ok = false;
            }
            if (!ok) {
                std::lock_guard lock(mutex);
                if (firstError.isEmpty())
                    firstError = QStringLiteral("Cannot write \"%1\". Check free space and "
                                                "permissions.")
                                     .arg(QString::fromStdString(path));
            }
        }
        std::lock_guard lock(mutex);
        if (progress)
            progress(++done, spec.frames);
    });
    if (!firstError.isEmpty())
        return Error{firstError};
    return {};
}

} // namespace loupe::demo
