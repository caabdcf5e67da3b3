#pragma once

#include <QStringList>

#include <memory>

class QTextStream;

namespace loupe {
class Volume;
}

namespace loupe::cli {

/// Opens `input` with the installed readers and picks one volume: the only one, or the one
/// with Series Instance UID `series`. Null after writing why to `err` (prefixed `command`).
std::shared_ptr<const Volume> openOneVolume(const QString &command, const QString &input,
                                            const QString &series, QTextStream &err);

/// Each command takes its own arguments (after the command name) and returns the exit code.
/// Output goes to `out`; errors go to `err` and name what failed and what to do.
int runPlugins(const QStringList &args, QTextStream &out, QTextStream &err);
int runMakeDemo(const QStringList &args, QTextStream &out, QTextStream &err);
int runInfo(const QStringList &args, QTextStream &out, QTextStream &err);
int runConvert(const QStringList &args, QTextStream &out, QTextStream &err);
int runSegment(const QStringList &args, QTextStream &out, QTextStream &err);
int runSeg(const QStringList &args, QTextStream &out, QTextStream &err);
int runWorkspace(const QStringList &args, QTextStream &out, QTextStream &err);
int runTracks(const QStringList &args, QTextStream &out, QTextStream &err);
int runSync(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace loupe::cli
