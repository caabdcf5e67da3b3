#include "app/gui/defaultschema.h"

namespace loupe {

LabelSchema drivingSchema()
{
    static const char json[] = R"({"classes": [
        {"name": "car", "colour": "#e6194b", "shapes": ["box", "polygon"], "attributes": [
            {"name": "parked", "type": "checkbox"},
            {"name": "kind", "type": "select", "values": ["sedan", "van", "suv", "other"],
             "default": "sedan"},
            {"name": "truncated", "type": "checkbox", "mutable": true}]},
        {"name": "truck", "colour": "#f58231", "shapes": ["box", "polygon"], "attributes": [
            {"name": "truncated", "type": "checkbox", "mutable": true}]},
        {"name": "pedestrian", "colour": "#ffe119", "shapes": ["box", "polygon", "points"],
         "attributes": [{"name": "pose", "type": "select", "mutable": true,
                         "values": ["standing", "walking", "sitting"], "default": "walking"}]},
        {"name": "cyclist", "colour": "#3cb44b", "shapes": ["box", "polygon"]},
        {"name": "lane", "colour": "#42d4f4", "shapes": ["polyline"], "attributes": [
            {"name": "marking", "type": "select", "values": ["solid", "dashed", "double"],
             "default": "solid"}]},
        {"name": "sign", "colour": "#911eb4", "attributes": [
            {"name": "text", "type": "text"}]},
        {"name": "night", "colour": "#4363d8", "tag": true},
        {"name": "rain", "colour": "#469990", "tag": true}]})";
    Result<LabelSchema> schema = LabelSchema::fromJson(json);
    return schema.ok() ? schema.value() : LabelSchema{};
}

} // namespace loupe
