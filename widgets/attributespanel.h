#pragma once
// The selected track's attributes, as the schema defines them: its class's per-track ones, and
// at the frame shown its per-frame ones and whether it is occluded there. Each edit is one
// undoable step of the document; a value the schema refuses is said, not kept.

#include <QWidget>

class QFormLayout;
class QLabel;

namespace loupe {

class TrackDocument;

class AttributesPanel : public QWidget {
    Q_OBJECT
public:
    explicit AttributesPanel(QWidget *parent = nullptr);

    void setDocument(TrackDocument *document);
    /// Shows track `id` (0: none) at `frame` of its camera.
    void setTrack(qint64 id, int frame);
    qint64 track() const { return m_id; }
    /// The editor of attribute `name` (for tests and keyboard users), or null.
    QWidget *editor(const QString &name) const;

signals:
    void message(const QString &text);

private:
    void rebuild();
    void set(const QString &name, const QString &value, bool perFrame);

    TrackDocument *m_document = nullptr;
    qint64 m_id = 0;
    int m_frame = -1;
    QLabel *m_title;
    QFormLayout *m_form;
    QWidget *m_body;
    bool m_building = false;
};

} // namespace loupe
