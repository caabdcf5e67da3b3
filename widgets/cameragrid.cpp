#include "widgets/cameragrid.h"

#include "widgets/frameview.h"

#include <QGridLayout>

namespace loupe {

CameraGrid::CameraGrid(QWidget *parent) : QWidget(parent), m_layout(new QGridLayout(this))
{
    m_layout->setContentsMargins(0, 0, 0, 0);
    m_layout->setSpacing(2);
}

void CameraGrid::setCameras(const QStringList &names)
{
    for (FrameView *v : m_views)
        delete v;
    m_views.clear();
    m_maximised = -1;
    for (int n = 0; n < names.size() && n < kMaxCameras; ++n) {
        auto *view = new FrameView(this);
        view->setName(names[n]);
        connect(view, &FrameView::maximiseRequested, this,
                [this, n] { setMaximised(m_maximised == n ? -1 : n); });
        connect(view, &FrameView::decodeSizeChanged, this, [this, n] { emit viewResized(n); });
        m_views.push_back(view);
    }
    relayout();
}

void CameraGrid::setMaximised(int view)
{
    m_maximised = view >= 0 && view < count() ? view : -1;
    relayout();
}

void CameraGrid::relayout()
{
    for (FrameView *v : m_views)
        m_layout->removeWidget(v);
    const int n = count();
    const int columns = bestColumns();
    m_columns = columns;
    for (int r = 0; r < m_layout->rowCount(); ++r)
        m_layout->setRowStretch(r, 0);
    for (int c = 0; c < m_layout->columnCount(); ++c)
        m_layout->setColumnStretch(c, 0);
    for (int i = 0; i < n; ++i) {
        FrameView *v = m_views[static_cast<std::size_t>(i)];
        const bool shown = m_maximised < 0 || m_maximised == i;
        v->setVisible(shown);
        if (m_maximised == i)
            m_layout->addWidget(v, 0, 0);
        else if (m_maximised < 0)
            m_layout->addWidget(v, i / columns, i % columns);
    }
}

int CameraGrid::bestColumns() const
{
    // The column count that shows the frames largest in this widget's shape: wide frames
    // stack, tall ones sit side by side.
    const int n = count();
    if (n <= 1)
        return 1;
    QSizeF frame(16, 9);
    for (FrameView *v : m_views)
        if (v->frameSize().isValid()) {
            frame = QSizeF(v->frameSize());
            break;
        }
    int best = 1;
    double bestArea = -1;
    for (int columns = 1; columns <= n; ++columns) {
        const int rows = (n + columns - 1) / columns;
        const QSizeF cell(double(width()) / columns, double(height()) / rows);
        const QSizeF shown = frame.scaled(cell, Qt::KeepAspectRatio);
        if (shown.width() * shown.height() > bestArea * 1.0001) {
            bestArea = shown.width() * shown.height();
            best = columns;
        }
    }
    return best;
}

void CameraGrid::resizeEvent(QResizeEvent *event)
{
    QWidget::resizeEvent(event);
    if (m_maximised < 0 && count() > 1 && bestColumns() != m_columns)
        relayout(); // the views say when their own size changes
}

} // namespace loupe
