#include "app/gui/labelfiles.h"

#include "core/labels/segmentation.h"
#include "plugins/dicomseg/segreader.h"
#include "plugins/dicomseg/segwriter.h"
#include "plugins/nifti/labelnifti.h"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace loupe {

struct LabelFiles::Outcome {
    QString path;
    QString error;
    bool wasLoad = false;
    std::unique_ptr<nifti::LabelNifti> read;
    QPointer<Segmentation> into;
};

namespace {
bool isSeg(const QString &path)
{
    return path.endsWith(QLatin1String(".dcm"), Qt::CaseInsensitive);
}
} // namespace

LabelFiles::LabelFiles(QObject *parent) : QObject(parent)
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        const std::shared_ptr<Outcome> o = m_watcher.result();
        if (!o->error.isEmpty()) {
            emit failed(o->error, o->path);
            return;
        }
        if (!o->wasLoad) {
            emit saved(o->path);
            return;
        }
        if (!o->into) {
            emit failed(tr("The volume of \"%1\" was closed while it was read.").arg(o->path),
                        o->path);
            return;
        }
        o->into->replaceAll(tr("Import labels"), o->read->labels, o->read->segments);
        emit loaded(o->path);
    });
}

LabelFiles::~LabelFiles()
{
    m_watcher.waitForFinished();
}

void LabelFiles::save(const Segmentation &segmentation, const QString &path)
{
    m_watcher.setFuture(
        QtConcurrent::run([labels = segmentation.labels(), volume = segmentation.volume(),
                           segments = segmentation.segments(), path] {
            auto o = std::make_shared<Outcome>();
            o->path = path;
            // DICOM SEG for .dcm, label NIfTI otherwise.
            const Result<void> r = isSeg(path)
                                       ? dicomseg::writeSeg(labels, *volume, segments, path)
                                       : nifti::writeLabelNifti(labels, *volume, segments, path);
            if (!r.ok())
                o->error = r.errorMessage();
            return o;
        }));
}

void LabelFiles::load(Segmentation &segmentation, const QString &path)
{
    QPointer<Segmentation> into(&segmentation);
    m_watcher.setFuture(QtConcurrent::run([volume = segmentation.volume(), path, into] {
        auto o = std::make_shared<Outcome>();
        o->path = path;
        o->wasLoad = true;
        o->into = into;
        if (isSeg(path)) {
            Result<dicomseg::SegRead> r = dicomseg::readSeg(path, *volume);
            if (!r.ok())
                o->error = r.errorMessage();
            else
                o->read = std::make_unique<nifti::LabelNifti>(
                    nifti::LabelNifti{std::move(r->labels), std::move(r->segments)});
        } else {
            Result<nifti::LabelNifti> r = nifti::readLabelNifti(path, *volume);
            if (!r.ok())
                o->error = r.errorMessage();
            else
                o->read = std::make_unique<nifti::LabelNifti>(std::move(r).value());
        }
        return o;
    }));
}

} // namespace loupe
