#pragma once

#include "core/compute/computebackend.h"
#include "core/plugins/pluginregistry.h"

namespace loupe {

/// What the application's parts share, passed down explicitly (no global instance): the
/// plugins that loaded and the compute backend chosen once at start.
class AppContext {
public:
    /// Discovers plugins in the default places (see PluginRegistry::defaultSearchPaths).
    explicit AppContext(ComputeBackend::Preference compute = ComputeBackend::Preference::Auto);
    AppContext(const AppContext &) = delete;
    AppContext &operator=(const AppContext &) = delete;

    PluginRegistry &plugins() { return m_plugins; }
    const PluginRegistry &plugins() const { return m_plugins; }
    const ComputeBackend &compute() const { return m_compute; }

private:
    PluginRegistry m_plugins;
    ComputeBackend m_compute;
};

} // namespace loupe
