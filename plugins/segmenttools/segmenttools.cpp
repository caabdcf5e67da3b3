#include "segmenttools.h"

#include "core/compute/reslice.h"
#include "core/labels/labelops.h"
#include "core/labels/morphology.h"
#include "core/labels/segmentation.h"

#include <QPolygonF>

#include <cmath>
#include <functional>

namespace loupe::tools {

namespace {

/// The rule for painting (or erasing) with the session's current segment.
std::optional<EditRule> ruleOf(ToolSession &session, bool erase)
{
    Segmentation &s = session.segmentation();
    const std::uint8_t current = s.currentLabel();
    if (current == 0 && !erase) {
        session.report(QObject::tr("Add a segment first (Segments panel, Add)."));
        return std::nullopt;
    }
    EditRule rule = s.ruleFor(erase ? 0 : current);
    if (erase && current != 0) {
        // Erase takes away the current segment only; other segments stay.
        for (std::size_t l = 0; l < rule.locked.size(); ++l)
            rule.locked[l] = rule.locked[l] || l != current;
    }
    if (session.paintInsideRangeOnly()) {
        rule.range = session.intensityRange();
        rule.intensities = s.volume().get();
    }
    return rule;
}

/// Paint and erase: dabs along the pointer's path, one undo step per stroke.
class BrushTool final : public Tool {
public:
    explicit BrushTool(bool erase) : m_erase(erase) {}

    void press(const ToolEvent &e, ToolSession &session) override
    {
        m_rule = ruleOf(session, m_erase);
        if (!m_rule)
            return;
        session.segmentation().beginStroke();
        m_last = e;
        dab(e, session);
    }
    void move(const ToolEvent &e, ToolSession &session) override
    {
        if (!m_rule)
            return;
        // Dabs no further apart than half the radius, so fast drags leave no gaps.
        const SlicePlane &p = session.plane();
        const double dx = (e.planeX - m_last.planeX) * p.spacingX,
                     dy = (e.planeY - m_last.planeY) * p.spacingY;
        const double step = std::max(0.25, session.brushRadiusMm() / 2);
        const int n = std::max(1, static_cast<int>(std::ceil(std::hypot(dx, dy) / step)));
        for (int i = 1; i <= n; ++i) {
            ToolEvent at = e;
            const double t = double(i) / n;
            at.planeX = m_last.planeX + (e.planeX - m_last.planeX) * t;
            at.planeY = m_last.planeY + (e.planeY - m_last.planeY) * t;
            at.position = p.toVoxel(at.planeX, at.planeY);
            dab(at, session);
        }
        m_last = e;
    }
    void release(const ToolEvent &, ToolSession &session) override
    {
        if (m_rule)
            session.segmentation().endStroke();
        m_rule.reset();
    }
    bool showsBrush() const override { return true; }

private:
    void dab(const ToolEvent &e, ToolSession &session)
    {
        const double radius = session.brushRadiusMm();
        const bool ball = session.brush3D();
        const SlicePlane &plane = session.plane();
        session.segmentation().edit(
            m_erase ? QObject::tr("Erase") : QObject::tr("Paint"), [&](LabelEdit &edit) {
                if (ball)
                    paintBall(edit, e.position, radius, *m_rule);
                else
                    paintDisk(edit, plane, e.planeX, e.planeY, radius, *m_rule);
            });
    }

    bool m_erase;
    std::optional<EditRule> m_rule;
    ToolEvent m_last;
};

/// What a whole-volume tool needs, taken from the session when clicked: the work runs on a
/// worker after the event (and its session) are gone.
struct Click {
    std::shared_ptr<const Volume> volume;
    SlicePlane plane;
    Vec3 position{0, 0, 0};
    std::uint8_t label = 0;
    EditRule rule;
    double brushMm = 0;
    bool in3D = false;
    bool variant = false; ///< Shift held
    std::pair<double, double> range{0, 0};
    const ComputeBackend *compute = nullptr;
};

/// A tool that changes the current segment with one click over the whole volume, on a worker
/// (Segmentation::editInBackground); Shift + click does the variant.
class ClickTool final : public Tool {
public:
    using Operation = std::function<QString(LabelEdit &, const Click &)>;
    ClickTool(QString name, Operation operation, bool previewsRange = false)
        : m_name(std::move(name)), m_operation(std::move(operation)), m_previewsRange(previewsRange)
    {
    }
    bool previewsRange() const override { return m_previewsRange; }
    void press(const ToolEvent &e, ToolSession &session) override
    {
        Segmentation &s = session.segmentation();
        if (s.currentLabel() == 0) {
            session.report(QObject::tr("Add a segment first (Segments panel, Add)."));
            return;
        }
        Click c;
        c.volume = s.volume();
        c.plane = session.plane();
        c.position = e.position;
        c.label = s.currentLabel();
        c.rule = s.ruleFor(c.label);
        c.brushMm = session.brushRadiusMm();
        c.in3D = session.brush3D();
        c.variant = e.modifiers & Qt::ShiftModifier;
        c.range = session.intensityRange();
        c.compute = &session.compute();
        session.report(QObject::tr("%1…").arg(m_name));
        s.editInBackground(
            m_name, [operation = m_operation, c](LabelEdit &edit) { return operation(edit, c); });
    }
    void move(const ToolEvent &, ToolSession &) override {}
    void release(const ToolEvent &, ToolSession &) override {}

private:
    QString m_name;
    Operation m_operation;
    bool m_previewsRange;
};

QString grow(LabelEdit &edit, const Click &c)
{
    const auto [low, high] = c.range;
    const std::int64_t grown = growFromSeeds(edit, *c.volume, {c.position}, low, high, c.rule,
                                             c.in3D ? nullptr : &c.plane, c.compute);
    return grown > 0 ? QObject::tr("Grew %1 voxels within %2 … %3.").arg(grown).arg(low).arg(high)
                     : QObject::tr("The seed's value is outside %1 … %2: nothing grew. Widen "
                                   "the range or click inside it.")
                           .arg(low)
                           .arg(high);
}

QString thresholdRange(LabelEdit &edit, const Click &c)
{
    const auto [low, high] = c.range;
    const std::int64_t n = threshold(edit, *c.volume, low, high, c.rule, c.compute);
    return QObject::tr("%1 voxels within %2 … %3.").arg(n).arg(low).arg(high);
}

/// Scissors: draw a closed path in a view; on release the current segment is cut inside it
/// (Shift: outside it), through every slice along the view's direction.
class ScissorsTool final : public Tool {
public:
    void press(const ToolEvent &e, ToolSession &session) override
    {
        m_path.clear();
        m_outside = e.modifiers & Qt::ShiftModifier;
        if (session.segmentation().currentLabel() == 0) {
            session.report(QObject::tr("Add a segment first (Segments panel, Add)."));
            m_active = false;
            return;
        }
        m_active = true;
        m_path.emplace_back(e.planeX, e.planeY);
    }
    void move(const ToolEvent &e, ToolSession &) override
    {
        if (m_active)
            m_path.emplace_back(e.planeX, e.planeY);
    }
    void release(const ToolEvent &, ToolSession &session) override
    {
        if (!m_active)
            return;
        m_active = false;
        const std::vector<std::pair<double, double>> path = std::move(m_path);
        m_path.clear();
        if (path.size() < 3) {
            session.report(QObject::tr("Draw a closed shape around what to cut."));
            return;
        }
        QPolygonF polygon;
        for (const auto &[x, y] : path)
            polygon << QPointF(x, y);
        Segmentation &s = session.segmentation();
        const std::uint8_t label = s.currentLabel();
        const SlicePlane plane = session.plane();
        const bool outside = m_outside;
        s.editInBackground(QObject::tr("Scissors"), [=](LabelEdit &edit) {
            std::int64_t cut = 0;
            edit.map().forEachWrittenVoxel(
                [&](std::int64_t i, std::int64_t j, std::int64_t k, std::uint8_t l) {
                    if (l != label)
                        return;
                    // Where the voxel falls in the view, whatever slice it is on.
                    const Vec3 p = plane.toPlane({double(i), double(j), double(k)});
                    if (polygon.containsPoint(QPointF(p[0], p[1]), Qt::OddEvenFill) != outside) {
                        edit.set(i, j, k, 0);
                        ++cut;
                    }
                });
            return QObject::tr("Cut %1 voxels %2 the shape, through the volume.")
                .arg(cut)
                .arg(outside ? QObject::tr("outside") : QObject::tr("inside"));
        });
    }
    std::vector<std::pair<double, double>> outline() const override { return m_path; }

private:
    std::vector<std::pair<double, double>> m_path;
    bool m_outside = false;
    bool m_active = false;
};

/// The voxel axis a plane's slices step along.
int throughAxis(const SlicePlane &plane)
{
    int axis = 0;
    for (int a = 1; a < 3; ++a)
        if (std::abs(plane.stepNormal[a]) > std::abs(plane.stepNormal[axis]))
            axis = a;
    return axis;
}

} // namespace

std::vector<ToolInfo> segmentTools()
{
    return {
        {QStringLiteral("paint"), QObject::tr("Paint"), QStringLiteral("B"),
         QObject::tr("Paint the current segment with a disk (or a ball in 3D mode); [ and ] "
                     "change the size.")},
        {QStringLiteral("erase"), QObject::tr("Erase"), QStringLiteral("E"),
         QObject::tr("Erase the current segment with the brush.")},
        {QStringLiteral("grow"), QObject::tr("Grow from Seed"), QStringLiteral("G"),
         QObject::tr("Click a seed: the connected voxels within the intensity range join the "
                     "current segment.")},
        {QStringLiteral("threshold"), QObject::tr("Threshold"), QStringLiteral("T"),
         QObject::tr("Click: every voxel within the intensity range joins the current segment.")},
        {QStringLiteral("fill-between"), QObject::tr("Fill Between Slices"), QStringLiteral("I"),
         QObject::tr("Click: the current segment, drawn on some slices of this view, is "
                     "interpolated into the slices between.")},
        {QStringLiteral("margin"), QObject::tr("Margin"), QStringLiteral("N"),
         QObject::tr("Click: grow the current segment by the brush radius; Shift + click: "
                     "shrink it.")},
        {QStringLiteral("smooth"), QObject::tr("Smooth"), QStringLiteral("S"),
         QObject::tr("Click: median smoothing of the current segment; Shift + click: closing "
                     "by the brush radius.")},
        {QStringLiteral("scissors"), QObject::tr("Scissors"), QStringLiteral("X"),
         QObject::tr("Draw a closed shape: the current segment is cut inside it (Shift: "
                     "outside it) through every slice of this view's direction.")},
        {QStringLiteral("islands"), QObject::tr("Islands"), QStringLiteral("L"),
         QObject::tr("Click: keep the largest island of the current segment; Shift + click: "
                     "remove islands under 100 voxels.")},
    };
}

std::unique_ptr<Tool> createSegmentTool(const QString &id)
{
    if (id == QLatin1String("paint"))
        return std::make_unique<BrushTool>(false);
    if (id == QLatin1String("erase"))
        return std::make_unique<BrushTool>(true);
    if (id == QLatin1String("grow"))
        return std::make_unique<ClickTool>(QObject::tr("Grow from seed"), grow);
    if (id == QLatin1String("threshold"))
        return std::make_unique<ClickTool>(QObject::tr("Threshold"), thresholdRange, true);
    if (id == QLatin1String("scissors"))
        return std::make_unique<ScissorsTool>();
    if (id == QLatin1String("fill-between"))
        return std::make_unique<ClickTool>(QObject::tr("Fill between slices"), [](LabelEdit &edit,
                                                                                  const Click &c) {
            const std::int64_t n = fillBetweenSlices(edit, c.label, throughAxis(c.plane), c.rule);
            return QObject::tr("Filled %1 voxels between the drawn slices.").arg(n);
        });
    if (id == QLatin1String("margin"))
        return std::make_unique<ClickTool>(
            QObject::tr("Margin"), [](LabelEdit &edit, const Click &c) {
                const std::int64_t n =
                    margin(edit, c.label, c.variant ? -c.brushMm : c.brushMm, c.rule);
                return (c.variant ? QObject::tr("Shrank by %1 mm (%2 voxels).")
                                  : QObject::tr("Grew by %1 mm (%2 voxels)."))
                    .arg(c.brushMm)
                    .arg(n);
            });
    if (id == QLatin1String("smooth"))
        return std::make_unique<ClickTool>(
            QObject::tr("Smooth"), [](LabelEdit &edit, const Click &c) {
                const std::int64_t n = c.variant ? closing(edit, c.label, c.brushMm, c.rule)
                                                 : medianSmooth(edit, c.label, c.rule);
                return QObject::tr("Smoothed (%1 voxels changed).").arg(n);
            });
    if (id == QLatin1String("islands"))
        return std::make_unique<ClickTool>(
            QObject::tr("Islands"), [](LabelEdit &edit, const Click &c) {
                const std::int64_t n = c.variant ? removeSmallIslands(edit, c.label, 100)
                                                 : keepLargestIsland(edit, c.label);
                return QObject::tr("Removed %1 voxels of islands.").arg(n);
            });
    return nullptr;
}

} // namespace loupe::tools
