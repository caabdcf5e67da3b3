#include "app/gui/appcontext.h"

#include <QCoreApplication>

namespace loupe {

AppContext::AppContext(ComputeBackend::Preference compute) : m_compute(compute)
{
    m_plugins.discover(PluginRegistry::defaultSearchPaths(QCoreApplication::applicationDirPath()));
}

} // namespace loupe
