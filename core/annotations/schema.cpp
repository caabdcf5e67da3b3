#include "core/annotations/schema.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QObject>

#include <cmath>

namespace loupe {

namespace {

const std::pair<const char *, AttributeSpec::Type> kTypes[] = {
    {"select", AttributeSpec::Type::Select},
    {"multiselect", AttributeSpec::Type::MultiSelect},
    {"checkbox", AttributeSpec::Type::Checkbox},
    {"number", AttributeSpec::Type::Number},
    {"text", AttributeSpec::Type::Text}};

const std::pair<const char *, Shape::Kind> kShapes[] = {{"box", Shape::Kind::Box},
                                                        {"polygon", Shape::Kind::Polygon},
                                                        {"polyline", Shape::Kind::Polyline},
                                                        {"points", Shape::Kind::Points},
                                                        {"ellipse", Shape::Kind::Ellipse}};

QString shapeKey(Shape::Kind kind)
{
    for (const auto &[key, k] : kShapes)
        if (k == kind)
            return QString::fromLatin1(key);
    return {};
}

} // namespace

QString attributeTypeName(AttributeSpec::Type type)
{
    for (const auto &[key, t] : kTypes)
        if (t == type)
            return QString::fromLatin1(key);
    return {};
}

QString AttributeSpec::check(const QString &value) const
{
    switch (type) {
    case Type::Select:
        return values.contains(value) ? QString()
                                      : QObject::tr("\"%1\" is not one of %2 for %3")
                                            .arg(value, values.join(QStringLiteral(", ")), name);
    case Type::MultiSelect:
        for (const QString &v : value.split(QLatin1Char(';'), Qt::SkipEmptyParts))
            if (!values.contains(v))
                return QObject::tr("\"%1\" is not one of %2 for %3")
                    .arg(v, values.join(QStringLiteral(", ")), name);
        return {};
    case Type::Checkbox:
        return value == QLatin1String("true") || value == QLatin1String("false")
                   ? QString()
                   : QObject::tr("%1 is a checkbox: true or false, not \"%2\"").arg(name, value);
    case Type::Number: {
        bool ok = false;
        const double v = value.toDouble(&ok);
        if (!ok)
            return QObject::tr("%1 is a number, not \"%2\"").arg(name, value);
        if (v < minimum || v > maximum)
            return QObject::tr("%1 is %2, outside %3 to %4")
                .arg(name, value)
                .arg(minimum)
                .arg(maximum);
        if (step > 0 && std::abs(std::remainder(v - minimum, step)) > 1e-9 * std::max(1.0, step))
            return QObject::tr("%1 goes in steps of %2 from %3, not %4")
                .arg(name)
                .arg(step)
                .arg(minimum)
                .arg(value);
        return {};
    }
    case Type::Text: return {};
    }
    return {};
}

const AttributeSpec *ClassSpec::attribute(const QString &n) const
{
    for (const AttributeSpec &a : attributes)
        if (a.name == n)
            return &a;
    return nullptr;
}

const ClassSpec *LabelSchema::find(const QString &name) const
{
    for (const ClassSpec &c : classes)
        if (c.name == name)
            return &c;
    return nullptr;
}

Result<LabelSchema> LabelSchema::fromJson(const QByteArray &json)
{
    QJsonParseError parse{};
    const QJsonDocument doc = QJsonDocument::fromJson(json, &parse);
    if (parse.error != QJsonParseError::NoError)
        return Error{QObject::tr("The schema is not JSON: %1 at character %2.")
                         .arg(parse.errorString())
                         .arg(parse.offset)};
    if (!doc.isObject() || !doc.object()[QStringLiteral("classes")].isArray())
        return Error{QObject::tr("The schema needs a \"classes\" array at the top.")};
    LabelSchema schema;
    const QJsonArray classes = doc.object()[QStringLiteral("classes")].toArray();
    for (qsizetype c = 0; c < classes.size(); ++c) {
        const QString at = QStringLiteral("classes[%1]").arg(c);
        const QJsonObject o = classes[c].toObject();
        ClassSpec spec;
        spec.name = o[QStringLiteral("name")].toString().trimmed();
        if (spec.name.isEmpty())
            return Error{QObject::tr("%1.name is missing.").arg(at)};
        if (schema.find(spec.name))
            return Error{QObject::tr("%1.name: \"%2\" is there twice.").arg(at, spec.name)};
        spec.colour = QColor(o[QStringLiteral("colour")].toString(QStringLiteral("#ffcc00")));
        if (!spec.colour.isValid())
            return Error{QObject::tr("%1.colour is not a colour (\"#rrggbb\").").arg(at)};
        spec.tag = o[QStringLiteral("tag")].toBool();
        const QJsonArray shapes = o[QStringLiteral("shapes")].toArray();
        if (spec.tag && !shapes.isEmpty())
            return Error{QObject::tr("%1: a tag class has no shapes.").arg(at)};
        for (qsizetype s = 0; s < shapes.size(); ++s) {
            bool known = false;
            for (const auto &[key, kind] : kShapes)
                if (shapes[s].toString() == QLatin1String(key)) {
                    spec.shapes.insert(kind);
                    known = true;
                }
            if (!known)
                return Error{QObject::tr("%1.shapes[%2]: \"%3\" is not a shape (box, polygon, "
                                         "polyline, points, ellipse).")
                                 .arg(at)
                                 .arg(s)
                                 .arg(shapes[s].toString())};
        }
        const QJsonArray attributes = o[QStringLiteral("attributes")].toArray();
        for (qsizetype a = 0; a < attributes.size(); ++a) {
            const QString here = QStringLiteral("%1.attributes[%2]").arg(at).arg(a);
            const QJsonObject ao = attributes[a].toObject();
            AttributeSpec attr;
            attr.name = ao[QStringLiteral("name")].toString().trimmed();
            if (attr.name.isEmpty())
                return Error{QObject::tr("%1.name is missing.").arg(here)};
            if (spec.attribute(attr.name))
                return Error{QObject::tr("%1.name: \"%2\" is there twice.").arg(here, attr.name)};
            const QString type = ao[QStringLiteral("type")].toString();
            bool known = false;
            for (const auto &[key, t] : kTypes)
                if (type == QLatin1String(key)) {
                    attr.type = t;
                    known = true;
                }
            if (!known)
                return Error{QObject::tr("%1.type: \"%2\" is not select, multiselect, checkbox, "
                                         "number or text.")
                                 .arg(here, type)};
            attr.perFrame = ao[QStringLiteral("mutable")].toBool();
            for (const QJsonValue &v : ao[QStringLiteral("values")].toArray())
                attr.values << v.toString();
            if ((attr.type == AttributeSpec::Type::Select ||
                 attr.type == AttributeSpec::Type::MultiSelect) &&
                attr.values.isEmpty())
                return Error{QObject::tr("%1.values: a %2 needs its choices.").arg(here, type)};
            attr.minimum = ao[QStringLiteral("min")].toDouble(0);
            attr.maximum = ao[QStringLiteral("max")].toDouble(attr.minimum);
            attr.step = ao[QStringLiteral("step")].toDouble(0);
            if (attr.type == AttributeSpec::Type::Number && attr.maximum < attr.minimum)
                return Error{QObject::tr("%1: max is below min.").arg(here)};
            attr.defaultValue = ao[QStringLiteral("default")].toVariant().toString();
            if (attr.defaultValue.isEmpty())
                attr.defaultValue =
                    attr.type == AttributeSpec::Type::Checkbox ? QStringLiteral("false")
                    : attr.type == AttributeSpec::Type::Select ? attr.values.value(0)
                    : attr.type == AttributeSpec::Type::Number ? QString::number(attr.minimum)
                                                               : QString();
            if (const QString why = attr.check(attr.defaultValue); !why.isEmpty())
                return Error{QObject::tr("%1.default: %2.").arg(here, why)};
            spec.attributes.push_back(std::move(attr));
        }
        schema.classes.push_back(std::move(spec));
    }
    return schema;
}

QByteArray LabelSchema::toJson() const
{
    QJsonArray classesJson;
    for (const ClassSpec &c : classes) {
        QJsonArray shapes, attributes;
        for (Shape::Kind k : c.shapes)
            shapes.append(shapeKey(k));
        for (const AttributeSpec &a : c.attributes) {
            QJsonObject o{{QStringLiteral("name"), a.name},
                          {QStringLiteral("type"), attributeTypeName(a.type)},
                          {QStringLiteral("mutable"), a.perFrame},
                          {QStringLiteral("default"), a.defaultValue}};
            if (!a.values.isEmpty())
                o.insert(QStringLiteral("values"), QJsonArray::fromStringList(a.values));
            if (a.type == AttributeSpec::Type::Number) {
                o.insert(QStringLiteral("min"), a.minimum);
                o.insert(QStringLiteral("max"), a.maximum);
                o.insert(QStringLiteral("step"), a.step);
            }
            attributes.append(o);
        }
        QJsonObject o{{QStringLiteral("name"), c.name},
                      {QStringLiteral("colour"), c.colour.name()},
                      {QStringLiteral("shapes"), shapes},
                      {QStringLiteral("attributes"), attributes}};
        if (c.tag)
            o.insert(QStringLiteral("tag"), true);
        classesJson.append(o);
    }
    return QJsonDocument(QJsonObject{{QStringLiteral("classes"), classesJson}}).toJson();
}

QStringList LabelSchema::check(const FrameTag &tag) const
{
    const ClassSpec *spec = find(tag.label);
    if (!spec)
        return {QObject::tr("tag %1: the class \"%2\" is not in the schema")
                    .arg(tag.id)
                    .arg(tag.label)};
    if (!spec->tag)
        return {QObject::tr("tag %1: %2 is drawn as a shape, not set as a tag on frames")
                    .arg(tag.id)
                    .arg(tag.label)};
    return {};
}

QStringList LabelSchema::check(const Track &track) const
{
    QStringList problems;
    const ClassSpec *spec = find(track.label);
    if (!spec)
        return {QObject::tr("track %1: the class \"%2\" is not in the schema")
                    .arg(track.id)
                    .arg(track.label)};
    if (spec->tag)
        return {QObject::tr("track %1: %2 is a tag on frames; it has no shape")
                    .arg(track.id)
                    .arg(track.label)};
    for (const auto &[name, value] : track.attributes) {
        const AttributeSpec *a = spec->attribute(name);
        if (!a)
            problems << QObject::tr("track %1: %2 has no attribute \"%3\"")
                            .arg(track.id)
                            .arg(spec->name, name);
        else if (a->perFrame)
            problems << QObject::tr("track %1: \"%2\" changes from frame to frame; it belongs "
                                    "on keyframes")
                            .arg(track.id)
                            .arg(name);
        else if (const QString why = a->check(value); !why.isEmpty())
            problems << QObject::tr("track %1: %2").arg(track.id).arg(why);
    }
    for (const auto &[frame, key] : track.keyframes) {
        if (!key.outside && !spec->shapes.empty() && !spec->shapes.count(key.shape.kind))
            problems << QObject::tr("track %1, frame %2: a %3 cannot be drawn as a %4")
                            .arg(track.id)
                            .arg(frame)
                            .arg(spec->name, kindName(key.shape.kind));
        for (const auto &[name, value] : key.attributes) {
            const AttributeSpec *a = spec->attribute(name);
            if (!a)
                problems << QObject::tr("track %1, frame %2: %3 has no attribute \"%4\"")
                                .arg(track.id)
                                .arg(frame)
                                .arg(spec->name, name);
            else if (!a->perFrame)
                problems << QObject::tr("track %1, frame %2: \"%3\" is set once for the whole "
                                        "track, not per frame")
                                .arg(track.id)
                                .arg(frame)
                                .arg(name);
            else if (const QString why = a->check(value); !why.isEmpty())
                problems << QObject::tr("track %1, frame %2: %3").arg(track.id).arg(frame).arg(why);
        }
    }
    return problems;
}

} // namespace loupe
