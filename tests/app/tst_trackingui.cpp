// Tracking from the main window, as a person does it: a box drawn on a camera, Tracks → Track
// Forward, the proposals shown, accepted as one undoable step, or cancelled; what is refused
// and why.

#include "app/gui/appcontext.h"
#include "app/gui/exporttracksdialog.h"
#include "app/gui/mainwindow.h"
#include "app/gui/schemadialog.h"
#include "app/gui/trackfiles.h"
#include "app/gui/trackpropagation.h"
#include "core/annotations/trackdocument.h"
#include "core/sequence/playback.h"
#include "movingpatch.h"
#include "testsupport.h"
#include "widgets/attributespanel.h"
#include "widgets/cameragrid.h"
#include "widgets/frameview.h"
#include "widgets/guitest.h"
#include "widgets/sequenceview.h"
#include "widgets/shapeeditor.h"
#include "widgets/timelinebar.h"
#include "widgets/timelinemarkers.h"
#include "widgets/trackspanel.h"

#include <QAction>
#include <QApplication>
#include <QCheckBox>
#include <QComboBox>
#include <QFileInfo>
#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>
#include <QListWidget>
#include <QSettings>
#include <QSignalSpy>
#include <QStatusBar>
#include <QTableView>
#include <QTemporaryDir>
#include <QTest>
#include <QUndoStack>

#include <set>

using namespace loupe;

class TestTrackingUi : public QObject {
    Q_OBJECT

    QTemporaryDir m_dir;
    QString m_scene;
    std::unique_ptr<AppContext> m_context;
    std::unique_ptr<MainWindow> m_window;

    QAction *action(const QString &text) const
    {
        for (QAction *a : m_window->findChildren<QAction *>())
            if (a->text().remove(QLatin1Char('&')) == text)
                return a;
        return nullptr;
    }
    ShapeEditor *editor() const { return m_window->sequenceView()->editor(0); }
    FrameView *camera() const { return m_window->sequenceView()->grid()->view(0); }

private slots:
    void initTestCase()
    {
        qputenv("LOUPE_PLUGIN_PATH", test::pluginDir().toUtf8());
        QSettings().clear();
        QVERIFY(m_dir.isValid());
        m_scene = m_dir.filePath(QStringLiteral("patch"));
        QVERIFY(test::MovingPatch::write(m_scene, 40));
        m_context = std::make_unique<AppContext>();
        m_window = std::make_unique<MainWindow>(*m_context, false);
        m_window->resize(900, 600);
        m_window->show();
        QSignalSpy shown(m_window.get(), &MainWindow::datasetShown);
        m_window->openPath(m_scene);
        QVERIFY(shown.wait(30000));
        QTRY_VERIFY(m_window->sequenceView()->isSettled());
        QVERIFY(editor());
    }

    void refusedWithoutASelection()
    {
        QAction *forward = action(QStringLiteral("Track Forward"));
        QVERIFY(forward && forward->isEnabled());
        forward->trigger();
        QVERIFY(m_window->statusBar()->currentMessage().contains(QStringLiteral("Select a box")));
        QVERIFY(!m_window->propagation()->isRunning());
    }

    void tracksAcceptsAndUndoes()
    {
        // A box round the patch at frame 0 (N and a drag).
        camera()->setFocus();
        QTest::keyClick(camera(), Qt::Key_B);
        QTest::keyClick(camera(), Qt::Key_N);
        const QRect truth = test::MovingPatch::box(0);
        const QPoint a = camera()->frameToScreen(truth.topLeft()).toPoint(),
                     b = camera()->frameToScreen(truth.topLeft() + QPoint(32, 32)).toPoint();
        QTest::mousePress(camera(), Qt::LeftButton, {}, a);
        test::moveMouse(camera(), (a + b) / 2, Qt::LeftButton);
        test::moveMouse(camera(), b, Qt::LeftButton);
        QTest::mouseRelease(camera(), Qt::LeftButton, {}, b);
        const qint64 id = editor()->selected();
        QVERIFY(id);
        TrackDocument *tracks = m_window->tracks();
        QCOMPARE(int(tracks->track(id)->keyframes.size()), 1);

        // Ten frames forward with CSRT, off the UI thread.
        QSettings().setValue(QStringLiteral("tracks/frames"), 10);
        QSettings().setValue(QStringLiteral("tracks/tracker"), QStringLiteral("CSRT"));
        QSignalSpy finished(m_window->propagation(), &TrackPropagation::finished);
        QSignalSpy progress(m_window->propagation(), &TrackPropagation::progress);
        action(QStringLiteral("Track Forward"))->trigger();
        QVERIFY(m_window->propagation()->isRunning());
        QVERIFY(finished.wait(30000));
        QVERIFY2(finished.first().first().toBool(), qPrintable(finished.first().at(1).toString()));
        QCOMPARE(progress.count(), 10);
        QCOMPARE(editor()->proposalsFor(), id);
        QCOMPARE(int(editor()->proposals().size()), 10);
        for (const auto &[frame, box] : editor()->proposals()) {
            const QPointF centre = QRectF(test::MovingPatch::box(frame)).center();
            QVERIFY2(std::abs(box.centre.x - centre.x()) <= 3 &&
                         std::abs(box.centre.y - centre.y()) <= 3,
                     qPrintable(QStringLiteral("frame %1").arg(frame)));
        }
        // Proposals change nothing until accepted; then one step adds the ten keyframes.
        QCOMPARE(int(tracks->track(id)->keyframes.size()), 1);
        const int steps = tracks->undoStack()->count();
        action(QStringLiteral("Accept Proposals"))->trigger();
        QCOMPARE(int(tracks->track(id)->keyframes.size()), 11);
        QCOMPARE(tracks->undoStack()->count(), steps + 1);
        QVERIFY(editor()->proposals().empty());
        tracks->undoStack()->undo();
        QCOMPARE(int(tracks->track(id)->keyframes.size()), 1);
        tracks->undoStack()->redo();

        // Accepted up to the frame shown: the later ones dropped.
        m_window->sequenceView()->playback()->seekFrame(20);
        QTRY_COMPARE(editor()->frame(), 20);
        action(QStringLiteral("Track Forward"))->trigger();
        finished.clear();
        QVERIFY(finished.wait(30000));
        QCOMPARE(int(editor()->proposals().size()), 10); // 21..30
        m_window->sequenceView()->playback()->seekFrame(24);
        QTRY_COMPARE(editor()->frame(), 24);
        const int keys = int(tracks->track(id)->keyframes.size());
        action(QStringLiteral("Accept Proposals Up to This Frame"))->trigger();
        QCOMPARE(int(tracks->track(id)->keyframes.size()), keys + 4); // 21, 22, 23, 24
        QVERIFY(tracks->track(id)->keyframes.count(24));
        QVERIFY(!tracks->track(id)->keyframes.count(25));
        QVERIFY(editor()->proposals().empty());
        tracks->undoStack()->undo();
        QCOMPARE(int(tracks->track(id)->keyframes.size()), keys);

        // Rejected: gone, nothing changed.
        m_window->sequenceView()->playback()->seekFrame(10);
        QTRY_COMPARE(editor()->frame(), 10);
        action(QStringLiteral("Track Forward"))->trigger();
        finished.clear();
        QVERIFY(finished.wait(30000));
        QVERIFY(!editor()->proposals().empty());
        action(QStringLiteral("Reject Proposals"))->trigger();
        QVERIFY(editor()->proposals().empty());
        QCOMPARE(int(tracks->track(id)->keyframes.size()), 11);

        // Cancelled at once: it stops after a frame, keeping what it found, and says so.
        QSettings().setValue(QStringLiteral("tracks/frames"), 29);
        finished.clear();
        action(QStringLiteral("Track Forward"))->trigger();
        m_window->propagation()->cancel();
        QVERIFY(finished.wait(30000));
        QVERIFY(finished.first().at(1).toString().contains(QStringLiteral("cancelled")));
        QVERIFY(editor()->proposals().size() < 29);
        action(QStringLiteral("Reject Proposals"))->trigger();
    }

    void splitAndMergeFromTheMenu()
    {
        TrackDocument *tracks = m_window->tracks();
        const qint64 id = editor()->selected();
        QVERIFY(id);
        m_window->sequenceView()->playback()->seekFrame(5);
        QTRY_COMPARE(editor()->frame(), 5);
        action(QStringLiteral("Split Track Here"))->trigger();
        QCOMPARE(int(tracks->tracks().size()), 2);
        qint64 second = 0;
        for (const auto &[other, t] : tracks->tracks())
            if (other != id)
                second = other;
        QVERIFY(!tracks->track(id)->at(6));
        QVERIFY(tracks->track(second)->at(6));
        // Select the earlier, then the later; merge.
        editor()->select(id);
        editor()->select(second);
        action(QStringLiteral("Merge Into the Track Selected Before"))->trigger();
        QCOMPARE(int(tracks->tracks().size()), 1);
        QVERIFY(tracks->track(id)->at(6));
    }

    void objectListAndAttributes()
    {
        TrackDocument *tracks = m_window->tracks();
        TracksPanel *list = m_window->tracksPanel();
        AttributesPanel *attributes = m_window->attributesPanel();
        QVERIFY(list->isVisible() && attributes->isVisible()); // a sequence is shown
        // A second object, a truck, from frame 20.
        m_window->sequenceView()->playback()->seekFrame(20);
        QTRY_COMPARE(editor()->frame(), 20);
        camera()->setFocus();
        QTest::keyClick(camera(), Qt::Key_Escape);
        QTest::keyClick(camera(), Qt::Key_2); // the driving schema's second class
        QTest::keyClick(camera(), Qt::Key_N);
        const QPoint a = camera()->frameToScreen({200, 150}).toPoint(),
                     b = camera()->frameToScreen({260, 200}).toPoint();
        QTest::mousePress(camera(), Qt::LeftButton, {}, a);
        test::moveMouse(camera(), b, Qt::LeftButton);
        QTest::mouseRelease(camera(), Qt::LeftButton, {}, b);
        const qint64 truck = editor()->selected();
        QCOMPARE(tracks->track(truck)->label, QStringLiteral("truck"));
        QCOMPARE(int(list->listed().size()), 2);
        // Filters: class, camera, frames.
        list->setClassFilter(QStringLiteral("truck"));
        QCOMPARE(list->listed(), std::vector<qint64>{truck});
        list->setClassFilter({});
        list->setCameraFilter(0);
        QCOMPARE(int(list->listed().size()), 2);
        list->setFrameFilter(0, 15); // the truck starts at 20
        QCOMPARE(int(list->listed().size()), 1);
        QVERIFY(list->listed().front() != truck);
        list->setFrameFilter(0, 39);
        // Choosing the car's row selects it and moves the playhead into its frames if needed.
        const qint64 car = list->listed().front();
        list->table()->selectRow(0);
        QTRY_COMPARE(editor()->selected(), car);
        QVERIFY(tracks->track(car)->at(editor()->frame()));
        QTRY_COMPARE(attributes->track(), car);

        // The car's attributes, from the schema: parked (per track), truncated (per frame).
        auto *parked = qobject_cast<QCheckBox *>(attributes->editor(QStringLiteral("parked")));
        auto *kind = qobject_cast<QComboBox *>(attributes->editor(QStringLiteral("kind")));
        auto *truncated =
            qobject_cast<QCheckBox *>(attributes->editor(QStringLiteral("truncated")));
        QVERIFY(parked && kind && truncated);
        QCOMPARE(kind->currentText(), QStringLiteral("sedan")); // the default
        parked->setChecked(true);
        QCOMPARE(tracks->track(car)->attributes.at(QStringLiteral("parked")),
                 QStringLiteral("true"));
        qobject_cast<QComboBox *>(attributes->editor(QStringLiteral("kind")))
            ->setCurrentText(QStringLiteral("van"));
        QCOMPARE(tracks->track(car)->attributes.at(QStringLiteral("kind")), QStringLiteral("van"));
        const int frame = editor()->frame();
        qobject_cast<QCheckBox *>(attributes->editor(QStringLiteral("truncated")))
            ->setChecked(true);
        QCOMPARE(tracks->track(car)->keyframes.at(frame).attributes.at(QStringLiteral("truncated")),
                 QStringLiteral("true"));
        qobject_cast<QCheckBox *>(attributes->editor(QStringLiteral("occluded-here")))
            ->setChecked(true);
        QVERIFY(tracks->track(car)->keyframes.at(frame).occluded);
        // Each was one step.
        tracks->undoStack()->undo();
        QVERIFY(!tracks->track(car)->keyframes.at(frame).occluded);
        QVERIFY(!qobject_cast<QCheckBox *>(attributes->editor(QStringLiteral("occluded-here")))
                     ->isChecked()); // the panel follows
        tracks->undoStack()->undo();
        tracks->undoStack()->undo();
        QCOMPARE(tracks->track(car)->attributes.at(QStringLiteral("kind")),
                 QStringLiteral("sedan"));
    }

    void labelsAreMarkedOnTheTimeline()
    {
        TrackDocument *tracks = m_window->tracks();
        TimelineMarkers *markers = m_window->sequenceView()->bar()->markers();
        std::set<int> expected;
        for (const auto &[id, t] : tracks->tracks())
            for (const auto &[frame, k] : t.keyframes)
                expected.insert(frame); // one camera: its frames are the playhead's
        const std::vector<int> labels = markers->markers(QStringLiteral("labels"));
        QCOMPARE(std::set<int>(labels.begin(), labels.end()), expected);
        // The selected track's own keyframes, as a set of their own.
        const qint64 id = tracks->tracks().begin()->first;
        editor()->select(id);
        std::vector<int> mine;
        for (const auto &[frame, k] : tracks->track(id)->keyframes)
            mine.push_back(frame);
        QCOMPARE(markers->markers(QStringLiteral("selected")), mine);
        // An edit updates them: K at a new frame.
        m_window->sequenceView()->playback()->seekFrame(33);
        QTRY_COMPARE(editor()->frame(), 33);
        if (tracks->track(id)->at(33)) {
            camera()->setFocus();
            QTest::keyClick(camera(), Qt::Key_K);
            const std::vector<int> now = markers->markers(QStringLiteral("selected"));
            QVERIFY(std::find(now.begin(), now.end(), 33) != now.end());
            tracks->undoStack()->undo();
        }
    }

    void tagsOnFrames()
    {
        TrackDocument *tracks = m_window->tracks();
        m_window->sequenceView()->playback()->seekFrame(12);
        QTRY_COMPARE(editor()->frame(), 12);
        camera()->setFocus();
        QTest::keyClick(camera(), Qt::Key_Escape);
        QTest::keyClick(camera(), Qt::Key_8); // "rain", a tag class
        QCOMPARE(int(tracks->tagsAt(0, 12).size()), 1);
        QCOMPARE(tracks->tagsAt(0, 12).front()->label, QStringLiteral("rain"));
        const std::vector<int> marked =
            m_window->sequenceView()->bar()->markers()->markers(QStringLiteral("tags"));
        QCOMPARE(marked, std::vector<int>{12});
        // Shown on the camera: a band in the tag's colour at the bottom left.
        const QImage shot = camera()->grab().toImage();
        const QColor rain(0x46, 0x99, 0x90);
        bool found = false;
        for (int y = shot.height() - 30; y < shot.height() && !found; ++y)
            for (int x = 0; x < 80 && !found; ++x) {
                const QColor c = shot.pixelColor(x, y);
                found = std::abs(c.red() - rain.red()) < 30 &&
                        std::abs(c.green() - rain.green()) < 30 &&
                        std::abs(c.blue() - rain.blue()) < 30;
            }
        QVERIFY2(found, "the tag is not drawn");
        // 8 again clears it.
        QTest::keyClick(camera(), Qt::Key_8);
        QVERIFY(tracks->tagsAt(0, 12).empty());
        tracks->undoStack()->undo(); // kept, for the exports
        QCOMPARE(int(tracks->tagsAt(0, 12).size()), 1);
    }

    void schemaIsEditedInTheApp()
    {
        TrackDocument *tracks = m_window->tracks();
        // A class added with an attribute: applied, listed, remembered.
        action(QStringLiteral("Edit Label Schema…"))->trigger();
        SchemaDialog *dialog = m_window->findChild<SchemaDialog *>();
        QVERIFY(dialog);
        dialog->addClass(QStringLiteral("bus"));
        dialog->setShapeAllowed(Shape::Kind::Box, true);
        AttributeSpec seats;
        seats.name = QStringLiteral("seats");
        seats.type = AttributeSpec::Type::Number;
        seats.minimum = 0;
        seats.maximum = 80;
        dialog->addAttribute(seats);
        dialog->accept();
        const ClassSpec *bus = tracks->schema().find(QStringLiteral("bus"));
        QVERIFY(bus);
        QCOMPARE(bus->shapes, std::set<Shape::Kind>{Shape::Kind::Box});
        QVERIFY(bus->attribute(QStringLiteral("seats")));
        QCOMPARE(bus->attribute(QStringLiteral("seats"))->maximum, 80.0);
        QVERIFY(QSettings().value(QStringLiteral("tracks/schema")).toString().contains("\"bus\""));
        m_window->tracksPanel()->setClassFilter(QStringLiteral("bus"));
        QVERIFY(m_window->tracksPanel()->listed().empty());
        m_window->tracksPanel()->setClassFilter({});
        delete dialog; // closed: deleted later otherwise
        // Removing a class the tracks use is refused, and says which.
        action(QStringLiteral("Edit Label Schema…"))->trigger();
        dialog = m_window->findChild<SchemaDialog *>();
        QVERIFY(dialog);
        const QString used = tracks->tracks().begin()->second.label;
        for (int row = 0; row < dialog->classList()->count(); ++row)
            if (dialog->classList()->item(row)->text() == used)
                dialog->removeClass(row);
        dialog->accept();
        QVERIFY(tracks->schema().find(used));
        QVERIFY2(m_window->statusBar()->currentMessage().contains(used),
                 qPrintable(m_window->statusBar()->currentMessage()));
        delete dialog;
    }

    void exportsEveryFormatAndImports()
    {
        TrackDocument *tracks = m_window->tracks();
        const int before = int(tracks->tracks().size());
        QVERIFY(before >= 2);
        QString refused;
        std::unique_ptr<ExportTracksDialog> dialog(
            m_window->trackFiles()->exportDialog(m_window.get(), refused));
        QVERIFY2(dialog, qPrintable(refused));
        // Every format comes from a track-format plugin: all five are offered.
        QStringList ids;
        for (const TrackFormats::Entry &f : m_window->trackFiles()->formats().formats())
            ids << f.info.id;
        ids.sort();
        QCOMPARE(ids, QStringList({"coco", "cvat", "kitti", "mot", "openlabel"}));
        QMap<QString, QString> files;
        for (const TrackFormats::Entry &f : m_window->trackFiles()->formats().formats()) {
            const QString id = f.info.id;
            const QString path = m_dir.filePath(QStringLiteral("export-") + id + f.info.suffix);
            QSignalSpy known(dialog.get(), &ExportTracksDialog::lossesKnown);
            dialog->setFormat(id);
            dialog->setPath(path);
            QVERIFY(known.wait(10000) || !dialog->losses().isEmpty());
            QSignalSpy written(dialog.get(), &ExportTracksDialog::written);
            dialog->exportNow();
            QVERIFY(written.wait(10000));
            QVERIFY2(written.first().first().toBool(),
                     qPrintable(written.first().at(1).toString()));
            QVERIFY(QFileInfo(path).size() > 0);
            files[id] = path;
            // The one-camera text formats say they drop the tag.
            if (id == QLatin1String("kitti") || id == QLatin1String("mot") ||
                id == QLatin1String("coco"))
                QVERIFY2(dialog->losses().contains(QStringLiteral("no tags on frames")),
                         qPrintable(dialog->losses()));
        }
        // OpenLABEL validates against the official schema.
        const test::ProcessResult valid =
            test::run(test::debianPython(),
                      {QStringLiteral("-c"),
                       QStringLiteral("import json, sys, jsonschema\n"
                                      "jsonschema.validate(json.load(open(sys.argv[2])), "
                                      "json.load(open(sys.argv[1])))\nprint('valid')"),
                       test::sourceTestsDir() +
                           QStringLiteral("/fixtures/openlabel/openlabel_json_schema-v1.0.0.json"),
                       files[QStringLiteral("openlabel")]});
        QVERIFY2(valid.out.contains("valid"), (valid.out + valid.err).constData());
        // The tag is in OpenLABEL (a context) and CVAT XML (a <tag>).
        QFile ol(files[QStringLiteral("openlabel")]);
        QVERIFY(ol.open(QIODevice::ReadOnly));
        QVERIFY(ol.readAll().contains("\"contexts\""));
        QFile cv(files[QStringLiteral("cvat")]);
        QVERIFY(cv.open(QIODevice::ReadOnly));
        QVERIFY(cv.readAll().contains("<tag frame=\"12\" label=\"rain\""));
        // COCO names the folder's frames and their size.
        QFile coco(files[QStringLiteral("coco")]);
        QVERIFY(coco.open(QIODevice::ReadOnly));
        const QJsonObject doc = QJsonDocument::fromJson(coco.readAll()).object();
        const QJsonObject image = doc.value(QStringLiteral("images")).toArray().at(0).toObject();
        QCOMPARE(image.value(QStringLiteral("file_name")).toString(), QStringLiteral("f0.png"));
        QCOMPARE(image.value(QStringLiteral("width")).toInt(), 320);
        // KITTI: a line per box per frame.
        QFile kitti(files[QStringLiteral("kitti")]);
        QVERIFY(kitti.open(QIODevice::ReadOnly));
        QVERIFY(kitti.readAll().count('\n') > 20);

        // Importing the OpenLABEL file back: as many tracks again, as one step, same shapes.
        QSignalSpy imported(m_window->trackFiles(), &TrackFiles::imported);
        m_window->trackFiles()->import(files[QStringLiteral("openlabel")]);
        QVERIFY(imported.wait(10000));
        QVERIFY2(imported.first().first().toBool(), qPrintable(imported.first().at(1).toString()));
        QCOMPARE(int(tracks->tracks().size()), 2 * before);
        tracks->undoStack()->undo();
        QCOMPARE(int(tracks->tracks().size()), before);
        // A broken file: nothing imported, the file and the place named.
        const QString broken = m_dir.filePath(QStringLiteral("broken.json"));
        QFile b(broken);
        QVERIFY(b.open(QIODevice::WriteOnly));
        b.write("{\"openlabel\": {\"objects\": 3"); // cut short
        b.close();
        imported.clear();
        m_window->trackFiles()->import(broken);
        QVERIFY(imported.wait(10000));
        QVERIFY(!imported.first().first().toBool());
        QVERIFY2(imported.first().at(1).toString().contains(QStringLiteral("broken.json")),
                 qPrintable(imported.first().at(1).toString()));
        QCOMPARE(int(tracks->tracks().size()), before);

        // Partly broken (one object without its type): refused, then kept in part if chosen.
        QFile exported(files[QStringLiteral("openlabel")]);
        QVERIFY(exported.open(QIODevice::ReadOnly));
        QJsonObject root =
            QJsonDocument::fromJson(exported.readAll()).object()["openlabel"].toObject();
        QJsonObject objects = root["objects"].toObject();
        const QString victim = objects.begin().key();
        QJsonObject o = objects[victim].toObject();
        o.remove("type");
        objects[victim] = o;
        root["objects"] = objects;
        const QString partly = m_dir.filePath(QStringLiteral("partly.json"));
        QFile p(partly);
        QVERIFY(p.open(QIODevice::WriteOnly));
        p.write(QJsonDocument(QJsonObject{{"openlabel", root}}).toJson());
        p.close();
        imported.clear();
        QSignalSpy offered(m_window->trackFiles(), &TrackFiles::partlyValid);
        m_window->trackFiles()->import(partly);
        QVERIFY(imported.wait(10000));
        QVERIFY(!imported.first().first().toBool());
        QTRY_COMPARE(offered.count(), 1);
        const int kept = offered.first().at(1).toInt();
        QCOMPARE(kept, before - 1 + int(tracks->tags().size()));
        QVERIFY(offered.first().at(2).toStringList().join(' ').contains(victim));
        QCOMPARE(int(tracks->tracks().size()), before); // nothing yet
        imported.clear();
        m_window->trackFiles()->import(partly, /*keepValid=*/true);
        QVERIFY(imported.wait(10000));
        QVERIFY2(imported.first().first().toBool(), qPrintable(imported.first().at(1).toString()));
        QVERIFY(imported.first().at(1).toString().contains(QStringLiteral("Left out as broken")));
        QCOMPARE(int(tracks->tracks().size()), 2 * before - 1);
        tracks->undoStack()->undo();
        QCOMPARE(int(tracks->tracks().size()), before);
    }

    void cleanupTestCase() { m_window.reset(); }
};

int main(int argc, char **argv)
{
    QApplication app(argc, argv);
    QApplication::setOrganizationName(QStringLiteral("LoupeTest"));
    QApplication::setApplicationName(QStringLiteral("TrackingUi"));
    TestTrackingUi test;
    return QTest::qExec(&test, argc, argv);
}

#include "tst_trackingui.moc"
