#pragma once

#include <QString>

class QWidget;

namespace loupe {

class ComputeBackend;

/// The text of Help → About: Loupe's version and the versions it runs with, and the GPU.
QString aboutText(const ComputeBackend &compute);
void showAboutDialog(QWidget *parent, const ComputeBackend &compute);

} // namespace loupe
