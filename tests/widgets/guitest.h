#pragma once

// Helpers the GUI tests share. Header-only; for tests that link Qt Widgets.

#include <QApplication>
#include <QMouseEvent>
#include <QWidget>

namespace loupe::test {

/// A mouse move to `at` (widget coordinates) with `held` buttons down, as a drag or a hover.
inline void moveMouse(QWidget *widget, QPointF at, Qt::MouseButtons held = Qt::NoButton,
                      Qt::KeyboardModifiers modifiers = Qt::NoModifier)
{
    QMouseEvent move(QEvent::MouseMove, at, widget->mapToGlobal(at), Qt::NoButton, held, modifiers);
    QApplication::sendEvent(widget, &move);
}

} // namespace loupe::test
