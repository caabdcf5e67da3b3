#include "widgets/sliceview.h"

#include "core/compute/computebackend.h"
#include "core/compute/measure.h"
#include "core/labels/segmentation.h"
#include "core/volume.h"
#include "widgets/labeloverlay.h"
#include "widgets/slicerenderer.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QPainter>
#include <QScrollBar>
#include <QWheelEvent>

#include <algorithm>
#include <cmath>

namespace loupe {

namespace {

const char *orientationName(SliceOrientation o)
{
    switch (o) {
    case SliceOrientation::Axial: return "Axial";
    case SliceOrientation::Coronal: return "Coronal";
    case SliceOrientation::Sagittal: return "Sagittal";
    }
    return "";
}

/// A round length (1, 2 or 5 times a power of ten) close to `mm`.
double niceLength(double mm)
{
    const double power = std::pow(10.0, std::floor(std::log10(std::max(mm, 1e-6))));
    for (double step : {5.0, 2.0, 1.0})
        if (step * power <= mm)
            return step * power;
    return power;
}

} // namespace

SliceView::SliceView(SliceOrientation orientation, const ComputeBackend &compute, QWidget *parent)
    : QWidget(parent), m_orientation(orientation), m_compute(compute),
      m_renderer(new SliceRenderer(compute, this)), m_slider(new QScrollBar(Qt::Vertical, this))
{
    m_slider->setObjectName(QStringLiteral("sliceSlider"));
    m_slider->setInvertedAppearance(true); // the top is the last slice, as the Up key goes
    m_slider->setFocusPolicy(Qt::NoFocus); // keys stay with the view
    m_slider->setToolTip(tr("Slice"));
    m_slider->hide();
    // Programmatic changes are made under a signal blocker: this is the user moving it.
    connect(m_slider, &QScrollBar::valueChanged, this, [this](int slice) {
        setSlice(slice);
        emit crosshairMoved(m_cursor);
    });
    connect(m_renderer, &SliceRenderer::frameReady, this,
            [this](const QImage &image) { onFrame(image); });
    setMinimumSize(120, 120);
    setMouseTracking(true);
    setFocusPolicy(Qt::StrongFocus);
    setAttribute(Qt::WA_OpaquePaintEvent);
}

void SliceView::setVolume(std::shared_ptr<const Volume> volume)
{
    m_volume = std::move(volume);
    m_zoom = 1.0;
    m_pan = {0, 0};
    if (m_volume) {
        m_window = defaultWindow(*m_volume);
        const auto &d = m_volume->geometry().dims;
        m_cursor = {double(d[0] / 2), double(d[1] / 2), double(d[2] / 2)};
        m_slice = static_cast<int>(voxelToPlane(m_volume->geometry(), m_orientation, m_cursor)[2]);
        m_measureSlice = -1;
        updatePlane();
    } else {
        syncSlider();
    }
    redraw();
}

int SliceView::sliceCount() const
{
    return m_volume ? m_plane.sliceCount : 0;
}

void SliceView::updatePlane()
{
    const VolumeGeometry &g = m_volume->geometry();
    if (m_rotation == identity3()) { // the grid's own plane: the fast path
        m_slice = std::clamp(m_slice, 0, loupe::sliceCount(g, m_orientation) - 1);
        m_plane = axisPlane(g, m_orientation, m_slice);
    } else {
        m_plane = obliquePlane(g, m_orientation, m_rotation, m_cursor);
        m_slice = m_plane.index;
    }
    syncSlider();
}

void SliceView::syncSlider()
{
    const QSignalBlocker quiet(m_slider);
    const int count = m_volume ? m_plane.sliceCount : 0;
    m_slider->setVisible(count > 1);
    m_slider->setRange(0, std::max(0, count - 1));
    m_slider->setPageStep(std::max(1, count / 10));
    m_slider->setValue(m_slice);
}

int SliceView::canvasWidth() const
{
    return !m_slider->isHidden() ? width() - m_slider->width() : width();
}

void SliceView::resizeEvent(QResizeEvent *)
{
    const int w = m_slider->sizeHint().width();
    m_slider->setGeometry(width() - w, 0, w, height());
}

Vec3 SliceView::normal() const
{
    if (!m_volume)
        return {0, 0, 1};
    const VolumeGeometry &g = m_volume->geometry();
    return normalized(g.voxelToPatient(m_plane.origin + m_plane.stepNormal) -
                      g.voxelToPatient(m_plane.origin));
}

void SliceView::setSlice(int slice)
{
    if (!m_volume)
        return;
    slice = std::clamp(slice, 0, sliceCount() - 1);
    if (slice == m_slice)
        return;
    // Keep the crosshair on the slice shown: move it through the planes.
    const Vec3 inPlane = m_plane.toPlane(m_cursor);
    if (m_plane.axisAligned) {
        m_slice = slice;
        updatePlane();
        m_cursor = m_plane.toVoxel(inPlane[0], inPlane[1]);
    } else {
        m_cursor = m_cursor + double(slice - m_plane.index) * m_plane.stepNormal;
        updatePlane();
    }
    redraw();
}

void SliceView::setCrosshair(const Vec3 &voxel)
{
    if (!m_volume)
        return;
    m_cursor = voxel;
    const SlicePlane before = m_plane;
    if (m_plane.axisAligned)
        m_slice = static_cast<int>(std::lround(m_plane.toPlane(voxel)[2])) + m_plane.index;
    updatePlane();
    if (m_plane.index != before.index || m_plane.origin != before.origin)
        redraw();
    else
        update();
}

void SliceView::setRotation(const Mat3 &rotation)
{
    if (rotation == m_rotation)
        return;
    m_rotation = rotation;
    m_measureSlice = -1;
    if (!m_volume)
        return;
    updatePlane();
    redraw();
}

void SliceView::setCrosshairPlanes(const std::vector<Vec3> &normals)
{
    m_crosshairPlanes = normals;
    update();
}

std::vector<QPointF> SliceView::crosshairDirections() const
{
    if (!m_volume || m_crosshairPlanes.empty())
        return {{1, 0}, {0, 1}};
    const VolumeGeometry &g = m_volume->geometry();
    const Vec3 right = screenRight(g, m_plane), down = screenDown(g, m_plane);
    const Vec3 n = normal();
    std::vector<QPointF> out;
    for (const Vec3 &other : m_crosshairPlanes) {
        // The other plane meets this one along n × other; on screen, in millimetres.
        const Vec3 d = cross(n, other);
        const QPointF screen(dot(d, right), dot(d, down));
        const double length = std::hypot(screen.x(), screen.y());
        if (length > 1e-9)
            out.push_back(screen / length);
    }
    return out;
}

void SliceView::rotateBy(double screenRadians)
{
    if (!m_volume)
        return;
    // A turn on screen from right towards down is a right-handed turn about right × down.
    const VolumeGeometry &g = m_volume->geometry();
    const Vec3 axis = normalized(cross(screenRight(g, m_plane), screenDown(g, m_plane)));
    emit rotateRequested(axis, screenRadians);
}

void SliceView::setWindow(Window window)
{
    window.width = std::max(1.0, window.width);
    if (window.center == m_window.center && window.width == m_window.width)
        return;
    m_window = window;
    redraw();
}

void SliceView::redraw()
{
    if (!m_volume) {
        m_image = QImage();
        update();
        return;
    }
    // Reslicing and the window lookup run on a worker; the overlay follows at once. The
    // segments' snapshot is taken when they change, not on every scroll step.
    const bool ours = m_segmentation && m_segmentation->volume() == m_volume;
    m_renderer->request(
        {m_volume, m_plane, m_window, ours ? m_labels : nullptr, m_previewRange, m_previewColour});
    update();
}

void SliceView::takeLabels()
{
    m_labels = m_segmentation
                   ? std::make_shared<const LabelOverlay>(LabelOverlay::of(*m_segmentation))
                   : nullptr;
    redraw();
}

void SliceView::setSegmentation(const Segmentation *segmentation)
{
    for (const auto &link : m_segmentationLinks)
        disconnect(link);
    m_segmentationLinks.clear();
    m_segmentation = segmentation;
    if (segmentation)
        for (auto signal : {&Segmentation::labelsChanged, &Segmentation::displayChanged,
                            &Segmentation::segmentsChanged})
            m_segmentationLinks.push_back(
                connect(segmentation, signal, this, &SliceView::takeLabels));
    takeLabels();
}

void SliceView::setPreviewRange(std::optional<std::pair<double, double>> range,
                                std::array<std::uint8_t, 3> colour)
{
    if (range == m_previewRange && colour == m_previewColour)
        return;
    m_previewRange = range;
    m_previewColour = colour;
    redraw();
}

void SliceView::setToolOutline(const std::vector<std::pair<double, double>> &points)
{
    m_toolOutline = points;
    update();
}

void SliceView::setBrushRadius(double mm)
{
    m_brushMm = std::max(0.0, mm);
    update();
}

ToolEvent SliceView::toolEventAt(ToolEvent::Type type, QPointF screen, const QMouseEvent &e) const
{
    const QPointF plane = screenToPlane(screen);
    ToolEvent event;
    event.type = type;
    event.planeX = plane.x();
    event.planeY = plane.y();
    event.position = m_plane.toVoxel(plane.x(), plane.y());
    event.buttons = static_cast<int>(e.buttons());
    event.modifiers = static_cast<int>(e.modifiers());
    return event;
}

void SliceView::onFrame(const QImage &image)
{
    m_image = image;
    update();
    emit rendered();
}

bool SliceView::isRenderPending() const
{
    return m_renderer->isBusy();
}

QRectF SliceView::imageRect() const
{
    if (!m_volume)
        return {};
    const SlicePlane &p = m_plane;
    // Physical aspect: pixels may not be square in millimetres.
    QSizeF size(p.width * p.spacingX, p.height * p.spacingY);
    size.scale(QSizeF(canvasWidth(), height()), Qt::KeepAspectRatio);
    size *= m_zoom;
    const QPointF topLeft((canvasWidth() - size.width()) / 2 + m_pan.x(),
                          (height() - size.height()) / 2 + m_pan.y());
    return {topLeft, size};
}

QPointF SliceView::planeToScreen(QPointF plane) const
{
    const QRectF r = imageRect();
    if (!m_volume || r.isEmpty())
        return {};
    // Pixel centres: plane (x, y) is the centre of image pixel (x, y).
    return {r.left() + (plane.x() + 0.5) * r.width() / m_plane.width,
            r.top() + (plane.y() + 0.5) * r.height() / m_plane.height};
}

QPointF SliceView::screenToPlane(QPointF s) const
{
    const QRectF r = imageRect();
    if (!m_volume || r.isEmpty())
        return {};
    return {(s.x() - r.left()) * m_plane.width / r.width() - 0.5,
            (s.y() - r.top()) * m_plane.height / r.height() - 0.5};
}

QStringList SliceView::edgeLetters() const
{
    if (!m_volume)
        return {};
    const Vec3 right = screenRight(m_volume->geometry(), m_plane);
    const Vec3 down = screenDown(m_volume->geometry(), m_plane);
    return {orientationLetters(-1.0 * right), orientationLetters(right),
            orientationLetters(-1.0 * down), orientationLetters(down)};
}

void SliceView::setTool(Tool tool)
{
    m_tool = tool;
    QWidget::setCursor(tool == Tool::Crosshair ? Qt::ArrowCursor : Qt::CrossCursor);
    update();
}

QString SliceView::measurementText() const
{
    if (!m_volume || m_measureSlice != m_slice)
        return {};
    if (m_measureIsRuler)
        return tr("%1 mm").arg(planeDistanceMm(m_plane, m_measureStart, m_measureEnd), 0, 'f', 1);
    const RoiStats s = ellipseStats(*m_volume, m_plane, m_measureStart, m_measureEnd);
    if (s.count == 0)
        return {};
    return tr("area %1 mm², mean %2 ± %3 %4 (n %5)")
        .arg(s.areaMm2, 0, 'f', 1)
        .arg(s.mean, 0, 'f', 1)
        .arg(s.stdDev, 0, 'f', 1)
        .arg(m_volume->info().units)
        .arg(s.count);
}

void SliceView::paintEvent(QPaintEvent *)
{
    QPainter painter(this);
    painter.fillRect(rect(), QColor(23, 26, 33));
    if (!m_volume) {
        painter.setPen(QColor(150, 150, 160));
        painter.drawText(rect(), Qt::AlignCenter,
                         tr("%1 view").arg(QString::fromLatin1(orientationName(m_orientation))));
        return;
    }
    painter.setRenderHint(QPainter::SmoothPixmapTransform, m_zoom < 2.0);
    if (!m_image.isNull()) // the first picture may still be on its way
        painter.drawImage(imageRect(), m_image);
    drawOverlay(painter);
}

void SliceView::drawOverlay(QPainter &painter) const
{
    painter.setRenderHint(QPainter::Antialiasing);
    // Crosshair: where the other views' planes cut this one.
    const Vec3 plane = m_plane.toPlane(m_cursor);
    const QPointF c = planeToScreen({plane[0], plane[1]});
    painter.setPen(QPen(QColor(90, 220, 120, 200), 1));
    const double reach = std::hypot(canvasWidth(), height());
    for (const QPointF &d : crosshairDirections())
        painter.drawLine(c - reach * d, c + reach * d);

    // The measurement on this slice.
    if (m_measureSlice == m_slice) {
        const QPointF a = planeToScreen(m_measureStart), b = planeToScreen(m_measureEnd);
        painter.setPen(QPen(QColor(255, 170, 60), 2));
        if (m_measureIsRuler)
            painter.drawLine(a, b);
        else
            painter.drawEllipse(QRectF(a, b).normalized());
        painter.drawText(QRectF(b + QPointF(6, -18), QSizeF(400, 20)), Qt::AlignLeft,
                         measurementText());
    }

    // A path the tool is drawing (the scissors' cut).
    if (m_tool == Tool::Segment && m_toolOutline.size() > 1) {
        QPolygonF path;
        for (const auto &[x, y] : m_toolOutline)
            path << planeToScreen({x, y});
        painter.setPen(QPen(QColor(255, 220, 80), 1.5, Qt::DashLine));
        painter.setBrush(Qt::NoBrush);
        painter.drawPolygon(path);
    }

    // The brush under the pointer.
    if (m_tool == Tool::Segment && m_brushMm > 0 && rect().contains(m_pointer.toPoint())) {
        const QRectF r = imageRect();
        const double pxPerMm = r.width() / (m_plane.width * m_plane.spacingX);
        painter.setPen(QPen(QColor(255, 255, 255, 200), 1, Qt::DashLine));
        painter.setBrush(Qt::NoBrush);
        painter.drawEllipse(m_pointer, m_brushMm * pxPerMm, m_brushMm * pxPerMm);
    }

    // Orientation letters.
    const QStringList letters = edgeLetters();
    painter.setPen(QColor(240, 200, 90));
    QFont bold = painter.font();
    bold.setBold(true);
    painter.setFont(bold);
    const int m = 6;
    painter.drawText(QRect(m, 0, 40, height()), Qt::AlignLeft | Qt::AlignVCenter, letters[0]);
    painter.drawText(QRect(canvasWidth() - 40 - m, 0, 40, height()),
                     Qt::AlignRight | Qt::AlignVCenter, letters[1]);
    painter.drawText(QRect(0, m, canvasWidth(), 20), Qt::AlignHCenter | Qt::AlignTop, letters[2]);
    painter.drawText(QRect(0, height() - 20 - m, canvasWidth(), 20),
                     Qt::AlignHCenter | Qt::AlignBottom, letters[3]);

    // Text corners.
    painter.setFont(font());
    painter.setPen(QColor(220, 225, 235));
    painter.drawText(QRect(m, m, canvasWidth() - 2 * m, 40), Qt::AlignLeft | Qt::AlignTop,
                     tr("%1  %2/%3")
                         .arg(QString::fromLatin1(orientationName(m_orientation)))
                         .arg(m_slice + 1)
                         .arg(sliceCount()));
    if (!m_volume->isColour())
        painter.drawText(
            QRect(m, m, canvasWidth() - 2 * m, 40), Qt::AlignRight | Qt::AlignTop,
            tr("W %1  L %2").arg(m_window.width, 0, 'f', 0).arg(m_window.center, 0, 'f', 0));
    painter.drawText(QRect(m, height() - 40 - m, canvasWidth() - 2 * m, 40),
                     Qt::AlignLeft | Qt::AlignBottom, m_hover);

    // Scale bar: a round length about a fifth of the view wide.
    const QRectF r = imageRect();
    const SlicePlane &p = m_plane;
    const double pixelsPerMm = r.width() / (p.width * p.spacingX);
    const double mm = niceLength(canvasWidth() / 5.0 / pixelsPerMm);
    const double length = mm * pixelsPerMm;
    const QPointF end(canvasWidth() - m - 4, height() - m - 18);
    painter.setPen(QPen(QColor(220, 225, 235), 2));
    painter.drawLine(end - QPointF(length, 0), end);
    painter.drawText(QRectF(end.x() - length, end.y() + 2, length, 16),
                     Qt::AlignHCenter | Qt::AlignTop,
                     mm >= 10 ? tr("%1 cm").arg(mm / 10) : tr("%1 mm").arg(mm));
}

void SliceView::placeCursorAt(QPointF screen)
{
    const QPointF plane = screenToPlane(screen);
    const SlicePlane &p = m_plane;
    double x = std::clamp(plane.x(), 0.0, double(p.width - 1));
    double y = std::clamp(plane.y(), 0.0, double(p.height - 1));
    if (p.axisAligned) { // on the grid: snap to the voxel clicked
        x = std::round(x);
        y = std::round(y);
    }
    m_cursor = p.toVoxel(x, y);
    update();
    emit crosshairMoved(m_cursor);
}

void SliceView::updateHover(QPointF screen)
{
    if (!m_volume)
        return;
    const QPointF plane = screenToPlane(screen);
    const SlicePlane &p = m_plane;
    const long x = std::lround(plane.x()), y = std::lround(plane.y());
    const Vec3 v = p.toVoxel(double(x), double(y));
    const auto &d = m_volume->geometry().dims;
    const std::int64_t i = std::lround(v[0]), j = std::lround(v[1]), k = std::lround(v[2]);
    if (x < 0 || y < 0 || x >= p.width || y >= p.height || i < 0 || j < 0 || k < 0 || i >= d[0] ||
        j >= d[1] || k >= d[2]) {
        m_hover.clear();
    } else {
        const QString value = m_volume->isColour() ? tr("RGB %1 %2 %3")
                                                         .arg(m_volume->componentAt(i, j, k, 0))
                                                         .arg(m_volume->componentAt(i, j, k, 1))
                                                         .arg(m_volume->componentAt(i, j, k, 2))
                                                   : QStringLiteral("%1 %2")
                                                         .arg(sampleValue(*m_volume, v), 0, 'g', 6)
                                                         .arg(m_volume->info().units);
        const Vec3 lps = m_volume->geometry().voxelToPatient(v);
        m_hover = tr("%1 at (%2, %3, %4) mm")
                      .arg(value.trimmed())
                      .arg(lps[0], 0, 'f', 1)
                      .arg(lps[1], 0, 'f', 1)
                      .arg(lps[2], 0, 'f', 1);
    }
    update();
}

void SliceView::mousePressEvent(QMouseEvent *e)
{
    if (!m_volume)
        return;
    m_dragButton = e->button();
    m_dragStart = e->position();
    m_windowAtDrag = m_window;
    m_panAtDrag = m_pan;
    if (e->button() == Qt::LeftButton) {
        if (e->modifiers() & Qt::ShiftModifier) {
            // Turning the crosshair about its centre.
            const Vec3 at = m_plane.toPlane(m_cursor);
            const QPointF d = e->position() - planeToScreen({at[0], at[1]});
            m_dragAngle = std::atan2(d.y(), d.x());
            m_dragButton = Qt::ExtraButton24; // a rotation drag, not a click
        } else if (m_tool == Tool::Segment) {
            if (e->modifiers() & Qt::ControlModifier) {
                // Ctrl + click picks the segment under the pointer.
                const QPointF p = screenToPlane(e->position());
                const Vec3 voxel = m_plane.toVoxel(p.x(), p.y());
                const std::int64_t i = std::lround(voxel[0]), j = std::lround(voxel[1]),
                                   k = std::lround(voxel[2]);
                const int label = m_segmentation ? m_segmentation->labelAt(i, j, k) : 0;
                m_dragButton = Qt::NoButton;
                emit labelPicked(label);
            } else {
                emit toolEvent(toolEventAt(ToolEvent::Type::Press, e->position(), *e));
            }
        } else if (m_tool == Tool::Crosshair) {
            placeCursorAt(e->position());
        } else {
            m_measureStart = m_measureEnd = screenToPlane(e->position());
            m_measureSlice = m_slice;
            m_measureIsRuler = m_tool == Tool::Ruler;
            update();
        }
    }
}

void SliceView::mouseMoveEvent(QMouseEvent *e)
{
    if (!m_volume)
        return;
    updateHover(e->position());
    m_pointer = e->position();
    const QPointF d = e->position() - m_dragStart;
    switch (m_dragButton) {
    case Qt::LeftButton:
        if (m_tool == Tool::Segment)
            emit toolEvent(toolEventAt(ToolEvent::Type::Move, e->position(), *e));
        else if (m_tool == Tool::Crosshair)
            placeCursorAt(e->position());
        else {
            m_measureEnd = screenToPlane(e->position());
            update();
        }
        break;
    case Qt::RightButton: {
        // One window width across the view's width; the level moves a window per height.
        const Window w{
            m_windowAtDrag.center - d.y() * m_windowAtDrag.width / std::max(1, height()),
            std::max(1.0, m_windowAtDrag.width * std::exp(d.x() / std::max(1, width())))};
        setWindow(w);
        emit windowChanged(m_window);
        break;
    }
    case Qt::MiddleButton:
        m_pan = m_panAtDrag + d;
        update();
        break;
    case Qt::ExtraButton24: {
        const Vec3 at = m_plane.toPlane(m_cursor);
        const QPointF v = e->position() - planeToScreen({at[0], at[1]});
        if (std::hypot(v.x(), v.y()) < 4)
            break; // too close to the centre to tell an angle
        const double angle = std::atan2(v.y(), v.x());
        rotateBy(std::remainder(angle - m_dragAngle, 2 * M_PI));
        m_dragAngle = angle;
        break;
    }
    default: break;
    }
}

void SliceView::mouseReleaseEvent(QMouseEvent *e)
{
    if (m_dragButton == Qt::LeftButton && m_tool == Tool::Segment && m_volume)
        emit toolEvent(toolEventAt(ToolEvent::Type::Release, e->position(), *e));
    m_dragButton = Qt::NoButton;
}

void SliceView::wheelEvent(QWheelEvent *e)
{
    const int steps = e->angleDelta().y() / 120;
    if (!m_volume || steps == 0)
        return;
    if (e->modifiers() & Qt::ControlModifier) {
        m_zoom = std::clamp(m_zoom * std::pow(1.25, steps), 0.25, 32.0);
        update();
    } else {
        setSlice(m_slice + steps);
        emit crosshairMoved(m_cursor);
    }
    updateHover(e->position());
}

void SliceView::keyPressEvent(QKeyEvent *e)
{
    int step = 0;
    switch (e->key()) {
    case Qt::Key_Up: step = 1; break;
    case Qt::Key_Down: step = -1; break;
    case Qt::Key_PageUp: step = 10; break;
    case Qt::Key_PageDown: step = -10; break;
    case Qt::Key_R:
        m_zoom = 1.0;
        m_pan = {0, 0};
        update();
        return;
    case Qt::Key_Comma: rotateBy(-5 * M_PI / 180); return;
    case Qt::Key_Period: rotateBy(5 * M_PI / 180); return;
    case Qt::Key_M: setTool(Tool::Ruler); return;
    case Qt::Key_O: setTool(Tool::Roi); return;
    case Qt::Key_C:
    case Qt::Key_Escape:
        setTool(Tool::Crosshair);
        m_measureSlice = -1;
        update();
        return;
    default: QWidget::keyPressEvent(e); return;
    }
    setSlice(m_slice + step);
    emit crosshairMoved(m_cursor);
}

} // namespace loupe
