#include "app/gui/exporttracksdialog.h"

#include "app/gui/uithread.h"

#include <QComboBox>
#include <QDialogButtonBox>
#include <QDir>
#include <QFileDialog>
#include <QFileInfo>
#include <QFormLayout>
#include <QHBoxLayout>
#include <QLineEdit>
#include <QPlainTextEdit>
#include <QPointer>
#include <QPushButton>
#include <QSaveFile>
#include <QSettings>
#include <QVBoxLayout>
#include <QtConcurrent/QtConcurrentRun>

namespace loupe {

ExportTracksDialog::ExportTracksDialog(TrackFormats formats, TrackLabels labels,
                                       const QString &suggestedName, QWidget *parent)
    : QDialog(parent), m_formats(std::move(formats)), m_labels(std::move(labels)),
      m_format(new QComboBox(this)), m_camera(new QComboBox(this)), m_path(new QLineEdit(this)),
      m_losses(new QPlainTextEdit(this)),
      m_buttons(new QDialogButtonBox(QDialogButtonBox::Cancel, this))
{
    setWindowTitle(tr("Export Tracks"));
    for (const TrackFormats::Entry &f : m_formats.formats())
        m_format->addItem(f.info.title, f.info.id);
    for (int c = 0; c < m_labels.cameras.size(); ++c)
        m_camera->addItem(m_labels.cameras[c], c);
    auto *browse = new QPushButton(tr("Browse…"), this);
    auto *file = new QHBoxLayout;
    file->addWidget(m_path, 1);
    file->addWidget(browse);
    m_losses->setReadOnly(true);
    m_losses->setPlaceholderText(tr("What this format cannot hold is listed here."));
    QPushButton *exportButton = m_buttons->addButton(tr("Export"), QDialogButtonBox::AcceptRole);
    auto *form = new QFormLayout;
    form->addRow(tr("Format"), m_format);
    form->addRow(tr("Camera"), m_camera);
    form->addRow(tr("File"), file);
    auto *layout = new QVBoxLayout(this);
    layout->addLayout(form);
    layout->addWidget(m_losses, 1);
    layout->addWidget(m_buttons);
    resize(560, 360);

    // Remembered: the format and the folder.
    const QSettings settings;
    m_format->setCurrentIndex(std::max(
        0, m_format->findData(
               settings.value(QStringLiteral("tracks/exportFormat"), QStringLiteral("openlabel"))
                   .toString())));
    const QString folder =
        settings.value(QStringLiteral("tracks/exportFolder"), QDir::homePath()).toString();
    m_path->setText(QDir(folder).filePath(suggestedName + suffix()));

    connect(m_format, &QComboBox::currentIndexChanged, this, [this] {
        // The file's ending follows the format.
        const QFileInfo f(m_path->text());
        m_path->setText(f.dir().filePath(f.completeBaseName() + suffix()));
        update();
    });
    connect(m_camera, &QComboBox::currentIndexChanged, this, &ExportTracksDialog::update);
    connect(browse, &QPushButton::clicked, this, [this] {
        const QString path =
            QFileDialog::getSaveFileName(this, tr("Export Tracks"), m_path->text());
        if (!path.isEmpty())
            m_path->setText(path);
    });
    connect(exportButton, &QPushButton::clicked, this, &ExportTracksDialog::exportNow);
    connect(m_buttons, &QDialogButtonBox::rejected, this, &QDialog::reject);
    update();
}

ExportTracksDialog::~ExportTracksDialog() = default;

QString ExportTracksDialog::format() const
{
    return m_format->currentData().toString();
}

QString ExportTracksDialog::suffix() const
{
    const TrackFormats::Entry *e = m_formats.find(format());
    return e ? e->info.suffix : QString();
}

void ExportTracksDialog::setFormat(const QString &id)
{
    m_format->setCurrentIndex(m_format->findData(id));
}

void ExportTracksDialog::setCamera(int camera)
{
    m_camera->setCurrentIndex(std::max(0, m_camera->findData(camera)));
}

void ExportTracksDialog::setPath(const QString &path)
{
    m_path->setText(path);
}

QString ExportTracksDialog::losses() const
{
    return m_losses->toPlainText();
}

void ExportTracksDialog::update()
{
    const TrackFormats::Entry *e = m_formats.find(format());
    m_camera->setEnabled(e && e->info.oneCamera);
    m_losses->clear();
    const int generation = ++m_generation;
    (void)QtConcurrent::run([self = QPointer<ExportTracksDialog>(this), formats = m_formats,
                             labels = m_labels, format = format(),
                             camera = m_camera->currentData().toInt(), generation] {
        const Result<TrackFile> w = formats.write(format, labels, camera);
        const QStringList lost = w.ok() ? w->lost : QStringList{w.errorMessage()};
        onUiThread(self, [lost, generation](ExportTracksDialog &d) {
            if (generation != d.m_generation)
                return;
            d.m_losses->setPlainText(lost.isEmpty()
                                         ? tr("This format holds everything the tracks say.")
                                         : tr("This format cannot hold everything:\n• ") +
                                               lost.join(QStringLiteral("\n• ")));
            emit d.lossesKnown();
        });
    });
}

void ExportTracksDialog::exportNow()
{
    const QString path = m_path->text();
    if (path.isEmpty())
        return;
    QSettings settings;
    settings.setValue(QStringLiteral("tracks/exportFormat"), format());
    settings.setValue(QStringLiteral("tracks/exportFolder"), QFileInfo(path).absolutePath());
    m_buttons->setEnabled(false);
    (void)QtConcurrent::run([self = QPointer<ExportTracksDialog>(this), formats = m_formats,
                             labels = m_labels, format = format(),
                             camera = m_camera->currentData().toInt(), path] {
        const Result<TrackFile> w = formats.write(format, labels, camera);
        QSaveFile file(path);
        const bool ok = w.ok() && file.open(QIODevice::WriteOnly) &&
                        file.write(w->bytes) == w->bytes.size() && file.commit();
        const QString title = formats.find(format) ? formats.find(format)->info.title : format;
        const QString text =
            ok ? tr("%n track(s) written to %1 (%2).", nullptr, int(labels.tracks.size()))
                     .arg(path, title)
            : !w.ok() ? tr("Nothing was written to \"%1\": %2").arg(path, w.errorMessage())
                      : tr("Could not write \"%1\": %2. Nothing was changed there; choose "
                           "another place, or free some space.")
                            .arg(path, file.errorString());
        onUiThread(self, [ok, text](ExportTracksDialog &d) {
            d.m_buttons->setEnabled(true);
            emit d.written(ok, text);
            if (ok)
                d.accept();
        });
    });
}

} // namespace loupe
