#include "core/plugins/pluginregistry.h"

#include "core/plugins/interfaces.h"

#include <QDir>
#include <QFileInfo>
#include <QJsonArray>
#include <QLibrary>
#include <QPluginLoader>
#include <QtGlobal>

#include <algorithm>

namespace loupe {

namespace {

struct KindEntry {
    PluginKind kind;
    const char *name;
    const char *iid;
};

constexpr KindEntry kKinds[] = {
    {PluginKind::DatasetReader, "dataset-reader", LOUPE_DATASET_READER_IID},
    {PluginKind::DatasetSource, "dataset-source", LOUPE_DATASET_SOURCE_IID},
    {PluginKind::LabelReader, "label-reader", LOUPE_LABEL_READER_IID},
    {PluginKind::LabelWriter, "label-writer", LOUPE_LABEL_WRITER_IID},
    {PluginKind::Tool, "tool", LOUPE_TOOL_IID},
    {PluginKind::TrackFormat, "track-format", LOUPE_TRACK_FORMAT_IID},
};

QString family(const QString &iid)
{
    return iid.section(QLatin1Char('/'), 0, 0);
}

bool implementsKind(PluginKind kind, QObject *object)
{
    switch (kind) {
    case PluginKind::DatasetReader: return qobject_cast<DatasetReader *>(object);
    case PluginKind::DatasetSource: return qobject_cast<DatasetSource *>(object);
    case PluginKind::LabelReader: return qobject_cast<LabelReader *>(object);
    case PluginKind::LabelWriter: return qobject_cast<LabelWriter *>(object);
    case PluginKind::Tool: return qobject_cast<ToolFactory *>(object);
    case PluginKind::TrackFormat: return qobject_cast<TrackFormat *>(object);
    }
    return false;
}

QString kindList()
{
    QStringList names;
    for (const KindEntry &k : kKinds)
        names << QString::fromLatin1(k.name);
    return names.join(QStringLiteral(", "));
}

} // namespace

QString pluginKindName(PluginKind kind)
{
    for (const KindEntry &k : kKinds) {
        if (k.kind == kind)
            return QString::fromLatin1(k.name);
    }
    return {};
}

std::optional<PluginKind> pluginKindFromName(const QString &name)
{
    for (const KindEntry &k : kKinds) {
        if (name == QLatin1String(k.name))
            return k.kind;
    }
    return std::nullopt;
}

QString pluginInterfaceId(PluginKind kind)
{
    for (const KindEntry &k : kKinds) {
        if (k.kind == kind)
            return QString::fromLatin1(k.iid);
    }
    return {};
}

PluginRegistry::PluginRegistry() = default;

PluginRegistry::~PluginRegistry()
{
    // Instances are owned by their loaders; Qt keeps the libraries mapped until exit, which
    // is what we want for objects whose vtables live in them.
}

QStringList PluginRegistry::defaultSearchPaths(const QString &applicationDir)
{
    QStringList paths;
    paths << QDir::cleanPath(applicationDir + QStringLiteral("/../lib/loupe/plugins"));
    const QString extra = qEnvironmentVariable("LOUPE_PLUGIN_PATH");
    for (const QString &p : extra.split(QDir::listSeparator(), Qt::SkipEmptyParts))
        paths << QDir::cleanPath(p);
    return paths;
}

void PluginRegistry::discover(const QStringList &directories)
{
    for (const QString &dir : directories) {
        const QString canonical = QFileInfo(dir).canonicalFilePath();
        if (canonical.isEmpty() || m_directories.contains(canonical))
            continue;
        m_directories << canonical;
        const QFileInfoList files =
            QDir(canonical).entryInfoList(QDir::Files | QDir::NoDotAndDotDot, QDir::Name);
        for (const QFileInfo &file : files) {
            if (QLibrary::isLibrary(file.fileName()))
                loadFile(file.absoluteFilePath());
        }
    }
}

PluginRecord PluginRegistry::check(const QString &path, QPluginLoader &loader) const
{
    PluginRecord record;
    record.file = path;

    // metaData() reads the plugin's embedded JSON without running any of its code.
    const QJsonObject meta = loader.metaData();
    if (meta.isEmpty()) {
        record.error = QStringLiteral("not a Qt plugin (no plugin metadata in the file)");
        return record;
    }
    record.interfaceId = meta.value(QStringLiteral("IID")).toString();
    const QJsonObject data = meta.value(QStringLiteral("MetaData")).toObject();
    record.id = data.value(QStringLiteral("id")).toString();
    record.version = data.value(QStringLiteral("version")).toString();
    record.kind = data.value(QStringLiteral("kind")).toString();
    record.description = data.value(QStringLiteral("description")).toString();
    for (const auto &v : data.value(QStringLiteral("filePatterns")).toArray())
        record.filePatterns << v.toString();

    if (!record.interfaceId.startsWith(QStringLiteral("org.loupe."))) {
        record.error =
            QStringLiteral("not a Loupe plugin (interface id \"%1\")").arg(record.interfaceId);
        return record;
    }
    if (record.id.isEmpty() || record.version.isEmpty() || record.kind.isEmpty()) {
        record.error = QStringLiteral("metadata must name an id, a version and a kind");
        return record;
    }
    const std::optional<PluginKind> kind = pluginKindFromName(record.kind);
    if (!kind) {
        record.error =
            QStringLiteral("unknown kind \"%1\" (known kinds: %2)").arg(record.kind, kindList());
        return record;
    }
    const QString expected = pluginInterfaceId(*kind);
    if (record.interfaceId != expected) {
        if (family(record.interfaceId) == family(expected)) {
            record.error = QStringLiteral("built for interface %1, but this Loupe provides %2; "
                                          "rebuild the plugin against this version")
                               .arg(record.interfaceId, expected);
        } else {
            record.error = QStringLiteral("kind \"%1\" needs interface %2, but the plugin "
                                          "declares %3")
                               .arg(record.kind, expected, record.interfaceId);
        }
        return record;
    }
    for (const PluginRecord &other : m_records) {
        if (other.loaded && other.id == record.id) {
            record.error = QStringLiteral("plugin id \"%1\" is already loaded from %2")
                               .arg(record.id, other.file);
            return record;
        }
    }

    // Resolve every symbol now: a missing one must fail here, not crash on first call.
    loader.setLoadHints(QLibrary::ResolveAllSymbolsHint);
    if (!loader.load()) {
        record.error = QStringLiteral("could not be loaded: %1").arg(loader.errorString());
        return record;
    }
    QObject *instance = loader.instance();
    if (!instance) {
        record.error =
            QStringLiteral("loaded, but created no plugin object: %1").arg(loader.errorString());
        loader.unload();
        return record;
    }
    if (!implementsKind(*kind, instance)) {
        record.error =
            QStringLiteral("does not implement the %1 interface %2").arg(record.kind, expected);
        loader.unload();
        return record;
    }
    record.loaded = true;
    record.instance = instance;
    return record;
}

void PluginRegistry::loadFile(const QString &path)
{
    auto loader = std::make_unique<QPluginLoader>(path);
    PluginRecord record = check(QFileInfo(path).absoluteFilePath(), *loader);
    if (record.loaded) {
        m_loaders.push_back(std::move(loader));
    } else {
        qWarning("Loupe: skipped plugin %s: %s", qUtf8Printable(record.file),
                 qUtf8Printable(record.error));
    }
    m_records.push_back(std::move(record));
}

int PluginRegistry::loadedCount() const
{
    return static_cast<int>(std::count_if(m_records.begin(), m_records.end(),
                                          [](const PluginRecord &r) { return r.loaded; }));
}

int PluginRegistry::failedCount() const
{
    return static_cast<int>(m_records.size()) - loadedCount();
}

QJsonObject PluginRegistry::toJson() const
{
    QJsonArray plugins;
    for (const PluginRecord &r : m_records) {
        QJsonObject o{{QStringLiteral("file"), r.file},
                      {QStringLiteral("loaded"), r.loaded},
                      {QStringLiteral("id"), r.id},
                      {QStringLiteral("version"), r.version},
                      {QStringLiteral("kind"), r.kind},
                      {QStringLiteral("interface"), r.interfaceId},
                      {QStringLiteral("description"), r.description},
                      {QStringLiteral("filePatterns"), QJsonArray::fromStringList(r.filePatterns)}};
        if (!r.loaded)
            o.insert(QStringLiteral("error"), r.error);
        plugins.append(o);
    }
    return {{QStringLiteral("searchPaths"), QJsonArray::fromStringList(m_directories)},
            {QStringLiteral("plugins"), plugins}};
}

} // namespace loupe
