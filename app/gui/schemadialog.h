#pragma once
// Tracks → Edit Label Schema: the classes (name, colour, the shapes they may take) and each
// class's attributes (name, type, per track or per frame, choices, range, default). What the
// edits would make of the tracks already drawn is checked before they apply: a schema that
// the tracks break is refused, with the first problems listed.

#include "core/annotations/schema.h"

#include <QDialog>

class QCheckBox;
class QListWidget;
class QPushButton;
class QTableWidget;
class QLabel;

namespace loupe {

class TrackDocument;

class SchemaDialog : public QDialog {
    Q_OBJECT
public:
    SchemaDialog(const LabelSchema &schema, QWidget *parent = nullptr);

    /// The schema as edited.
    LabelSchema schema() const;
    /// Why the edited schema cannot apply to `document`'s tracks (empty: it can).
    static QStringList problems(const LabelSchema &schema, const TrackDocument &document);

    // For tests and keyboard users.
    QListWidget *classList() const { return m_classes; }
    QTableWidget *attributeTable() const { return m_attributes; }
    void addClass(const QString &name);
    void removeClass(int row);
    void setShapeAllowed(Shape::Kind kind, bool allowed);
    void addAttribute(const AttributeSpec &attribute);

private:
    void showClass(int row);
    void storeClass(); ///< the form's values into m_schema
    void setColour(const QColor &colour);

    LabelSchema m_schema;
    int m_current = -1;
    QListWidget *m_classes;
    QPushButton *m_colour;
    std::vector<std::pair<Shape::Kind, QCheckBox *>> m_shapes;
    QTableWidget *m_attributes;
    QLabel *m_hint;
};

} // namespace loupe
