#pragma once

#include <QPointer>
#include <QWidget>

class QCheckBox;
class QComboBox;
class QDoubleSpinBox;
class QGridLayout;
class QMenu;
class QSlider;
class QTreeWidget;

namespace loupe {

class Segmentation;
class SegmentEditor;

/// The segment editor's panel: the tools, the segments (add from the terminology, rename in
/// place, show/hide, lock, recolour, reorder, delete, jump to, merge, union, intersect,
/// subtract, own layer), and the tools' settings (brush size and shape, intensity range, fill
/// opacity).
class SegmentsPanel : public QWidget {
    Q_OBJECT
public:
    explicit SegmentsPanel(SegmentEditor &editor, QWidget *parent = nullptr);

    void setSegmentation(Segmentation *segmentation);
    /// The tool actions (checkable, with their shortcuts) shown as buttons.
    void setToolActions(const QList<QAction *> &actions);
    QTreeWidget *list() const { return m_list; }

    /// Adds a segment named after the chosen terminology entry.
    void addSegment();

signals:
    /// The user asked to see a segment: its centre, in voxels.
    void jumpTo(double i, double j, double k);

private:
    void rebuild();
    void syncSettings();
    void jumpToCurrent();
    /// The Combine… menu for the selected segment: merge, ∪, ∩, − with each other one, and
    /// a layer of its own.
    void fillCombineMenu(QMenu &menu);
    std::uint8_t selectedLabel() const;

    SegmentEditor &m_editor;
    QPointer<Segmentation> m_segmentation;
    QGridLayout *m_toolRow;
    QTreeWidget *m_list;
    QComboBox *m_terminology;
    QDoubleSpinBox *m_brush;
    QCheckBox *m_ball;
    QDoubleSpinBox *m_low;
    QDoubleSpinBox *m_high;
    QCheckBox *m_insideOnly;
    QSlider *m_opacity;
    bool m_rebuilding = false;
};

} // namespace loupe
