#include "core/datasetloader.h"
#include "core/plugins/pluginregistry.h"

#include "testsupport.h"

#include <QSignalSpy>
#include <QTemporaryDir>
#include <QThread>

using namespace loupe;

class TestDatasetLoader : public QObject {
    Q_OBJECT

private slots:
    void initTestCase() { m_registry.discover({test::fixturePluginDir()}); }

    void loadsOnAWorkerAndReportsBack()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("v.loupetest"));
        test::writeLoupeTest(path, 5, 4, 3);
        DatasetLoader loader(m_registry);
        QSignalSpy loaded(&loader, &DatasetLoader::loaded);
        QSignalSpy progressed(&loader, &DatasetLoader::progressed);
        QSignalSpy started(&loader, &DatasetLoader::started);
        loader.open(path);
        QCOMPARE(started.count(), 1);
        QVERIFY(loader.isBusy());
        QVERIFY(loaded.wait(10000));
        QVERIFY(!loader.isBusy());
        const auto dataset = loaded.first().first().value<Dataset>();
        QCOMPARE(dataset.volumes.front()->valueAt(4, 3, 2), 4.0 + 30 + 200);
        QVERIFY(progressed.count() >= 1);
        QCOMPARE(progressed.last().at(0).toLongLong(), 3);
    }

    void failureNamesThePath()
    {
        DatasetLoader loader(m_registry);
        QSignalSpy failed(&loader, &DatasetLoader::failed);
        const QString path = QStringLiteral("/no/such/folder/scan");
        loader.open(path);
        QVERIFY(failed.wait(10000));
        QCOMPARE(failed.first().at(0).toString(), path);
        QVERIFY(failed.first().at(1).toString().contains(path));
    }

    void cancelStopsTheLoad()
    {
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("big.loupetest"));
        test::writeLoupeTest(path, 512, 512, 400); // long enough to cancel part way
        DatasetLoader loader(m_registry);
        QSignalSpy canceled(&loader, &DatasetLoader::canceled);
        QSignalSpy loaded(&loader, &DatasetLoader::loaded);
        QSignalSpy progressed(&loader, &DatasetLoader::progressed);
        loader.open(path);
        QVERIFY(progressed.wait(10000)); // it is running
        loader.cancel();
        QVERIFY(canceled.wait(10000));
        QCOMPARE(loaded.count(), 0);
        QCOMPARE(canceled.first().first().toString(), path);
    }

    void aNewOpenSupersedesTheOldOne()
    {
        QTemporaryDir dir;
        const QString big = dir.filePath(QStringLiteral("big.loupetest"));
        const QString small = dir.filePath(QStringLiteral("small.loupetest"));
        test::writeLoupeTest(big, 512, 512, 400);
        test::writeLoupeTest(small, 2, 2, 2);
        DatasetLoader loader(m_registry);
        QSignalSpy loaded(&loader, &DatasetLoader::loaded);
        loader.open(big);
        loader.open(small);
        QVERIFY(loaded.wait(20000));
        QTest::qWait(200); // the superseded load must not report afterwards
        QCOMPARE(loaded.count(), 1);
        QCOMPARE(loaded.first().first().value<Dataset>().volumes.front()->geometry().dims[0], 2);
    }

private:
    PluginRegistry m_registry;
};

QTEST_GUILESS_MAIN(TestDatasetLoader)
#include "tst_datasetloader.moc"
