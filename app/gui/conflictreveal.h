#pragma once

namespace loupe {

class MainWindow;
class SyncSession;
class WorkspaceSession;

/// What a conflict double-clicked in the Conflicts panel is about, shown in `window`: a track
/// at its keyframe, selected, where its sequence is the one open; a label brick at the
/// crosshair (its middle voxel), where its labels are the ones open. Anything else, the status
/// bar says is not open now. `loupe` wires its window this way; tests wire theirs alike.
void showConflictsIn(MainWindow &window, const WorkspaceSession &workspace, SyncSession &sync);

} // namespace loupe
