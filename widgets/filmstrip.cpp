#include "widgets/filmstrip.h"

#include "core/sequence/sequence.h"

#include <QMouseEvent>
#include <QPainter>
#include <QPointer>

#include <algorithm>

namespace loupe {

Filmstrip::Filmstrip(QWidget *parent)
    : QWidget(parent), m_generation(std::make_shared<std::atomic<int>>(0))
{
    m_pool.setMaxThreadCount(1); // thumbnails never crowd out the frames being played
    setMinimumHeight(48);
    setSizePolicy(QSizePolicy::Expanding, QSizePolicy::Fixed);
    setToolTip(tr("Click to go to that part of the sequence"));
}

Filmstrip::~Filmstrip()
{
    ++*m_generation;
    m_pool.clear();
    m_pool.waitForDone();
}

void Filmstrip::setStream(const Stream *stream)
{
    m_stream = stream;
    m_position = 0;
    rebuild();
}

void Filmstrip::setPosition(int frame)
{
    if (frame != m_position) {
        m_position = frame;
        update();
    }
}

int Filmstrip::thumbnailsReady() const
{
    return static_cast<int>(std::count_if(m_thumbnails.begin(), m_thumbnails.end(),
                                          [](const QImage &i) { return !i.isNull(); }));
}

int Filmstrip::frameAt(int x) const
{
    if (!m_stream || m_stream->frameCount() == 0 || width() <= 0)
        return 0;
    return std::clamp(static_cast<int>(qint64(x) * m_stream->frameCount() / width()), 0,
                      m_stream->frameCount() - 1);
}

void Filmstrip::rebuild()
{
    ++*m_generation;
    m_pool.clear();
    m_frames.clear();
    m_thumbnails.clear();
    update();
    if (!m_stream || m_stream->frameCount() == 0 || !m_stream->source || width() < 10)
        return;
    const QSize frame = m_stream->frameSize.isValid() ? m_stream->frameSize : QSize(16, 9);
    const int thumbHeight = height() - 4;
    const int thumbWidth = std::max(16, thumbHeight * frame.width() / std::max(1, frame.height()));
    const int count = std::clamp(width() / thumbWidth, 1, m_stream->frameCount());
    for (int n = 0; n < count; ++n)
        m_frames.push_back(
            static_cast<int>((qint64(n) * 2 + 1) * m_stream->frameCount() / (2 * count)));
    m_thumbnails.resize(m_frames.size());
    const std::shared_ptr<const FrameSource> source = m_stream->source;
    const int generation = m_generation->load();
    const QSize fit(thumbWidth, thumbHeight);
    QPointer<Filmstrip> self(this);
    for (std::size_t n = 0; n < m_frames.size(); ++n)
        m_pool.start([self, source, n, frame = m_frames[n], fit, generation, alive = m_generation] {
            if (*alive != generation)
                return; // the strip was rebuilt meanwhile
            Result<QImage> r = source->decode(frame, fit);
            if (!r.ok())
                return;
            QImage thumb = r->scaled(fit, Qt::KeepAspectRatio, Qt::SmoothTransformation);
            QMetaObject::invokeMethod(
                self.data(),
                [self, n, generation, thumb = std::move(thumb)] {
                    if (!self || *self->m_generation != generation)
                        return;
                    self->m_thumbnails[n] = thumb;
                    self->update();
                },
                Qt::QueuedConnection);
        });
}

void Filmstrip::paintEvent(QPaintEvent *)
{
    QPainter p(this);
    p.fillRect(rect(), QColor(12, 13, 17));
    if (m_frames.empty())
        return;
    const double slot = double(width()) / double(m_frames.size());
    for (std::size_t n = 0; n < m_frames.size(); ++n) {
        const QRectF cell(n * slot + 1, 2, slot - 2, height() - 4);
        if (m_thumbnails[n].isNull()) {
            p.fillRect(cell, QColor(32, 34, 42));
            continue;
        }
        const QSizeF s = QSizeF(m_thumbnails[n].size()).scaled(cell.size(), Qt::KeepAspectRatio);
        p.drawImage(QRectF(cell.center() - QPointF(s.width() / 2, s.height() / 2), s),
                    m_thumbnails[n]);
    }
    // The playhead.
    if (m_stream && m_stream->frameCount() > 0) {
        const double x = (m_position + 0.5) * width() / m_stream->frameCount();
        p.setPen(QPen(QColor(240, 200, 80), 2));
        p.drawLine(QPointF(x, 0), QPointF(x, height()));
    }
}

void Filmstrip::resizeEvent(QResizeEvent *)
{
    rebuild();
}

void Filmstrip::mousePressEvent(QMouseEvent *e)
{
    emit seekFrameRequested(frameAt(static_cast<int>(e->position().x())));
}

} // namespace loupe
