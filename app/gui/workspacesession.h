#pragma once

#include "core/annotations/track.h"
#include "core/result.h"
#include "core/store/labeljournal.h"
#include "core/store/resolution.h"
#include "core/store/syncstate.h"

#include <QObject>
#include <QPointer>
#include <QString>
#include <QStringList>

#include <map>
#include <memory>
#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace loupe {

class Segmentation;
class TrackDocument;
class Volume;
struct Sequence;
namespace store {
class StoreWriter;
}

/// The workspace of one run of Loupe: opened off the UI thread, every label edit kept in it
/// as it is made (see store::LabelJournal), labels restored when their volume is opened
/// again, and the datasets opened remembered. Says how saving goes (statusChanged) and what
/// people should know (message): a crash last time, labels restored, a full disk.
class WorkspaceSession : public QObject {
    Q_OBJECT
public:
    explicit WorkspaceSession(QString path, QObject *parent = nullptr);
    ~WorkspaceSession() override; ///< saves what is pending, marks the workspace closed

    /// Opens the workspace on a worker; opened() or failed() follow.
    void start();
    bool isOpen() const { return m_writer != nullptr; }
    const QString &path() const { return m_path; }
    /// Where readers keep what they derive from the data, beside the workspace.
    QString cacheFolder() const;
    /// Where the last session left off: the dataset opened last (empty: none).
    const QString &lastDataset() const { return m_lastDataset; }

    /// Keeps `labels` (the segmentation of its volume, opened from `location`) in the
    /// workspace: first restores what the workspace holds for that volume (found by its
    /// content, wherever it now is), then records its changes.
    void track(Segmentation *labels, const QString &location);
    /// Remembers a dataset that was opened (`kind`: "volume" or "sequence").
    void remember(const QString &location, const QString &kind, const QString &fingerprint);
    /// Remembers a camera sequence that was opened, by its cameras and clocks.
    void sequenceOpened(const QString &location, const Sequence &sequence);
    /// Keeps `tracks` (the annotations of the sequence at `location`) in the workspace: what
    /// it holds for that sequence (found by its cameras and clocks) is loaded into `tracks`
    /// while they are still empty, then every step is written as it is made.
    void trackAnnotations(TrackDocument *tracks, const QString &location, const Sequence &sequence);
    /// The workspace document `tracks` are kept in (empty: none).
    QString documentOf(const TrackDocument *tracks) const;
    /// The workspace document the label maps of `labels` are kept in (empty: none).
    QString documentOf(const Segmentation *labels) const;
    /// A sequence's fingerprint: its cameras' names, frame counts and first and last times.
    static QString fingerprint(const Sequence &sequence);
    /// Keeps what the views of the dataset at `location` show (JSON, see viewstate.h).
    void saveView(const QString &location, const QByteArray &json);
    /// Asks for the view last saved for the dataset at `location`: viewLoaded() follows.
    void loadView(const QString &location);
    /// Writes a .loupe file of the labels of the dataset at `location` (empty: the whole
    /// workspace), after every edit made so far; transferred() says how it went.
    void exportPortable(const QString &file, const QString &location = {});
    /// Merges a .loupe file into the workspace by operation id; transferred() follows.
    void importPortable(const QString &file);
    /// Edits not yet saved.
    int pending() const;
    /// Blocks until everything is saved, at most `ms` (for quitting and tests).
    bool waitForSaved(int ms);

    /// A volume's content fingerprint: its grid and a sample of its voxels (SHA-256).
    static QString fingerprint(const Volume &volume);

    // What a sync brings (remotechanges.cpp).
    /// Others' changes written into the workspace (by the sync client): the open track
    /// documents read those things again, leaving edits made meanwhile alone.
    void applyPulled(const std::vector<std::pair<QString, QString>> &things);
    /// Reads the open conflicts of the workspace; conflictsRead() follows.
    void readConflicts();
    /// Resolves `conflicts` as chosen, as edits of the workspace (pushed with the next sync);
    /// resolved() follows, and the open documents show the result.
    void resolve(const std::vector<store::Conflict> &conflicts, store::Resolution resolution);

signals:
    void opened();
    void failed(const QString &message);
    /// "All changes saved", "Saving 3 edits…", or why nothing can be saved (`problem`).
    void statusChanged(const QString &text, bool problem);
    /// For the messages panel.
    void message(const QString &text, bool warning);
    /// Labels were read back from the workspace into `labels`.
    void labelsRestored(loupe::Segmentation *labels, int segments);
    /// An export or import ended: what it did, or why it failed (`ok` false).
    void transferred(bool ok, const QString &text);
    /// The view saved for `location` (empty when none).
    void viewLoaded(const QString &location, const QByteArray &json);
    /// From now on every change of `labels` goes to the workspace.
    void tracking(loupe::Segmentation *labels);
    /// The open conflicts (see readConflicts), or why they could not be read.
    void conflictsRead(const std::vector<loupe::store::Conflict> &conflicts, const QString &error);
    /// A resolution was kept (`ok`), to be pushed with the next sync, or why not.
    void resolved(bool ok, const QString &text);

private:
    void adopt(std::unique_ptr<store::Workspace> workspace, bool crashed, QString last,
               qint64 edits, qint64 datasets);
    void updateStatus();
    /// Journals what a step did to tracks `ids` (or tags) of `tracks`, against what was last
    /// written for them.
    void writeTracks(TrackDocument *tracks, const std::vector<qint64> &ids);
    void writeTags(TrackDocument *tracks, const std::vector<qint64> &ids);
    /// Hands `ops` to the writer and says how saving goes.
    void submit(std::vector<store::Operation> ops);
    void journal(Segmentation *labels, const QString &document, bool stored);
    void journalTracks(TrackDocument *tracks, const Result<std::vector<Track>> &stored,
                       const Result<std::vector<FrameTag>> &storedTags);
    /// Reads things `keys` (bricks and segments) of `labels`' document again and puts them in.
    void refreshLabels(Segmentation *labels, const QStringList &keys);
    /// Reads tracks `ids` and tags `tagIds` of `tracks`' document again and puts them in.
    void refreshTracks(TrackDocument *tracks, const std::set<qint64> &ids,
                       const std::set<qint64> &tagIds);
    void restore(Segmentation *labels, const QString &location, const QString &print,
                 const QString &document, const Result<store::StoredLabels> &stored);

    QString m_path;
    QString m_lastDataset;
    QString m_clientId; ///< the workspace's, as loupe-server knows it
    std::unique_ptr<store::StoreWriter> m_writer;
    std::map<Segmentation *, std::unique_ptr<store::LabelJournal>> m_journals;
    /// Tracked before the workspace opened: (labels, location).
    std::vector<std::pair<QPointer<Segmentation>, QString>> m_waiting;
    QString m_failure;
    /// Per annotated sequence: its document in the workspace, and its tracks as last written.
    struct TrackJournal {
        QString document;
        std::map<qint64, Track> written;
        std::map<qint64, FrameTag> writtenTags;
    };
    std::map<TrackDocument *, TrackJournal> m_trackJournals;
};

} // namespace loupe
