#pragma once

#include <QOpenGLWidget>

#include <vtkSmartPointer.h>

#include <memory>

class QSurfaceFormat;
class vtkGenericOpenGLRenderWindow;
class vtkGenericRenderWindowInteractor;
class vtkObject;
class vtkRenderer;

namespace loupe {

class VtkInputAdapter;

/// Loupe's bridge between Qt 6 and VTK: a QOpenGLWidget hosting a
/// vtkGenericOpenGLRenderWindow (Debian's VTK Qt module is built on Qt 5 and is not used).
///
/// VTK renders into its own framebuffers inside paintGL() and the result is blitted into the
/// widget's framebuffer. All rendering happens in paintGL(): interaction only asks for an
/// update(). Mouse, wheel and key events reach VTK's interactor (trackball camera style).
class VtkOpenGLWidget : public QOpenGLWidget {
    Q_OBJECT
public:
    explicit VtkOpenGLWidget(QWidget *parent = nullptr);
    ~VtkOpenGLWidget() override;

    /// The surface format VTK needs (OpenGL 3.2 core). Set it as the application default
    /// before the QApplication is created.
    static QSurfaceFormat defaultFormat();

    vtkGenericOpenGLRenderWindow *renderWindow() const;
    vtkGenericRenderWindowInteractor *interactor() const;
    /// The single renderer that fills the widget.
    vtkRenderer *renderer() const;

    /// Frames drawn since construction.
    quint64 framesRendered() const { return m_frames; }

signals:
    /// A VTK frame was drawn and blitted into the widget.
    void frameRendered();

protected:
    void initializeGL() override;
    void resizeGL(int w, int h) override;
    void paintGL() override;
    bool event(QEvent *event) override;

private:
    void onContextAboutToBeDestroyed();
    void onWindowEvent(vtkObject *caller, unsigned long eventId, void *callData);
    bool contextIsCurrent() const;
    void blitIntoWidget();
    void releaseGraphics();

    vtkSmartPointer<vtkGenericOpenGLRenderWindow> m_window;
    vtkSmartPointer<vtkGenericRenderWindowInteractor> m_interactor;
    vtkSmartPointer<vtkRenderer> m_renderer;
    std::unique_ptr<VtkInputAdapter> m_input;
    bool m_initialized = false;
    bool m_inPaint = false;
    quint64 m_frames = 0;
};

} // namespace loupe
