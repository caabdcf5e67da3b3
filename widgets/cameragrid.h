#pragma once

#include <QWidget>

#include <vector>

class QGridLayout;

namespace loupe {

class FrameView;

/// One to six camera views in a grid (1×1, 2×1, 2×2, 3×2). Double-clicking a view shows it
/// alone; double-clicking it again brings the grid back.
class CameraGrid : public QWidget {
    Q_OBJECT
public:
    explicit CameraGrid(QWidget *parent = nullptr);

    /// Makes one view per name (at most six).
    void setCameras(const QStringList &names);
    int count() const { return static_cast<int>(m_views.size()); }
    FrameView *view(int n) const { return m_views.at(static_cast<std::size_t>(n)); }
    /// The view shown alone, or -1 for the grid.
    int maximised() const { return m_maximised; }
    void setMaximised(int view);

    static constexpr int kMaxCameras = 6;

signals:
    /// A view's size or zoom changed: it may want a larger decode.
    void viewResized(int view);

protected:
    void resizeEvent(QResizeEvent *event) override;

private:
    void relayout();
    int bestColumns() const;

    QGridLayout *m_layout;
    std::vector<FrameView *> m_views;
    int m_maximised = -1;
    int m_columns = 1;
};

} // namespace loupe
