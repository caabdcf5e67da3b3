#pragma once

// Small helpers shared by Loupe's tests. Header-only on purpose: each test is one file.

#include <QDir>
#include <QFile>
#include <QProcess>
#include <QString>
#include <QStringList>
#include <QTest>

namespace loupe::test {

/// Where the fixture plugins are built.
inline QString fixturePluginDir()
{
    return QStringLiteral(LOUPE_TEST_FIXTURE_PLUGIN_DIR);
}
/// The build tree's bin/ (loupe, loupe-cli).
inline QString binDir()
{
    return QStringLiteral(LOUPE_TEST_BIN_DIR);
}
inline QString sourceTestsDir()
{
    return QStringLiteral(LOUPE_TEST_SOURCE_DIR);
}

/// Debian's interpreter, which has python3-pydicom and python3-nibabel (the first python3
/// on PATH may be another one).
inline QString debianPython()
{
    return QStringLiteral("/usr/bin/python3");
}

struct ProcessResult {
    int exitCode = -1;
    QByteArray out;
    QByteArray err;
    bool finished = false;
};

/// Runs a program to completion (or `timeoutMs`), with optional extra environment.
inline ProcessResult run(const QString &program, const QStringList &args,
                         const QStringList &env = {}, int timeoutMs = 120000)
{
    QProcess p;
    QProcessEnvironment e = QProcessEnvironment::systemEnvironment();
    for (const QString &kv : env)
        e.insert(kv.section(QLatin1Char('='), 0, 0), kv.section(QLatin1Char('='), 1));
    p.setProcessEnvironment(e);
    p.start(program, args);
    ProcessResult r;
    r.finished = p.waitForFinished(timeoutMs);
    if (!r.finished)
        p.kill();
    r.exitCode = p.exitStatus() == QProcess::NormalExit ? p.exitCode() : -1;
    r.out = p.readAllStandardOutput();
    r.err = p.readAllStandardError();
    return r;
}

/// Writes the video `path` with Debian's ffmpeg: `frames` frames of its moving, colourful test
/// pattern (testsrc2) of `size` ("WxH") at 25 fps, made with `encoding` (ffmpeg's output
/// options, as {"-c:v", "libx264", "-pix_fmt", "yuv420p"}).
inline ProcessResult writeTestVideo(const QString &path, const QString &size, int frames,
                                    const QStringList &encoding)
{
    return run(QStringLiteral("ffmpeg"),
               QStringList{QStringLiteral("-y"), QStringLiteral("-loglevel"),
                           QStringLiteral("error"), QStringLiteral("-f"), QStringLiteral("lavfi"),
                           QStringLiteral("-i"),
                           QStringLiteral("testsrc2=size=%1:rate=25").arg(size),
                           QStringLiteral("-frames:v"), QString::number(frames)} +
                   encoding + QStringList{path});
}

/// What the sqlite3 program prints for `sql` on the database `path` (trimmed): an independent
/// look at a workspace file.
inline QString sqlite(const QString &path, const QString &sql)
{
    const ProcessResult r = run(QStringLiteral("sqlite3"), {path, sql});
    if (r.exitCode != 0)
        qWarning("sqlite3: %s", r.err.constData());
    return QString::fromUtf8(r.out).trimmed();
}

/// Writes a .loupetest file that the good fixture plugin reads.
inline void writeLoupeTest(const QString &path, int nx, int ny, int nz, bool throws = false)
{
    QFile f(path);
    QVERIFY(f.open(QIODevice::WriteOnly | QIODevice::Text));
    f.write("LOUPETEST\n");
    if (throws)
        f.write("throw\n");
    f.write(
        QStringLiteral("dims %1 %2 %3\nspacing 0.5 0.75 2\n").arg(nx).arg(ny).arg(nz).toLatin1());
}

} // namespace loupe::test

namespace loupe::test {
/// The build tree's real plugins (lib/loupe/plugins).
inline QString pluginDir()
{
    return QStringLiteral(LOUPE_TEST_PLUGIN_DIR);
}
} // namespace loupe::test
