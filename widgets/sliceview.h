#pragma once

#include "core/compute/reslice.h"
#include "core/plugins/interfaces.h"
#include "widgets/slicerender.h"

#include <QImage>
#include <QPointer>
#include <QWidget>

#include <array>
#include <memory>
#include <optional>
#include <vector>

class QScrollBar;

namespace loupe {

class ComputeBackend;
class Segmentation;
struct LabelOverlay;
class SliceRenderer;
class Volume;

/// One multiplanar slice view (axial, coronal or sagittal) of a volume.
///
/// Mouse: the left button places the crosshair, or with a measuring tool draws a ruler or an
/// elliptical ROI; Shift + left drag turns the crosshair (the other views' planes turn with it:
/// oblique reslicing); the wheel scrolls slices (Ctrl + wheel zooms), right drag sets
/// window/level (right–left: width, up–down: level), middle drag pans. With the segment tool
/// the left button goes to the active segment editor tool (toolEvent()), and Ctrl + click picks
/// the segment under the pointer. Keys: Up/Down and Page Up/Down scroll, comma and period turn
/// the crosshair 5°, R resets zoom and pan, M ruler, O ROI, C (or Esc) back to the crosshair. The
/// view shows orientation letters on its edges, a scale bar, the slice number, the window, and the
/// value and patient coordinates under the mouse. A slider along the right edge shows and moves
/// the slice (top: the last slice).
///
/// The plane shown is the orientation's own grid plane, or, once turned by setRotation(), an
/// oblique plane through the crosshair resampled with trilinear interpolation.
class SliceView : public QWidget {
    Q_OBJECT
public:
    enum class Tool { Crosshair, Ruler, Roi, Segment };

    SliceView(SliceOrientation orientation, const ComputeBackend &compute,
              QWidget *parent = nullptr);

    void setVolume(std::shared_ptr<const Volume> volume);
    SliceOrientation orientation() const { return m_orientation; }

    /// The crosshair, in voxel coordinates; moving it also moves this view to its slice.
    void setCrosshair(const Vec3 &voxel);
    const Vec3 &crosshair() const { return m_cursor; }
    int slice() const { return m_slice; }
    void setSlice(int slice);
    int sliceCount() const;
    void setWindow(Window window);
    Window window() const { return m_window; }
    double zoom() const { return m_zoom; }

    /// Segments to draw over the slice (nullptr: none); redrawn when they change.
    void setSegmentation(const Segmentation *segmentation);
    /// Tints the pixels whose values lie in the range (a threshold tool's live preview);
    /// nullopt: none.
    void setPreviewRange(std::optional<std::pair<double, double>> range,
                         std::array<std::uint8_t, 3> colour = {255, 255, 0});
    /// A path the active tool is drawing (plane pixels); empty: none.
    void setToolOutline(const std::vector<std::pair<double, double>> &points);
    /// The brush outline drawn under the pointer with the segment tool (0: none), in mm.
    void setBrushRadius(double mm);

    /// Turns this view's plane by `rotation` (patient space; identity: the grid's own plane).
    void setRotation(const Mat3 &rotation);
    const Mat3 &rotation() const { return m_rotation; }
    /// The plane shown now.
    const SlicePlane &plane() const { return m_plane; }
    /// The plane's normal in patient space.
    Vec3 normal() const;
    /// The normals of the planes whose traces the crosshair draws (the other two views); none:
    /// the crosshair is a horizontal and a vertical line.
    void setCrosshairPlanes(const std::vector<Vec3> &normals);
    /// The on-screen direction of each crosshair line (unit vectors, y down).
    std::vector<QPointF> crosshairDirections() const;

    /// The last slice rendered (plane pixels, before scaling to the widget). Slices are
    /// rendered on a worker thread: after a change, the new picture arrives with rendered().
    const QImage &image() const { return m_image; }
    /// A new picture is being made for the latest change.
    bool isRenderPending() const;
    /// Letters on the left, right, top and bottom edges.
    QStringList edgeLetters() const;
    /// What the view says about the point under the mouse (value, patient position).
    QString hoverText() const { return m_hover; }

    void setTool(Tool tool);
    Tool tool() const { return m_tool; }
    /// The measurement on the current slice, for people ("42.3 mm", or "area 120 mm², mean
    /// 41.2 ± 3.1 HU"); empty when there is none.
    QString measurementText() const;

    /// The slice slider beside the picture.
    QScrollBar *sliceSlider() const { return m_slider; }

    /// Where plane pixel (x, y) is on screen, and back.
    QPointF planeToScreen(QPointF plane) const;
    QPointF screenToPlane(QPointF screen) const;

signals:
    /// The user moved the crosshair (click or drag): other views follow.
    void crosshairMoved(const loupe::Vec3 &voxel);
    /// The user changed window/level: other views follow.
    void windowChanged(loupe::Window window);
    /// A new picture is on screen (after a slice, window or volume change).
    void rendered();
    /// The user turned the crosshair by `radians` about `axis` (this plane's normal, patient
    /// space): the other views' planes should turn with it.
    void rotateRequested(const loupe::Vec3 &axis, double radians);
    /// With the segment tool: a press, drag or release of the left button, for the active tool.
    void toolEvent(const loupe::ToolEvent &event);
    /// Ctrl + click with the segment tool: the label under the pointer (0 for none).
    void labelPicked(int label);

protected:
    void paintEvent(QPaintEvent *event) override;
    void mousePressEvent(QMouseEvent *event) override;
    void mouseMoveEvent(QMouseEvent *event) override;
    void mouseReleaseEvent(QMouseEvent *event) override;
    void wheelEvent(QWheelEvent *event) override;
    void keyPressEvent(QKeyEvent *event) override;
    void resizeEvent(QResizeEvent *event) override;

private:
    void redraw();
    void takeLabels();
    void onFrame(const QImage &image);
    void updatePlane();
    void syncSlider();
    /// The area the picture and its overlay use: the widget less the slider.
    int canvasWidth() const;
    void rotateBy(double screenRadians);
    QRectF imageRect() const;
    void placeCursorAt(QPointF screen);
    ToolEvent toolEventAt(ToolEvent::Type type, QPointF screen, const QMouseEvent &e) const;
    void updateHover(QPointF screen);
    void drawOverlay(QPainter &painter) const;

    const SliceOrientation m_orientation;
    const ComputeBackend &m_compute;
    std::shared_ptr<const Volume> m_volume;
    Vec3 m_cursor{0, 0, 0};
    int m_slice = 0;
    Mat3 m_rotation = identity3();
    SlicePlane m_plane;
    std::vector<Vec3> m_crosshairPlanes;
    double m_dragAngle = 0; ///< Shift + drag: the screen angle of the last mouse position
    Window m_window;
    double m_zoom = 1.0;
    QPointF m_pan{0, 0};
    QImage m_image;
    SliceRenderer *m_renderer;
    QScrollBar *m_slider;
    QPointer<const Segmentation> m_segmentation;
    std::vector<QMetaObject::Connection> m_segmentationLinks;
    std::shared_ptr<const LabelOverlay> m_labels; ///< the segments as last changed
    double m_brushMm = 0;
    std::vector<std::pair<double, double>> m_toolOutline;
    std::optional<std::pair<double, double>> m_previewRange;
    std::array<std::uint8_t, 3> m_previewColour{255, 255, 0};
    QPointF m_pointer{-1, -1};
    QString m_hover;
    Qt::MouseButton m_dragButton = Qt::NoButton;
    QPointF m_dragStart;
    Window m_windowAtDrag;
    QPointF m_panAtDrag;
    Tool m_tool = Tool::Crosshair;
    QPointF m_measureStart; ///< plane coordinates
    QPointF m_measureEnd;
    int m_measureSlice = -1; ///< the slice the measurement belongs to; -1 for none
    bool m_measureIsRuler = true;
};

} // namespace loupe
