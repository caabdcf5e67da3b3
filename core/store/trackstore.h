#pragma once

#include "core/annotations/track.h"
#include "core/result.h"
#include "core/store/operation.h"

#include <optional>
#include <set>
#include <utility>
#include <vector>

namespace loupe::store {

class Workspace;
struct Entry;

/// The operations that turn `before` into `now` in document `document`: a track's header
/// ("track/<id>": class, camera, per-track attributes) and each keyframe
/// ("track/<id>/frame/<f>") put where new or changed, deleted where gone. Unchanged ones
/// give nothing.
std::vector<Operation> trackChanges(const QString &document, const std::vector<Track> &before,
                                    const std::vector<Track> &now);

/// As trackChanges, for frame tags ("tag/<id>": class, camera, frames).
std::vector<Operation> tagChanges(const QString &document, const std::vector<FrameTag> &before,
                                  const std::vector<FrameTag> &now);

/// The tracks a document holds, by id. Errors name the workspace and the entry.
Result<std::vector<Track>> loadTracks(const Workspace &workspace, const QString &document);
/// Only tracks `ids` of a document, those whole (a header and keyframes); one missing is gone
/// (or not all there yet, in the middle of a sync).
Result<std::vector<Track>> loadTracks(const Workspace &workspace, const QString &document,
                                      const std::set<qint64> &ids);
/// The frame tags a document holds (only `ids`, when given), by id.
Result<std::vector<FrameTag>> loadTags(const Workspace &workspace, const QString &document,
                                       const std::optional<std::set<qint64>> &ids = {});
/// What a key of a tracks document is about: ("track", id) or ("tag", id); nothing for others.
std::optional<std::pair<QString, qint64>> trackThing(const QString &key);
/// The frame of a track's keyframe key ("track/<id>/frame/<f>"); -1 for other keys.
int keyframeOf(const QString &key);
/// The key of track `id`'s header ("track/<id>"); its keyframes' keys start with it and "/".
QString trackHeaderKey(qint64 id);
/// The entries of track `id` of a document: its header and keyframes, as the store holds them.
Result<std::vector<Entry>> trackEntries(const Workspace &workspace, const QString &document,
                                        qint64 id);

} // namespace loupe::store
