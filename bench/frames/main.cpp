// Camera sequences: playback, seeking and decoding, against ffmpeg measured in the same run.
//
//   loupe-bench-frames [--dir DIR] [--frames N] [--size WxH] [--seeks N] [--only jpeg|png|h264]
//                      [--throughput-only] [--threads N]
//
// Writes (once, into DIR) N frames (default 600) of WxH (default 1920x1080) at 30 fps as a PNG
// sequence and a JPEG sequence (the demo drive's two cameras), and an H.264 mp4 (GOP 60) made
// from the JPEGs by Debian's ffmpeg. Then, for each form:
//   - decode throughput: every frame, fitted to a 640×360 view and at full size, through the
//     frame source on as many threads as cores, against `ffmpeg -threads 1` decoding the same
//     input, times the cores (the best of five rounds taken in turns); for context, against
//     as many such ffmpeg processes as cores, run at once; and the full size against
//     `ffmpeg -threads 1` converting every frame to RGB32 (BGRA) as the pipeline does;
//   - random seek: a one-camera view in a window, seek to a random frame, until it is on screen
//     (settled and painted): median, p95 and worst over --seeks seeks (default 30);
//   - for H.264, the conversion the GPU path runs (planes → RGB32 at view size) on the CPU
//     twin and on the GPU where there is one, against the decoder's own (libswscale);
//   - sustained playback: two cameras of that form in a window at 1×, from the first frame to
//     the last: frames the playhead skipped, and moves at which a camera was still late.
// --throughput-only measures decoding alone (no window: no seeks, no playback); --threads sets
// the pipeline's threads (default: the cores; the reference is still times the cores).
// Run it under a display (xvfb-run on a server). Prints JSON.

#include "app/demo/drivedemo.h"
#include "core/compute/computebackend.h"
#include "core/sequence/framecache.h"
#include "core/sequence/playback.h"
#include "core/sequence/timeline.h"
#include "plugins/frames/framereader.h"
#include "widgets/cameragrid.h"
#include "widgets/frameview.h"
#include "widgets/sequenceview.h"

#include <QApplication>
#include <QDir>
#include <QElapsedTimer>
#include <QFile>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QProcess>
#include <QTextStream>
#include <QThreadPool>
#include <QTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <algorithm>
#include <random>

using namespace loupe;

namespace {

QTextStream err(stderr);

double seconds(const QElapsedTimer &t)
{
    return double(t.nsecsElapsed()) / 1e9;
}

/// Runs a command, returns its wall time in seconds (negative on failure).
double timed(const QString &program, const QStringList &args)
{
    QProcess p;
    QElapsedTimer t;
    t.start();
    p.start(program, args);
    if (!p.waitForFinished(600000) || p.exitCode() != 0) {
        err << program << " failed: " << p.readAllStandardError() << "\n";
        return -1;
    }
    return seconds(t);
}

/// Runs `count` copies of a command at once; the wall time until the last ends, in seconds
/// (negative on failure).
double timedTogether(const QString &program, const QStringList &args, int count)
{
    std::vector<std::unique_ptr<QProcess>> runs;
    QElapsedTimer t;
    t.start();
    for (int i = 0; i < count; ++i) {
        runs.push_back(std::make_unique<QProcess>());
        runs.back()->start(program, args);
    }
    for (auto &p : runs)
        if (!p->waitForFinished(600000) || p->exitCode() != 0)
            return -1;
    return seconds(t);
}

void writeRig(const QString &path, const QString &stream, int cameras)
{
    QJsonArray streams;
    for (int c = 0; c < cameras; ++c)
        streams.append(QJsonObject{{QStringLiteral("name"), QStringLiteral("camera %1").arg(c + 1)},
                                   {QStringLiteral("path"), stream},
                                   {QStringLiteral("frameRate"), 30}});
    QFile f(path);
    f.open(QIODevice::WriteOnly);
    f.write(QJsonDocument(QJsonObject{{QStringLiteral("streams"), streams}}).toJson());
}

std::shared_ptr<const Sequence> open(const QString &path)
{
    Result<Dataset> d = frames::readFrames(path);
    if (!d.ok()) {
        err << d.errorMessage() << "\n";
        std::exit(1);
    }
    return d->sequences.front();
}

/// Runs the event loop until `done`, sleeping between events as the application's own loop
/// does (a loop that polls would take a core from the decoders it measures).
bool waitFor(const std::function<bool()> &done, int ms = 30000)
{
    QElapsedTimer t;
    t.start();
    QTimer tick; // wakes the loop to look at `done` and the time now and then
    tick.start(2);
    while (!done()) {
        if (t.elapsed() > ms)
            return false;
        QCoreApplication::processEvents(QEventLoop::AllEvents | QEventLoop::WaitForMoreEvents);
    }
    return true;
}

/// Every frame, fitted to `fit` (empty: full size), on `threads` threads, in contiguous runs
/// (a run per thread, so a video decoder goes forward through its run). Frames per second.
double decodeThroughput(const FrameSource &source, int threads, QSize fit)
{
    const int n = source.frameCount();
    QElapsedTimer t;
    t.start();
    QList<QFuture<void>> runs;
    for (int r = 0; r < threads; ++r)
        runs << QtConcurrent::run([&source, r, n, threads, fit] {
            for (int f = r * n / threads; f < (r + 1) * n / threads; ++f)
                if (!source.decode(f, fit).ok())
                    err << "frame " << f << " failed\n";
        });
    for (auto &run : runs)
        run.waitForFinished();
    return n / seconds(t);
}

/// As decodeThroughput, with the source's planes scaled and converted by `compute` (its CPU
/// twin or its GPU kernel) instead of by the decoder's libswscale.
double convertedThroughput(const FrameSource &source, int threads, QSize fit,
                           const ComputeBackend &compute)
{
    const int n = source.frameCount();
    QElapsedTimer t;
    t.start();
    QList<QFuture<void>> runs;
    for (int r = 0; r < threads; ++r)
        runs << QtConcurrent::run([&, r] {
            for (int f = r * n / threads; f < (r + 1) * n / threads; ++f) {
                const Result<DecodedPlanes> planes = source.decodePlanes(f, {});
                if (!planes.ok() || !planes->offered()) {
                    err << "frame " << f << " has no planes\n";
                    continue;
                }
                const compute::FramePlanes &p = planes->planes;
                const QSize out = fittedSize(QSize(p.width, p.height), fit);
                QImage image(out, QImage::Format_RGB32);
                compute.convertFrame(p, out.width(), out.height(),
                                     reinterpret_cast<std::uint32_t *>(image.bits()),
                                     std::size_t(image.bytesPerLine()));
            }
        });
    for (auto &run : runs)
        run.waitForFinished();
    return n / seconds(t);
}

/// Median, p95 and worst of `ms` (sorted here).
QJsonObject spread(std::vector<double> ms)
{
    std::sort(ms.begin(), ms.end());
    return {{QStringLiteral("median_ms"), ms[ms.size() / 2]},
            {QStringLiteral("p95_ms"), ms[std::min(ms.size() - 1, ms.size() * 95 / 100)]},
            {QStringLiteral("max_ms"), ms.back()}};
}

/// The decoder alone, for comparison with the seek on screen: the same random frames, each
/// decoded for the same view size straight from the frame source on the calling thread.
QJsonObject decodeSeekFigures(const FrameSource &source, int seeks, QSize fit)
{
    std::mt19937 rng(7);
    std::vector<double> ms;
    for (int s = 0; s < seeks; ++s) {
        const int target = int(rng() % unsigned(source.frameCount()));
        QElapsedTimer t;
        t.start();
        if (!source.decode(target, fit).ok())
            err << "frame " << target << " failed\n";
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
    }
    return spread(ms);
}

QJsonObject seekFigures(const QString &rig, int seeks)
{
    SequenceView view;
    view.resize(1280, 760);
    view.setSequence(open(rig));
    view.show();
    waitFor([&] { return view.isSettled(); });
    std::mt19937 rng(7);
    const int frames = view.timeline()->frameCount();
    std::vector<double> ms;
    for (int s = 0; s < seeks; ++s) {
        const int target = int(rng() % unsigned(frames));
        QElapsedTimer t;
        t.start();
        view.playback()->seekFrame(target);
        waitFor([&] { return view.isSettled(); });
        view.grid()->view(0)->repaint(); // on screen
        ms.push_back(double(t.nsecsElapsed()) / 1e6);
        QCoreApplication::processEvents(); // let prefetches land, as a person pauses
    }
    QJsonObject figures = spread(ms);
    figures.insert(QStringLiteral("seeks"), seeks);
    figures.insert(QStringLiteral("decode_size"), QStringLiteral("%1x%2")
                                                      .arg(view.grid()->view(0)->image().width())
                                                      .arg(view.grid()->view(0)->image().height()));
    return figures;
}

QJsonObject playbackFigures(const QString &rig)
{
    SequenceView view;
    view.resize(1280, 760);
    view.setSequence(open(rig));
    view.show();
    waitFor([&] { return view.isSettled(); });
    QElapsedTimer t;
    t.start();
    view.playback()->play();
    waitFor([&] { return !view.playback()->isPlaying(); }, 600000);
    const double took = seconds(t);
    waitFor([&] { return view.isSettled(); });
    const int frames = view.timeline()->frameCount();
    return {{QStringLiteral("frames"), frames},
            {QStringLiteral("cameras"), view.grid()->count()},
            {QStringLiteral("seconds"), took},
            {QStringLiteral("expected_seconds"),
             double(view.timeline()->endNs() - view.timeline()->startNs()) / 1e9},
            {QStringLiteral("frames_skipped"), view.playback()->framesSkipped()},
            {QStringLiteral("late_moves"), view.lateFrames()},
            {QStringLiteral("frames_shown"), view.framesShown()},
            {QStringLiteral("frames_dropped"),
             std::max(0, frames * view.grid()->count() - view.framesShown())},
            {QStringLiteral("frames_decoded"), double(view.cache()->decodedCount())},
            {QStringLiteral("decode_size"), QStringLiteral("%1x%2")
                                                .arg(view.grid()->view(0)->image().width())
                                                .arg(view.grid()->view(0)->image().height())}};
}

} // namespace

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QString dir = QDir::tempPath() + QStringLiteral("/loupe-bench-frames");
    int frames = 600, seeks = 30;
    QString only; ///< one form (jpeg, png, h264); empty: all
    bool throughputOnly = false;
    int threads = QThread::idealThreadCount();
    QSize size(1920, 1080);
    const QStringList args = app.arguments();
    throughputOnly = args.contains(QStringLiteral("--throughput-only"));
    for (int i = 1; i + 1 < args.size(); ++i) {
        if (args[i] == QLatin1String("--dir"))
            dir = args[++i];
        else if (args[i] == QLatin1String("--frames"))
            frames = std::max(30, args[++i].toInt());
        else if (args[i] == QLatin1String("--threads"))
            threads = std::max(1, args[++i].toInt());
        else if (args[i] == QLatin1String("--only"))
            only = args[++i];
        else if (args[i] == QLatin1String("--seeks"))
            seeks = std::max(5, args[++i].toInt());
        else if (args[i] == QLatin1String("--size")) {
            const QStringList p = args[++i].split(QLatin1Char('x'));
            if (p.size() == 2)
                size = QSize(p[0].toInt(), p[1].toInt());
        }
    }
    const QDir d(dir);
    const QString drive = d.filePath(QStringLiteral("drive"));
    const QString jpegDir = drive + QStringLiteral("/image_03/data");
    const QString pngDir = drive + QStringLiteral("/image_02/data");
    const QString mp4 = d.filePath(QStringLiteral("h264.mp4"));
    if (QDir(jpegDir).entryList(QDir::Files).size() != frames) {
        err << "writing " << frames << " frames of " << size.width() << "x" << size.height()
            << " into " << drive << "\n";
        QDir(drive).removeRecursively();
        demo::DriveSpec spec;
        spec.frames = frames;
        spec.width = size.width();
        spec.height = size.height();
        spec.frameRate = 30;
        if (!demo::writeDrive(drive, spec).ok())
            return 1;
        QFile::remove(mp4);
    }
    if (!QFileInfo::exists(mp4) &&
        timed(QStringLiteral("ffmpeg"),
              {QStringLiteral("-y"), QStringLiteral("-v"), QStringLiteral("error"),
               QStringLiteral("-framerate"), QStringLiteral("30"), QStringLiteral("-i"),
               jpegDir + QStringLiteral("/%010d.jpg"), QStringLiteral("-c:v"),
               QStringLiteral("libx264"), QStringLiteral("-g"), QStringLiteral("60"),
               QStringLiteral("-bf"), QStringLiteral("2"), QStringLiteral("-pix_fmt"),
               QStringLiteral("yuv420p"), QStringLiteral("-preset"), QStringLiteral("fast"), mp4}) <
            0)
        return 1;
    const int cores = QThread::idealThreadCount();

    struct Form {
        QString name;
        QString stream;    ///< rig path of the stream
        QStringList input; ///< ffmpeg's input arguments
    };
    const QList<Form> forms{
        {QStringLiteral("jpeg"),
         QStringLiteral("drive/image_03/data"),
         {QStringLiteral("-framerate"), QStringLiteral("30"), QStringLiteral("-i"),
          jpegDir + QStringLiteral("/%010d.jpg")}},
        {QStringLiteral("png"),
         QStringLiteral("drive/image_02/data"),
         {QStringLiteral("-framerate"), QStringLiteral("30"), QStringLiteral("-i"),
          pngDir + QStringLiteral("/%010d.png")}},
        {QStringLiteral("h264"), QStringLiteral("h264.mp4"), {QStringLiteral("-i"), mp4}}};
    QJsonObject out{
        {QStringLiteral("bench"), QStringLiteral("frames")},
        {QStringLiteral("frames"), frames},
        {QStringLiteral("size"), QStringLiteral("%1x%2").arg(size.width()).arg(size.height())},
        {QStringLiteral("cores"), cores}};
    for (const Form &form : forms) {
        if (!only.isEmpty() && form.name != only)
            continue;
        err << form.name << "…\n";
        const QString one = d.filePath(form.name + QStringLiteral("-1.json"));
        const QString two = d.filePath(form.name + QStringLiteral("-2.json"));
        writeRig(one, form.stream, 1);
        writeRig(two, form.stream, 2);
        // Reference: ffmpeg on one thread, decoding to nothing. Then the pipeline as playback
        // runs it (frames for a 640×360 view) and at full size (with the conversion to RGB32 of
        // every full frame, which ffmpeg's null output skips). Taken in turns, five rounds,
        // the best of each: this machine's speed wanders by a third between minutes.
        const std::shared_ptr<const Sequence> seq = open(one);
        double ffmpegFps = 0, ffmpegTogetherFps = 0, ffmpegRgbFps = 0, loupeFps = 0, fullFps = 0;
        const QStringList oneThread{QStringLiteral("-v"), QStringLiteral("error"),
                                    QStringLiteral("-threads"), QStringLiteral("1")};
        const QStringList toNothing{QStringLiteral("-f"), QStringLiteral("null"),
                                    QStringLiteral("-")};
        const QStringList ffmpegArgs = oneThread + form.input + toNothing;
        // The same, with each frame converted to RGB32 on that one thread, as the full-size
        // pipeline gives them.
        const QStringList ffmpegRgbArgs =
            oneThread + QStringList{QStringLiteral("-filter_threads"), QStringLiteral("1")} +
            form.input + QStringList{QStringLiteral("-pix_fmt"), QStringLiteral("bgra")} +
            toNothing;
        for (int round = 0; round < 5; ++round) {
            const double ffmpegSeconds = timed(QStringLiteral("ffmpeg"), ffmpegArgs);
            ffmpegFps = std::max(ffmpegFps, frames / ffmpegSeconds);
            // For context: what this machine gives one such decoder per core all at once (its
            // cores share memory bandwidth and caches, and a virtual machine's may share more).
            const double together = timedTogether(QStringLiteral("ffmpeg"), ffmpegArgs, cores);
            ffmpegTogetherFps = std::max(ffmpegTogetherFps, cores * frames / together);
            ffmpegRgbFps =
                std::max(ffmpegRgbFps, frames / timed(QStringLiteral("ffmpeg"), ffmpegRgbArgs));
            loupeFps = std::max(
                loupeFps, decodeThroughput(*seq->streams.front().source, threads, {640, 360}));
            fullFps =
                std::max(fullFps, decodeThroughput(*seq->streams.front().source, threads, {}));
        }
        QJsonObject f{
            {QStringLiteral("ffmpeg_threads1_fps"), ffmpegFps},
            {QStringLiteral("loupe_pipeline_fps"), loupeFps},
            {QStringLiteral("throughput_over_ffmpeg_x_cores"), loupeFps / (ffmpegFps * cores)},
            {QStringLiteral("ffmpeg_one_per_core_at_once_fps"), ffmpegTogetherFps},
            {QStringLiteral("throughput_over_ffmpeg_one_per_core_at_once"),
             loupeFps / ffmpegTogetherFps},
            {QStringLiteral("loupe_full_size_fps"), fullFps},
            {QStringLiteral("full_size_over_ffmpeg_x_cores"), fullFps / (ffmpegFps * cores)},
            {QStringLiteral("ffmpeg_threads1_to_rgb32_fps"), ffmpegRgbFps},
            {QStringLiteral("full_size_over_ffmpeg_to_rgb32_x_cores"),
             fullFps / (ffmpegRgbFps * cores)},
            {QStringLiteral("pipeline_threads"), threads}};
        if (!throughputOnly) {
            f.insert(QStringLiteral("seek"), seekFigures(one, seeks));
            f.insert(QStringLiteral("seek_decoder_alone"),
                     decodeSeekFigures(*open(one)->streams.front().source, seeks, {1160, 653}));
            f.insert(QStringLiteral("playback_two_cameras"), playbackFigures(two));
        }
        if (form.name == QStringLiteral("h264")) {
            // The conversion the GPU path runs, on the CPU (its twin) and, where there is one,
            // on the GPU: both against the decoder's own conversion at view size.
            const ComputeBackend cpu(ComputeBackend::Preference::CpuOnly);
            const double twinFps =
                convertedThroughput(*seq->streams.front().source, cores, {640, 360}, cpu);
            f.insert(QStringLiteral("cpu_twin_conversion_fps"), twinFps);
            f.insert(QStringLiteral("cpu_twin_over_decoder_conversion"), twinFps / loupeFps);
            const ComputeBackend gpu;
            if (gpu.gpuInUse()) {
                const double gpuFps =
                    convertedThroughput(*seq->streams.front().source, cores, {640, 360}, gpu);
                f.insert(QStringLiteral("gpu_conversion_fps"), gpuFps);
                f.insert(QStringLiteral("gpu_over_decoder_conversion"), gpuFps / loupeFps);
            } else {
                f.insert(QStringLiteral("gpu_conversion"), gpu.description());
            }
        }
        out.insert(form.name, f);
    }
    QTextStream(stdout) << QJsonDocument(out).toJson(QJsonDocument::Indented);
    return 0;
}
