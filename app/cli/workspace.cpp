// loupe-cli workspace info|check PATH [--json]
// loupe-cli workspace export PATH OUT.loupe [--dataset ID]
// loupe-cli workspace import PATH IN.loupe

#include "app/cli/commands.h"

#include "core/store/portable.h"
#include "core/store/workspace.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QTextStream>

namespace loupe::cli {

namespace {

int info(store::Workspace &w, bool json, QTextStream &out, QTextStream &err)
{
    const Result<store::WorkspaceInfo> i = w.info();
    if (!i.ok()) {
        err << "loupe-cli workspace info: " << i.errorMessage() << "\n";
        return 1;
    }
    const Result<std::vector<store::DatasetRecord>> datasets = w.datasets();
    QJsonArray list;
    if (datasets.ok())
        for (const store::DatasetRecord &d : datasets.value())
            list.append(QJsonObject{{QStringLiteral("id"), d.id},
                                    {QStringLiteral("location"), d.location},
                                    {QStringLiteral("kind"), d.kind},
                                    {QStringLiteral("fingerprint"), d.fingerprint}});
    if (json) {
        out << QJsonDocument(QJsonObject{{QStringLiteral("path"), w.path()},
                                         {QStringLiteral("dataset_list"), list},
                                         {QStringLiteral("schema_version"), i->schemaVersion},
                                         {QStringLiteral("datasets"), i->datasets},
                                         {QStringLiteral("documents"), i->documents},
                                         {QStringLiteral("entries"), i->entries},
                                         {QStringLiteral("blobs"), i->blobs},
                                         {QStringLiteral("blob_bytes"), i->blobBytes},
                                         {QStringLiteral("operations"), i->operations},
                                         {QStringLiteral("unpushed"), i->unpushed},
                                         {QStringLiteral("file_bytes"), i->fileBytes},
                                         {QStringLiteral("client_id"), i->clientId}})
                   .toJson();
        return 0;
    }
    out << "workspace:   " << w.path() << "\n"
        << "version:     " << i->schemaVersion << "\n"
        << "datasets:    " << i->datasets << "\n"
        << "documents:   " << i->documents << " (" << i->entries << " entries)\n"
        << "data blocks: " << i->blobs << " (" << i->blobBytes << " bytes compressed)\n"
        << "operations:  " << i->operations << " (" << i->unpushed << " not yet synced)\n"
        << "file size:   " << i->fileBytes << " bytes\n";
    for (const QJsonValue &d : list)
        out << "  dataset " << d[QStringLiteral("id")].toInteger() << ": "
            << d[QStringLiteral("location")].toString() << " ("
            << d[QStringLiteral("kind")].toString() << ")\n";
    return 0;
}

int check(store::Workspace &w, bool json, QTextStream &out, QTextStream &err)
{
    const Result<QStringList> problems = w.check();
    if (!problems.ok()) {
        err << "loupe-cli workspace check: " << problems.errorMessage() << "\n";
        return 1;
    }
    if (json)
        out << QJsonDocument(QJsonObject{{QStringLiteral("path"), w.path()},
                                         {QStringLiteral("ok"), problems->isEmpty()},
                                         {QStringLiteral("problems"),
                                          QJsonArray::fromStringList(problems.value())}})
                   .toJson();
    else if (problems->isEmpty())
        out << w.path() << ": ok\n";
    else
        for (const QString &p : problems.value())
            out << w.path() << ": " << p << "\n";
    return problems->isEmpty() ? 0 : 1;
}

} // namespace

namespace {

int transfer(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QStringList rest = args;
    std::optional<qint64> dataset;
    if (const qsizetype at = rest.indexOf(QStringLiteral("--dataset")); at >= 0) {
        bool ok = false;
        dataset = at + 1 < rest.size() ? rest[at + 1].toLongLong(&ok) : 0;
        if (!ok) {
            err << "loupe-cli workspace export: --dataset takes a dataset id (see workspace "
                   "info)\n";
            return 2;
        }
        rest.remove(at, 2);
    }
    if (rest.size() != 3) {
        err << "Usage: loupe-cli workspace export PATH OUT.loupe [--dataset ID]\n"
               "       loupe-cli workspace import PATH IN.loupe\n";
        return 2;
    }
    const bool exporting = rest[0] == QLatin1String("export");
    Result<std::unique_ptr<store::Workspace>> w = store::Workspace::open(rest[1]);
    if (!w.ok()) {
        err << "loupe-cli workspace " << rest[0] << ": " << w.errorMessage() << "\n";
        return 1;
    }
    const Result<store::PortableSummary> done =
        exporting ? store::exportPortable(*w.value(), rest[2], dataset)
                  : store::importPortable(*w.value(), rest[2]);
    if (!done.ok()) {
        err << "loupe-cli workspace " << rest[0] << ": " << done.errorMessage() << "\n";
        return 1;
    }
    if (exporting)
        out << rest[2] << ": " << done->operations << " operations, " << done->datasets
            << " datasets\n";
    else
        out << rest[1] << ": " << done->operations << " operations imported, " << done->skipped
            << " already here, " << done->datasets << " new datasets\n";
    return 0;
}

} // namespace

int runWorkspace(const QStringList &args, QTextStream &out, QTextStream &err)
{
    if (!args.isEmpty() &&
        (args[0] == QLatin1String("export") || args[0] == QLatin1String("import")))
        return transfer(args, out, err);
    QStringList rest = args;
    const bool json = rest.removeAll(QStringLiteral("--json")) > 0;
    if (rest.size() != 2 ||
        (rest[0] != QLatin1String("info") && rest[0] != QLatin1String("check"))) {
        err << "Usage: loupe-cli workspace info|check PATH [--json]\n"
               "       loupe-cli workspace export PATH OUT.loupe [--dataset ID]\n"
               "       loupe-cli workspace import PATH IN.loupe\n";
        return 2;
    }
    // Read-only: looking at a workspace never changes it (nor replays another process's WAL
    // into it).
    Result<std::unique_ptr<store::Workspace>> w =
        store::Workspace::open(rest[1], store::Workspace::Access::ReadOnly);
    if (!w.ok()) {
        err << "loupe-cli workspace " << rest[0] << ": " << w.errorMessage() << "\n";
        return 1;
    }
    return rest[0] == QLatin1String("info") ? info(*w.value(), json, out, err)
                                            : check(*w.value(), json, out, err);
}

} // namespace loupe::cli
