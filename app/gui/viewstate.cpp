#include "app/gui/viewstate.h"

#include "core/sequence/playback.h"
#include "core/sequence/timeline.h"
#include "widgets/mprview.h"
#include "widgets/sequenceview.h"
#include "widgets/sliceview.h"
#include "widgets/volumeview3d.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

namespace loupe {

QByteArray captureVolumeView(const MprView &mpr, const Vec3 &crosshair)
{
    const Window w = mpr.axial()->window();
    const VolumeView3D::CameraPose camera = mpr.view3D()->camera();
    const auto array = [](const Vec3 &v) { return QJsonArray{v[0], v[1], v[2]}; };
    return QJsonDocument(
               QJsonObject{{QStringLiteral("layout"), int(mpr.layoutMode())},
                           {QStringLiteral("camera"),
                            QJsonObject{{QStringLiteral("position"), array(camera.position)},
                                        {QStringLiteral("focalPoint"), array(camera.focalPoint)},
                                        {QStringLiteral("viewUp"), array(camera.viewUp)},
                                        {QStringLiteral("viewAngle"), camera.viewAngle}}},
                           {QStringLiteral("focus"), int(mpr.focus())},
                           {QStringLiteral("window"), QJsonArray{w.center, w.width}},
                           {QStringLiteral("crosshair"),
                            QJsonArray{crosshair[0], crosshair[1], crosshair[2]}}})
        .toJson(QJsonDocument::Compact);
}

QByteArray captureSequenceView(const SequenceView &sequence)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("frame"), sequence.playback()->frame()}})
        .toJson(QJsonDocument::Compact);
}

void applyVolumeView(MprView &mpr, const QByteArray &json)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    if (o.isEmpty())
        return;
    const int layout = o[QStringLiteral("layout")].toInt(-1);
    const int focus = o[QStringLiteral("focus")].toInt(-1);
    if (layout >= 0 && layout <= int(MprView::Layout::Single) && focus >= 0 &&
        focus <= int(MprView::Focus::View3D))
        mpr.setLayout(MprView::Layout(layout), MprView::Focus(focus));
    const QJsonArray w = o[QStringLiteral("window")].toArray();
    if (w.size() == 2 && w[1].toDouble() > 0)
        mpr.setWindow({w[0].toDouble(), w[1].toDouble()});
    const QJsonObject camera = o[QStringLiteral("camera")].toObject();
    const auto vec = [&](const char *key, Vec3 &into) {
        const QJsonArray a = camera[QLatin1String(key)].toArray();
        if (a.size() != 3)
            return false;
        into = {a[0].toDouble(), a[1].toDouble(), a[2].toDouble()};
        return true;
    };
    VolumeView3D::CameraPose pose;
    if (vec("position", pose.position) && vec("focalPoint", pose.focalPoint) &&
        vec("viewUp", pose.viewUp) && pose.position != pose.focalPoint) {
        pose.viewAngle = camera[QStringLiteral("viewAngle")].toDouble(30);
        mpr.view3D()->setCamera(pose);
    }
    const QJsonArray c = o[QStringLiteral("crosshair")].toArray();
    const std::shared_ptr<const Volume> &volume = mpr.view3D()->volume();
    if (c.size() == 3 && volume) {
        const Vec3 at{c[0].toDouble(), c[1].toDouble(), c[2].toDouble()};
        const auto &d = volume->geometry().dims;
        if (at[0] >= 0 && at[1] >= 0 && at[2] >= 0 && at[0] < double(d[0]) &&
            at[1] < double(d[1]) && at[2] < double(d[2]))
            mpr.setCrosshair(at);
    }
}

void applySequenceView(SequenceView &sequence, const QByteArray &json)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    const int frame = o[QStringLiteral("frame")].toInt(-1);
    if (frame >= 0 && sequence.timeline() && frame < sequence.timeline()->frameCount())
        sequence.playback()->seekFrame(frame);
}

} // namespace loupe
