#pragma once

class QWidget;

namespace loupe {

class PluginRegistry;

/// Help → Plugins: every plugin file found, loaded or not, with the reason.
void showPluginsDialog(QWidget *parent, const PluginRegistry &registry);

} // namespace loupe
