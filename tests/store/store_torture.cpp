// The crash test's client: opens the workspace, goes on with the script from the edit after
// the last one the workspace holds, submits edits in small bursts as a person would, and
// prints "saved <id>" for each edit the store acknowledges, flushed at once, until the script
// ends or the process is killed.
//
//   loupe-store-torture WORKSPACE [--edits N] [--max-file-bytes N]

#include "core/store/storewriter.h"
#include "core/store/workspace.h"
#include "store/storescript.h"

#include <QCoreApplication>
#include <QThread>

#include <csignal>
#include <cstdio>
#include <mutex>

#include <sys/resource.h>

using namespace loupe;

int main(int argc, char **argv)
{
    QCoreApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 2) {
        std::fprintf(stderr, "usage: loupe-store-torture WORKSPACE [--edits N]\n");
        return 2;
    }
    int edits = 5000;
    if (const qsizetype at = args.indexOf(QStringLiteral("--edits"));
        at > 0 && at + 1 < args.size())
        edits = args[at + 1].toInt();
    if (const qsizetype at = args.indexOf(QStringLiteral("--max-file-bytes"));
        at > 0 && at + 1 < args.size()) {
        // A full disk where a small file system cannot be mounted: writes past the limit fail
        // (EFBIG) instead of killing the process.
        std::signal(SIGXFSZ, SIG_IGN);
        const rlimit limit{rlim_t(args[at + 1].toLongLong()), rlim_t(args[at + 1].toLongLong())};
        setrlimit(RLIMIT_FSIZE, &limit);
    }
    Result<std::unique_ptr<store::Workspace>> w = store::Workspace::open(args[1]);
    if (!w.ok()) {
        std::fprintf(stderr, "%s\n", qPrintable(w.errorMessage()));
        return 1;
    }
    // Each edit of the script is committed once and in order: the count says where to go on.
    Result<store::WorkspaceInfo> info = w.value()->info();
    const int from = info.ok() ? int(info->operations) : 0;
    std::printf("from %d%s\n", from, w.value()->previousSessionCrashed() ? " after a crash" : "");
    std::fflush(stdout);
    store::StoreWriter writer(std::move(w.value()));
    std::mutex print;
    QObject::connect(
        &writer, &store::StoreWriter::saved, &writer,
        [&](const QStringList &ids, qint64) {
            const std::lock_guard lock(print);
            for (const QString &id : ids)
                std::printf("saved %s\n", qPrintable(id));
            std::fflush(stdout);
        },
        Qt::DirectConnection);
    QObject::connect(
        &writer, &store::StoreWriter::failed, &writer,
        [&](const QString &message) {
            const std::lock_guard lock(print);
            std::printf("failed %s\n", qPrintable(message));
            std::fflush(stdout);
        },
        Qt::DirectConnection);
    for (int i = from; i < edits && !writer.hasFailed(); ++i) {
        writer.submit(test::scriptedEdit(i));
        if (i % 5 == 4)
            QThread::usleep(1500);
    }
    const bool ok = writer.waitForSaved(120000);
    std::printf("%s\n", ok ? "done" : "not saved");
    return ok ? 0 : 1;
}
