#include "app/cli/commands.h"

#include "core/datasetopener.h"
#include "core/plugins/pluginregistry.h"
#include "core/progress.h"

#include <QCoreApplication>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace loupe::cli {

namespace {

QJsonArray array(const Vec3 &v)
{
    return {v[0], v[1], v[2]};
}

QJsonObject volumeJson(const Volume &volume)
{
    const VolumeGeometry &g = volume.geometry();
    const VolumeInfo &info = volume.info();
    QJsonArray direction;
    for (double d : g.direction)
        direction.append(d);
    return {
        {QStringLiteral("seriesInstanceUid"), info.seriesInstanceUid},
        {QStringLiteral("studyInstanceUid"), info.studyInstanceUid},
        {QStringLiteral("modality"), info.modality},
        {QStringLiteral("description"), info.seriesDescription},
        {QStringLiteral("dimensions"),
         QJsonArray{qint64(g.dims[0]), qint64(g.dims[1]), qint64(g.dims[2])}},
        {QStringLiteral("spacing"), array(g.spacing)},
        {QStringLiteral("origin"), array(g.origin)},
        {QStringLiteral("direction"), direction},
        {QStringLiteral("scalarType"), QString::fromLatin1(scalarTypeName(volume.scalarType()))},
        {QStringLiteral("minimum"), volume.minimum()},
        {QStringLiteral("maximum"), volume.maximum()},
        {QStringLiteral("units"), info.units}};
}

QJsonObject sequenceJson(const Sequence &sequence)
{
    QJsonArray streams;
    for (const Stream &s : sequence.streams) {
        QJsonObject o{
            {QStringLiteral("name"), s.name},
            {QStringLiteral("frames"), s.frameCount()},
            {QStringLiteral("width"), s.frameSize.width()},
            {QStringLiteral("height"), s.frameSize.height()},
            {QStringLiteral("firstNs"), s.timestampsNs.empty() ? 0 : s.timestampsNs.front()},
            {QStringLiteral("lastNs"), s.timestampsNs.empty() ? 0 : s.timestampsNs.back()}};
        if (s.intrinsics)
            o.insert(QStringLiteral("intrinsics"),
                     QJsonObject{{QStringLiteral("fx"), s.intrinsics->fx},
                                 {QStringLiteral("fy"), s.intrinsics->fy},
                                 {QStringLiteral("cx"), s.intrinsics->cx},
                                 {QStringLiteral("cy"), s.intrinsics->cy}});
        streams.append(o);
    }
    return {{QStringLiteral("name"), sequence.name}, {QStringLiteral("streams"), streams}};
}

} // namespace

int runInfo(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const bool json = args.contains(QStringLiteral("--json"));
    QStringList paths = args;
    paths.removeAll(QStringLiteral("--json"));
    if (paths.size() != 1) {
        err << "loupe-cli info: give one file or folder, such as: loupe-cli info demo/ct\n";
        return 2;
    }
    PluginRegistry registry;
    registry.discover(PluginRegistry::defaultSearchPaths(QCoreApplication::applicationDirPath()));
    Progress progress;
    Result<Dataset> dataset = openDataset(registry, paths.first(), progress);
    if (!dataset.ok()) {
        err << "loupe-cli info: " << dataset.errorMessage() << "\n";
        return 1;
    }
    if (json) {
        QJsonArray volumes;
        for (const auto &v : dataset->volumes)
            volumes.append(volumeJson(*v));
        QJsonArray sequences;
        for (const auto &s : dataset->sequences)
            sequences.append(sequenceJson(*s));
        const QJsonObject root{
            {QStringLiteral("path"), dataset->sourcePath},
            {QStringLiteral("reader"), dataset->readerId},
            {QStringLiteral("volumes"), volumes},
            {QStringLiteral("sequences"), sequences},
            {QStringLiteral("problems"), QJsonArray::fromStringList(dataset->warnings)}};
        out << QJsonDocument(root).toJson(QJsonDocument::Indented);
        return 0;
    }
    out << dataset->name << " (read by " << dataset->readerId << ")\n";
    for (const auto &v : dataset->volumes) {
        const VolumeGeometry &g = v->geometry();
        out << "  " << v->info().modality << " " << g.dims[0] << "x" << g.dims[1] << "x"
            << g.dims[2] << " spacing " << g.spacing[0] << "x" << g.spacing[1] << "x"
            << g.spacing[2] << " mm, origin (" << g.origin[0] << ", " << g.origin[1] << ", "
            << g.origin[2] << "), values " << v->minimum() << ".." << v->maximum() << " "
            << v->info().units << "\n    series " << v->info().seriesInstanceUid << "\n";
    }
    for (const auto &seq : dataset->sequences)
        for (const Stream &s : seq->streams) {
            const double seconds =
                s.frameCount() > 1 ? double(s.timestampsNs.back() - s.timestampsNs.front()) / 1e9
                                   : 0;
            out << "  camera " << s.name << ": " << s.frameCount() << " frames of "
                << s.frameSize.width() << "x" << s.frameSize.height() << ", " << seconds << " s";
            if (seconds > 0)
                out << " (" << (s.frameCount() - 1) / seconds << " fps)";
            if (s.intrinsics)
                out << ", fx " << s.intrinsics->fx << " cx " << s.intrinsics->cx;
            out << "\n";
        }
    for (const QString &w : dataset->warnings)
        out << "  problem: " << w << "\n";
    return 0;
}

} // namespace loupe::cli
