#pragma once

// A camera scene for trackers, shared by the tests: a textured patch moving over a background,
// written as a PNG folder. Header-only; for tests that link Qt Gui.

#include <QDir>
#include <QImage>
#include <QPainter>
#include <QString>

#include <random>

namespace loupe::test {

struct MovingPatch {
    static constexpr int kSize = 32; ///< the patch's side
    /// Where the patch's top-left corner is at `frame`.
    static QPoint at(int frame) { return {40 + 4 * frame, 60 + frame}; }
    static QRect box(int frame) { return {at(frame), QSize(kSize, kSize)}; }

    /// Writes `frames` frames of 320×240 into `dir` (f0.png, f1.png, ...).
    static bool write(const QString &dir, int frames)
    {
        QDir().mkpath(dir);
        std::mt19937 rng(3);
        QImage background(320, 240, QImage::Format_RGB32);
        for (int y = 0; y < 240; ++y)
            for (int x = 0; x < 320; ++x) {
                const int v = 90 + int(rng() % 40);
                background.setPixel(x, y, qRgb(v, v, v + 10));
            }
        // A patch with no repeat in it (a checkerboard lets a tracker lock on a square off).
        QImage patch(kSize, kSize, QImage::Format_RGB32);
        for (int y = 0; y < kSize; y += 4)
            for (int x = 0; x < kSize; x += 4) {
                const QRgb c = qRgb(int(rng() % 256), int(rng() % 256), int(rng() % 256));
                for (int dy = 0; dy < 4; ++dy)
                    for (int dx = 0; dx < 4; ++dx)
                        patch.setPixel(x + dx, y + dy, c);
            }
        for (int f = 0; f < frames; ++f) {
            QImage frame = background;
            QPainter(&frame).drawImage(at(f), patch);
            if (!frame.save(QDir(dir).filePath(QStringLiteral("f%1.png").arg(f))))
                return false;
        }
        return true;
    }
};

} // namespace loupe::test
