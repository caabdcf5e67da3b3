#pragma once
// A sequence's tracks to and from files: the export dialog, and importing OpenLABEL or CVAT
// XML (any format a track-format plugin reads) into the document (read off the UI thread; added as
// one undoable step, or nothing).

#include "core/plugins/trackformats.h"

#include <QObject>

class QWidget;

namespace loupe {

class ExportTracksDialog;
class PluginRegistry;
class SequenceView;

class TrackFiles : public QObject {
    Q_OBJECT
public:
    /// Formats are those of `plugins`' track-format plugins; `plugins` outlives this.
    TrackFiles(const PluginRegistry &plugins, SequenceView *view, QObject *parent = nullptr);

    /// The export dialog for the tracks shown (null, and `refused` says why, without any).
    ExportTracksDialog *exportDialog(QWidget *parent, QString &refused) const;
    /// Reads `path` on a worker; imported() follows. With `keepValid`, broken parts are left
    /// out (and said) and the rest is imported; without, a broken file imports nothing, and
    /// partlyValid() follows imported() when some of it could be kept.
    void import(const QString &path, bool keepValid = false);
    /// The formats offered, from the track-format plugins.
    const TrackFormats &formats() const { return m_formats; }

signals:
    /// An import ended: what it added, or why nothing was (`ok` false).
    void imported(bool ok, const QString &text);
    /// After a refused import: `tracks` tracks and tags of `path` are valid and could be kept
    /// (import again with keepValid); `problems` says what is broken.
    void partlyValid(const QString &path, int tracks, const QStringList &problems);

private:
    TrackFormats m_formats;
    SequenceView *m_view;
};

} // namespace loupe
