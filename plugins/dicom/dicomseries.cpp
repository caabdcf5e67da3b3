#include "dicomseries.h"

#include <algorithm>
#include <cmath>
#include <map>

namespace loupe::dicom {

namespace {

// Orientation and spacing that differ below this are the same (rounding in the files).
constexpr double kTolerance = 1e-4;

QString rounded(double v)
{
    return QString::number(std::round(v / kTolerance) * kTolerance, 'f', 4);
}

QString splitKey(const SliceHeader &h)
{
    QStringList parts{h.seriesInstanceUid, QString::number(h.rows), QString::number(h.columns),
                      rounded(h.pixelSpacingRow), rounded(h.pixelSpacingColumn)};
    for (int i = 0; i < 3; ++i)
        parts << rounded(h.rowDirection[i]) << rounded(h.columnDirection[i]);
    return parts.join(QLatin1Char('|'));
}

double median(std::vector<double> v)
{
    if (v.empty())
        return 0;
    std::nth_element(v.begin(), v.begin() + v.size() / 2, v.end());
    return v[v.size() / 2];
}

void buildGeometry(VolumePlan &plan)
{
    const SliceHeader &first = plan.slices.front();
    const Vec3 normal = first.normal();
    std::vector<double> along;
    along.reserve(plan.slices.size());
    for (const SliceHeader &s : plan.slices)
        along.push_back(dot(s.position, normal));

    std::vector<double> gaps;
    for (std::size_t i = 1; i < along.size(); ++i)
        gaps.push_back(along[i] - along[i - 1]);
    double spacing = median(gaps);
    if (!(spacing > 0))
        spacing = first.sliceThickness > 0 ? first.sliceThickness : 1.0;

    // The k axis runs from the first to the last slice; it leans away from the normal when
    // the gantry was tilted.
    Vec3 kAxis = normal;
    if (plan.slices.size() > 1) {
        const Vec3 span = plan.slices.back().position - first.position;
        kAxis = normalized(span);
        const double tilt = std::acos(std::clamp(dot(kAxis, normal), -1.0, 1.0)) * 180.0 / M_PI;
        if (tilt > 0.01) {
            plan.warnings << QStringLiteral("Slices are sheared by %1° (gantry tilt); the volume "
                                            "keeps the tilted geometry. Volume → Resample to "
                                            "Orthogonal Grid corrects it.")
                                 .arg(tilt, 0, 'f', 2);
        }
        spacing = norm(span) / static_cast<double>(plan.slices.size() - 1);
    }

    if (!gaps.empty()) {
        const double expected = median(gaps);
        double worst = 0;
        int missing = 0;
        for (double g : gaps) {
            worst = std::max(worst, std::abs(g - expected));
            if (expected > 0 && g > 1.5 * expected)
                missing += static_cast<int>(std::lround(g / expected)) - 1;
        }
        if (missing > 0) {
            plan.warnings << QStringLiteral(
                                 "About %1 slice(s) appear to be missing (gaps of "
                                 "more than 1.5× the usual %2 mm spacing); they are left "
                                 "empty. Volume → Fill Missing Slices interpolates them.")
                                 .arg(missing)
                                 .arg(expected, 0, 'f', 3);
            // Keep true positions: each slice goes to the grid index its position says, and
            // the missing ones stay empty (filled with the lowest value) in the grid.
            spacing = expected / std::max(1e-6, dot(kAxis, normal));
        } else if (worst > std::max(0.01, 0.01 * expected)) {
            plan.warnings << QStringLiteral("Slice spacing is not uniform (varies by up to "
                                            "%1 mm around %2 mm).")
                                 .arg(worst, 0, 'f', 3)
                                 .arg(expected, 0, 'f', 3);
        }
    }

    const double step = spacing * dot(kAxis, normal);
    plan.sliceIndex.clear();
    for (double a : along)
        plan.sliceIndex.push_back(static_cast<int>(std::lround((a - along.front()) / step)));

    VolumeGeometry &g = plan.geometry;
    g.dims = {first.columns, first.rows, static_cast<std::int64_t>(plan.sliceIndex.back()) + 1};
    g.spacing = {first.pixelSpacingColumn, first.pixelSpacingRow, spacing};
    g.origin = first.position;
    g.direction = {first.rowDirection[0], first.columnDirection[0], kAxis[0],
                   first.rowDirection[1], first.columnDirection[1], kAxis[1],
                   first.rowDirection[2], first.columnDirection[2], kAxis[2]};
}

} // namespace

/// Whether a group holds the same positions more than once under different acquisition
/// numbers: repeated scans of one region, to be split. A stack whose slices each carry their
/// own acquisition number (sequential scanning) has no repeats and stays whole.
bool repeatsAcrossAcquisitions(const std::vector<SliceHeader> &slices)
{
    const Vec3 normal = slices.front().normal();
    std::map<long long, int> acquisitionAt; // position along the normal (µm) -> acquisition
    for (const SliceHeader &s : slices) {
        const long long at = std::llround(dot(s.position, normal) * 1000.0);
        const auto [it, inserted] = acquisitionAt.emplace(at, s.acquisitionNumber);
        if (!inserted && it->second != s.acquisitionNumber)
            return true;
    }
    return false;
}

std::vector<VolumePlan> planVolumes(std::vector<SliceHeader> headers)
{
    std::map<QString, VolumePlan> geometryGroups;
    for (SliceHeader &h : headers) {
        VolumePlan &plan = geometryGroups[splitKey(h)];
        plan.seriesInstanceUid = h.seriesInstanceUid;
        plan.slices.push_back(std::move(h));
    }
    // Split repeated acquisitions of one region into volumes of their own, as Slicer does.
    std::map<QString, VolumePlan> groups;
    for (auto &[key, plan] : geometryGroups) {
        if (!repeatsAcrossAcquisitions(plan.slices)) {
            groups[key] = std::move(plan);
            continue;
        }
        for (SliceHeader &h : plan.slices) {
            VolumePlan &part =
                groups[key + QStringLiteral("|acq") + QString::number(h.acquisitionNumber)];
            part.seriesInstanceUid = h.seriesInstanceUid;
            if (part.warnings.isEmpty())
                part.warnings << QStringLiteral("Acquisition %1 of a series that repeats the same "
                                                "positions; each acquisition is its own volume.")
                                     .arg(h.acquisitionNumber);
            part.slices.push_back(std::move(h));
        }
    }

    std::vector<VolumePlan> plans;
    for (auto &[key, plan] : groups) {
        const Vec3 normal = plan.slices.front().normal();
        std::stable_sort(plan.slices.begin(), plan.slices.end(),
                         [&](const SliceHeader &a, const SliceHeader &b) {
                             return dot(a.position, normal) < dot(b.position, normal);
                         });
        // Two files at one position: keep the first, say so.
        std::vector<SliceHeader> unique;
        int duplicates = 0;
        for (SliceHeader &s : plan.slices) {
            if (!unique.empty() &&
                std::abs(dot(s.position - unique.back().position, normal)) < 1e-3) {
                ++duplicates;
                continue;
            }
            unique.push_back(std::move(s));
        }
        plan.slices = std::move(unique);
        if (duplicates > 0) {
            plan.warnings << QStringLiteral("%1 duplicate slice(s) at the same position were "
                                            "skipped.")
                                 .arg(duplicates);
        }
        buildGeometry(plan);
        plans.push_back(std::move(plan));
    }
    // Largest first: the volume a user most likely wants to see.
    std::stable_sort(plans.begin(), plans.end(), [](const VolumePlan &a, const VolumePlan &b) {
        return a.slices.size() > b.slices.size();
    });
    return plans;
}

} // namespace loupe::dicom
