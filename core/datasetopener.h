#pragma once

#include "core/dataset.h"
#include "core/result.h"

namespace loupe {

class PluginRegistry;
class Progress;
struct ReadContext;

/// Opens a path with the dataset reader that is most confident it can read it.
///
/// Blocking: call it from a worker thread (DatasetLoader does). Every failure names the
/// path and says what to do; exceptions thrown by a plugin are turned into errors. `context`
/// goes to the reader (default: none).
Result<Dataset> openDataset(const PluginRegistry &registry, const QString &path,
                            Progress &progress);
Result<Dataset> openDataset(const PluginRegistry &registry, const QString &path,
                            const ReadContext &context, Progress &progress);

} // namespace loupe
