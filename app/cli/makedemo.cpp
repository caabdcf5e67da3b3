#include "app/cli/commands.h"

#include "app/demo/colourseries.h"
#include "app/demo/ctphantom.h"
#include "app/demo/drivedemo.h"

#include <QDir>
#include <QElapsedTimer>
#include <QRegularExpression>
#include <QTextStream>

namespace loupe::cli {

namespace {

bool parseSize(const QString &text, int count, int *out)
{
    const QStringList parts = text.split(QLatin1Char('x'));
    if (parts.size() != count)
        return false;
    for (int i = 0; i < count; ++i) {
        bool ok = false;
        out[i] = parts[i].toInt(&ok);
        if (!ok || out[i] < 1)
            return false;
    }
    return true;
}

} // namespace

int runMakeDemo(const QStringList &args, QTextStream &out, QTextStream &err)
{
    QString dir;
    demo::CtPhantomSpec ct;
    demo::DriveSpec drive;
    bool wantCt = true, wantDrive = true, multiframe = false, colour = false;
    for (int i = 0; i < args.size(); ++i) {
        const QString &a = args[i];
        const bool hasValue = i + 1 < args.size();
        if (a == QLatin1String("--ct-size") && hasValue) {
            if (!parseSize(args[++i], 3, ct.dims.data())) {
                err << "make-demo: --ct-size wants WIDTHxHEIGHTxSLICES, such as 256x256x200\n";
                return 2;
            }
        } else if (a == QLatin1String("--frames") && hasValue) {
            bool ok = false;
            drive.frames = args[++i].toInt(&ok);
            if (!ok || drive.frames < 1) {
                err << "make-demo: --frames wants a positive number\n";
                return 2;
            }
        } else if (a == QLatin1String("--frame-size") && hasValue) {
            int wh[2];
            if (!parseSize(args[++i], 2, wh)) {
                err << "make-demo: --frame-size wants WIDTHxHEIGHT, such as 1242x375\n";
                return 2;
            }
            drive.width = wh[0];
            drive.height = wh[1];
        } else if (a == QLatin1String("--multiframe")) {
            multiframe = true;
        } else if (a == QLatin1String("--colour")) {
            colour = true;
        } else if (a == QLatin1String("--no-ct")) {
            wantCt = false;
        } else if (a == QLatin1String("--no-drive")) {
            wantDrive = false;
        } else if (!a.startsWith(QLatin1Char('-')) && dir.isEmpty()) {
            dir = a;
        } else {
            err << "make-demo: unexpected argument \"" << a << "\" (see loupe-cli --help)\n";
            return 2;
        }
    }
    if (dir.isEmpty()) {
        err << "make-demo: give the folder to write into, such as: loupe-cli make-demo demo\n";
        return 2;
    }

    QElapsedTimer timer;
    timer.start();
    if (wantCt) {
        const QString ctDir = QDir(dir).filePath(QStringLiteral("ct"));
        Result<void> r = demo::writeCtPhantom(ctDir, ct);
        if (!r.ok()) {
            err << "make-demo: " << r.errorMessage() << "\n";
            return 1;
        }
        out << "CT phantom " << ct.dims[0] << "x" << ct.dims[1] << "x" << ct.dims[2] << ": "
            << QDir(ctDir).absolutePath() << "\n";
    }
    if (multiframe) {
        const QString mfDir = QDir(dir).filePath(QStringLiteral("multiframe"));
        QDir().mkpath(mfDir);
        for (const auto &[name, writer] :
             {std::pair{QStringLiteral("enhanced-ct.dcm"), &demo::writeEnhancedCtPhantom},
              std::pair{QStringLiteral("rtdose.dcm"), &demo::writeDoseGrid}}) {
            Result<void> r = writer(QDir(mfDir).filePath(name), ct);
            if (!r.ok()) {
                err << "make-demo: " << r.errorMessage() << "\n";
                return 1;
            }
        }
        out << "Multi-frame enhanced CT and RT dose: " << QDir(mfDir).absolutePath() << "\n";
    }
    if (colour) {
        const QString colourDir = QDir(dir).filePath(QStringLiteral("colour"));
        const demo::ColourSeriesSpec spec;
        Result<void> r = demo::writeColourSeries(colourDir, spec);
        if (!r.ok()) {
            err << "make-demo: " << r.errorMessage() << "\n";
            return 1;
        }
        out << "Colour series " << spec.dims[0] << "x" << spec.dims[1] << "x" << spec.dims[2]
            << ": " << QDir(colourDir).absolutePath() << "\n";
    }
    if (wantDrive) {
        const QString driveDir = QDir(dir).filePath(QStringLiteral("drive"));
        Result<void> r = demo::writeDrive(driveDir, drive);
        if (!r.ok()) {
            err << "make-demo: " << r.errorMessage() << "\n";
            return 1;
        }
        out << "Drive " << drive.frames << " frames x 2 cameras " << drive.width << "x"
            << drive.height << ": " << QDir(driveDir).absolutePath() << "\n";
    }
    out << "Done in " << timer.elapsed() << " ms\n";
    return 0;
}

} // namespace loupe::cli
