#include "core/sequence/sequence.h"

#include <QDateTime>
#include <QFile>
#include <QObject>
#include <QTimeZone>

#include <algorithm>
#include <cmath>

namespace loupe {

bool naturalLess(const QString &a, const QString &b)
{
    qsizetype i = 0, j = 0;
    while (i < a.size() && j < b.size()) {
        if (a[i].isDigit() && b[j].isDigit()) {
            qsizetype ei = i, ej = j;
            while (ei < a.size() && a[ei].isDigit())
                ++ei;
            while (ej < b.size() && b[ej].isDigit())
                ++ej;
            // Compare as numbers without overflow: skip leading zeros, then length, then digits.
            qsizetype si = i, sj = j;
            while (si + 1 < ei && a[si] == QLatin1Char('0'))
                ++si;
            while (sj + 1 < ej && b[sj] == QLatin1Char('0'))
                ++sj;
            if (ei - si != ej - sj)
                return ei - si < ej - sj;
            for (qsizetype n = 0; n < ei - si; ++n)
                if (a[si + n] != b[sj + n])
                    return a[si + n] < b[sj + n];
            if (ei - i != ej - j) // "007" after "7"
                return ei - i < ej - j;
            i = ei;
            j = ej;
            continue;
        }
        const QChar ca = a[i].toLower(), cb = b[j].toLower();
        if (ca != cb)
            return ca < cb;
        ++i;
        ++j;
    }
    if ((a.size() - i) != (b.size() - j))
        return a.size() - i < b.size() - j;
    return a < b; // equal but for case: a stable, total order
}

namespace {

/// "YYYY-MM-DD HH:MM:SS[.fffffffff]" in UTC.
std::optional<qint64> kittiTime(const QString &line)
{
    const QString trimmed = line.trimmed();
    const QDateTime dt =
        QDateTime::fromString(trimmed.left(19), QStringLiteral("yyyy-MM-dd HH:mm:ss"));
    if (!dt.isValid())
        return std::nullopt;
    QDateTime utc = dt;
    utc.setTimeZone(QTimeZone::utc());
    qint64 ns = utc.toSecsSinceEpoch() * 1'000'000'000LL;
    if (trimmed.size() > 20 && trimmed[19] == QLatin1Char('.')) {
        QString fraction = trimmed.mid(20, 9);
        for (QChar c : fraction)
            if (!c.isDigit())
                return std::nullopt;
        fraction = fraction.leftJustified(9, QLatin1Char('0'));
        ns += fraction.toLongLong();
    }
    return ns;
}

} // namespace

Result<std::vector<qint64>> readTimestamps(const QString &path)
{
    QFile file(path);
    if (!file.open(QIODevice::ReadOnly | QIODevice::Text))
        return Error{
            QObject::tr("Cannot read the timestamps \"%1\": %2").arg(path, file.errorString())};
    const QStringList lines = QString::fromUtf8(file.readAll()).split(QLatin1Char('\n'));
    std::vector<qint64> kitti;
    std::vector<std::pair<qint64, qint64>> csv; // (frame, ns)
    for (int n = 0; n < lines.size(); ++n) {
        const QString line = lines[n].trimmed();
        if (line.isEmpty())
            continue;
        if (const auto t = kittiTime(line); t && csv.empty()) {
            kitti.push_back(*t);
            continue;
        }
        const QStringList cells = line.split(QLatin1Char(','));
        bool frameOk = false, timeOk = false;
        const qint64 frame = cells.size() == 2 ? cells[0].trimmed().toLongLong(&frameOk) : 0;
        const double seconds = cells.size() == 2 ? cells[1].trimmed().toDouble(&timeOk) : 0;
        if (frameOk && timeOk && kitti.empty() && std::isfinite(seconds)) {
            csv.emplace_back(frame, static_cast<qint64>(std::llround(seconds * 1e9)));
            continue;
        }
        if (kitti.empty() && csv.empty() && cells.size() == 2)
            continue; // a CSV header
        return Error{QObject::tr("\"%1\", line %2: \"%3\" is neither a KITTI timestamp "
                                 "(YYYY-MM-DD HH:MM:SS.nnnnnnnnn) nor \"frame,seconds\".")
                         .arg(path)
                         .arg(n + 1)
                         .arg(line.left(60))};
    }
    if (!csv.empty()) {
        std::stable_sort(csv.begin(), csv.end(),
                         [](const auto &x, const auto &y) { return x.first < y.first; });
        for (const auto &[frame, ns] : csv)
            kitti.push_back(ns);
    }
    if (kitti.empty())
        return Error{QObject::tr("\"%1\" holds no timestamps.").arg(path)};
    return kitti;
}

QStringList checkTimestamps(const QString &streamName, std::vector<qint64> &timestampsNs)
{
    QStringList problems;
    int backwards = 0, repeated = 0, firstBackwards = -1, firstRepeated = -1;
    const std::vector<qint64> read = timestampsNs; // as the file had them
    for (std::size_t n = 1; n < timestampsNs.size(); ++n) {
        timestampsNs[n] = std::max(read[n], timestampsNs[n - 1]);
        if (read[n] < read[n - 1]) {
            ++backwards;
            if (firstBackwards < 0)
                firstBackwards = static_cast<int>(n);
        } else if (read[n] == read[n - 1]) {
            ++repeated;
            if (firstRepeated < 0)
                firstRepeated = static_cast<int>(n);
        }
    }
    if (backwards)
        problems << QObject::tr("%1: the time goes backwards at %2 frame(s) (first at frame %3); "
                                "frames are kept in index order.")
                        .arg(streamName)
                        .arg(backwards)
                        .arg(firstBackwards);
    if (repeated)
        problems << QObject::tr("%1: %2 frame(s) repeat the time of the frame before (first at "
                                "frame %3); frames are kept in index order.")
                        .arg(streamName)
                        .arg(repeated)
                        .arg(firstRepeated);
    return problems;
}

} // namespace loupe
