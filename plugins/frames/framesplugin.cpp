#include "framesplugin.h"

#include "framereader.h"

namespace loupe::frames {

int FramesPlugin::canRead(const QString &path) const
{
    return frameConfidence(path);
}

Result<Dataset> FramesPlugin::read(const QString &path, const ReadContext &context,
                                   Progress &progress) const
{
    return readFrames(path, context.cacheFolder, &progress);
}

} // namespace loupe::frames
