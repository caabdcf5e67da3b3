#include "coco.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>

#include <cmath>

namespace loupe::trackformats {

Written writeCoco(const std::vector<Track> &tracks, int stream, const QStringList &frameFiles,
                  QSize frameSize, QStringList &classes)
{
    Written w;
    QJsonArray images, annotations, categories;
    for (qsizetype f = 0; f < frameFiles.size(); ++f)
        images.append(QJsonObject{{QStringLiteral("id"), f + 1},
                                  {QStringLiteral("file_name"), frameFiles[f]},
                                  {QStringLiteral("width"), frameSize.width()},
                                  {QStringLiteral("height"), frameSize.height()}});
    int turned = 0, other = 0, cameras = 0;
    qint64 id = 1;
    for (const Track &t : tracks) {
        if (t.stream != stream) {
            ++cameras;
            continue;
        }
        if (!classes.contains(t.label))
            classes << t.label;
        for (qsizetype f = 0; f < frameFiles.size(); ++f) {
            const std::optional<TrackFrame> at = t.at(int(f));
            if (!at)
                continue;
            const Shape &s = at->shape;
            if (s.kind != Shape::Kind::Box && s.kind != Shape::Kind::Polygon) {
                ++other;
                continue;
            }
            const auto b = s.bounds();
            QJsonObject a{
                {QStringLiteral("id"), id++},
                {QStringLiteral("image_id"), f + 1},
                {QStringLiteral("category_id"), classes.indexOf(t.label) + 1},
                {QStringLiteral("bbox"), QJsonArray{b[0], b[1], b[2] - b[0], b[3] - b[1]}},
                {QStringLiteral("iscrowd"), 0},
                {QStringLiteral("track_id"), t.id}};
            if (s.kind == Shape::Kind::Polygon) {
                QJsonArray ring;
                double twice = 0;
                for (std::size_t n = 0; n < s.points.size(); ++n) {
                    const Point2 p = s.points[n], q = s.points[(n + 1) % s.points.size()];
                    ring.append(p.x);
                    ring.append(p.y);
                    twice += p.x * q.y - q.x * p.y;
                }
                a.insert(QStringLiteral("segmentation"), QJsonArray{ring});
                a.insert(QStringLiteral("area"), std::abs(twice) / 2);
            } else {
                if (std::abs(s.angle) > 1e-9)
                    ++turned;
                a.insert(QStringLiteral("segmentation"), QJsonArray{});
                a.insert(QStringLiteral("area"), (b[2] - b[0]) * (b[3] - b[1]));
            }
            annotations.append(a);
        }
    }
    for (qsizetype c = 0; c < classes.size(); ++c)
        categories.append(QJsonObject{{QStringLiteral("id"), c + 1},
                                      {QStringLiteral("name"), classes[c]},
                                      {QStringLiteral("supercategory"), QString()}});
    if (turned)
        w.lost << QObject::tr("COCO boxes do not turn: %n turned boxes (frames) were written by "
                              "their upright bounds.",
                              nullptr, turned);
    if (other)
        w.lost << QObject::tr("COCO instances hold boxes and polygons: %n polyline, point or "
                              "ellipse shapes (frames) were left out.",
                              nullptr, other);
    if (cameras)
        w.lost << QObject::tr("One camera a file: %n tracks of other cameras were left out.",
                              nullptr, cameras);
    w.text = QJsonDocument(QJsonObject{{QStringLiteral("images"), images},
                                       {QStringLiteral("annotations"), annotations},
                                       {QStringLiteral("categories"), categories}})
                 .toJson();
    return w;
}

} // namespace loupe::trackformats
