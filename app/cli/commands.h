#pragma once

#include <QStringList>

class QTextStream;

namespace loupe::cli {

/// Each command takes its own arguments (after the command name) and returns the exit code.
/// Output goes to `out`; errors go to `err` and name what failed and what to do.
int runPlugins(const QStringList &args, QTextStream &out, QTextStream &err);
int runMakeDemo(const QStringList &args, QTextStream &out, QTextStream &err);
int runInfo(const QStringList &args, QTextStream &out, QTextStream &err);
int runConvert(const QStringList &args, QTextStream &out, QTextStream &err);

} // namespace loupe::cli
