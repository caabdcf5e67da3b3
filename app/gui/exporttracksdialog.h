#pragma once
// File → Export Tracks: a format (each that a track-format plugin writes), the camera for the
// one-camera formats, the file; what the chosen format cannot hold is worked out off the UI thread
// and shown before anything is written. The file is written off the UI thread, whole or not at all
// (QSaveFile).

#include "core/plugins/trackformats.h"

#include <QDialog>

class QComboBox;
class QDialogButtonBox;
class QLineEdit;
class QPlainTextEdit;

namespace loupe {

class ExportTracksDialog : public QDialog {
    Q_OBJECT
public:
    /// `formats`: those offered (the track-format plugins'); `labels`: the tracks and what the
    /// sequence tells of them (see describeSequence).
    ExportTracksDialog(TrackFormats formats, TrackLabels labels, const QString &suggestedName,
                       QWidget *parent = nullptr);
    ~ExportTracksDialog() override;

    /// Chooses a format by its id, such as "cvat".
    void setFormat(const QString &id);
    void setCamera(int camera);
    void setPath(const QString &path);
    /// What the format chosen cannot hold, once worked out (empty until then).
    QString losses() const;
    /// Writes now (as the Export button does); written() follows.
    void exportNow();

signals:
    /// The file was written (`ok`), or why not.
    void written(bool ok, const QString &text);
    void lossesKnown();

private:
    QString format() const;
    QString suffix() const;
    void update();

    TrackFormats m_formats;
    TrackLabels m_labels;
    QComboBox *m_format;
    QComboBox *m_camera;
    QLineEdit *m_path;
    QPlainTextEdit *m_losses;
    QDialogButtonBox *m_buttons;
    int m_generation = 0; ///< which update a worker's answer is for
};

} // namespace loupe
