#include "core/datasetopener.h"
#include "core/plugins/interfaces.h"
#include "core/plugins/pluginregistry.h"
#include "core/progress.h"

#include "testsupport.h"

#include <QJsonArray>
#include <QTemporaryDir>

using namespace loupe;

namespace {

const PluginRecord *recordFor(const PluginRegistry &r, const QString &fileNamePart)
{
    for (const PluginRecord &rec : r.records()) {
        if (QFileInfo(rec.file).fileName().contains(fileNamePart))
            return &rec;
    }
    return nullptr;
}

} // namespace

class TestPluginRegistry : public QObject {
    Q_OBJECT

private slots:
    void goodPluginLoadsWithItsMetadata()
    {
        PluginRegistry registry;
        registry.discover({test::fixturePluginDir()});
        const PluginRecord *good = recordFor(registry, QStringLiteral("fixture_good"));
        QVERIFY(good);
        QVERIFY2(good->loaded, qPrintable(good->error));
        QCOMPARE(good->id, QStringLiteral("fixture-good"));
        QCOMPARE(good->version, QStringLiteral("1.2.3"));
        QCOMPARE(good->kind, QStringLiteral("dataset-reader"));
        QCOMPARE(good->interfaceId, QStringLiteral(LOUPE_DATASET_READER_IID));
        QCOMPARE(good->filePatterns, QStringList{QStringLiteral("*.loupetest")});
        QVERIFY(good->description.contains(QStringLiteral("loupetest")));
        QCOMPARE(registry.plugins<DatasetReader>().size(), std::size_t(1));
        QCOMPARE(registry.plugins<ToolFactory>().size(), std::size_t(0));
    }

    void brokenPluginIsReportedWithTheMissingSymbol()
    {
        PluginRegistry registry;
        registry.discover({test::fixturePluginDir()});
        const PluginRecord *broken = recordFor(registry, QStringLiteral("fixture_broken"));
        QVERIFY(broken);
        QVERIFY(!broken->loaded);
        QVERIFY2(broken->error.contains(QStringLiteral("loupe_fixture_symbol_that_does_not_exist")),
                 qPrintable(broken->error));
        QVERIFY(broken->error.contains(QStringLiteral("could not be loaded")));
        QVERIFY(!broken->instance);
    }

    void wrongInterfaceVersionIsRefusedBeforeLoading()
    {
        PluginRegistry registry;
        registry.discover({test::fixturePluginDir()});
        const PluginRecord *old = recordFor(registry, QStringLiteral("fixture_wrongversion"));
        QVERIFY(old);
        QVERIFY(!old->loaded);
        QVERIFY2(old->error.contains(QStringLiteral("org.loupe.DatasetReader/0")),
                 qPrintable(old->error));
        QVERIFY(old->error.contains(QStringLiteral(LOUPE_DATASET_READER_IID)));
        QVERIFY(old->error.contains(QStringLiteral("rebuild")));
    }

    void plainLibraryIsNotAPlugin()
    {
        PluginRegistry registry;
        registry.discover({test::fixturePluginDir()});
        const PluginRecord *plain = recordFor(registry, QStringLiteral("fixture_notaplugin"));
        QVERIFY(plain);
        QVERIFY(!plain->loaded);
        QVERIFY2(plain->error.contains(QStringLiteral("not a Qt plugin")),
                 qPrintable(plain->error));
        QCOMPARE(registry.loadedCount(), 1);
        QCOMPARE(registry.failedCount(), 3);
    }

    void garbageFileAndDuplicateIdAreSkipped()
    {
        QTemporaryDir dir;
        QVERIFY(dir.isValid());
        QFile garbage(dir.filePath(QStringLiteral("libgarbage.so")));
        QVERIFY(garbage.open(QIODevice::WriteOnly));
        garbage.write(QByteArray(4096, '\x7f'));
        garbage.close();
        // The good plugin once more under another name: the first one found wins.
        const QString good =
            QDir(test::fixturePluginDir()).filePath(QStringLiteral("libfixture_good.so"));
        QVERIFY(QFile::copy(good, dir.filePath(QStringLiteral("libfixture_good_copy.so"))));

        PluginRegistry registry;
        registry.discover({test::fixturePluginDir(), dir.path(), dir.path()});
        QCOMPARE(registry.searchedDirectories().size(), 2); // the repeated folder counts once
        const PluginRecord *junk = recordFor(registry, QStringLiteral("libgarbage"));
        QVERIFY(junk && !junk->loaded);
        QVERIFY(!junk->error.isEmpty());
        const PluginRecord *copy = recordFor(registry, QStringLiteral("good_copy"));
        QVERIFY(copy && !copy->loaded);
        QVERIFY2(copy->error.contains(QStringLiteral("already loaded")), qPrintable(copy->error));
        QVERIFY(copy->error.contains(good));
    }

    void searchPathsEndWithLoupePluginPath()
    {
        qputenv("LOUPE_PLUGIN_PATH", "/opt/a:/opt/b/");
        const QStringList paths =
            PluginRegistry::defaultSearchPaths(QStringLiteral("/usr/local/bin"));
        qunsetenv("LOUPE_PLUGIN_PATH");
        QCOMPARE(paths, (QStringList{QStringLiteral("/usr/local/lib/loupe/plugins"),
                                     QStringLiteral("/opt/a"), QStringLiteral("/opt/b")}));
    }

    void jsonListsEveryFileAndReason()
    {
        PluginRegistry registry;
        registry.discover({test::fixturePluginDir()});
        const QJsonObject json = registry.toJson();
        const QJsonArray plugins = json.value(QStringLiteral("plugins")).toArray();
        QCOMPARE(plugins.size(), 4);
        int withError = 0;
        for (const auto &p : plugins) {
            const QJsonObject o = p.toObject();
            QVERIFY(QFileInfo::exists(o.value(QStringLiteral("file")).toString()));
            if (!o.value(QStringLiteral("loaded")).toBool()) {
                QVERIFY(!o.value(QStringLiteral("error")).toString().isEmpty());
                ++withError;
            }
        }
        QCOMPARE(withError, 3);
    }

    void openDatasetUsesTheReader()
    {
        PluginRegistry registry;
        registry.discover({test::fixturePluginDir()});
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("small.loupetest"));
        test::writeLoupeTest(path, 4, 3, 2);
        Progress progress;
        Result<Dataset> d = openDataset(registry, path, progress);
        QVERIFY2(d.ok(), qPrintable(d.errorMessage()));
        QCOMPARE(d->readerId, QStringLiteral("fixture-good"));
        QCOMPARE(d->sourcePath, path);
        const Volume &v = *d->volumes.front();
        QCOMPARE(v.geometry().dims[0], 4);
        QCOMPARE(v.geometry().spacing[1], 0.75);
        QCOMPARE(v.valueAt(3, 2, 1), 3.0 + 20 + 100);
    }

    void openDatasetErrorsNameThePath()
    {
        PluginRegistry registry;
        registry.discover({test::fixturePluginDir()});
        QTemporaryDir dir;
        Progress progress;

        const QString missing = dir.filePath(QStringLiteral("nope/missing.dcm"));
        Result<Dataset> r = openDataset(registry, missing, progress);
        QVERIFY(!r.ok());
        QVERIFY(r.errorMessage().contains(missing));
        QVERIFY(r.errorMessage().contains(QStringLiteral("does not exist")));

        const QString text = dir.filePath(QStringLiteral("notes.txt"));
        QFile f(text);
        QVERIFY(f.open(QIODevice::WriteOnly));
        f.write("just some words\n");
        f.close();
        r = openDataset(registry, text, progress);
        QVERIFY(!r.ok());
        QVERIFY2(r.errorMessage().contains(text), qPrintable(r.errorMessage()));
        QVERIFY(r.errorMessage().contains(QStringLiteral("fixture-good")));

        const QString empty = dir.filePath(QStringLiteral("empty"));
        QVERIFY(QDir().mkpath(empty));
        r = openDataset(registry, empty, progress);
        QVERIFY(!r.ok());
        QVERIFY(r.errorMessage().contains(empty));
        QVERIFY(r.errorMessage().contains(QStringLiteral("folder")));
    }

    void exceptionsFromAPluginBecomeErrors()
    {
        PluginRegistry registry;
        registry.discover({test::fixturePluginDir()});
        QTemporaryDir dir;
        const QString path = dir.filePath(QStringLiteral("bad.loupetest"));
        test::writeLoupeTest(path, 2, 2, 2, true);
        Progress progress;
        Result<Dataset> r = openDataset(registry, path, progress);
        QVERIFY(!r.ok());
        QVERIFY2(r.errorMessage().contains(QStringLiteral("fixture asked to throw")),
                 qPrintable(r.errorMessage()));
        QVERIFY(r.errorMessage().contains(path));
    }
};

QTEST_GUILESS_MAIN(TestPluginRegistry)
#include "tst_pluginregistry.moc"
