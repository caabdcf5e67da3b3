#include "widgets/segmenteditor.h"

#include "core/labels/segmentation.h"
#include "widgets/sliceview.h"

#include <algorithm>

namespace loupe {

/// The ToolSession a tool gets with one event: the editor's settings and the view's plane.
class SegmentEditor::Session final : public ToolSession {
public:
    Session(SegmentEditor &editor, const SlicePlane &plane) : m_editor(editor), m_plane(plane) {}
    Segmentation &segmentation() override { return *m_editor.m_segmentation; }
    const SlicePlane &plane() const override { return m_plane; }
    double brushRadiusMm() const override { return m_editor.m_brushMm; }
    bool brush3D() const override { return m_editor.m_brush3D; }
    std::pair<double, double> intensityRange() const override { return m_editor.m_range; }
    bool paintInsideRangeOnly() const override { return m_editor.m_insideOnly; }
    void report(const QString &message) override { emit m_editor.message(message); }
    const ComputeBackend &compute() const override { return m_editor.m_compute; }

private:
    SegmentEditor &m_editor;
    SlicePlane m_plane;
};

SegmentEditor::SegmentEditor(const ComputeBackend &compute, QObject *parent)
    : QObject(parent), m_compute(compute)
{
}

void SegmentEditor::setTools(std::vector<Offer> tools)
{
    m_tools = std::move(tools);
}

void SegmentEditor::attach(SliceView *view)
{
    m_views.push_back(view);
    connect(view, &SliceView::toolEvent, this,
            [this, view](const ToolEvent &e) { onToolEvent(view, e); });
    connect(view, &SliceView::labelPicked, this, [this](int label) {
        if (m_segmentation && label > 0)
            m_segmentation->setCurrentLabel(static_cast<std::uint8_t>(label));
    });
    connect(view, &QObject::destroyed, this, [this, view] { std::erase(m_views, view); });
}

Segmentation *SegmentEditor::segmentation() const
{
    return m_segmentation;
}

void SegmentEditor::setSegmentation(Segmentation *segmentation)
{
    if (m_segmentation)
        disconnect(m_segmentation, nullptr, this, nullptr);
    m_segmentation = segmentation;
    if (segmentation)
        connect(segmentation, &Segmentation::editDone, this, &SegmentEditor::message);
    for (SliceView *v : m_views)
        v->setSegmentation(segmentation);
}

void SegmentEditor::activate(const QString &id)
{
    m_active.reset();
    m_activeId.clear();
    for (const Offer &o : m_tools)
        if (o.info.id == id) {
            m_active = o.factory->createTool(id);
            m_activeId = m_active ? id : QString();
            if (m_active)
                emit message(o.info.description);
        }
    applyToViews();
    emit toolChanged(m_activeId);
}

void SegmentEditor::applyToViews()
{
    // A tool that previews its range (threshold) shows it live, in the current segment's colour.
    std::optional<std::pair<double, double>> preview;
    std::array<std::uint8_t, 3> colour{255, 255, 0};
    if (m_active && m_active->previewsRange()) {
        preview = m_range;
        if (const Segment *s =
                m_segmentation ? m_segmentation->segment(m_segmentation->currentLabel()) : nullptr)
            colour = s->colour;
    }
    for (SliceView *v : m_views) {
        v->setTool(m_active ? SliceView::Tool::Segment : SliceView::Tool::Crosshair);
        v->setBrushRadius(m_active && m_active->showsBrush() ? m_brushMm : 0);
        v->setPreviewRange(preview, colour);
    }
}

void SegmentEditor::setBrushRadiusMm(double mm)
{
    m_brushMm = std::clamp(mm, 0.25, 200.0);
    applyToViews();
    emit settingsChanged();
}

void SegmentEditor::setBrush3D(bool on)
{
    m_brush3D = on;
    emit settingsChanged();
}

void SegmentEditor::setIntensityRange(double low, double high)
{
    m_range = {std::min(low, high), std::max(low, high)};
    applyToViews();
    emit settingsChanged();
}

void SegmentEditor::setPaintInsideRangeOnly(bool on)
{
    m_insideOnly = on;
    emit settingsChanged();
}

void SegmentEditor::onToolEvent(SliceView *view, const ToolEvent &event)
{
    if (!m_active)
        return;
    if (!m_segmentation) {
        emit message(tr("Open a volume to segment it."));
        return;
    }
    if (m_segmentation->isBusy()) {
        if (event.type == ToolEvent::Type::Press)
            emit message(tr("Still working on the last step; try again in a moment."));
        return;
    }
    Session session(*this, view->plane());
    switch (event.type) {
    case ToolEvent::Type::Press: m_active->press(event, session); break;
    case ToolEvent::Type::Move: m_active->move(event, session); break;
    case ToolEvent::Type::Release: m_active->release(event, session); break;
    default: break;
    }
    if (m_active) // the tool may draw a path in the view it works in
        view->setToolOutline(m_active->outline());
}

} // namespace loupe
