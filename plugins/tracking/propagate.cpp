#include "plugins/tracking/propagate.h"

#include "core/sequence/sequence.h"

#include <QImage>
#include <QObject>

#include <opencv2/imgproc.hpp>
#include <opencv2/tracking.hpp>

namespace loupe::tracking {

namespace {

/// A decoded frame as a BGR matrix (the trackers' input), sharing nothing with the QImage.
cv::Mat toBgr(const QImage &image)
{
    const QImage rgb32 =
        image.format() == QImage::Format_RGB32 || image.format() == QImage::Format_ARGB32
            ? image
            : image.convertToFormat(QImage::Format_RGB32);
    const cv::Mat bgra(rgb32.height(), rgb32.width(), CV_8UC4,
                       const_cast<uchar *>(rgb32.constBits()), std::size_t(rgb32.bytesPerLine()));
    cv::Mat bgr;
    cv::cvtColor(bgra, bgr, cv::COLOR_BGRA2BGR);
    return bgr;
}

cv::Ptr<cv::Tracker> makeTracker(Method method)
{
    if (method == Method::Kcf)
        return cv::TrackerKCF::create();
    return cv::TrackerCSRT::create();
}

} // namespace

QString methodName(Method method)
{
    return method == Method::Kcf ? QStringLiteral("KCF") : QStringLiteral("CSRT");
}

Result<Proposals> propagate(const FrameSource &source, const Request &request,
                            const Progress &progress)
{
    const int last = std::min(source.frameCount() - 1, request.frame + request.count);
    if (request.frame < 0 || request.frame >= source.frameCount())
        return Error{QObject::tr("Frame %1 is not in this camera's %2 frames.")
                         .arg(request.frame)
                         .arg(source.frameCount())};
    const Result<QImage> first = source.decode(request.frame, {});
    if (!first.ok())
        return Error{QObject::tr("Cannot follow the object: %1").arg(first.errorMessage())};
    const auto bounds = request.box.bounds();
    const cv::Rect start =
        cv::Rect(cv::Point(int(std::lround(bounds[0])), int(std::lround(bounds[1]))),
                 cv::Point(int(std::lround(bounds[2])), int(std::lround(bounds[3])))) &
        cv::Rect(0, 0, first->width(), first->height());
    if (start.width < 4 || start.height < 4)
        return Error{QObject::tr("The box at frame %1 is too small, or outside the frame, to "
                                 "follow: draw it at least 4 pixels wide and high.")
                         .arg(request.frame)};
    const cv::Ptr<cv::Tracker> tracker = makeTracker(request.method);
    tracker->init(toBgr(first.value()), start);
    Proposals out;
    const int total = last - request.frame;
    for (int f = request.frame + 1; f <= last; ++f) {
        const Result<QImage> frame = source.decode(f, {});
        if (!frame.ok())
            return Error{QObject::tr("Cannot follow the object: %1").arg(frame.errorMessage())};
        cv::Rect found;
        if (!tracker->update(toBgr(frame.value()), found) || found.width <= 0 ||
            found.height <= 0) {
            out.lostAt = f;
            break;
        }
        out.boxes[f] = Shape::box(found.x, found.y, found.x + found.width, found.y + found.height)
                           .clampedTo(frame->width(), frame->height());
        if (progress && !progress(f - request.frame, total)) {
            out.stopped = true;
            break;
        }
    }
    return out;
}

} // namespace loupe::tracking
