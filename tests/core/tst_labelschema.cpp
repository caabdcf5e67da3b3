// A project's label schema: read from JSON (errors give the JSON path), written back the same,
// attribute values checked by type (choices, checkbox, number range and step), and tracks
// checked against it (class, shape kinds, per-track and per-frame attributes).

#include "core/annotations/schema.h"

#include <QTest>

using namespace loupe;

namespace {

const QByteArray kSchema = R"({"classes": [
  {"name": "car", "colour": "#ff0000", "shapes": ["box", "polygon"],
   "attributes": [
     {"name": "occluded", "type": "checkbox", "mutable": true},
     {"name": "kind", "type": "select", "values": ["sedan", "van", "truck"]},
     {"name": "lights", "type": "multiselect", "values": ["head", "brake", "indicator"],
      "mutable": true},
     {"name": "speed", "type": "number", "min": 0, "max": 200, "step": 5, "mutable": true},
     {"name": "note", "type": "text"}]},
  {"name": "lane", "colour": "#00ff00", "shapes": ["polyline"]},
  {"name": "sign"}]})";

Track carTrack()
{
    Track t;
    t.id = 3;
    t.label = QStringLiteral("car");
    t.attributes = {{QStringLiteral("kind"), QStringLiteral("van")},
                    {QStringLiteral("note"), QStringLiteral("parked at first")}};
    t.keyframes[0] = Keyframe{Shape::box(0, 0, 10, 10),
                              false,
                              false,
                              {{QStringLiteral("speed"), QStringLiteral("0")},
                               {QStringLiteral("lights"), QStringLiteral("head;brake")}}};
    t.keyframes[9] = Keyframe{Shape::box(5, 0, 15, 10), true, false, {}};
    return t;
}

} // namespace

class TestLabelSchema : public QObject {
    Q_OBJECT

private slots:
    void readsAndWritesTheSame()
    {
        Result<LabelSchema> s = LabelSchema::fromJson(kSchema);
        QVERIFY2(s.ok(), qPrintable(s.errorMessage()));
        QCOMPARE(int(s->classes.size()), 3);
        const ClassSpec *car = s->find(QStringLiteral("car"));
        QVERIFY(car);
        QCOMPARE(car->colour, QColor(255, 0, 0));
        QCOMPARE(car->shapes, (std::set<Shape::Kind>{Shape::Kind::Box, Shape::Kind::Polygon}));
        QCOMPARE(int(car->attributes.size()), 5);
        const AttributeSpec *speed = car->attribute(QStringLiteral("speed"));
        QVERIFY(speed && speed->perFrame);
        QCOMPARE(speed->type, AttributeSpec::Type::Number);
        QCOMPARE(speed->maximum, 200.0);
        QCOMPARE(car->attribute(QStringLiteral("kind"))->defaultValue, QStringLiteral("sedan"));
        QCOMPARE(car->attribute(QStringLiteral("occluded"))->defaultValue, QStringLiteral("false"));
        QVERIFY(s->find(QStringLiteral("sign"))->shapes.empty()); // any shape
        // Written and read again: the same schema.
        Result<LabelSchema> again = LabelSchema::fromJson(s->toJson());
        QVERIFY2(again.ok(), qPrintable(again.errorMessage()));
        QCOMPARE(again->toJson(), s->toJson());
        QCOMPARE(again->find(QStringLiteral("car"))->attribute(QStringLiteral("lights"))->values,
                 (QStringList{"head", "brake", "indicator"}));
    }

    void tagClasses()
    {
        Result<LabelSchema> s = LabelSchema::fromJson(
            R"({"classes": [{"name": "night", "tag": true}, {"name": "car"}]})");
        QVERIFY2(s.ok(), qPrintable(s.errorMessage()));
        QVERIFY(s->find(QStringLiteral("night"))->tag);
        QVERIFY(!s->find(QStringLiteral("car"))->tag);
        QCOMPARE(LabelSchema::fromJson(s->toJson())->toJson(), s->toJson());
        QVERIFY(s->check(FrameTag{1, QStringLiteral("night"), 0, {1}}).isEmpty());
        QVERIFY(!s->check(FrameTag{1, QStringLiteral("car"), 0, {1}}).isEmpty());
        QVERIFY(!s->check(FrameTag{1, QStringLiteral("fog"), 0, {1}}).isEmpty());
        // A tag class has no shapes.
        Result<LabelSchema> bad = LabelSchema::fromJson(
            R"({"classes": [{"name": "night", "tag": true, "shapes": ["box"]}]})");
        QVERIFY(!bad.ok());
        QVERIFY2(bad.errorMessage().contains(QStringLiteral("classes[0]")),
                 qPrintable(bad.errorMessage()));
    }

    void errorsSayWhere_data()
    {
        QTest::addColumn<QByteArray>("json");
        QTest::addColumn<QString>("where");
        QTest::newRow("not JSON") << QByteArray("{\"classes\": [") << "not JSON";
        QTest::newRow("no classes") << QByteArray("{}") << "\"classes\"";
        QTest::newRow("no name") << QByteArray(R"({"classes": [{"name": "a"}, {}]})")
                                 << "classes[1].name";
        QTest::newRow("twice") << QByteArray(R"({"classes": [{"name": "a"}, {"name": "a"}]})")
                               << "twice";
        QTest::newRow("bad shape")
            << QByteArray(R"({"classes": [{"name": "a", "shapes": ["box", "circle"]}]})")
            << "classes[0].shapes[1]";
        QTest::newRow("bad type")
            << QByteArray(
                   R"({"classes": [{"name": "a", "attributes": [{"name": "x", "type": "date"}]}]})")
            << "classes[0].attributes[0].type";
        QTest::newRow("select without choices")
            << QByteArray(
                   R"({"classes": [{"name": "a", "attributes": [{"name": "x", "type": "select"}]}]})")
            << "classes[0].attributes[0].values";
        QTest::newRow("default outside range")
            << QByteArray(
                   R"({"classes": [{"name": "a", "attributes": [{"name": "x", "type": "number", "min": 1, "max": 5, "default": 9}]}]})")
            << "classes[0].attributes[0].default";
    }

    void errorsSayWhere()
    {
        QFETCH(QByteArray, json);
        QFETCH(QString, where);
        Result<LabelSchema> s = LabelSchema::fromJson(json);
        QVERIFY(!s.ok());
        QVERIFY2(s.errorMessage().contains(where), qPrintable(s.errorMessage()));
    }

    void valuesAreCheckedByType()
    {
        const LabelSchema s = LabelSchema::fromJson(kSchema).value();
        const ClassSpec &car = *s.find(QStringLiteral("car"));
        const auto ok = [&](const char *attribute, const char *value) {
            return car.attribute(QString::fromLatin1(attribute))
                ->check(QString::fromLatin1(value))
                .isEmpty();
        };
        QVERIFY(ok("kind", "truck"));
        QVERIFY(!ok("kind", "bus"));
        QVERIFY(ok("lights", "head;indicator"));
        QVERIFY(ok("lights", ""));
        QVERIFY(!ok("lights", "head;fog"));
        QVERIFY(ok("occluded", "true"));
        QVERIFY(!ok("occluded", "yes"));
        QVERIFY(ok("speed", "0") && ok("speed", "195") && ok("speed", "200"));
        QVERIFY(!ok("speed", "201"));
        QVERIFY(!ok("speed", "-5"));
        QVERIFY(!ok("speed", "12")); // steps of 5
        QVERIFY(!ok("speed", "fast"));
        QVERIFY(ok("note", "anything at all"));
    }

    void tracksCarryOnlyWhatTheSchemaAllows()
    {
        const LabelSchema s = LabelSchema::fromJson(kSchema).value();
        QVERIFY2(s.check(carTrack()).isEmpty(), qPrintable(s.check(carTrack()).join(u'\n')));
        Track t = carTrack();
        t.label = QStringLiteral("bicycle");
        QVERIFY(s.check(t).join(u'\n').contains(QStringLiteral("not in the schema")));
        t = carTrack();
        t.keyframes[4] = Keyframe{Shape::polyline({{0, 0}, {1, 1}}), false, false, {}};
        QVERIFY(s.check(t).join(u'\n').contains(QStringLiteral("cannot be drawn as a polyline")));
        t = carTrack();
        t.attributes[QStringLiteral("speed")] = QStringLiteral("10"); // per frame, not per track
        t.keyframes[0].attributes[QStringLiteral("kind")] = QStringLiteral("van");   // the reverse
        t.keyframes[0].attributes[QStringLiteral("colour")] = QStringLiteral("red"); // unknown
        t.keyframes[0].attributes[QStringLiteral("speed")] = QStringLiteral("300");  // range
        const QStringList problems = s.check(t);
        QCOMPARE(problems.size(), 4);
        QVERIFY(problems.join(u'\n').contains(QStringLiteral("belongs on keyframes")));
        QVERIFY(problems.join(u'\n').contains(QStringLiteral("once for the whole track")));
        QVERIFY(problems.join(u'\n').contains(QStringLiteral("no attribute \"colour\"")));
        QVERIFY(problems.join(u'\n').contains(QStringLiteral("outside 0 to 200")));
        // An outside keyframe's shape is not checked (the object is not there).
        t = carTrack();
        t.keyframes[9].shape = Shape::polyline({{0, 0}, {1, 1}});
        QVERIFY(s.check(t).isEmpty());
    }
};

QTEST_GUILESS_MAIN(TestLabelSchema)
#include "tst_labelschema.moc"
