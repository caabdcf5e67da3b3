#include "widgets/segmentsurfaces.h"

#include <QElapsedTimer>
#include <QtConcurrent/QtConcurrentRun>

#include <vtkAppendPolyData.h>
#include <vtkDiscreteFlyingEdges3D.h>
#include <vtkImageData.h>
#include <vtkPointData.h>
#include <vtkPolyData.h>
#include <vtkUnsignedCharArray.h>
#include <vtkWindowedSincPolyDataFilter.h>

#include <algorithm>

namespace loupe {

SegmentSurfaces::SegmentSurfaces(QObject *parent)
    : QObject(parent), m_surface(vtkSmartPointer<vtkPolyData>::New())
{
    connect(&m_watcher, &QFutureWatcherBase::finished, this, [this] {
        const Result r = m_watcher.result();
        m_surface = r.surface;
        m_lastMs = r.ms;
        if (m_pending) {
            Job next = std::move(*m_pending);
            m_pending.reset();
            start(std::move(next));
        }
        emit surfaceReady();
    });
}

vtkPolyData *SegmentSurfaces::surface() const
{
    return m_surface.Get();
}

SegmentSurfaces::~SegmentSurfaces()
{
    m_watcher.waitForFinished();
}

void SegmentSurfaces::request(const LabelLayers &layers, const Vec3 &spacing,
                              const std::vector<Segment> &segments)
{
    Job job{layers, spacing, std::vector<std::vector<std::uint8_t>>(layers.size())};
    for (const Segment &s : segments)
        if (s.visible && s.layer < layers.size())
            job.show[s.layer].push_back(s.label);
    if (m_watcher.isRunning()) {
        m_pending = std::make_unique<Job>(std::move(job));
        return;
    }
    start(std::move(job));
}

void SegmentSurfaces::start(Job job)
{
    m_watcher.setFuture(QtConcurrent::run([job = std::move(job)] {
        QElapsedTimer t;
        t.start();
        Result r;
        if (job.layers.size() == 1) {
            r.surface = compute(job.layers.front(), job.spacing, job.show.front());
        } else {
            auto all = vtkSmartPointer<vtkAppendPolyData>::New();
            for (std::size_t l = 0; l < job.layers.size(); ++l)
                if (!job.show[l].empty())
                    all->AddInputData(compute(job.layers[l], job.spacing, job.show[l]));
            r.surface = vtkSmartPointer<vtkPolyData>::New();
            if (all->GetNumberOfInputConnections(0) > 0) {
                all->Update();
                r.surface->ShallowCopy(all->GetOutput());
            }
        }
        r.ms = double(t.nsecsElapsed()) / 1e6;
        return r;
    }));
}

vtkSmartPointer<vtkPolyData> SegmentSurfaces::compute(const LabelMap &labels, const Vec3 &spacing,
                                                      const std::vector<std::uint8_t> &show)
{
    auto empty = vtkSmartPointer<vtkPolyData>::New();
    if (show.empty())
        return empty;
    // Only the bricks that hold labels, plus a one-voxel border so surfaces close.
    std::array<std::int64_t, 3> lo{}, hi{};
    if (!labels.writtenBounds(lo, hi))
        return empty;
    const auto &dims = labels.geometry().dims;
    for (std::size_t a = 0; a < 3; ++a) {
        lo[a] = std::max<std::int64_t>(0, lo[a] - 1);
        hi[a] = std::min(dims[static_cast<int>(a)] - 1, hi[a] + 1);
    }
    const int nx = int(hi[0] - lo[0] + 1), ny = int(hi[1] - lo[1] + 1), nz = int(hi[2] - lo[2] + 1);
    auto image = vtkSmartPointer<vtkImageData>::New();
    image->SetDimensions(nx, ny, nz);
    image->SetSpacing(spacing[0], spacing[1], spacing[2]);
    image->SetOrigin(lo[0] * spacing[0], lo[1] * spacing[1], lo[2] * spacing[2]);
    auto values = vtkSmartPointer<vtkUnsignedCharArray>::New();
    values->SetNumberOfTuples(vtkIdType(nx) * ny * nz);
    std::uint8_t *out = values->GetPointer(0);
    for (std::int64_t k = lo[2]; k <= hi[2]; ++k)
        for (std::int64_t j = lo[1]; j <= hi[1]; ++j)
            for (std::int64_t i = lo[0]; i <= hi[0]; ++i)
                *out++ = labels.at(i, j, k);
    image->GetPointData()->SetScalars(values);

    auto edges = vtkSmartPointer<vtkDiscreteFlyingEdges3D>::New();
    edges->SetInputData(image);
    for (std::size_t n = 0; n < show.size(); ++n)
        edges->SetValue(static_cast<int>(n), show[n]);
    edges->ComputeNormalsOff();
    edges->ComputeGradientsOff();
    edges->ComputeScalarsOn(); // each triangle's label, for colouring
    auto smooth = vtkSmartPointer<vtkWindowedSincPolyDataFilter>::New();
    smooth->SetInputConnection(edges->GetOutputPort());
    smooth->SetNumberOfIterations(12);
    smooth->SetPassBand(0.1);
    smooth->NonManifoldSmoothingOn();
    smooth->NormalizeCoordinatesOn();
    smooth->BoundarySmoothingOff();
    smooth->Update();
    auto result = vtkSmartPointer<vtkPolyData>::New();
    result->ShallowCopy(smooth->GetOutput());
    return result;
}

} // namespace loupe
