#pragma once

#include "core/annotations/track.h"
#include "core/result.h"

#include <QByteArray>
#include <QColor>
#include <QString>
#include <QStringList>

#include <set>
#include <vector>

namespace loupe {

/// One attribute a class's objects carry.
struct AttributeSpec {
    enum class Type { Select, MultiSelect, Checkbox, Number, Text };
    QString name;
    Type type = Type::Text;
    bool perFrame = false; ///< mutable: set at keyframes; otherwise once per track
    QStringList values;    ///< Select, MultiSelect: the choices
    double minimum = 0, maximum = 0, step = 0; ///< Number
    QString defaultValue;
    /// Why `value` is not allowed (empty: it is). MultiSelect values are joined with ';'.
    QString check(const QString &value) const;
};

/// One class of object: its name, colour, the shapes it may be drawn as, its attributes.
struct ClassSpec {
    QString name;
    QColor colour;
    std::set<Shape::Kind> shapes; ///< empty: any
    bool tag = false;             ///< a tag on frames, with no shape (JSON "tag": true); not drawn
    std::vector<AttributeSpec> attributes;
    const AttributeSpec *attribute(const QString &name) const;
};

/// A project's classes and attributes. Read from and written to JSON:
///
///     {"classes": [{"name": "night", "tag": true},
///                  {"name": "car", "colour": "#ff0000", "shapes": ["box", "polygon"],
///       "attributes": [{"name": "occluded", "type": "checkbox", "mutable": true},
///                      {"name": "kind", "type": "select", "values": ["sedan", "van"]},
///                      {"name": "speed", "type": "number", "min": 0, "max": 200, "step": 1},
///                      {"name": "note", "type": "text"}]}]}
struct LabelSchema {
    std::vector<ClassSpec> classes;

    const ClassSpec *find(const QString &name) const;
    /// Errors give the JSON path of what is wrong ("classes[2].attributes[0].type").
    static Result<LabelSchema> fromJson(const QByteArray &json);
    QByteArray toJson() const;
    /// What `track` carries that this schema does not allow: an unknown class, a shape kind
    /// the class may not take, unknown attributes, per-frame attributes set per track (or the
    /// other way round), values outside their choices or range. Empty: it is allowed.
    QStringList check(const Track &track) const;
    /// What a frame tag carries that this schema does not allow: an unknown class, or one that
    /// is not a tag class.
    QStringList check(const FrameTag &tag) const;
};

QString attributeTypeName(AttributeSpec::Type type);

} // namespace loupe
