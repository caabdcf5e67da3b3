#include "segplugin.h"

#include "segreader.h"
#include "segwriter.h"

namespace loupe::dicomseg {

Result<void> SegPlugin::write(const LabelLayers &layers, const Volume &reference,
                              const std::vector<Segment> &segments, const QString &path,
                              Progress &) const
{
    return writeSeg(layers, reference, segments, path);
}

int SegPlugin::canRead(const QString &path) const
{
    return path.endsWith(QLatin1String(".dcm"), Qt::CaseInsensitive) ? 60 : 0;
}

Result<LabelFile> SegPlugin::read(const QString &path, const Volume &reference, Progress &) const
{
    return readSeg(path, reference);
}

} // namespace loupe::dicomseg
