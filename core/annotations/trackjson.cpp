#include "core/annotations/trackjson.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QLocale>

#include <cmath>

namespace loupe {

namespace {

const char *const kKinds[] = {"box", "polygon", "polyline", "points", "ellipse"};

QJsonObject attributesJson(const AttributeValues &values)
{
    QJsonObject o;
    for (const auto &[k, v] : values)
        o.insert(k, v);
    return o;
}

AttributeValues attributesFrom(const QJsonObject &o)
{
    AttributeValues values;
    for (auto it = o.begin(); it != o.end(); ++it)
        values[it.key()] = it.value().toString();
    return values;
}

/// Direct JSON writing for the journal's hottest path (a keyframe per operation: a 10,000-track
/// project saves 115,000 of them). Same text QJsonDocument's compact form would give for these
/// values: numbers in their shortest round-trip form, strings escaped.
void appendNumber(QByteArray &out, double v)
{
    if (!std::isfinite(v)) {
        out += "null";
        return;
    }
    out += QByteArray::number(v, 'g', QLocale::FloatingPointShortest);
}

void appendString(QByteArray &out, const QString &text)
{
    out += '"';
    for (const char c : text.toUtf8()) {
        const auto u = static_cast<unsigned char>(c);
        if (c == '"' || c == '\\') {
            out += '\\';
            out += c;
        } else if (c == '\b' || c == '\f' || c == '\n' || c == '\r' || c == '\t') {
            out += '\\';
            out += c == '\b' ? 'b' : c == '\f' ? 'f' : c == '\n' ? 'n' : c == '\r' ? 'r' : 't';
        } else if (u < 0x20) {
            static const char hex[] = "0123456789abcdef";
            out += "\\u00";
            out += hex[u >> 4];
            out += hex[u & 15];
        } else {
            out += c;
        }
    }
    out += '"';
}

void appendAttributes(QByteArray &out, const AttributeValues &values)
{
    out += '{';
    bool first = true;
    for (const auto &[k, v] : values) {
        if (!first)
            out += ',';
        first = false;
        appendString(out, k);
        out += ':';
        appendString(out, v);
    }
    out += '}';
}

void appendShape(QByteArray &out, const Shape &s)
{
    out += "{";
    if (s.hasVertices()) {
        out += "\"kind\":\"";
        out += kKinds[int(s.kind)];
        out += "\",\"points\":[";
        for (std::size_t n = 0; n < s.points.size(); ++n) {
            if (n)
                out += ',';
            appendNumber(out, s.points[n].x);
            out += ',';
            appendNumber(out, s.points[n].y);
        }
        out += "]}";
        return;
    }
    out += "\"angle\":";
    appendNumber(out, s.angle);
    out += ",\"centre\":[";
    appendNumber(out, s.centre.x);
    out += ',';
    appendNumber(out, s.centre.y);
    out += "],\"kind\":\"";
    out += kKinds[int(s.kind)];
    out += "\",\"size\":[";
    appendNumber(out, s.width);
    out += ',';
    appendNumber(out, s.height);
    out += "]}";
}

} // namespace

QJsonObject shapeToJson(const Shape &s)
{
    QJsonObject o{{QStringLiteral("kind"), QLatin1String(kKinds[int(s.kind)])}};
    if (s.hasVertices()) {
        QJsonArray points;
        for (const Point2 &p : s.points) {
            points.append(p.x);
            points.append(p.y);
        }
        o.insert(QStringLiteral("points"), points);
    } else {
        o.insert(QStringLiteral("centre"), QJsonArray{s.centre.x, s.centre.y});
        o.insert(QStringLiteral("size"), QJsonArray{s.width, s.height});
        o.insert(QStringLiteral("angle"), s.angle);
    }
    return o;
}

bool shapeFromJson(const QJsonObject &o, Shape &shape)
{
    Shape s;
    const QString kind = o[QStringLiteral("kind")].toString();
    int k = -1;
    for (int n = 0; n < 5; ++n)
        if (kind == QLatin1String(kKinds[n]))
            k = n;
    if (k < 0)
        return false;
    s.kind = Shape::Kind(k);
    if (s.hasVertices()) {
        const QJsonArray p = o[QStringLiteral("points")].toArray();
        if (p.size() % 2 != 0 || p.isEmpty())
            return false;
        for (qsizetype n = 0; n + 1 < p.size(); n += 2)
            s.points.push_back({p[n].toDouble(), p[n + 1].toDouble()});
    } else {
        const QJsonArray c = o[QStringLiteral("centre")].toArray();
        const QJsonArray z = o[QStringLiteral("size")].toArray();
        if (c.size() != 2 || z.size() != 2)
            return false;
        s.centre = {c[0].toDouble(), c[1].toDouble()};
        s.width = z[0].toDouble();
        s.height = z[1].toDouble();
        s.angle = o[QStringLiteral("angle")].toDouble();
    }
    shape = std::move(s);
    return true;
}

QByteArray keyframeToJson(const Keyframe &k)
{
    // Keys in QJsonObject's (sorted) order, as before: attributes, occluded, outside, shape.
    QByteArray out;
    out.reserve(160);
    out += "{\"attributes\":";
    appendAttributes(out, k.attributes);
    out += k.occluded ? ",\"occluded\":true" : ",\"occluded\":false";
    out += k.outside ? ",\"outside\":true" : ",\"outside\":false";
    out += ",\"shape\":";
    appendShape(out, k.shape);
    out += '}';
    return out;
}

bool keyframeFromJson(const QByteArray &json, Keyframe &keyframe)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    Keyframe k;
    if (!shapeFromJson(o[QStringLiteral("shape")].toObject(), k.shape))
        return false;
    k.outside = o[QStringLiteral("outside")].toBool();
    k.occluded = o[QStringLiteral("occluded")].toBool();
    k.attributes = attributesFrom(o[QStringLiteral("attributes")].toObject());
    keyframe = std::move(k);
    return true;
}

QByteArray trackHeaderToJson(const Track &t)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("id"), t.id},
                                     {QStringLiteral("label"), t.label},
                                     {QStringLiteral("stream"), t.stream},
                                     {QStringLiteral("attributes"), attributesJson(t.attributes)}})
        .toJson(QJsonDocument::Compact);
}

bool trackHeaderFromJson(const QByteArray &json, Track &track)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    if (!o.contains(QStringLiteral("id")) || o[QStringLiteral("label")].toString().isEmpty())
        return false;
    track.id = o[QStringLiteral("id")].toInteger();
    track.label = o[QStringLiteral("label")].toString();
    track.stream = o[QStringLiteral("stream")].toInt();
    track.attributes = attributesFrom(o[QStringLiteral("attributes")].toObject());
    return true;
}

} // namespace loupe
