#pragma once

#include <QJsonObject>
#include <QObject>
#include <QString>
#include <QStringList>

#include <memory>
#include <optional>
#include <utility>
#include <vector>

class QPluginLoader;

namespace loupe {

enum class PluginKind { DatasetReader, DatasetSource, LabelReader, LabelWriter, Tool, TrackFormat };

/// "dataset-reader", "dataset-source", "label-reader", "label-writer", "tool" or "track-format".
QString pluginKindName(PluginKind kind);
std::optional<PluginKind> pluginKindFromName(const QString &name);
/// The interface id this build of Loupe expects for a kind, such as "org.loupe.Tool/2".
QString pluginInterfaceId(PluginKind kind);

/// One plugin file found during discovery, loaded or not.
struct PluginRecord {
    QString file; ///< absolute path of the library
    QString id;   ///< from the metadata; empty when the file had none
    QString version;
    QString kind; ///< kind name as written in the metadata
    QString description;
    QStringList filePatterns;
    QString interfaceId; ///< the IID the plugin was built against
    bool loaded = false;
    QString error;               ///< why it was skipped, for people; empty when loaded
    QObject *instance = nullptr; ///< owned by the plugin's loader; null unless loaded
};

/// Finds, checks and loads Loupe plugins. Owned by the application's context (no global
/// instance); plugins stay loaded for the registry's lifetime.
///
/// A file that cannot be used (not a plugin, wrong interface version, missing symbol, bad
/// metadata, duplicate id) is recorded with the reason and skipped; discovery never fails.
class PluginRegistry {
public:
    PluginRegistry();
    ~PluginRegistry();
    PluginRegistry(const PluginRegistry &) = delete;
    PluginRegistry &operator=(const PluginRegistry &) = delete;

    /// Where plugins are looked for, in order: `<applicationDir>/../lib/loupe/plugins` (the
    /// install prefix when installed; the build tree when run from it, which mirrors the
    /// install layout), then each entry of LOUPE_PLUGIN_PATH (separated by ':').
    static QStringList defaultSearchPaths(const QString &applicationDir);

    /// Loads every library in each directory, in order. Missing directories are skipped.
    void discover(const QStringList &directories);
    /// Checks and loads one file.
    void loadFile(const QString &path);

    const QStringList &searchedDirectories() const { return m_directories; }
    const std::vector<PluginRecord> &records() const { return m_records; }
    int loadedCount() const;
    int failedCount() const;

    /// Loaded plugins that implement Interface, in discovery order.
    template <typename Interface>
    std::vector<std::pair<const PluginRecord *, Interface *>> plugins() const
    {
        std::vector<std::pair<const PluginRecord *, Interface *>> out;
        for (const PluginRecord &r : m_records) {
            if (auto *i = r.loaded ? qobject_cast<Interface *>(r.instance) : nullptr)
                out.emplace_back(&r, i);
        }
        return out;
    }

    /// { "searchPaths": [...], "plugins": [ {file, id, version, kind, loaded, error, ...} ] }
    QJsonObject toJson() const;

private:
    PluginRecord check(const QString &path, QPluginLoader &loader) const;

    QStringList m_directories;
    std::vector<PluginRecord> m_records;
    std::vector<std::unique_ptr<QPluginLoader>> m_loaders;
};

} // namespace loupe
