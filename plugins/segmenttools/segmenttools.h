#pragma once

#include "core/plugins/interfaces.h"

namespace loupe::tools {

/// The segment editor's tools: paint and erase (disk or ball, optionally only inside the
/// intensity range), grow from a clicked seed within the range (in the slice or in 3D), and
/// threshold (the whole range at once). SegmentToolsPlugin offers them as a tool plugin.
std::vector<ToolInfo> segmentTools();
std::unique_ptr<Tool> createSegmentTool(const QString &id);

} // namespace loupe::tools
