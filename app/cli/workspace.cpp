// loupe-cli workspace info|check PATH [--json]

#include "app/cli/commands.h"

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
    if (json) {
        out << QJsonDocument(QJsonObject{{QStringLiteral("path"), w.path()},
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

int runWorkspace(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QStringList rest = args;
    const bool json = rest.removeAll(QStringLiteral("--json")) > 0;
    if (rest.size() != 2 ||
        (rest[0] != QLatin1String("info") && rest[0] != QLatin1String("check"))) {
        err << "Usage: loupe-cli workspace info|check PATH [--json]\n";
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
