#include "app/cli/commands.h"

#include "core/plugins/pluginregistry.h"

#include <QCoreApplication>
#include <QJsonDocument>
#include <QTextStream>

namespace loupe::cli {

int runPlugins(const QStringList &args, QTextStream &out, QTextStream &err)
{
    const bool json = args.contains(QStringLiteral("--json"));
    for (const QString &a : args) {
        if (a != QLatin1String("--json")) {
            err << "loupe-cli plugins: unknown option \"" << a << "\" (only --json)\n";
            return 2;
        }
    }
    PluginRegistry registry;
    registry.discover(PluginRegistry::defaultSearchPaths(QCoreApplication::applicationDirPath()));
    if (json) {
        out << QJsonDocument(registry.toJson()).toJson(QJsonDocument::Indented);
        return 0;
    }
    out << "Searched: " << registry.searchedDirectories().join(QStringLiteral(", ")) << "\n";
    out << "Loaded (" << registry.loadedCount() << "):\n";
    for (const PluginRecord &r : registry.records()) {
        if (r.loaded)
            out << "  " << r.id << " " << r.version << "  [" << r.kind << "]  " << r.description
                << "\n      " << r.file << "\n";
    }
    out << "Not loaded (" << registry.failedCount() << "):\n";
    for (const PluginRecord &r : registry.records()) {
        if (!r.loaded)
            out << "  " << r.file << "\n      " << r.error << "\n";
    }
    return 0;
}

} // namespace loupe::cli
