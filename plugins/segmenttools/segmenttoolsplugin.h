#pragma once

#include "core/plugins/interfaces.h"

#include <QObject>

namespace loupe::tools {

/// The plugin shell around the segment editor's tools (segmenttools.h).
class SegmentToolsPlugin final : public QObject, public ToolFactory {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LOUPE_TOOL_IID FILE "segmenttools.json")
    Q_INTERFACES(loupe::ToolFactory)

public:
    std::vector<ToolInfo> tools() const override;
    std::unique_ptr<Tool> createTool(const QString &id) const override;
};

} // namespace loupe::tools
