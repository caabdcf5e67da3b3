#include "app/gui/aboutdialog.h"

#include "app/buildinfo.h"
#include "core/compute/computebackend.h"

#include <QMessageBox>
#include <QtGlobal>

#include <vtkVersion.h>

namespace loupe {

QString aboutText(const ComputeBackend &compute)
{
    const QString cuda = QStringLiteral(LOUPE_BUILT_WITH_CUDA);
    return QStringLiteral(
               "<h3>Loupe %1</h3>"
               "<p>A viewer and annotation tool for DICOM volumes and driving-camera sequences."
               "</p><table>"
               "<tr><td>Qt</td><td>%2 (built with %3)</td></tr>"
               "<tr><td>VTK</td><td>%4</td></tr>"
               "<tr><td>DCMTK</td><td>%5</td></tr>"
               "<tr><td>OpenCV</td><td>%6</td></tr>"
               "<tr><td>CUDA</td><td>%7</td></tr>"
               "<tr><td>Compute</td><td>%8</td></tr>"
               "</table>")
        .arg(QStringLiteral(LOUPE_VERSION), QString::fromLatin1(qVersion()),
             QStringLiteral(LOUPE_BUILT_WITH_QT), QString::fromLatin1(vtkVersion::GetVTKVersion()),
             QStringLiteral(LOUPE_BUILT_WITH_DCMTK), QStringLiteral(LOUPE_BUILT_WITH_OPENCV),
             cuda.isEmpty() ? QStringLiteral("not built with CUDA") : cuda,
             compute.description() + (compute.gpuInUse() ? QStringLiteral(" — GPU in use")
                                                         : QStringLiteral(" — no GPU in use")));
}

void showAboutDialog(QWidget *parent, const ComputeBackend &compute)
{
    QMessageBox::about(parent, QObject::tr("About Loupe"), aboutText(compute));
}

} // namespace loupe
