#include "segmenttoolsplugin.h"

#include "segmenttools.h"

namespace loupe::tools {

std::vector<ToolInfo> SegmentToolsPlugin::tools() const
{
    return segmentTools();
}

std::unique_ptr<Tool> SegmentToolsPlugin::createTool(const QString &id) const
{
    return createSegmentTool(id);
}

} // namespace loupe::tools
