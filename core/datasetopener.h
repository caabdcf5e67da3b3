#pragma once

#include "core/dataset.h"
#include "core/result.h"

namespace loupe {

class PluginRegistry;
class Progress;

/// Opens a path with the dataset reader that is most confident it can read it.
///
/// Blocking: call it from a worker thread (DatasetLoader does). Every failure names the
/// path and says what to do; exceptions thrown by a plugin are turned into errors.
Result<Dataset> openDataset(const PluginRegistry &registry, const QString &path,
                            Progress &progress);

} // namespace loupe
