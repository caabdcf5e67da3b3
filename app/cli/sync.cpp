// loupe-cli sync WORKSPACE --server URL --project N   (the token in LOUPE_TOKEN)
// One sync of a workspace with loupe-server: push its edits, pull the others', and say where
// it stands. Exit 0 when it reached the server, 1 when not (the edits stay queued).

#include "app/cli/commands.h"

#include "core/sync/syncclient.h"

#include <QCoreApplication>
#include <QEventLoop>
#include <QTextStream>
#include <QTimer>

namespace loupe::cli {

int runSync(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QString workspace, server;
    qint64 project = 0;
    for (int i = 0; i < args.size(); ++i) {
        const bool value = i + 1 < args.size();
        if (args[i] == QLatin1String("--server") && value)
            server = args[++i];
        else if (args[i] == QLatin1String("--project") && value)
            project = args[++i].toLongLong();
        else if (workspace.isEmpty())
            workspace = args[i];
    }
    const QString token = qEnvironmentVariable("LOUPE_TOKEN");
    if (workspace.isEmpty() || server.isEmpty() || project <= 0 || token.isEmpty()) {
        err << "Usage: LOUPE_TOKEN=… loupe-cli sync WORKSPACE --server URL --project N\n"
               "  The device token comes from the environment, never the command line.\n";
        return 2;
    }
    sync::SyncClient client({QUrl(server), token, project, workspace, 3600 * 1000});
    QEventLoop loop;
    sync::SyncStatus last;
    QObject::connect(&client, &sync::SyncClient::statusChanged, &loop,
                     [&](const sync::SyncStatus &s) {
                         last = s;
                         loop.quit();
                     });
    client.start();
    loop.exec();
    out << (last.online ? "online" : "offline") << ", " << last.pending << " pending, "
        << last.conflicts << " open conflicts\n";
    if (!last.lastError.isEmpty()) {
        err << "loupe-cli sync: " << last.lastError << "\n";
        return 1;
    }
    return 0;
}

} // namespace loupe::cli
