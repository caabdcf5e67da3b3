#include "widgets/vtkopenglwidget.h"

#include "widgets/vtkinputadapter.h"

#include <QOpenGLContext>
#include <QOpenGLExtraFunctions>
#include <QSurfaceFormat>

#include <vtkCallbackCommand.h>
#include <vtkCommand.h>
#include <vtkGenericOpenGLRenderWindow.h>
#include <vtkGenericRenderWindowInteractor.h>
#include <vtkInteractorStyleTrackballCamera.h>
#include <vtkObjectFactory.h>
#include <vtkOpenGLFramebufferObject.h>
#include <vtkOpenGLState.h>
#include <vtkRenderer.h>

namespace loupe {

namespace {

/// Trackball camera without the single-key shortcuts that would surprise people in a viewer
/// (stereo, wireframe, pick, exit); 'r' still resets the camera.
class ViewerInteractorStyle final : public vtkInteractorStyleTrackballCamera {
public:
    static ViewerInteractorStyle *New();
    vtkTypeMacro(ViewerInteractorStyle, vtkInteractorStyleTrackballCamera);

    void OnChar() override
    {
        vtkRenderWindowInteractor *rwi = this->Interactor;
        const char key = rwi->GetKeyCode();
        if (key == 'r' || key == 'R') {
            this->FindPokedRenderer(rwi->GetEventPosition()[0], rwi->GetEventPosition()[1]);
            if (this->CurrentRenderer) {
                this->CurrentRenderer->ResetCamera();
                rwi->Render();
            }
        }
    }
};
vtkStandardNewMacro(ViewerInteractorStyle);

} // namespace

QSurfaceFormat VtkOpenGLWidget::defaultFormat()
{
    QSurfaceFormat format;
    format.setRenderableType(QSurfaceFormat::OpenGL);
    format.setVersion(3, 2);
    format.setProfile(QSurfaceFormat::CoreProfile);
    format.setSwapBehavior(QSurfaceFormat::DoubleBuffer);
    format.setRedBufferSize(8);
    format.setGreenBufferSize(8);
    format.setBlueBufferSize(8);
    format.setAlphaBufferSize(8);
    format.setDepthBufferSize(24);
    format.setStencilBufferSize(0);
    format.setSamples(0);
    return format;
}

VtkOpenGLWidget::VtkOpenGLWidget(QWidget *parent)
    : QOpenGLWidget(parent), m_window(vtkSmartPointer<vtkGenericOpenGLRenderWindow>::New()),
      m_interactor(vtkSmartPointer<vtkGenericRenderWindowInteractor>::New()),
      m_renderer(vtkSmartPointer<vtkRenderer>::New())
{
    setFocusPolicy(Qt::StrongFocus);
    setMouseTracking(true);
    setMinimumSize(64, 64);

    m_window->SetMultiSamples(0);
    m_window->SetFrameBlitModeToNoBlit();  // we blit into Qt's framebuffer ourselves
    m_window->SetReadyForRendering(false); // until initializeGL gives us a context
    m_window->AddRenderer(m_renderer);
    m_renderer->SetBackground(0.09, 0.10, 0.13);

    m_interactor->SetRenderWindow(m_window);
    m_interactor->SetInteractorStyle(vtkSmartPointer<ViewerInteractorStyle>::New());
    // Interaction asks for a render; the render itself happens in paintGL.
    m_interactor->EnableRenderOff();
    m_interactor->Initialize();

    const unsigned long events[] = {vtkCommand::WindowMakeCurrentEvent,
                                    vtkCommand::WindowIsCurrentEvent, vtkCommand::WindowFrameEvent};
    for (unsigned long e : events)
        m_window->AddObserver(e, this, &VtkOpenGLWidget::onWindowEvent);
    m_interactor->AddObserver(vtkCommand::RenderEvent, this, &VtkOpenGLWidget::onWindowEvent);

    m_input = std::make_unique<VtkInputAdapter>(m_interactor);
}

VtkOpenGLWidget::~VtkOpenGLWidget()
{
    // QOpenGLWidget's own destructor destroys the context; by then this part of the object is
    // gone, so the context must no longer call back into it.
    if (context())
        disconnect(context(), nullptr, this, nullptr);
    makeCurrent();
    releaseGraphics();
    doneCurrent();
    m_window->RemoveAllObservers();
    m_interactor->RemoveAllObservers();
}

vtkGenericOpenGLRenderWindow *VtkOpenGLWidget::renderWindow() const
{
    return m_window;
}
vtkGenericRenderWindowInteractor *VtkOpenGLWidget::interactor() const
{
    return m_interactor;
}
vtkRenderer *VtkOpenGLWidget::renderer() const
{
    return m_renderer;
}

bool VtkOpenGLWidget::contextIsCurrent() const
{
    const QOpenGLContext *ctx = context();
    return ctx && QOpenGLContext::currentContext() == ctx;
}

void VtkOpenGLWidget::onWindowEvent(vtkObject *, unsigned long eventId, void *callData)
{
    switch (eventId) {
    case vtkCommand::WindowMakeCurrentEvent:
        // Never QOpenGLWidget::makeCurrent() here: it rebinds the widget's framebuffer behind
        // VTK's back in the middle of a render, and the picture comes out black.
        if (!contextIsCurrent() && context())
            context()->makeCurrent(context()->surface());
        break;
    case vtkCommand::WindowIsCurrentEvent:
        *static_cast<bool *>(callData) = contextIsCurrent();
        break;
    case vtkCommand::WindowFrameEvent:
    case vtkCommand::RenderEvent:
        if (!m_inPaint)
            update();
        break;
    default: break;
    }
}

void VtkOpenGLWidget::initializeGL()
{
    // A new context (first show, or the widget moved to another top-level window): let VTK
    // drop what it had and start over on this one.
    if (m_initialized)
        releaseGraphics();
    m_window->SetOwnContext(0);
    m_window->SetForceMaximumHardwareLineWidth(1);
    m_window->SetReadyForRendering(true);
    m_window->OpenGLInitContext();
    m_initialized = true;
    connect(context(), &QOpenGLContext::aboutToBeDestroyed, this,
            &VtkOpenGLWidget::onContextAboutToBeDestroyed, Qt::UniqueConnection);
}

void VtkOpenGLWidget::onContextAboutToBeDestroyed()
{
    makeCurrent();
    releaseGraphics();
    doneCurrent();
}

void VtkOpenGLWidget::releaseGraphics()
{
    if (!m_initialized)
        return;
    m_window->ReleaseGraphicsResources(m_window);
    m_window->SetReadyForRendering(false);
    m_initialized = false;
}

void VtkOpenGLWidget::resizeGL(int w, int h)
{
    const qreal dpr = devicePixelRatioF();
    const int dw = qRound(w * dpr);
    const int dh = qRound(h * dpr);
    m_interactor->UpdateSize(dw, dh); // also resizes the render window
    m_window->SetSize(dw, dh);
}

void VtkOpenGLWidget::paintGL()
{
    if (!m_initialized)
        return;
    vtkOpenGLState *state = m_window->GetState();
    // Qt changed GL state since VTK last looked; VTK must not trust its cache.
    state->Reset();
    state->Push();
    state->vtkglDepthFunc(GL_LEQUAL); // Qt leaves GL_LESS; VTK expects GL_LEQUAL
    m_inPaint = true;
    m_window->Render();
    m_inPaint = false;
    blitIntoWidget();
    state->Pop();
    ++m_frames;
    emit frameRendered();
}

void VtkOpenGLWidget::blitIntoWidget()
{
    QOpenGLExtraFunctions *f = context()->extraFunctions();
    f->glBindFramebuffer(GL_DRAW_FRAMEBUFFER, defaultFramebufferObject());
    const GLenum drawBuffer = GL_COLOR_ATTACHMENT0;
    f->glDrawBuffers(1, &drawBuffer);
    const bool scissor = f->glIsEnabled(GL_SCISSOR_TEST);
    if (scissor) {
        m_window->GetState()->vtkglDisable(GL_SCISSOR_TEST);
        f->glDisable(GL_SCISSOR_TEST);
    }
    const qreal dpr = devicePixelRatioF();
    const int w = qRound(width() * dpr);
    const int h = qRound(height() * dpr);
    int *source = m_window->GetRenderFramebuffer()->GetLastSize();
    m_window->BlitDisplayFramebuffer(0, 0, 0, source[0], source[1], 0, 0, w, h, GL_COLOR_BUFFER_BIT,
                                     GL_NEAREST);

    // Make the result opaque: a translucent alpha would blend with what lies behind the
    // window on some compositors and in grabs.
    GLboolean mask[4];
    f->glGetBooleanv(GL_COLOR_WRITEMASK, mask);
    GLfloat clear[4];
    f->glGetFloatv(GL_COLOR_CLEAR_VALUE, clear);
    f->glColorMask(GL_FALSE, GL_FALSE, GL_FALSE, GL_TRUE);
    f->glClearColor(0, 0, 0, 1);
    f->glClear(GL_COLOR_BUFFER_BIT);
    f->glColorMask(mask[0], mask[1], mask[2], mask[3]);
    f->glClearColor(clear[0], clear[1], clear[2], clear[3]);
    if (scissor) {
        m_window->GetState()->vtkglEnable(GL_SCISSOR_TEST);
        f->glEnable(GL_SCISSOR_TEST);
    }
}

bool VtkOpenGLWidget::event(QEvent *e)
{
    if (m_input && m_input->handle(e, devicePixelRatioF()))
        return true;
    return QOpenGLWidget::event(e);
}

} // namespace loupe
