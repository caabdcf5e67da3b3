// Tracks at scale: 10,000 tracks over 2,000 frames (a keyframe every 25 frames over each
// track's life of 100 to 400 frames), saved to a workspace, loaded back, and the shapes of
// one frame worked out (the model's part of a frame change), against a raw SQLite insert loop
// of the same rows in one transaction, in the same run. Then a camera view with those tracks:
// the time to change frame and draw the frame's shapes (about 600 on that camera), against a
// bare QPainter drawing as many rectangles and labels into an image of the view's size.
//
//   loupe-bench-tracks [--tracks N] [--frames N] [--dir DIR]
//
// Run it under a display (xvfb-run on a server). Prints JSON.

#include "core/annotations/trackdocument.h"
#include "core/annotations/trackjson.h"
#include "core/store/trackstore.h"
#include "core/store/workspace.h"
#include "widgets/frameview.h"
#include "widgets/shapeeditor.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QJsonDocument>
#include <QJsonObject>
#include <QPainter>
#include <QTemporaryDir>
#include <QTextStream>

#include <sqlite3.h>

#include <algorithm>
#include <random>

using namespace loupe;

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    int trackCount = 10000, frames = 2000;
    QTemporaryDir temp;
    QString dir = temp.path();
    const QStringList args = app.arguments();
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--tracks"))
            trackCount = args[++i].toInt();
        else if (args[i] == QLatin1String("--frames"))
            frames = args[++i].toInt();
        else if (args[i] == QLatin1String("--dir"))
            dir = args[++i];
    }
    QDir().mkpath(dir);
    std::mt19937 rng(1);
    std::vector<Track> tracks;
    qint64 keyframes = 0;
    for (int n = 0; n < trackCount; ++n) {
        Track t;
        t.id = n + 1;
        t.label = QStringLiteral("car");
        t.stream = n % 2;
        const int life = 100 + int(rng() % 301);
        const int start = int(rng() % unsigned(std::max(1, frames - life)));
        for (int f = start; f < start + life; f += 25) {
            const double x = rng() % 1800, y = rng() % 1000;
            t.keyframes[f] = Keyframe{Shape::box(x, y, x + 40 + rng() % 80, y + 30 + rng() % 60),
                                      false,
                                      (rng() % 5) == 0,
                                      {}};
        }
        t.keyframes[start + life] = Keyframe{t.keyframes.rbegin()->second.shape, true, false, {}};
        keyframes += qint64(t.keyframes.size());
        tracks.push_back(std::move(t));
    }
    const QString path = QDir(dir).filePath(QStringLiteral("bench-tracks.loupe-ws"));
    QFile::remove(path);
    QFile::remove(path + QStringLiteral("-wal"));
    const QString doc = QStringLiteral("bench/labels");

    QElapsedTimer t;
    t.start();
    std::vector<store::Operation> ops = store::trackChanges(doc, {}, tracks);
    const double making = double(t.nsecsElapsed()) / 1e9;
    double save = 0, load = 0;
    {
        Result<std::unique_ptr<store::Workspace>> w = store::Workspace::open(path);
        if (!w.ok() || !w.value()->commit(ops).ok())
            return 1;
        save = double(t.nsecsElapsed()) / 1e9;
        t.restart();
        Result<std::vector<Track>> back = store::loadTracks(*w.value(), doc);
        load = double(t.nsecsElapsed()) / 1e9;
        if (!back.ok() || back->size() != tracks.size())
            return 1;
    }
    // The raw reference: the same rows (operation and entry), one transaction.
    const QString raw = QDir(dir).filePath(QStringLiteral("bench-tracks-raw.sqlite"));
    QFile::remove(raw);
    sqlite3 *db = nullptr;
    sqlite3_open(QFile::encodeName(raw).constData(), &db);
    sqlite3_exec(db,
                 "PRAGMA journal_mode = WAL; PRAGMA synchronous = FULL;"
                 "CREATE TABLE ops(seq INTEGER PRIMARY KEY, op_id TEXT UNIQUE, document TEXT, "
                 "kind TEXT, key TEXT, json TEXT);"
                 "CREATE TABLE entries(document TEXT, key TEXT, json TEXT, seq INTEGER, "
                 "PRIMARY KEY(document, key)) WITHOUT ROWID;",
                 nullptr, nullptr, nullptr);
    t.restart();
    sqlite3_stmt *op = nullptr, *entry = nullptr;
    sqlite3_prepare_v2(db, "INSERT INTO ops(op_id, document, kind, key, json) VALUES(?,?,?,?,?)",
                       -1, &op, nullptr);
    sqlite3_prepare_v2(db, "INSERT OR REPLACE INTO entries VALUES(?,?,?,?)", -1, &entry, nullptr);
    sqlite3_exec(db, "BEGIN", nullptr, nullptr, nullptr);
    for (const store::Operation &o : ops) {
        const QByteArray id = o.id.toUtf8(), d = o.document.toUtf8(), k = o.kind.toUtf8(),
                         key = o.key.toUtf8();
        sqlite3_reset(op);
        sqlite3_bind_text(op, 1, id.constData(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(op, 2, d.constData(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(op, 3, k.constData(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(op, 4, key.constData(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(op, 5, o.json.constData(), int(o.json.size()), SQLITE_TRANSIENT);
        sqlite3_step(op);
        sqlite3_reset(entry);
        sqlite3_bind_text(entry, 1, d.constData(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(entry, 2, key.constData(), -1, SQLITE_TRANSIENT);
        sqlite3_bind_text(entry, 3, o.json.constData(), int(o.json.size()), SQLITE_TRANSIENT);
        sqlite3_bind_int64(entry, 4, sqlite3_last_insert_rowid(db));
        sqlite3_step(entry);
    }
    sqlite3_exec(db, "COMMIT", nullptr, nullptr, nullptr);
    const double rawSave = double(t.nsecsElapsed()) / 1e9;
    sqlite3_finalize(op);
    sqlite3_finalize(entry);
    sqlite3_close(db);

    // A frame change: every track's shape at a frame in the middle (interpolated).
    t.restart();
    int visible = 0;
    const int probes = 20;
    for (int p = 0; p < probes; ++p) {
        const int frame = frames / 2 + p;
        for (const Track &tr : tracks)
            visible += tr.at(frame).has_value();
    }
    const double frameMs = double(t.nsecsElapsed()) / 1e6 / probes;

    // Drawing a frame change on one camera view, 1280×720 showing 1920×1080 frames.
    TrackDocument document;
    document.reset(tracks);
    FrameView view;
    view.resize(1280, 720);
    view.setFrameSize({1920, 1080});
    QImage picture(1280, 720, QImage::Format_RGB32);
    picture.fill(QColor(70, 70, 70));
    view.showFrame(picture, 0, QStringLiteral("bench"));
    ShapeEditor editor(&view, &document, 0);
    view.show();
    QCoreApplication::processEvents();
    std::vector<double> drawMs, bareMs;
    int drawn = 0;
    for (int p = 0; p < probes; ++p) {
        const int frame = frames / 2 + p;
        t.restart();
        editor.setFrame(frame);
        view.repaint();
        drawMs.push_back(double(t.nsecsElapsed()) / 1e6);
        // The reference: as many rectangles and labels, drawn bare.
        const std::vector<ShapeAt> shapes = document.shapesAt(0, frame);
        drawn = int(shapes.size());
        QImage canvas(1280, 720, QImage::Format_RGB32);
        t.restart();
        {
            QPainter painter(&canvas);
            painter.drawImage(QRect(0, 0, 1280, 720), picture);
            for (const ShapeAt &s : shapes) {
                const auto b = s.frame.shape.bounds();
                const QRectF r(b[0] * 2 / 3, b[1] * 2 / 3, (b[2] - b[0]) * 2 / 3,
                               (b[3] - b[1]) * 2 / 3);
                painter.setPen(QPen(Qt::red, 1.5));
                painter.drawRect(r);
                painter.fillRect(QRectF(r.left(), r.top() - 14, 60, 14), Qt::red);
                painter.setPen(Qt::black);
                painter.drawText(QRectF(r.left(), r.top() - 14, 60, 14), Qt::AlignCenter,
                                 QStringLiteral("car #%1").arg(s.id));
            }
        }
        bareMs.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    std::sort(drawMs.begin(), drawMs.end());
    std::sort(bareMs.begin(), bareMs.end());
    const double drawMedian = drawMs[drawMs.size() / 2], bareMedian = bareMs[bareMs.size() / 2];

    QTextStream(stdout)
        << QJsonDocument(
               QJsonObject{{QStringLiteral("bench"), QStringLiteral("tracks")},
                           {QStringLiteral("tracks"), trackCount},
                           {QStringLiteral("frames"), frames},
                           {QStringLiteral("keyframes"), keyframes},
                           {QStringLiteral("operations"), qint64(ops.size())},
                           {QStringLiteral("save_s"), save},
                           {QStringLiteral("of_which_making_operations_s"), making},
                           {QStringLiteral("load_s"), load},
                           {QStringLiteral("raw_sqlite_save_s"), rawSave},
                           {QStringLiteral("save_over_raw"), save / rawSave},
                           {QStringLiteral("shapes_at_a_frame_ms"), frameMs},
                           {QStringLiteral("visible_at_a_frame"), visible / probes},
                           {QStringLiteral("shapes_drawn_on_one_camera"), drawn},
                           {QStringLiteral("frame_change_draw_median_ms"), drawMedian},
                           {QStringLiteral("frame_change_draw_max_ms"), drawMs.back()},
                           {QStringLiteral("bare_qpainter_median_ms"), bareMedian},
                           {QStringLiteral("draw_over_bare_qpainter"), drawMedian / bareMedian}})
               .toJson();
    return 0;
}
