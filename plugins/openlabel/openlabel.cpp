#include "openlabel.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>

#include <cmath>
#include <map>
#include <set>

namespace loupe::openlabel {

namespace {

constexpr double kPi = 3.14159265358979323846;

QJsonArray flat(const std::vector<Point2> &points)
{
    QJsonArray a;
    for (const Point2 &p : points) {
        a.append(p.x);
        a.append(p.y);
    }
    return a;
}

/// Intervals of consecutive frames.
QJsonArray intervals(const std::vector<int> &frames)
{
    QJsonArray out;
    for (std::size_t n = 0; n < frames.size();) {
        std::size_t m = n;
        while (m + 1 < frames.size() && frames[m + 1] == frames[m] + 1)
            ++m;
        out.append(QJsonObject{{QStringLiteral("frame_start"), frames[n]},
                               {QStringLiteral("frame_end"), frames[m]}});
        n = m + 1;
    }
    return out;
}

QJsonObject textList(const AttributeValues &values)
{
    QJsonArray text;
    for (const auto &[name, value] : values)
        text.append(QJsonObject{{QStringLiteral("name"), name}, {QStringLiteral("val"), value}});
    return text.isEmpty() ? QJsonObject{} : QJsonObject{{QStringLiteral("text"), text}};
}

} // namespace

Written write(const Annotations &a)
{
    Written out;
    QJsonObject streams;
    for (const QString &name : a.streams)
        streams.insert(name, QJsonObject{{QStringLiteral("type"), QStringLiteral("camera")}});
    QJsonObject objects;
    std::map<int, QJsonObject> frames; // frame → objects there
    int ellipses = 0;
    for (const Track &t : a.tracks) {
        const QString id = QString::number(t.id);
        const QString stream = a.streams.value(t.stream);
        // One geometry type per track, for the pointers: rbbox when any box turns.
        bool turned = false;
        for (const auto &[f, k] : t.keyframes)
            turned |= k.shape.kind == Shape::Kind::Box && std::abs(k.shape.angle) > 1e-12;
        std::vector<int> present;
        std::map<QString, QString> pointerTypes;
        for (int f = 0; f < a.frameCount; ++f) {
            const std::optional<TrackFrame> at = t.at(f);
            if (!at)
                continue;
            if (at->shape.kind == Shape::Kind::Ellipse) {
                ++ellipses;
                continue;
            }
            present.push_back(f);
            QJsonArray booleans{QJsonObject{{QStringLiteral("name"), QStringLiteral("keyframe")},
                                            {QStringLiteral("val"), at->keyframe}},
                                QJsonObject{{QStringLiteral("name"), QStringLiteral("occluded")},
                                            {QStringLiteral("val"), at->occluded}}};
            QJsonObject attributes = textList(at->attributes);
            attributes.insert(QStringLiteral("boolean"), booleans);
            const Shape &s = at->shape;
            QJsonObject data;
            const auto element = [&](const QString &name, const QJsonArray &val) {
                return QJsonObject{{QStringLiteral("name"), name},
                                   {QStringLiteral("val"), val},
                                   {QStringLiteral("stream"), stream},
                                   {QStringLiteral("attributes"), attributes}};
            };
            switch (s.kind) {
            case Shape::Kind::Box:
                if (turned) {
                    data.insert(QStringLiteral("rbbox"),
                                QJsonArray{element(QStringLiteral("box"),
                                                   {s.centre.x, s.centre.y, s.width, s.height,
                                                    s.angle * kPi / 180})});
                    pointerTypes[QStringLiteral("box")] = QStringLiteral("rbbox");
                } else {
                    data.insert(QStringLiteral("bbox"),
                                QJsonArray{element(QStringLiteral("box"),
                                                   {s.centre.x, s.centre.y, s.width, s.height})});
                    pointerTypes[QStringLiteral("box")] = QStringLiteral("bbox");
                }
                break;
            case Shape::Kind::Polygon:
            case Shape::Kind::Polyline: {
                const bool closed = s.kind == Shape::Kind::Polygon;
                const QString name =
                    closed ? QStringLiteral("polygon") : QStringLiteral("polyline");
                QJsonObject poly = element(name, flat(s.points));
                poly.insert(QStringLiteral("mode"), QStringLiteral("MODE_POLY2D_ABSOLUTE"));
                poly.insert(QStringLiteral("closed"), closed);
                data.insert(QStringLiteral("poly2d"), QJsonArray{poly});
                pointerTypes[name] = QStringLiteral("poly2d");
                break;
            }
            case Shape::Kind::Points: {
                QJsonArray points;
                for (std::size_t n = 0; n < s.points.size(); ++n) {
                    const QString name = QStringLiteral("point-%1").arg(n);
                    points.append(element(name, {s.points[n].x, s.points[n].y}));
                    pointerTypes[name] = QStringLiteral("point2d");
                }
                data.insert(QStringLiteral("point2d"), points);
                break;
            }
            case Shape::Kind::Ellipse: break;
            }
            QJsonObject objs = frames[f];
            objs.insert(id, QJsonObject{{QStringLiteral("object_data"), data}});
            frames[f] = objs;
        }
        QJsonObject object{{QStringLiteral("name"), QStringLiteral("%1 %2").arg(t.label, id)},
                           {QStringLiteral("type"), t.label},
                           {QStringLiteral("frame_intervals"), intervals(present)}};
        if (!t.attributes.empty())
            object.insert(QStringLiteral("object_data"), textList(t.attributes));
        QJsonObject pointers;
        for (const auto &[name, type] : pointerTypes)
            pointers.insert(name,
                            QJsonObject{{QStringLiteral("type"), type},
                                        {QStringLiteral("frame_intervals"), intervals(present)}});
        if (!pointers.isEmpty())
            object.insert(QStringLiteral("object_data_pointers"), pointers);
        objects.insert(id, object);
    }
    if (ellipses)
        out.lost << QObject::tr("OpenLABEL 1.0 has no 2D ellipse: %n ellipse shapes (frames) "
                                "were left out.",
                                nullptr, ellipses);
    // Tags on frames as contexts: the class as the type, the camera in the context data.
    QJsonObject contexts;
    std::map<int, QJsonObject> contextFrames; // frame → contexts there
    for (const FrameTag &t : a.tags) {
        const QString id = QString::number(t.id);
        contexts.insert(
            id, QJsonObject{{QStringLiteral("name"), QStringLiteral("%1 %2").arg(t.label, id)},
                            {QStringLiteral("type"), t.label},
                            {QStringLiteral("frame_intervals"),
                             intervals(std::vector<int>(t.frames.begin(), t.frames.end()))},
                            {QStringLiteral("context_data"),
                             textList({{QStringLiteral("stream"), a.streams.value(t.stream)}})}});
        for (const int f : t.frames) {
            QJsonObject here = contextFrames[f];
            here.insert(id, QJsonObject{});
            contextFrames[f] = here;
        }
    }
    QJsonObject framesJson;
    for (int f = 0; f < a.frameCount; ++f) {
        QJsonObject frame;
        if (auto it = contextFrames.find(f); it != contextFrames.end())
            frame.insert(QStringLiteral("contexts"), it->second);
        if (std::size_t(f) < a.frameTimes.size())
            frame.insert(QStringLiteral("frame_properties"),
                         QJsonObject{{QStringLiteral("timestamp"), a.frameTimes[std::size_t(f)]}});
        if (auto it = frames.find(f); it != frames.end())
            frame.insert(QStringLiteral("objects"), it->second);
        framesJson.insert(QString::number(f), frame);
    }
    QJsonObject root{{QStringLiteral("metadata"),
                      QJsonObject{{QStringLiteral("schema_version"), QStringLiteral("1.0.0")},
                                  {QStringLiteral("annotator"), QStringLiteral("Loupe")}}},
                     {QStringLiteral("streams"), streams},
                     {QStringLiteral("objects"), objects},
                     {QStringLiteral("frames"), framesJson}};
    if (!contexts.isEmpty())
        root.insert(QStringLiteral("contexts"), contexts);
    if (a.frameCount > 0)
        root.insert(QStringLiteral("frame_intervals"),
                    QJsonArray{QJsonObject{{QStringLiteral("frame_start"), 0},
                                           {QStringLiteral("frame_end"), a.frameCount - 1}}});
    out.json = QJsonDocument(QJsonObject{{QStringLiteral("openlabel"), root}}).toJson();
    return out;
}

Result<Annotations> read(const QByteArray &json, QStringList *problems)
{
    // With `problems`, what is wrong in one object, frame or context is said there and that
    // part is left out; without, it ends the reading.
    const auto leaveOut = [problems](const QString &why) {
        if (problems)
            *problems << why;
        return problems != nullptr;
    };
    std::set<QString> bad; // objects left out
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parse);
    if (parse.error != QJsonParseError::NoError)
        return Error{QObject::tr("Not JSON: %1 at character %2.")
                         .arg(parse.errorString())
                         .arg(parse.offset)};
    const QJsonObject root = doc.object()[QStringLiteral("openlabel")].toObject();
    if (root.isEmpty())
        return Error{QObject::tr("No \"openlabel\" object at the top: not an OpenLABEL file.")};
    const QString version =
        root[QStringLiteral("metadata")].toObject()[QStringLiteral("schema_version")].toString();
    if (!version.startsWith(QLatin1String("1.")))
        return Error{QObject::tr("openlabel.metadata.schema_version is \"%1\"; Loupe reads 1.x.")
                         .arg(version)};
    Annotations a;
    const QJsonObject streamsJson = root[QStringLiteral("streams")].toObject();
    for (auto it = streamsJson.begin(); it != streamsJson.end(); ++it)
        a.streams << it.key();
    const QJsonObject frames = root[QStringLiteral("frames")].toObject();
    int last = -1;
    for (const QJsonValue &v : root[QStringLiteral("frame_intervals")].toArray())
        last = std::max(last, v.toObject()[QStringLiteral("frame_end")].toInt());
    for (auto it = frames.begin(); it != frames.end(); ++it) {
        bool ok = false;
        const int f = it.key().toInt(&ok);
        if (!ok || f < 0) {
            const QString why =
                QObject::tr("openlabel.frames.\"%1\": a frame's key must be its number.")
                    .arg(it.key());
            if (!leaveOut(why))
                return Error{why};
            continue;
        }
        last = std::max(last, f);
    }
    a.frameCount = last + 1;
    a.frameTimes.assign(std::size_t(a.frameCount), 0);
    bool anyTimes = false;
    for (auto it = frames.begin(); it != frames.end(); ++it) {
        const QJsonValue ts = it.value()
                                  .toObject()[QStringLiteral("frame_properties")]
                                  .toObject()[QStringLiteral("timestamp")];
        if (ts.isDouble()) {
            a.frameTimes[std::size_t(it.key().toInt())] = ts.toDouble();
            anyTimes = true;
        }
    }
    if (!anyTimes)
        a.frameTimes.clear();

    const QJsonObject objects = root[QStringLiteral("objects")].toObject();
    bool anyKeyMarks = false;
    std::map<QString, Track> tracks;
    qint64 nextId = 1;
    for (auto it = objects.begin(); it != objects.end(); ++it) {
        const QJsonObject o = it.value().toObject();
        const QString at = QStringLiteral("openlabel.objects.\"%1\"").arg(it.key());
        if (o[QStringLiteral("type")].toString().isEmpty()) {
            const QString why = QObject::tr("%1.type is missing.").arg(at);
            if (!leaveOut(why))
                return Error{why};
            continue;
        }
        Track t;
        bool numeric = false;
        t.id = it.key().toLongLong(&numeric);
        if (!numeric)
            t.id = nextId;
        nextId = std::max(nextId, t.id + 1);
        t.label = o[QStringLiteral("type")].toString();
        for (const QJsonValue &v :
             o[QStringLiteral("object_data")].toObject()[QStringLiteral("text")].toArray())
            t.attributes[v.toObject()[QStringLiteral("name")].toString()] =
                v.toObject()[QStringLiteral("val")].toString();
        tracks[it.key()] = t;
    }
    // Shapes, frame by frame.
    std::map<QString, std::map<int, Keyframe>> seen; // object → every frame's shape
    std::map<QString, std::map<int, bool>> marked;   // object → frame → keyframe mark
    for (auto fit = frames.begin(); fit != frames.end(); ++fit) {
        bool numbered = false;
        const int f = fit.key().toInt(&numbered);
        if (!numbered || f < 0)
            continue; // said above
        const QJsonObject objs = fit.value().toObject()[QStringLiteral("objects")].toObject();
        for (auto oit = objs.begin(); oit != objs.end(); ++oit) {
            const QString path =
                QStringLiteral("openlabel.frames.\"%1\".objects.\"%2\"").arg(fit.key(), oit.key());
            auto track = tracks.find(oit.key());
            if (track == tracks.end()) {
                const QString why =
                    QObject::tr("%1: no such object in openlabel.objects.").arg(path);
                if (!leaveOut(why))
                    return Error{why};
                continue;
            }
            const auto wrongShape = [&](const QString &why) -> std::optional<Error> {
                if (!leaveOut(why))
                    return Error{why};
                bad.insert(oit.key());
                return std::nullopt;
            };
            const QJsonObject data =
                oit.value().toObject()[QStringLiteral("object_data")].toObject();
            Keyframe k;
            QJsonObject attributes;
            QString stream;
            const QJsonArray boxes = data[QStringLiteral("bbox")].toArray();
            const QJsonArray rboxes = data[QStringLiteral("rbbox")].toArray();
            if (!boxes.isEmpty() || !rboxes.isEmpty()) {
                // bbox: centre and size; rbbox: the same and the angle in radians.
                const bool turned = boxes.isEmpty();
                const QJsonObject box = (turned ? rboxes : boxes)[0].toObject();
                const QJsonArray v = box[QStringLiteral("val")].toArray();
                if (v.size() != (turned ? 5 : 4)) {
                    if (auto e = wrongShape(
                            QObject::tr("%1.object_data.%2[0].val needs %3 numbers.")
                                .arg(path)
                                .arg(turned ? QStringLiteral("rbbox") : QStringLiteral("bbox"))
                                .arg(turned ? 5 : 4)))
                        return *e;
                    continue;
                }
                k.shape = Shape::box(0, 0, 0, 0);
                k.shape.centre = {v[0].toDouble(), v[1].toDouble()};
                k.shape.width = v[2].toDouble();
                k.shape.height = v[3].toDouble();
                if (turned)
                    k.shape.angle = v[4].toDouble() * 180 / kPi;
                attributes = box[QStringLiteral("attributes")].toObject();
                stream = box[QStringLiteral("stream")].toString();
            } else if (const QJsonArray polys = data[QStringLiteral("poly2d")].toArray();
                       !polys.isEmpty()) {
                const QJsonObject p = polys[0].toObject();
                if (p[QStringLiteral("mode")].toString() != QLatin1String("MODE_POLY2D_ABSOLUTE")) {
                    if (auto e = wrongShape(QObject::tr("%1.object_data.poly2d[0].mode: only "
                                                        "MODE_POLY2D_ABSOLUTE is read.")
                                                .arg(path)))
                        return *e;
                    continue;
                }
                const QJsonArray v = p[QStringLiteral("val")].toArray();
                std::vector<Point2> points;
                for (qsizetype n = 0; n + 1 < v.size(); n += 2)
                    points.push_back({v[n].toDouble(), v[n + 1].toDouble()});
                if (points.empty()) {
                    if (auto e = wrongShape(
                            QObject::tr("%1.object_data.poly2d[0].val has no point.").arg(path)))
                        return *e;
                    continue;
                }
                k.shape = p[QStringLiteral("closed")].toBool() ? Shape::polygon(points)
                                                               : Shape::polyline(points);
                attributes = p[QStringLiteral("attributes")].toObject();
                stream = p[QStringLiteral("stream")].toString();
            } else if (const QJsonArray points = data[QStringLiteral("point2d")].toArray();
                       !points.isEmpty()) {
                std::vector<Point2> ps;
                for (const QJsonValue &pv : points) {
                    const QJsonArray v = pv.toObject()[QStringLiteral("val")].toArray();
                    ps.push_back({v[0].toDouble(), v[1].toDouble()});
                }
                k.shape = Shape::keypoints(ps);
                attributes = points[0].toObject()[QStringLiteral("attributes")].toObject();
                stream = points[0].toObject()[QStringLiteral("stream")].toString();
            } else {
                continue; // nothing 2D here (a cuboid, say): not Loupe's to show
            }
            bool keyMark = false, hasMark = false;
            for (const QJsonValue &b : attributes[QStringLiteral("boolean")].toArray()) {
                const QString name = b.toObject()[QStringLiteral("name")].toString();
                if (name == QLatin1String("keyframe")) {
                    keyMark = b.toObject()[QStringLiteral("val")].toBool();
                    hasMark = true;
                } else if (name == QLatin1String("occluded")) {
                    k.occluded = b.toObject()[QStringLiteral("val")].toBool();
                }
            }
            for (const QJsonValue &tv : attributes[QStringLiteral("text")].toArray())
                k.attributes[tv.toObject()[QStringLiteral("name")].toString()] =
                    tv.toObject()[QStringLiteral("val")].toString();
            anyKeyMarks |= hasMark;
            if (!stream.isEmpty()) {
                if (!a.streams.contains(stream))
                    a.streams << stream;
                track->second.stream = int(a.streams.indexOf(stream));
            }
            seen[oit.key()][f] = k;
            marked[oit.key()][f] = keyMark;
        }
    }
    for (auto &[key, t] : tracks) {
        if (bad.count(key))
            continue;
        const auto &shapes = seen[key];
        int previous = -2;
        for (const auto &[f, k] : shapes) {
            // A gap in the frames: the object left after the last frame it was in.
            if (previous >= 0 && f > previous + 1)
                t.keyframes[previous + 1] = Keyframe{shapes.at(previous).shape, true, false, {}};
            if (!anyKeyMarks || marked[key][f] || previous != f - 1)
                t.keyframes[f] = k;
            previous = f;
        }
        if (previous >= 0 && previous + 1 < a.frameCount)
            t.keyframes[previous + 1] = Keyframe{shapes.at(previous).shape, true, false, {}};
        a.tracks.push_back(std::move(t));
    }
    // Contexts: tags on frames (the frames that list them, or their frame intervals).
    const QJsonObject contexts = root[QStringLiteral("contexts")].toObject();
    qint64 nextTag = 1;
    for (const Track &t : a.tracks)
        nextTag = std::max(nextTag, t.id + 1);
    for (auto it = contexts.begin(); it != contexts.end(); ++it) {
        const QJsonObject c = it.value().toObject();
        const QString at = QStringLiteral("openlabel.contexts.\"%1\"").arg(it.key());
        FrameTag t;
        t.label = c[QStringLiteral("type")].toString();
        if (t.label.isEmpty()) {
            const QString why = QObject::tr("%1.type is missing.").arg(at);
            if (!leaveOut(why))
                return Error{why};
            continue;
        }
        t.id = nextTag++;
        QString stream;
        for (const QJsonValue &v :
             c[QStringLiteral("context_data")].toObject()[QStringLiteral("text")].toArray())
            if (v.toObject()[QStringLiteral("name")].toString() == QLatin1String("stream"))
                stream = v.toObject()[QStringLiteral("val")].toString();
        if (!stream.isEmpty() && !a.streams.contains(stream))
            a.streams << stream;
        t.stream = stream.isEmpty() ? 0 : int(a.streams.indexOf(stream));
        for (auto fit = frames.begin(); fit != frames.end(); ++fit)
            if (fit.value().toObject()[QStringLiteral("contexts")].toObject().contains(it.key()))
                t.frames.insert(fit.key().toInt());
        if (t.frames.empty())
            for (const QJsonValue &v : c[QStringLiteral("frame_intervals")].toArray())
                for (int f = std::max(0, v.toObject()[QStringLiteral("frame_start")].toInt());
                     f <= std::min(a.frameCount - 1,
                                   v.toObject()[QStringLiteral("frame_end")].toInt());
                     ++f) // within the file's frames, whatever an interval claims
                    t.frames.insert(f);
        a.tags.push_back(std::move(t));
    }
    return a;
}

} // namespace loupe::openlabel
