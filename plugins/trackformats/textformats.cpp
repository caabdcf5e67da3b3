#include "textformats.h"

#include <QObject>

#include <map>

namespace loupe::trackformats {

namespace {

QByteArray number(double v)
{
    return QByteArray::number(v, 'f', 2);
}

/// Every (frame, track) where a track of `stream` has a box; counts what is left out.
template <typename Each>
QStringList forEachBox(const std::vector<Track> &tracks, int stream, int frameCount, Each each)
{
    int otherShapes = 0, otherCameras = 0;
    std::map<int, std::vector<std::pair<const Track *, TrackFrame>>> byFrame;
    for (const Track &t : tracks) {
        if (t.stream != stream) {
            ++otherCameras;
            continue;
        }
        for (int f = 0; f < frameCount; ++f)
            if (const std::optional<TrackFrame> at = t.at(f)) {
                if (at->shape.kind == Shape::Kind::Box)
                    byFrame[f].emplace_back(&t, *at);
                else
                    ++otherShapes;
            }
    }
    for (const auto &[f, list] : byFrame)
        for (const auto &[t, at] : list)
            each(f, *t, at);
    QStringList lost;
    if (otherShapes)
        lost << QObject::tr("The format holds boxes only: %n polygon, polyline, point or "
                            "ellipse shapes (frames) were left out.",
                            nullptr, otherShapes);
    if (otherCameras)
        lost << QObject::tr("The format holds one camera: %n tracks of other cameras were left "
                            "out.",
                            nullptr, otherCameras);
    return lost;
}

} // namespace

Written writeKittiTracking(const std::vector<Track> &tracks, int stream, int frameCount)
{
    Written w;
    w.lost =
        forEachBox(tracks, stream, frameCount, [&](int f, const Track &t, const TrackFrame &at) {
            const auto b = at.shape.bounds();
            QByteArray type = t.label.toUtf8();
            type.replace(' ', '_');
            w.text += QByteArray::number(f) + ' ' + QByteArray::number(t.id) + ' ' + type + " 0 " +
                      (at.occluded ? "1" : "0") + " -10 " + number(b[0]) + ' ' + number(b[1]) +
                      ' ' + number(b[2]) + ' ' + number(b[3]) + " -1 -1 -1 -1000 -1000 -1000 -10\n";
        });
    return w;
}

Written writeMot(const std::vector<Track> &tracks, int stream, int frameCount, QStringList &classes)
{
    Written w;
    w.lost =
        forEachBox(tracks, stream, frameCount, [&](int f, const Track &t, const TrackFrame &at) {
            if (!classes.contains(t.label))
                classes << t.label;
            const auto b = at.shape.bounds();
            w.text += QByteArray::number(f + 1) + ',' + QByteArray::number(t.id) + ',' +
                      number(b[0]) + ',' + number(b[1]) + ',' + number(b[2] - b[0]) + ',' +
                      number(b[3] - b[1]) + ",1," +
                      QByteArray::number(classes.indexOf(t.label) + 1) + ',' +
                      (at.occluded ? "0.5" : "1") + '\n';
        });
    return w;
}

} // namespace loupe::trackformats
