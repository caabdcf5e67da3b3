#include "app/gui/labelfiles.h"

#include "core/labels/segmentation.h"
#include "core/plugins/interfaces.h"
#include "core/plugins/pluginregistry.h"
#include "core/progress.h"

#include <QPointer>
#include <QtConcurrent/QtConcurrentRun>

namespace loupe {

struct LabelFiles::Outcome {
    QString path;
    QString error;
    bool wasLoad = false;
    std::unique_ptr<LabelFile> read;
    QPointer<Segmentation> into;
};

LabelFiles::LabelFiles(const PluginRegistry &plugins, QObject *parent)
    : QObject(parent), m_plugins(plugins)
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
        o->into->replaceAll(tr("Import labels"), o->read->layers, o->read->segments);
        emit loaded(o->path);
    });
}

LabelFiles::~LabelFiles()
{
    m_watcher.waitForFinished();
}

QStringList LabelFiles::writeFilters() const
{
    QStringList filters;
    for (const auto &[record, writer] : m_plugins.plugins<LabelWriter>()) {
        QStringList patterns;
        for (const QString &suffix : writer->suffixes())
            patterns << QStringLiteral("*.") + suffix;
        filters << QStringLiteral("%1 (%2)").arg(writer->formatName(),
                                                 patterns.join(QLatin1Char(' ')));
    }
    return filters;
}

void LabelFiles::save(const Segmentation &segmentation, const QString &path)
{
    // The writer whose suffix the name ends with.
    const LabelWriter *chosen = nullptr;
    QStringList known;
    for (const auto &[record, writer] : m_plugins.plugins<LabelWriter>())
        for (const QString &suffix : writer->suffixes()) {
            known << QStringLiteral(".") + suffix;
            if (!chosen && path.endsWith(QStringLiteral(".") + suffix, Qt::CaseInsensitive))
                chosen = writer;
        }
    m_watcher.setFuture(
        QtConcurrent::run([layers = segmentation.snapshot(), volume = segmentation.volume(),
                           segments = segmentation.segments(), path, chosen, known] {
            auto o = std::make_shared<Outcome>();
            o->path = path;
            if (!chosen) {
                o->error =
                    QObject::tr("No installed label writer makes \"%1\"; name it with one of: "
                                "%2.")
                        .arg(path, known.join(QStringLiteral(", ")));
                return o;
            }
            Progress progress;
            const Result<void> r = chosen->write(layers, *volume, segments, path, progress);
            if (!r.ok())
                o->error = r.errorMessage();
            return o;
        }));
}

void LabelFiles::load(Segmentation &segmentation, const QString &path)
{
    // The reader most sure it can read the file.
    const LabelReader *best = nullptr;
    int bestScore = 0;
    for (const auto &[record, reader] : m_plugins.plugins<LabelReader>()) {
        const int score = reader->canRead(path);
        if (score > bestScore) {
            best = reader;
            bestScore = score;
        }
    }
    QPointer<Segmentation> into(&segmentation);
    m_watcher.setFuture(QtConcurrent::run([volume = segmentation.volume(), path, into, best] {
        auto o = std::make_shared<Outcome>();
        o->path = path;
        o->wasLoad = true;
        o->into = into;
        if (!best) {
            o->error = QObject::tr("No installed label reader reads \"%1\".").arg(path);
            return o;
        }
        Progress progress;
        Result<LabelFile> r = best->read(path, *volume, progress);
        if (!r.ok())
            o->error = r.errorMessage();
        else
            o->read = std::make_unique<LabelFile>(std::move(r).value());
        return o;
    }));
}

} // namespace loupe
