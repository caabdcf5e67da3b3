// Renders Loupe's SVG icon to the PNG sizes of the hicolor icon theme, at build time:
//   loupe-iconrender ICON.svg OUTDIR SIZE...   →   OUTDIR/SIZExSIZE/apps/loupe.png
// Qt's SVG image format plugin draws it; no display is needed (QT_QPA_PLATFORM=offscreen).

#include <QDir>
#include <QGuiApplication>
#include <QImage>
#include <QImageReader>

#include <cstdio>

int main(int argc, char **argv)
{
    QGuiApplication app(argc, argv);
    const QStringList args = app.arguments();
    if (args.size() < 4) {
        std::fprintf(stderr, "usage: loupe-iconrender ICON.svg OUTDIR SIZE...\n");
        return 2;
    }
    for (int n = 3; n < args.size(); ++n) {
        const int size = args[n].toInt();
        QImageReader reader(args[1], "svg");
        reader.setScaledSize(QSize(size, size));
        const QImage image = reader.read();
        if (image.isNull()) {
            std::fprintf(stderr, "loupe-iconrender: cannot draw %s at %d px: %s\n",
                         qPrintable(args[1]), size, qPrintable(reader.errorString()));
            return 1;
        }
        const QString dir = QStringLiteral("%1/%2x%2/apps").arg(args[2]).arg(size);
        QDir().mkpath(dir);
        if (!image.save(dir + QStringLiteral("/loupe.png"))) {
            std::fprintf(stderr, "loupe-iconrender: cannot write %s\n", qPrintable(dir));
            return 1;
        }
    }
    return 0;
}
