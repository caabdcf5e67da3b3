#pragma once
// A sequence's tracks to and from files: the export dialog, and importing OpenLABEL or CVAT
// XML into the document (read off the UI thread; added as one undoable step, or nothing).

#include <QObject>

class QWidget;

namespace loupe {

class ExportTracksDialog;
class SequenceView;

class TrackFiles : public QObject {
    Q_OBJECT
public:
    explicit TrackFiles(SequenceView *view, QObject *parent = nullptr);

    /// The export dialog for the tracks shown (null, and `refused` says why, without any).
    ExportTracksDialog *exportDialog(QWidget *parent, QString &refused) const;
    /// Reads `path` on a worker; imported() follows.
    void import(const QString &path);

signals:
    /// An import ended: what it added, or why nothing was (`ok` false).
    void imported(bool ok, const QString &text);

private:
    SequenceView *m_view;
};

} // namespace loupe
