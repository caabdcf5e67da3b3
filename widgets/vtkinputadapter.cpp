#include "widgets/vtkinputadapter.h"

#include <QKeyEvent>
#include <QMouseEvent>
#include <QWheelEvent>

#include <vtkCommand.h>
#include <vtkRenderWindowInteractor.h>

namespace loupe {

namespace {

unsigned long mouseEventId(QEvent::Type type, Qt::MouseButton button)
{
    const bool press = type == QEvent::MouseButtonPress || type == QEvent::MouseButtonDblClick;
    switch (button) {
    case Qt::LeftButton:
        return press ? vtkCommand::LeftButtonPressEvent : vtkCommand::LeftButtonReleaseEvent;
    case Qt::MiddleButton:
        return press ? vtkCommand::MiddleButtonPressEvent : vtkCommand::MiddleButtonReleaseEvent;
    case Qt::RightButton:
        return press ? vtkCommand::RightButtonPressEvent : vtkCommand::RightButtonReleaseEvent;
    default: return vtkCommand::NoEvent;
    }
}

const char *keySym(int key)
{
    switch (key) {
    case Qt::Key_Left: return "Left";
    case Qt::Key_Right: return "Right";
    case Qt::Key_Up: return "Up";
    case Qt::Key_Down: return "Down";
    case Qt::Key_PageUp: return "Prior";
    case Qt::Key_PageDown: return "Next";
    case Qt::Key_Home: return "Home";
    case Qt::Key_End: return "End";
    case Qt::Key_Return:
    case Qt::Key_Enter: return "Return";
    case Qt::Key_Escape: return "Escape";
    case Qt::Key_Space: return "space";
    case Qt::Key_Plus: return "plus";
    case Qt::Key_Minus: return "minus";
    default: return nullptr;
    }
}

/// Position (device pixels, flipped to VTK's bottom-left origin) and modifiers of a pointer event.
void setPointer(vtkRenderWindowInteractor *iren, QPointF p, Qt::KeyboardModifiers m, bool repeat)
{
    iren->SetEventInformationFlipY(static_cast<int>(p.x()), static_cast<int>(p.y()),
                                   m.testFlag(Qt::ControlModifier) ? 1 : 0,
                                   m.testFlag(Qt::ShiftModifier) ? 1 : 0, 0, repeat ? 1 : 0);
    iren->SetAltKey(m.testFlag(Qt::AltModifier) ? 1 : 0);
}

} // namespace

VtkInputAdapter::VtkInputAdapter(vtkRenderWindowInteractor *interactor) : m_interactor(interactor)
{
}

bool VtkInputAdapter::handle(QEvent *event, double dpr)
{
    vtkRenderWindowInteractor *iren = m_interactor;
    switch (event->type()) {
    case QEvent::MouseButtonPress:
    case QEvent::MouseButtonDblClick:
    case QEvent::MouseButtonRelease:
    case QEvent::MouseMove: {
        auto *e = static_cast<QMouseEvent *>(event);
        setPointer(iren, e->position() * dpr, e->modifiers(),
                   event->type() == QEvent::MouseButtonDblClick);
        if (event->type() == QEvent::MouseMove) {
            iren->InvokeEvent(vtkCommand::MouseMoveEvent, e);
        } else {
            const unsigned long id = mouseEventId(event->type(), e->button());
            if (id == vtkCommand::NoEvent)
                return false;
            iren->InvokeEvent(id, e);
        }
        event->accept();
        return true;
    }
    case QEvent::Wheel: {
        auto *e = static_cast<QWheelEvent *>(event);
        setPointer(iren, e->position() * dpr, e->modifiers(), false);
        const int delta = e->angleDelta().y() != 0 ? e->angleDelta().y() : e->angleDelta().x();
        if (delta == 0)
            return false;
        iren->InvokeEvent(delta > 0 ? vtkCommand::MouseWheelForwardEvent
                                    : vtkCommand::MouseWheelBackwardEvent,
                          e);
        event->accept();
        return true;
    }
    case QEvent::KeyPress:
    case QEvent::KeyRelease: {
        auto *e = static_cast<QKeyEvent *>(event);
        const QString text = e->text();
        const char ascii = text.size() == 1 && text.at(0).unicode() < 128
                               ? static_cast<char>(text.at(0).unicode())
                               : 0;
        const char *sym = keySym(e->key());
        if (!ascii && !sym)
            return false;
        const Qt::KeyboardModifiers m = e->modifiers();
        iren->SetKeyEventInformation(m.testFlag(Qt::ControlModifier) ? 1 : 0,
                                     m.testFlag(Qt::ShiftModifier) ? 1 : 0, ascii,
                                     e->isAutoRepeat() ? e->count() : 0, sym);
        iren->SetAltKey(m.testFlag(Qt::AltModifier) ? 1 : 0);
        if (event->type() == QEvent::KeyPress) {
            iren->InvokeEvent(vtkCommand::KeyPressEvent, e);
            if (ascii)
                iren->InvokeEvent(vtkCommand::CharEvent, e);
        } else {
            iren->InvokeEvent(vtkCommand::KeyReleaseEvent, e);
        }
        // Keys VTK does not use go on to the window (menus, shortcuts).
        return false;
    }
    case QEvent::Enter: iren->InvokeEvent(vtkCommand::EnterEvent); return false;
    case QEvent::Leave: iren->InvokeEvent(vtkCommand::LeaveEvent); return false;
    default: return false;
    }
}

} // namespace loupe
