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

/// Grow from a clicked seed: the connected voxels within the range, in the slice or in 3D.
class GrowTool final : public Tool {
public:
    void press(const ToolEvent &e, ToolSession &session) override
    {
        Segmentation &s = session.segmentation();
        if (s.currentLabel() == 0) {
            session.report(QObject::tr("Add a segment first (Segments panel, Add)."));
            return;
        }
        const auto [low, high] = session.intensityRange();
        const EditRule rule = s.ruleFor(s.currentLabel());
        const bool in3D = session.brush3D();
        const SlicePlane &plane = session.plane();
        std::int64_t grown = 0;
        s.edit(QObject::tr("Grow from seed"), [&](LabelEdit &edit) {
            grown = growFromSeeds(edit, *s.volume(), {e.position}, low, high, rule,
                                  in3D ? nullptr : &plane, &session.compute());
        });
        session.report(
            grown > 0 ? QObject::tr("Grew %1 voxels within %2 … %3.").arg(grown).arg(low).arg(high)
                      : QObject::tr("The seed's value is outside %1 … %2: nothing "
                                    "grew. Widen the range or click inside it.")
                            .arg(low)
                            .arg(high));
    }
    void move(const ToolEvent &, ToolSession &) override {}
    void release(const ToolEvent &, ToolSession &) override {}
};

/// Threshold: every voxel in the range joins the current segment.
class ThresholdTool final : public Tool {
public:
    void press(const ToolEvent &, ToolSession &session) override
    {
        Segmentation &s = session.segmentation();
        if (s.currentLabel() == 0) {
            session.report(QObject::tr("Add a segment first (Segments panel, Add)."));
            return;
        }
        const auto [low, high] = session.intensityRange();
        const EditRule rule = s.ruleFor(s.currentLabel());
        std::int64_t n = 0;
        s.edit(QObject::tr("Threshold"), [&](LabelEdit &edit) {
            n = threshold(edit, *s.volume(), low, high, rule, &session.compute());
        });
        session.report(QObject::tr("%1 voxels within %2 … %3.").arg(n).arg(low).arg(high));
    }
    void move(const ToolEvent &, ToolSession &) override {}
    void release(const ToolEvent &, ToolSession &) override {}
};

/// A tool that changes the whole current segment with one click; Shift + click does the
/// variant.
class OperationTool final : public Tool {
public:
    using Operation = std::function<QString(ToolSession &, LabelEdit &, std::uint8_t, bool)>;
    OperationTool(QString name, Operation operation)
        : m_name(std::move(name)), m_operation(std::move(operation))
    {
    }
    void press(const ToolEvent &e, ToolSession &session) override
    {
        Segmentation &s = session.segmentation();
        if (s.currentLabel() == 0) {
            session.report(QObject::tr("Add a segment first (Segments panel, Add)."));
            return;
        }
        QString said;
        const bool variant = e.modifiers & Qt::ShiftModifier;
        s.edit(m_name, [&](LabelEdit &edit) {
            said = m_operation(session, edit, s.currentLabel(), variant);
        });
        session.report(said);
    }
    void move(const ToolEvent &, ToolSession &) override {}
    void release(const ToolEvent &, ToolSession &) override {}

private:
    QString m_name;
    Operation m_operation;
};

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
        std::int64_t cut = 0;
        s.edit(QObject::tr("Scissors"), [&](LabelEdit &edit) {
            const LabelMap &map = s.labels();
            const auto &d = map.geometry().dims;
            const auto &c = map.brickCounts();
            constexpr std::int64_t b = LabelMap::kBrick;
            for (std::size_t n = 0; n < map.brickCount(); ++n) {
                if (!map.brick(n))
                    continue;
                const std::int64_t bi = std::int64_t(n) % c[0],
                                   bj = (std::int64_t(n) / c[0]) % c[1],
                                   bk = std::int64_t(n) / (c[0] * c[1]);
                for (std::int64_t k = bk * b; k < std::min(d[2], (bk + 1) * b); ++k)
                    for (std::int64_t j = bj * b; j < std::min(d[1], (bj + 1) * b); ++j)
                        for (std::int64_t i = bi * b; i < std::min(d[0], (bi + 1) * b); ++i) {
                            if (edit.at(i, j, k) != label)
                                continue;
                            // Where the voxel falls in the view, whatever slice it is on.
                            const Vec3 p = plane.toPlane({double(i), double(j), double(k)});
                            const bool in =
                                polygon.containsPoint(QPointF(p[0], p[1]), Qt::OddEvenFill);
                            if (in != outside) {
                                edit.set(i, j, k, 0);
                                ++cut;
                            }
                        }
            }
        });
        session.report(QObject::tr("Cut %1 voxels %2 the shape, through the volume.")
                           .arg(cut)
                           .arg(outside ? QObject::tr("outside") : QObject::tr("inside")));
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
        return std::make_unique<GrowTool>();
    if (id == QLatin1String("threshold"))
        return std::make_unique<ThresholdTool>();
    if (id == QLatin1String("scissors"))
        return std::make_unique<ScissorsTool>();
    if (id == QLatin1String("fill-between"))
        return std::make_unique<OperationTool>(
            QObject::tr("Fill between slices"),
            [](ToolSession &session, LabelEdit &edit, std::uint8_t label, bool) {
                const std::int64_t n = fillBetweenSlices(edit, label, throughAxis(session.plane()),
                                                         session.segmentation().ruleFor(label));
                return QObject::tr("Filled %1 voxels between the drawn slices.").arg(n);
            });
    if (id == QLatin1String("margin"))
        return std::make_unique<OperationTool>(
            QObject::tr("Margin"),
            [](ToolSession &session, LabelEdit &edit, std::uint8_t label, bool shrink) {
                const double mm = session.brushRadiusMm();
                const std::int64_t n =
                    margin(edit, label, shrink ? -mm : mm, session.segmentation().ruleFor(label));
                return (shrink ? QObject::tr("Shrank by %1 mm (%2 voxels).")
                               : QObject::tr("Grew by %1 mm (%2 voxels)."))
                    .arg(mm)
                    .arg(n);
            });
    if (id == QLatin1String("smooth"))
        return std::make_unique<OperationTool>(
            QObject::tr("Smooth"),
            [](ToolSession &session, LabelEdit &edit, std::uint8_t label, bool close) {
                const EditRule rule = session.segmentation().ruleFor(label);
                const std::int64_t n = close ? closing(edit, label, session.brushRadiusMm(), rule)
                                             : medianSmooth(edit, label, rule);
                return QObject::tr("Smoothed (%1 voxels changed).").arg(n);
            });
    if (id == QLatin1String("islands"))
        return std::make_unique<OperationTool>(
            QObject::tr("Islands"),
            [](ToolSession &, LabelEdit &edit, std::uint8_t label, bool small) {
                const std::int64_t n =
                    small ? removeSmallIslands(edit, label, 100) : keepLargestIsland(edit, label);
                return QObject::tr("Removed %1 voxels of islands.").arg(n);
            });
    return nullptr;
}

} // namespace loupe::tools
