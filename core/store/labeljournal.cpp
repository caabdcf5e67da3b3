#include "core/store/labeljournal.h"

#include "core/labels/segmentation.h"
#include "core/store/storewriter.h"
#include "core/store/workspace.h"
#include "core/volume.h"

#include <QJsonArray>
#include <QJsonDocument>
#include <QJsonObject>

#include <algorithm>
#include <cstring>

namespace loupe::store {

namespace {

QJsonObject conceptJson(const CodedConcept &c)
{
    return {{QStringLiteral("value"), c.value},
            {QStringLiteral("scheme"), c.scheme},
            {QStringLiteral("meaning"), c.meaning}};
}

CodedConcept conceptFrom(const QJsonObject &o)
{
    return {o[QStringLiteral("value")].toString(), o[QStringLiteral("scheme")].toString(),
            o[QStringLiteral("meaning")].toString()};
}

QString brickKey(std::size_t layer, std::size_t index)
{
    return QStringLiteral("brick/%1/%2").arg(layer).arg(index);
}

QString segmentKey(std::uint8_t label)
{
    return QStringLiteral("segment/%1").arg(label);
}

/// A brick's labels from its blob. Errors name the document and the workspace.
Result<std::shared_ptr<LabelMap::Brick>> brickFromBlob(const Workspace &workspace,
                                                       const QString &document, const QString &hash)
{
    Result<QByteArray> bytes = workspace.blob(hash);
    if (!bytes.ok())
        return bytes.error();
    if (bytes->size() != qsizetype(LabelMap::kBrickVoxels))
        return Error{QObject::tr("A brick of %1 in the workspace \"%2\" has %3 bytes.")
                         .arg(document, workspace.path())
                         .arg(bytes->size())};
    auto brick = std::make_shared<LabelMap::Brick>();
    std::memcpy(brick->data(), bytes->constData(), brick->size());
    return brick;
}

} // namespace

std::optional<std::pair<std::uint8_t, std::size_t>> brickOf(const QString &key)
{
    const QStringList parts = key.split(QLatin1Char('/'));
    if (parts.size() != 3 || parts[0] != QLatin1String("brick"))
        return std::nullopt;
    return std::make_pair(std::uint8_t(parts[1].toUInt()), std::size_t(parts[2].toULongLong()));
}

std::optional<std::uint8_t> segmentOf(const QString &key)
{
    const QStringList parts = key.split(QLatin1Char('/'));
    if (parts.size() != 2 || parts[0] != QLatin1String("segment"))
        return std::nullopt;
    return std::uint8_t(parts[1].toUInt());
}

Result<LabelThings> loadLabelThings(const Workspace &workspace, const QString &document,
                                    const QStringList &keys)
{
    LabelThings out;
    for (const QString &key : keys) {
        Result<std::vector<Entry>> found = workspace.entries(document, key);
        if (!found.ok())
            return found.error();
        std::optional<Entry> entry;
        for (Entry &e : found.value())
            if (e.key == key)
                entry = std::move(e);
        if (const auto brick = brickOf(key)) {
            Segmentation::RemoteBrick b{brick->first, brick->second, nullptr};
            if (entry && !entry->blobHash.isEmpty()) {
                Result<std::shared_ptr<LabelMap::Brick>> labels =
                    brickFromBlob(workspace, document, entry->blobHash);
                if (!labels.ok())
                    return labels.error();
                b.brick = std::move(labels.value());
            }
            out.bricks.push_back(std::move(b));
        } else if (const auto label = segmentOf(key)) {
            out.segments.emplace_back(
                *label, entry ? std::optional(segmentFromJson(entry->json, *label)) : std::nullopt);
        }
    }
    return out;
}

QByteArray segmentJson(const Segment &s, int position)
{
    return QJsonDocument(QJsonObject{{QStringLiteral("name"), s.name},
                                     {QStringLiteral("colour"),
                                      QJsonArray{s.colour[0], s.colour[1], s.colour[2]}},
                                     {QStringLiteral("category"), conceptJson(s.category)},
                                     {QStringLiteral("type"), conceptJson(s.type)},
                                     {QStringLiteral("visible"), s.visible},
                                     {QStringLiteral("locked"), s.locked},
                                     {QStringLiteral("layer"), s.layer},
                                     {QStringLiteral("position"), position}})
        .toJson(QJsonDocument::Compact);
}

Segment segmentFromJson(const QByteArray &json, std::uint8_t label, int *position)
{
    const QJsonObject o = QJsonDocument::fromJson(json).object();
    Segment s;
    s.label = label;
    s.name = o[QStringLiteral("name")].toString();
    const QJsonArray c = o[QStringLiteral("colour")].toArray();
    for (int n = 0; n < 3 && n < c.size(); ++n)
        s.colour[std::size_t(n)] = std::uint8_t(c[n].toInt());
    s.category = conceptFrom(o[QStringLiteral("category")].toObject());
    s.type = conceptFrom(o[QStringLiteral("type")].toObject());
    s.visible = o[QStringLiteral("visible")].toBool(true);
    s.locked = o[QStringLiteral("locked")].toBool();
    s.layer = std::uint8_t(o[QStringLiteral("layer")].toInt());
    if (position)
        *position = o[QStringLiteral("position")].toInt();
    return s;
}

Result<StoredLabels> loadLabels(const Workspace &workspace, const QString &document,
                                const Volume &volume)
{
    Result<std::vector<Entry>> entries = workspace.entries(document);
    if (!entries.ok())
        return entries.error();
    StoredLabels out;
    std::vector<std::pair<int, Segment>> ordered;
    for (const Entry &e : entries.value()) {
        const QStringList parts = e.key.split(QLatin1Char('/'));
        if (const auto label = segmentOf(e.key)) {
            int position = 0;
            Segment s = segmentFromJson(e.json, *label, &position);
            ordered.emplace_back(position, s);
        } else if (parts.size() == 3 && parts[0] == QLatin1String("brick")) {
            const std::size_t layer = parts[1].toULongLong(), index = parts[2].toULongLong();
            while (out.layers.size() <= layer)
                out.layers.emplace_back(volume.geometry());
            LabelMap &map = out.layers[layer];
            if (index >= map.brickCount())
                return Error{QObject::tr("The labels of %1 in the workspace \"%2\" do not fit "
                                         "this volume (brick %3 of %4). Were they made on "
                                         "another series?")
                                 .arg(document, workspace.path())
                                 .arg(index)
                                 .arg(map.brickCount())};
            Result<std::shared_ptr<LabelMap::Brick>> brick =
                brickFromBlob(workspace, document, e.blobHash);
            if (!brick.ok())
                return brick.error();
            map.placeBrick(index, std::move(brick.value()));
        }
    }
    if (out.layers.empty())
        out.layers.emplace_back(volume.geometry());
    std::stable_sort(ordered.begin(), ordered.end(),
                     [](const auto &a, const auto &b) { return a.first < b.first; });
    for (auto &[position, s] : ordered) {
        while (out.layers.size() <= s.layer)
            out.layers.emplace_back(volume.geometry());
        out.segments.push_back(std::move(s));
    }
    return out;
}

LabelJournal::LabelJournal(Segmentation &segmentation, QString document, StoreWriter &writer,
                           Start start, QObject *parent)
    : QObject(parent), m_segmentation(&segmentation), m_document(std::move(document)),
      m_writer(writer)
{
    if (start == Start::Stored)
        (void)changes(); // the state now is the baseline
    else
        record(); // everything there is, written now
    connect(&segmentation, &Segmentation::labelsChanged, this, &LabelJournal::record);
    connect(&segmentation, &Segmentation::segmentsChanged, this, &LabelJournal::record);
}

void LabelJournal::takeRemote(const std::function<void()> &apply)
{
    m_quiet = true;
    apply();
    m_quiet = false;
    (void)changes(); // the state now is what the store holds
}

void LabelJournal::record()
{
    if (m_quiet)
        return;
    for (Operation &op : changes())
        m_writer.submit(std::move(op));
}

std::vector<Operation> LabelJournal::changes()
{
    std::vector<Operation> ops;
    if (!m_segmentation)
        return ops;
    const auto make = [&](QString kind, QString key, QByteArray json, QByteArray blob = {}) {
        ops.push_back(Operation{newOperationId(), m_document, std::move(kind), std::move(key),
                                std::move(json), std::move(blob)});
    };
    // Bricks: by pointer, layer by layer.
    const LabelLayers &layers = m_segmentation->layers();
    const std::size_t layerCount = std::max(layers.size(), m_bricks.size());
    m_bricks.resize(layerCount);
    for (std::size_t l = 0; l < layerCount; ++l) {
        auto &known = m_bricks[l];
        const std::size_t count = l < layers.size() ? layers[l].brickCount() : known.size();
        known.resize(std::max(known.size(), count));
        for (std::size_t b = 0; b < known.size(); ++b) {
            const std::shared_ptr<const LabelMap::Brick> now =
                l < layers.size() && b < layers[l].brickCount() ? layers[l].brick(b) : nullptr;
            if (now == known[b])
                continue;
            if (now)
                make(QStringLiteral("brick.put"), brickKey(l, b), {},
                     QByteArray(reinterpret_cast<const char *>(now->data()),
                                qsizetype(now->size())));
            else
                make(QStringLiteral("brick.delete"), brickKey(l, b), {});
            known[b] = now;
        }
    }
    // Segments: by their JSON (name, colour, codes, flags, layer and place in the list).
    std::map<std::uint8_t, QByteArray> now;
    const std::vector<Segment> &segments = m_segmentation->segments();
    for (std::size_t n = 0; n < segments.size(); ++n)
        now[segments[n].label] = segmentJson(segments[n], int(n));
    for (const auto &[label, json] : now)
        if (auto it = m_segments.find(label); it == m_segments.end() || it->second != json)
            make(QStringLiteral("segment.put"), segmentKey(label), json);
    for (const auto &[label, json] : m_segments)
        if (!now.count(label))
            make(QStringLiteral("segment.delete"), segmentKey(label), {});
    m_segments = std::move(now);
    return ops;
}

} // namespace loupe::store
