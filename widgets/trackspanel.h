#pragma once
// The objects of a sequence as a list: id, class, camera, frames, keyframes; filtered by class,
// camera and a range of frames. Choosing a row asks for that track to be shown (selected on its
// camera, the playhead moved to it if it is not in view there).

#include <QStringList>
#include <QWidget>

class QComboBox;
class QLabel;
class QSpinBox;
class QTableView;

namespace loupe {

class TrackDocument;
class TrackListModel;

class TracksPanel : public QWidget {
    Q_OBJECT
public:
    explicit TracksPanel(QWidget *parent = nullptr);
    ~TracksPanel() override;

    /// The document listed (not owned; null: none) and its cameras' names by stream.
    void setDocument(TrackDocument *document, const QStringList &cameras, int frameCount);
    /// Highlights track `id`'s row (0: none), without asking for it to be shown.
    void setSelected(qint64 id);
    /// The ids listed now, in order (after the filters).
    std::vector<qint64> listed() const;

    void setClassFilter(const QString &label); ///< empty: every class
    void setCameraFilter(int stream);          ///< -1: every camera
    void setFrameFilter(int first, int last);  ///< tracks with a shape somewhere in there
    QTableView *table() const { return m_table; }

signals:
    void trackChosen(qint64 id);

private:
    void refilter();
    void listClasses();

    TrackListModel *m_model;
    QTableView *m_table;
    QComboBox *m_class;
    QComboBox *m_camera;
    QSpinBox *m_from;
    QSpinBox *m_to;
    QLabel *m_count;
    TrackDocument *m_document = nullptr;
    bool m_selecting = false;
};

} // namespace loupe
