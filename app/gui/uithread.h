#pragma once
// Handing a worker's result back to the UI thread.

#include <QCoreApplication>
#include <QPointer>

namespace loupe {

/// Runs `f(object)` on the UI thread (called from a worker or any thread), unless `object` is
/// gone by then. The pointer is only looked at on the UI thread.
template <typename T, typename F>
void onUiThread(QPointer<T> object, F f)
{
    QMetaObject::invokeMethod(
        qApp,
        [object, f = std::move(f)]() mutable {
            if (object)
                f(*object);
        },
        Qt::QueuedConnection);
}

} // namespace loupe
