#include "cvatxml.h"

#include <QObject>
#include <QXmlStreamReader>
#include <QXmlStreamWriter>

#include <array>
#include <map>
#include <set>

namespace loupe::cvat {

namespace {

QString num(double v)
{
    return QString::number(v, 'g', 12); // as exact as Loupe holds it
}

QString pointList(const std::vector<Point2> &points)
{
    QStringList parts;
    for (const Point2 &p : points)
        parts << num(p.x) + QLatin1Char(',') + num(p.y);
    return parts.join(QLatin1Char(';'));
}

const char *elementName(Shape::Kind kind)
{
    switch (kind) {
    case Shape::Kind::Box: return "box";
    case Shape::Kind::Polygon: return "polygon";
    case Shape::Kind::Polyline: return "polyline";
    case Shape::Kind::Points: return "points";
    case Shape::Kind::Ellipse: return "ellipse";
    }
    return "box";
}

} // namespace

QByteArray write(const Annotations &a, int stream)
{
    QByteArray out;
    QXmlStreamWriter x(&out);
    x.setAutoFormatting(true);
    x.writeStartDocument();
    x.writeStartElement(QStringLiteral("annotations"));
    x.writeTextElement(QStringLiteral("version"), QStringLiteral("1.1"));
    x.writeStartElement(QStringLiteral("meta"));
    x.writeStartElement(QStringLiteral("task"));
    x.writeTextElement(QStringLiteral("name"), a.name);
    x.writeTextElement(QStringLiteral("size"), QString::number(a.frameCount));
    x.writeTextElement(QStringLiteral("mode"), QStringLiteral("interpolation"));
    x.writeStartElement(QStringLiteral("labels"));
    for (const ClassSpec &c : a.schema.classes) {
        x.writeStartElement(QStringLiteral("label"));
        x.writeTextElement(QStringLiteral("name"), c.name);
        x.writeTextElement(QStringLiteral("color"), c.colour.name());
        if (c.tag)
            x.writeTextElement(QStringLiteral("type"), QStringLiteral("tag"));
        x.writeStartElement(QStringLiteral("attributes"));
        for (const AttributeSpec &at : c.attributes) {
            x.writeStartElement(QStringLiteral("attribute"));
            x.writeTextElement(QStringLiteral("name"), at.name);
            x.writeTextElement(QStringLiteral("mutable"),
                               at.perFrame ? QStringLiteral("True") : QStringLiteral("False"));
            x.writeTextElement(QStringLiteral("input_type"), attributeTypeName(at.type));
            x.writeTextElement(QStringLiteral("default_value"), at.defaultValue);
            x.writeTextElement(
                QStringLiteral("values"),
                at.type == AttributeSpec::Type::Number
                    ? QStringLiteral("%1\n%2\n%3").arg(at.minimum).arg(at.maximum).arg(at.step)
                    : at.values.join(QLatin1Char('\n')));
            x.writeEndElement();
        }
        x.writeEndElement(); // attributes
        x.writeEndElement(); // label
    }
    x.writeEndElement(); // labels
    x.writeEndElement(); // task
    x.writeEndElement(); // meta
    for (const Track &t : a.tracks) {
        if (t.stream != stream)
            continue;
        x.writeStartElement(QStringLiteral("track"));
        x.writeAttribute(QStringLiteral("id"), QString::number(t.id));
        x.writeAttribute(QStringLiteral("label"), t.label);
        x.writeAttribute(QStringLiteral("source"), QStringLiteral("manual"));
        Shape last;
        bool inside = false;
        for (int f = 0; f < a.frameCount; ++f) {
            const std::optional<TrackFrame> at = t.at(f);
            const bool leaving = !at && inside;
            if (!at && !leaving)
                continue;
            const Shape &s = at ? at->shape : last;
            x.writeStartElement(QString::fromLatin1(elementName(s.kind)));
            x.writeAttribute(QStringLiteral("frame"), QString::number(f));
            x.writeAttribute(QStringLiteral("outside"),
                             leaving ? QStringLiteral("1") : QStringLiteral("0"));
            x.writeAttribute(QStringLiteral("occluded"),
                             at && at->occluded ? QStringLiteral("1") : QStringLiteral("0"));
            x.writeAttribute(QStringLiteral("keyframe"),
                             leaving || at->keyframe ? QStringLiteral("1") : QStringLiteral("0"));
            switch (s.kind) {
            case Shape::Kind::Box:
                x.writeAttribute(QStringLiteral("xtl"), num(s.centre.x - s.width / 2));
                x.writeAttribute(QStringLiteral("ytl"), num(s.centre.y - s.height / 2));
                x.writeAttribute(QStringLiteral("xbr"), num(s.centre.x + s.width / 2));
                x.writeAttribute(QStringLiteral("ybr"), num(s.centre.y + s.height / 2));
                if (s.angle != 0)
                    x.writeAttribute(QStringLiteral("rotation"), num(s.angle));
                break;
            case Shape::Kind::Ellipse:
                x.writeAttribute(QStringLiteral("cx"), num(s.centre.x));
                x.writeAttribute(QStringLiteral("cy"), num(s.centre.y));
                x.writeAttribute(QStringLiteral("rx"), num(s.width / 2));
                x.writeAttribute(QStringLiteral("ry"), num(s.height / 2));
                if (s.angle != 0)
                    x.writeAttribute(QStringLiteral("rotation"), num(s.angle));
                break;
            default: x.writeAttribute(QStringLiteral("points"), pointList(s.points)); break;
            }
            x.writeAttribute(QStringLiteral("z_order"), QStringLiteral("0"));
            AttributeValues values = t.attributes;
            if (at)
                for (const auto &[k, v] : at->attributes)
                    values[k] = v;
            for (const auto &[k, v] : values) {
                x.writeStartElement(QStringLiteral("attribute"));
                x.writeAttribute(QStringLiteral("name"), k);
                x.writeCharacters(v);
                x.writeEndElement();
            }
            x.writeEndElement();
            inside = at.has_value();
            if (at)
                last = at->shape;
        }
        x.writeEndElement(); // track
    }
    // Tags on frames, frame by frame as CVAT writes them.
    for (const FrameTag &t : a.tags) {
        if (t.stream != stream)
            continue;
        for (const int f : t.frames) {
            x.writeStartElement(QStringLiteral("tag"));
            x.writeAttribute(QStringLiteral("frame"), QString::number(f));
            x.writeAttribute(QStringLiteral("label"), t.label);
            x.writeAttribute(QStringLiteral("source"), QStringLiteral("manual"));
            x.writeEndElement();
        }
    }
    x.writeEndElement(); // annotations
    x.writeEndDocument();
    return out;
}

namespace {

/// Reads "x,y;x,y" into points; false when malformed.
bool parsePoints(const QString &text, std::vector<Point2> &points)
{
    for (const QString &pair : text.split(QLatin1Char(';'), Qt::SkipEmptyParts)) {
        const QStringList xy = pair.split(QLatin1Char(','));
        bool okX = false, okY = false;
        if (xy.size() != 2)
            return false;
        points.push_back({xy[0].toDouble(&okX), xy[1].toDouble(&okY)});
        if (!okX || !okY)
            return false;
    }
    return !points.empty();
}

} // namespace

Result<Annotations> read(const QByteArray &xml, QStringList *problems)
{
    QXmlStreamReader r(xml);
    Annotations a;
    std::set<QString> mutableAttributes;
    Track *track = nullptr;
    std::vector<Track> tracks;
    std::vector<FrameTag> tags;
    qint64 nextImageId = 1'000'000;
    const auto where = [&](const QString &why) {
        return QObject::tr("CVAT XML, line %1: %2").arg(r.lineNumber()).arg(why);
    };
    const auto fail = [&](const QString &why) { return Error{where(why)}; };
    // With `problems`, a broken track, shape or tag is said there and left out; without, it
    // ends the reading.
    const auto leaveOut = [&](const QString &why) {
        if (problems)
            *problems << where(why);
        return problems != nullptr;
    };
    std::set<qint64> badTracks; // by position in `tracks`
    QString currentLabel;
    ClassSpec *currentClass = nullptr;
    AttributeSpec *currentAttribute = nullptr;
    bool inMeta = false, sawRoot = false;
    int imageFrame = -1; ///< inside an <image> (an image task): its id is its frame
    while (!r.atEnd()) {
        r.readNext();
        if (r.isStartElement()) {
            const QStringView name = r.name();
            if (name == QLatin1String("annotations")) {
                sawRoot = true;
            } else if (!sawRoot) {
                return fail(QObject::tr("not CVAT XML (the root is <%1>, not <annotations>)")
                                .arg(name.toString()));
            } else if (name == QLatin1String("meta")) {
                inMeta = true;
            } else if (inMeta && name == QLatin1String("size")) {
                a.frameCount = r.readElementText().toInt();
            } else if (inMeta && name == QLatin1String("label")) {
                a.schema.classes.emplace_back();
                currentClass = &a.schema.classes.back();
                currentAttribute = nullptr;
            } else if (inMeta && name == QLatin1String("attribute") && currentClass) {
                currentClass->attributes.emplace_back();
                currentAttribute = &currentClass->attributes.back();
            } else if (inMeta && name == QLatin1String("name")) {
                const QString text = r.readElementText();
                if (currentAttribute)
                    currentAttribute->name = text;
                else if (currentClass)
                    currentClass->name = text;
                else
                    a.name = text;
            } else if (inMeta && name == QLatin1String("type") && currentClass &&
                       !currentAttribute) {
                currentClass->tag = r.readElementText() == QLatin1String("tag");
            } else if (inMeta && name == QLatin1String("color") && currentClass) {
                currentClass->colour = QColor(r.readElementText());
            } else if (inMeta && name == QLatin1String("mutable") && currentAttribute) {
                currentAttribute->perFrame =
                    r.readElementText().compare(QLatin1String("true"), Qt::CaseInsensitive) == 0;
            } else if (inMeta && name == QLatin1String("input_type") && currentAttribute) {
                const QString type = r.readElementText();
                currentAttribute->type =
                    type == QLatin1String("select") || type == QLatin1String("radio")
                        ? AttributeSpec::Type::Select
                    : type == QLatin1String("multiselect") ? AttributeSpec::Type::MultiSelect
                    : type == QLatin1String("checkbox")    ? AttributeSpec::Type::Checkbox
                    : type == QLatin1String("number")      ? AttributeSpec::Type::Number
                                                           : AttributeSpec::Type::Text;
            } else if (inMeta && name == QLatin1String("default_value") && currentAttribute) {
                currentAttribute->defaultValue = r.readElementText();
            } else if (inMeta && name == QLatin1String("values") && currentAttribute) {
                const QStringList values =
                    r.readElementText().split(QLatin1Char('\n'), Qt::SkipEmptyParts);
                if (currentAttribute->type == AttributeSpec::Type::Number && values.size() == 3) {
                    currentAttribute->minimum = values[0].toDouble();
                    currentAttribute->maximum = values[1].toDouble();
                    currentAttribute->step = values[2].toDouble();
                } else {
                    currentAttribute->values = values;
                }
            } else if (name == QLatin1String("track")) {
                tracks.emplace_back();
                track = &tracks.back();
                bool ok = false;
                track->id = r.attributes().value(QLatin1String("id")).toLongLong(&ok);
                if (!ok) {
                    if (!leaveOut(QObject::tr("<track> needs a numeric id")))
                        return fail(QObject::tr("<track> needs a numeric id"));
                    badTracks.insert(qint64(tracks.size() - 1));
                }
                track->label = r.attributes().value(QLatin1String("label")).toString();
            } else if (name == QLatin1String("box") || name == QLatin1String("polygon") ||
                       name == QLatin1String("polyline") || name == QLatin1String("points") ||
                       name == QLatin1String("ellipse")) {
                const QXmlStreamAttributes at = r.attributes();
                // Four numbers a box or an ellipse is given by; false when one is not.
                std::array<double, 4> v{};
                const auto four = [&](std::array<const char *, 4> keys) {
                    bool all = true;
                    for (std::size_t n = 0; n < 4; ++n) {
                        bool ok = false;
                        v[n] = at.value(QLatin1String(keys[n])).toDouble(&ok);
                        all &= ok;
                    }
                    return all;
                };
                const double rotation = at.value(QLatin1String("rotation")).toDouble();
                Keyframe k;
                bool good = true;
                if (name == QLatin1String("box")) {
                    good = four({"xtl", "ytl", "xbr", "ybr"});
                    k.shape = Shape::box(v[0], v[1], v[2], v[3], rotation);
                } else if (name == QLatin1String("ellipse")) {
                    good = four({"cx", "cy", "rx", "ry"});
                    k.shape = Shape::ellipse({v[0], v[1]}, 2 * v[2], 2 * v[3], rotation);
                } else {
                    std::vector<Point2> points;
                    good = parsePoints(at.value(QLatin1String("points")).toString(), points);
                    k.shape = name == QLatin1String("polygon")    ? Shape::polygon(points)
                              : name == QLatin1String("polyline") ? Shape::polyline(points)
                                                                  : Shape::keypoints(points);
                }
                if (!good) {
                    const QString why = QObject::tr("<%1> has a coordinate that is not a number")
                                            .arg(name.toString());
                    if (!leaveOut(why))
                        return fail(why);
                    if (track)
                        badTracks.insert(qint64(track - tracks.data()));
                    r.skipCurrentElement();
                    continue;
                }
                k.outside = at.value(QLatin1String("outside")) == QLatin1String("1");
                k.occluded = at.value(QLatin1String("occluded")) == QLatin1String("1");
                const bool keyframe = !at.hasAttribute(QLatin1String("keyframe")) ||
                                      at.value(QLatin1String("keyframe")) == QLatin1String("1");
                bool okFrame = false;
                int frame = at.value(QLatin1String("frame")).toInt(&okFrame);
                AttributeValues values;
                const QString element = name.toString();
                while (r.readNextStartElement()) {
                    if (r.name() == QLatin1String("attribute")) {
                        const QString n = r.attributes().value(QLatin1String("name")).toString();
                        values[n] = r.readElementText();
                    } else {
                        r.skipCurrentElement();
                    }
                }
                Track *into = track;
                if (!into) { // an image's shape: a track of one frame, ending on the next
                    if (imageFrame < 0) {
                        const QString why =
                            QObject::tr("<%1> outside a <track> or <image>").arg(element);
                        if (!leaveOut(why))
                            return fail(why);
                        continue;
                    }
                    tracks.emplace_back();
                    into = &tracks.back();
                    into->id = nextImageId++;
                    into->label = at.value(QLatin1String("label")).toString();
                    frame = imageFrame;
                    okFrame = true;
                    into->keyframes[frame + 1] = Keyframe{k.shape, true, false, {}};
                }
                if (!okFrame) {
                    const QString why = QObject::tr("<%1> needs a frame number").arg(element);
                    if (!leaveOut(why))
                        return fail(why);
                    badTracks.insert(qint64(into - tracks.data()));
                    continue;
                }
                // Attributes the meta calls mutable are per frame, the rest per track.
                const ClassSpec *spec = a.schema.find(into->label);
                for (const auto &[n, v] : values) {
                    const AttributeSpec *as = spec ? spec->attribute(n) : nullptr;
                    if (as && !as->perFrame)
                        into->attributes[n] = v;
                    else
                        k.attributes[n] = v;
                }
                if (keyframe || k.outside)
                    into->keyframes[frame] = k;
            } else if (name == QLatin1String("tag")) {
                // A tag on a frame (video) or on an image: one FrameTag per class.
                const auto at = r.attributes();
                bool okFrame = false;
                const int frame =
                    imageFrame >= 0 ? imageFrame : at.value(QLatin1String("frame")).toInt(&okFrame);
                const QString label = at.value(QLatin1String("label")).toString();
                const QString wrong = (imageFrame < 0 && !okFrame) || frame < 0
                                          ? QObject::tr("<tag> needs a frame number")
                                      : label.isEmpty() ? QObject::tr("<tag> needs a label")
                                                        : QString();
                if (!wrong.isEmpty()) {
                    if (!leaveOut(wrong))
                        return fail(wrong);
                    continue;
                }
                auto it = std::find_if(tags.begin(), tags.end(),
                                       [&](const FrameTag &t) { return t.label == label; });
                if (it == tags.end()) {
                    tags.push_back(FrameTag{0, label, 0, {}});
                    it = tags.end() - 1;
                }
                it->frames.insert(frame);
                a.frameCount = std::max(a.frameCount, frame + 1);
            } else if (name == QLatin1String("image")) {
                bool ok = false;
                imageFrame = r.attributes().value(QLatin1String("id")).toInt(&ok);
                if (!ok)
                    return fail(QObject::tr("<image> needs a numeric id"));
                a.frameCount = std::max(a.frameCount, imageFrame + 1);
            }
        } else if (r.isEndElement()) {
            if (r.name() == QLatin1String("meta"))
                inMeta = false;
            else if (r.name() == QLatin1String("track"))
                track = nullptr;
            else if (r.name() == QLatin1String("image"))
                imageFrame = -1;
            else if (r.name() == QLatin1String("label"))
                currentClass = nullptr, currentAttribute = nullptr;
            else if (r.name() == QLatin1String("attribute"))
                currentAttribute = nullptr;
        }
    }
    if (r.hasError()) {
        // Broken XML: with `problems`, what was read whole before it is kept.
        if (!leaveOut(r.errorString()))
            return fail(r.errorString());
        if (track)
            badTracks.insert(qint64(track - tracks.data()));
    }
    if (!sawRoot)
        return Error{QObject::tr("CVAT XML: the file is empty or has no <annotations>.")};
    if (!badTracks.empty()) {
        std::vector<Track> kept;
        for (std::size_t n = 0; n < tracks.size(); ++n)
            if (!badTracks.count(qint64(n)))
                kept.push_back(std::move(tracks[n]));
        tracks = std::move(kept);
    }
    // Tag ids after the tracks'.
    qint64 next = 1;
    for (const Track &t : tracks)
        next = std::max(next, t.id + 1);
    for (FrameTag &t : tags)
        t.id = next++;
    a.tracks = std::move(tracks);
    a.tags = std::move(tags);
    return a;
}

} // namespace loupe::cvat
