#include "framesplugin.h"

#include "framereader.h"

namespace loupe::frames {

int FramesPlugin::canRead(const QString &path) const
{
    return frameConfidence(path);
}

Result<Dataset> FramesPlugin::read(const QString &path, const ReadContext &context,
                                   Progress &) const
{
    return readFrames(path, context.cacheFolder);
}

} // namespace loupe::frames
