#pragma once

#include "core/plugins/interfaces.h"

#include <QObject>

namespace loupe::dicomseg {

/// The plugin shell around the SEG writer and reader: a label writer that also reads.
class SegPlugin final : public QObject, public LabelWriter, public LabelReader {
    Q_OBJECT
    Q_PLUGIN_METADATA(IID LOUPE_LABEL_WRITER_IID FILE "segplugin.json")
    Q_INTERFACES(loupe::LabelWriter loupe::LabelReader)

public:
    QString formatName() const override { return QStringLiteral("DICOM SEG"); }
    QStringList suffixes() const override { return {QStringLiteral("dcm")}; }
    Result<void> write(const LabelLayers &layers, const Volume &reference,
                       const std::vector<Segment> &segments, const QString &path,
                       Progress &progress) const override;
    int canRead(const QString &path) const override;
    Result<LabelFile> read(const QString &path, const Volume &reference,
                           Progress &progress) const override;
};

} // namespace loupe::dicomseg
