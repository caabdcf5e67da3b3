#include "framesplugin.h"

#include "framereader.h"

namespace loupe::frames {

int FramesPlugin::canRead(const QString &path) const
{
    return frameConfidence(path);
}

Result<Dataset> FramesPlugin::read(const QString &path, Progress &) const
{
    return readFrames(path);
}

} // namespace loupe::frames
