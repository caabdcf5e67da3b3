#include "widgets/taskprogress.h"

#include <QHBoxLayout>
#include <QLabel>
#include <QProgressBar>
#include <QToolButton>

namespace loupe {

TaskProgress::TaskProgress(QWidget *parent)
    : QWidget(parent), m_label(new QLabel(this)), m_bar(new QProgressBar(this)),
      m_cancel(new QToolButton(this))
{
    m_bar->setMaximumWidth(220);
    m_bar->setTextVisible(true);
    m_cancel->setText(tr("Cancel"));
    m_cancel->setToolTip(tr("Stop this task (Esc)"));
    auto *layout = new QHBoxLayout(this);
    layout->setContentsMargins(0, 0, 0, 0);
    layout->addWidget(m_label);
    layout->addWidget(m_bar);
    layout->addWidget(m_cancel);
    connect(m_cancel, &QToolButton::clicked, this, &TaskProgress::cancelRequested);
    hide();
}

void TaskProgress::start(const QString &what)
{
    m_label->setText(what);
    m_bar->setRange(0, 0); // busy until the first report
    m_cancel->setEnabled(true);
    show();
    emit busyChanged(true);
}

void TaskProgress::setProgress(qint64 done, qint64 total, const QString &what)
{
    if (!what.isEmpty())
        m_label->setText(what);
    if (total > 0) {
        // QProgressBar holds ints; scale to per-mille so any total fits.
        m_bar->setRange(0, 1000);
        m_bar->setValue(static_cast<int>(1000 * done / total));
    }
}

void TaskProgress::finish()
{
    hide();
    emit busyChanged(false);
}

} // namespace loupe
