#pragma once

#include "core/plugins/interfaces.h"

#include <QObject>
#include <QPointer>

#include <memory>
#include <utility>
#include <vector>

namespace loupe {

class ComputeBackend;
class Segmentation;
class SliceView;

/// Runs the segment editor's tools in the slice views: which tool is active, the brush (size
/// in mm, disk or ball), the intensity range, and the segmentation being edited. Each view's
/// tool events reach the active tool with that view's plane.
class SegmentEditor : public QObject {
    Q_OBJECT
public:
    struct Offer {
        ToolInfo info;
        const ToolFactory *factory = nullptr;
    };

    explicit SegmentEditor(const ComputeBackend &compute, QObject *parent = nullptr);

    /// The tools of every tool plugin that loaded.
    void setTools(std::vector<Offer> tools);
    const std::vector<Offer> &tools() const { return m_tools; }
    /// Listens to a slice view's tool events.
    void attach(SliceView *view);

    void setSegmentation(Segmentation *segmentation);
    Segmentation *segmentation() const;

    /// Makes the tool with this id active in every attached view; an empty id goes back to
    /// the crosshair.
    void activate(const QString &id);
    const QString &activeTool() const { return m_activeId; }

    double brushRadiusMm() const { return m_brushMm; }
    void setBrushRadiusMm(double mm);
    /// Brush size steps for [ and ]: about 20% a step.
    void growBrush() { setBrushRadiusMm(m_brushMm * 1.25); }
    void shrinkBrush() { setBrushRadiusMm(m_brushMm / 1.25); }
    bool brush3D() const { return m_brush3D; }
    void setBrush3D(bool on);
    std::pair<double, double> intensityRange() const { return m_range; }
    void setIntensityRange(double low, double high);
    bool paintInsideRangeOnly() const { return m_insideOnly; }
    void setPaintInsideRangeOnly(bool on);

signals:
    void toolChanged(const QString &id);
    void settingsChanged();
    /// For the status bar: what a tool did or needs.
    void message(const QString &text);

private:
    class Session;
    void onToolEvent(SliceView *view, const ToolEvent &event);
    void applyToViews();

    const ComputeBackend &m_compute;
    std::vector<Offer> m_tools;
    std::vector<SliceView *> m_views;
    QPointer<Segmentation> m_segmentation;
    QString m_activeId;
    std::unique_ptr<Tool> m_active;
    double m_brushMm = 5.0;
    bool m_brush3D = false;
    std::pair<double, double> m_range{-100.0, 300.0};
    bool m_insideOnly = false;
};

} // namespace loupe
