#pragma once

#include <vtkSmartPointer.h>

class QEvent;
class vtkRenderWindowInteractor;

namespace loupe {

/// Turns Qt mouse, wheel, key and enter/leave events into VTK interactor events, so VTK's
/// interaction (rotate, zoom, pan) works inside a Qt widget. Positions are scaled by the
/// device pixel ratio and flipped to VTK's bottom-left origin.
class VtkInputAdapter {
public:
    explicit VtkInputAdapter(vtkRenderWindowInteractor *interactor);

    /// Returns true when the event was given to VTK.
    bool handle(QEvent *event, double devicePixelRatio);

private:
    vtkSmartPointer<vtkRenderWindowInteractor> m_interactor;
};

} // namespace loupe
