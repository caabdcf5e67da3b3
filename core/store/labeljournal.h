#pragma once

#include "core/labels/labelmap.h"
#include "core/labels/segment.h"
#include "core/labels/segmentation.h"
#include "core/result.h"
#include "core/store/operation.h"

#include <QObject>
#include <QPointer>

#include <functional>
#include <map>
#include <memory>
#include <optional>
#include <utility>
#include <vector>

namespace loupe {
class Segmentation;
class Volume;
} // namespace loupe

namespace loupe::store {

class StoreWriter;
class Workspace;

/// A segmentation's labels as a store document holds them: its segments and its written
/// bricks, layer by layer.
struct StoredLabels {
    std::vector<Segment> segments;
    LabelLayers layers;
    bool empty() const { return segments.empty(); }
};

/// Reads document `document` of `workspace` back into labels on the grid of `volume`.
/// Errors name the workspace; a brick that does not fit the grid is an error, not a guess.
Result<StoredLabels> loadLabels(const Workspace &workspace, const QString &document,
                                const Volume &volume);

/// The brick a key of a labels document names, as (layer, index); nothing for other keys.
std::optional<std::pair<std::uint8_t, std::size_t>> brickOf(const QString &key);
/// The segment a key of a labels document names ("segment/<label>"); nothing for other keys.
std::optional<std::uint8_t> segmentOf(const QString &key);

/// Things of a labels document as the store holds them now, to put into an open segmentation:
/// each brick (null where there is none) and segment (none where it was removed).
struct LabelThings {
    std::vector<Segmentation::RemoteBrick> bricks;
    std::vector<std::pair<std::uint8_t, std::optional<Segment>>> segments;
};
/// Things `keys` ("brick/…", "segment/…") of `document`. A damaged brick is an error naming it.
Result<LabelThings> loadLabelThings(const Workspace &workspace, const QString &document,
                                    const QStringList &keys);

/// Keeps a segmentation's store document up to date: after each change (an edit, undo,
/// redo, a segment renamed) it compares the bricks and segments with those last written (the
/// bricks by pointer: an edit replaces the bricks it changes, so this costs one comparison
/// a brick) and submits one operation for each brick and segment that differs.
class LabelJournal : public QObject {
    Q_OBJECT
public:
    /// What the segmentation holds when the journal starts: already in the store (it was
    /// just loaded from there), or not (then it is written at once).
    enum class Start { Stored, NotStored };
    /// From now on, `segmentation`'s changes go to `document` through `writer`.
    LabelJournal(Segmentation &segmentation, QString document, StoreWriter &writer, Start start,
                 QObject *parent = nullptr);
    /// The operations the changes since the last call make (also what the journal submits).
    std::vector<Operation> changes();
    /// Runs `apply`, which writes others' changes (already in the store) into the
    /// segmentation: what it changes is taken as written, not journaled again.
    void takeRemote(const std::function<void()> &apply);
    const QString &document() const { return m_document; }

private:
    void record();

    bool m_quiet = false; ///< within takeRemote()
    QPointer<Segmentation> m_segmentation;
    QString m_document;
    StoreWriter &m_writer;
    std::vector<std::vector<std::shared_ptr<const LabelMap::Brick>>> m_bricks; ///< per layer
    std::map<std::uint8_t, QByteArray> m_segments;                             ///< label → JSON
};

/// A segment as the store keeps it (JSON), and back.
QByteArray segmentJson(const Segment &segment, int position);
Segment segmentFromJson(const QByteArray &json, std::uint8_t label, int *position = nullptr);

} // namespace loupe::store
