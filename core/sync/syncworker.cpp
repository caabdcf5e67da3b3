#include "core/sync/syncworker.h"

#include "core/store/syncstate.h"
#include "core/store/workspace.h"
#include "protocol/protocol.h"

#include <QEventLoop>
#include <QNetworkAccessManager>
#include <QNetworkProxy>
#include <QNetworkReply>
#include <QTimer>
#include <QWebSocket>

#include <algorithm>
#include <optional>

namespace loupe::sync {

using protocol::Json;

namespace {

constexpr int kPushBatch = 100;

/// The server's reason in an error answer, else the HTTP status.
QString reasonOf(int status, const QByteArray &body)
{
    const auto json = protocol::parseJson(body.toStdString());
    if (const auto *j = std::get_if<Json>(&json);
        j && j->is_object() && j->contains("error") && (*j)["error"].is_string())
        return QString::fromStdString((*j)["error"].get<std::string>());
    return QObject::tr("the server answered %1").arg(status);
}

/// An answer's body as `parse` reads it; nothing where it is not that.
template <typename T>
std::optional<T> readReply(const QByteArray &body, protocol::Parsed<T> (*parse)(const Json &))
{
    const auto json = protocol::parseJson(body.toStdString());
    const auto *j = std::get_if<Json>(&json);
    if (!j)
        return std::nullopt;
    protocol::Parsed<T> parsed = parse(*j);
    if (T *t = std::get_if<T>(&parsed))
        return std::move(*t);
    return std::nullopt;
}

} // namespace

SyncWorker::SyncWorker(SyncSettings settings) : m_settings(std::move(settings)) {}

SyncWorker::~SyncWorker() = default;

void SyncWorker::begin()
{
    m_net = new QNetworkAccessManager(this);
    m_net->setProxy(QNetworkProxy::NoProxy);
    m_timer = new QTimer(this);
    m_timer->setSingleShot(true);
    connect(m_timer, &QTimer::timeout, this, &SyncWorker::syncNow);
    auto opened = store::Workspace::open(m_settings.workspacePath);
    if (!opened.ok()) {
        m_status.lastError = opened.errorMessage();
        emit statusChanged(m_status);
        return;
    }
    m_workspace = std::move(opened.value());
    // Who this workspace is to the server: read once (info() counts the whole workspace).
    const Result<store::WorkspaceInfo> info = m_workspace->info();
    if (!info.ok()) {
        m_status.lastError = info.errorMessage();
        emit statusChanged(m_status);
        m_workspace.reset();
        return;
    }
    m_clientId = info->clientId;
    syncNow();
}

void SyncWorker::syncNow()
{
    if (!m_workspace)
        return;
    if (m_busy) {
        m_again = true;
        return;
    }
    m_busy = true;
    m_timer->stop();
    do {
        m_again = false;
        cycle();
    } while (m_again && m_status.lastError.isEmpty());
    m_busy = false;
}

SyncWorker::Answer SyncWorker::request(const QByteArray &verb, const QString &path,
                                       const QByteArray &body, const QByteArray &contentType)
{
    QUrl url = m_settings.server;
    url.setPath(path.section(QLatin1Char('?'), 0, 0));
    url.setQuery(path.section(QLatin1Char('?'), 1));
    QNetworkRequest req(url);
    req.setRawHeader("Authorization", "Bearer " + m_settings.token.toUtf8());
    req.setHeader(QNetworkRequest::ContentTypeHeader, contentType);
    req.setTransferTimeout(30000);
    QNetworkReply *reply = m_net->sendCustomRequest(req, verb, body);
    QEventLoop loop;
    connect(reply, &QNetworkReply::finished, &loop, &QEventLoop::quit);
    loop.exec();
    Answer a;
    a.status = reply->attribute(QNetworkRequest::HttpStatusCodeAttribute).toInt();
    a.body = reply->readAll();
    if (!a.status)
        a.networkError = reply->errorString();
    reply->deleteLater();
    return a;
}

void SyncWorker::fail(const Answer &answer, const QString &what)
{
    m_status.online = answer.status != 0;
    m_status.lastError = answer.status
                             ? tr("%1: %2").arg(what, reasonOf(answer.status, answer.body))
                             : tr("%1: the server cannot be reached (%2); edits stay queued")
                                   .arg(what, answer.networkError);
}

void SyncWorker::cycle()
{
    m_status.lastError.clear();
    const bool ok = push() && pull() && readConflicts();
    if (ok) {
        m_status.online = true;
        m_status.lastSync = QDateTime::currentDateTimeUtc();
        listen();
    }
    if (auto n = store::unpushedCount(*m_workspace); n.ok())
        m_status.pending = n.value();
    emit statusChanged(m_status);
    scheduleNext(ok);
}

bool SyncWorker::push()
{
    const QString base = QStringLiteral("/v1/projects/%1/").arg(m_settings.project);
    for (;;) {
        auto rows = store::unpushed(*m_workspace, kPushBatch);
        if (!rows.ok()) {
            m_status.lastError = rows.errorMessage();
            return false;
        }
        if (rows->empty())
            return true;
        protocol::Push push;
        push.client = m_clientId.toStdString();
        for (const store::OutboxRow &row : rows.value()) {
            // Blobs first; uploading one again is harmless.
            if (!row.blobHash.isEmpty()) {
                auto bytes = m_workspace->blob(row.blobHash);
                if (!bytes.ok()) {
                    m_status.lastError = bytes.errorMessage();
                    return false;
                }
                const Answer up = request("PUT", base + QStringLiteral("blobs/") + row.blobHash,
                                          bytes.value(), "application/octet-stream");
                if (up.status != 200) {
                    fail(up, tr("Uploading data"));
                    return false;
                }
            }
            protocol::Operation op;
            op.id = row.op.id.toStdString();
            op.seq = row.seq;
            op.kind = row.op.isDelete() ? protocol::OpKind::Delete : protocol::OpKind::Put;
            if (row.op.resolves > 0) {
                op.kind = protocol::OpKind::Resolve;
                op.conflict = row.op.resolves;
                op.deleteObject = row.op.isDelete();
            }
            op.object = store::objectName(row.op.document, row.op.key).toStdString();
            op.baseRev = row.baseRev;
            Json state = nullptr;
            if (!row.op.json.isEmpty()) {
                const auto parsed = protocol::parseJson(row.op.json.toStdString());
                if (const auto *j = std::get_if<Json>(&parsed))
                    state = *j;
            }
            op.data = {{"kind", row.op.kind.toStdString()}, {"json", state}};
            if (!row.blobHash.isEmpty()) {
                op.data["blob"] = row.blobHash.toStdString();
                op.blobs.push_back(row.blobHash.toStdString());
            }
            push.ops.push_back(std::move(op));
        }
        const Answer a = request("POST", base + QStringLiteral("push"),
                                 QByteArray::fromStdString(protocol::toJson(push).dump()));
        const bool resolves =
            std::any_of(rows->begin(), rows->end(),
                        [](const store::OutboxRow &r) { return r.op.resolves > 0; });
        if (a.status == 403 && resolves) {
            // Only resolving needs a role an annotator lacks: the choices are kept as this
            // user's edits, the conflicts stay open for a reviewer, and the push goes again.
            const Result<qint64> kept = store::keepResolutionsAsEdits(*m_workspace);
            if (!kept.ok()) {
                m_status.lastError = kept.errorMessage();
                return false;
            }
            emit notice(tr("%1 Your choice was kept as your own edit; a reviewer will resolve "
                           "the conflict.")
                            .arg(reasonOf(a.status, a.body)));
            continue;
        }
        if (a.status != 200) {
            fail(a, tr("Pushing edits"));
            return false;
        }
        const std::optional<protocol::PushReply> reply =
            readReply(a.body, protocol::parsePushReply);
        if (!reply) {
            m_status.lastError = tr("The server's answer to a push was not understood.");
            return false;
        }
        std::vector<store::PushAck> acks;
        for (const protocol::OpResult &r : reply->results)
            acks.push_back({QString::fromStdString(r.id), r.change, r.status == "conflict"});
        auto done = store::acknowledge(*m_workspace, acks);
        if (!done.ok()) {
            m_status.lastError = done.errorMessage();
            return false;
        }
        // Others' changes held back behind ours, written now: the documents show them.
        if (!done->empty())
            emit pulled(done.value());
    }
}

bool SyncWorker::pull()
{
    const QString base = QStringLiteral("/v1/projects/%1/").arg(m_settings.project);
    for (;;) {
        auto since = store::lastPulled(*m_workspace);
        if (!since.ok()) {
            m_status.lastError = since.errorMessage();
            return false;
        }
        const Answer a =
            request("GET", base + QStringLiteral("changes?since=%1&limit=1000").arg(since.value()));
        if (a.status != 200) {
            fail(a, tr("Pulling changes"));
            return false;
        }
        const std::optional<protocol::ChangesReply> parsed =
            readReply(a.body, protocol::parseChangesReply);
        if (!parsed) {
            m_status.lastError = tr("The server's changes were not understood.");
            return false;
        }
        const protocol::ChangesReply &reply = *parsed;
        if (reply.changes.empty())
            return true;
        std::vector<store::RemoteChange> changes;
        for (const protocol::Change &c : reply.changes) {
            const auto thing = store::splitObject(QString::fromStdString(c.object));
            if (!thing)
                continue; // another tool's object: not a document of Loupe's
            store::RemoteChange r;
            r.change = c.change;
            r.client = QString::fromStdString(c.client);
            r.author = QString::fromStdString(c.author);
            r.document = thing->first;
            r.key = thing->second;
            r.conflict = c.conflict;
            r.kind = QString::fromStdString(c.data.value("kind", std::string()));
            if (r.kind.isEmpty())
                r.kind = c.kind == protocol::OpKind::Delete ? QStringLiteral("thing.delete")
                                                            : QStringLiteral("thing.put");
            if (c.data.contains("json") && !c.data["json"].is_null())
                r.json = QByteArray::fromStdString(c.data["json"].dump());
            if (c.data.contains("blob") && c.data["blob"].is_string()) {
                r.blobHash = QString::fromStdString(c.data["blob"].get<std::string>());
                // Ours are here already; others' are fetched, conflicts' too (to resolve them).
                if (r.client != m_clientId) {
                    const Answer blob =
                        request("GET", base + QStringLiteral("blobs/") + r.blobHash);
                    if (blob.status != 200) {
                        fail(blob, tr("Fetching data"));
                        return false;
                    }
                    r.blob = blob.body;
                }
            }
            changes.push_back(std::move(r));
        }
        auto written = store::applyRemote(*m_workspace, changes, reply.changes.back().change);
        if (!written.ok()) {
            m_status.lastError = written.errorMessage();
            return false;
        }
        if (!written->empty())
            emit pulled(written.value());
        if (!reply.more)
            return true;
    }
}

bool SyncWorker::readConflicts()
{
    const Answer a =
        request("GET", QStringLiteral("/v1/projects/%1/conflicts").arg(m_settings.project));
    if (a.status != 200) {
        fail(a, tr("Reading conflicts"));
        return false;
    }
    const auto json = protocol::parseJson(a.body.toStdString());
    std::vector<store::ConflictRecord> open;
    const auto *j = std::get_if<Json>(&json);
    if (!j || !j->is_object() || !j->contains("conflicts") || !(*j)["conflicts"].is_array()) {
        m_status.lastError = tr("The server's list of conflicts was not understood.");
        return false;
    }
    for (const Json &c : (*j)["conflicts"]) {
        if (!c.is_object() || !c.value("resolved_change", Json()).is_null())
            continue;
        const auto thing =
            store::splitObject(QString::fromStdString(c.value("object", std::string())));
        if (!thing)
            continue; // another tool's object
        open.push_back({c.value("id", qint64(0)), thing->first, thing->second,
                        c.value("base_rev", qint64(0)), c.value("theirs_rev", qint64(0)),
                        c.value("mine_change", qint64(0))});
    }
    if (auto kept = store::setConflicts(*m_workspace, open); !kept.ok()) {
        m_status.lastError = kept.errorMessage();
        return false;
    }
    m_status.conflicts = qint64(open.size());
    // Whether this user may resolve them.
    if (j->contains("role") && (*j)["role"].is_string())
        m_status.role = QString::fromStdString((*j)["role"].get<std::string>());
    return true;
}

void SyncWorker::listen()
{
    if (m_events && m_events->state() != QAbstractSocket::UnconnectedState)
        return;
    if (!m_events) {
        m_events = new QWebSocket(QString(), QWebSocketProtocol::VersionLatest, this);
        m_events->setProxy(QNetworkProxy::NoProxy);
        connect(m_events, &QWebSocket::textMessageReceived, this, [this](const QString &text) {
            const auto json = protocol::parseJson(text.toStdString());
            const auto *j = std::get_if<Json>(&json);
            const qint64 head = j && j->is_object() ? j->value("head", qint64(0)) : 0;
            const auto pulled = store::lastPulled(*m_workspace);
            if (pulled.ok() && head > pulled.value())
                syncNow();
        });
    }
    QUrl url = m_settings.server;
    url.setScheme(url.scheme() == QLatin1String("https") ? QStringLiteral("wss")
                                                         : QStringLiteral("ws"));
    url.setPath(QStringLiteral("/v1/projects/%1/events").arg(m_settings.project));
    QNetworkRequest request(url);
    request.setRawHeader("Authorization", "Bearer " + m_settings.token.toUtf8());
    m_events->open(request);
}

void SyncWorker::scheduleNext(bool ok)
{
    // After a failure: 0.5 s, 1 s, 2 s … up to a minute, each between half and all of it
    // (jitter, so that clients that lost the server together do not return together).
    m_failures = ok ? 0 : std::min(m_failures + 1, 8);
    int ms = m_settings.intervalMs;
    if (!ok) {
        const int ceiling = std::min(60000, 500 << (m_failures - 1));
        ms = std::uniform_int_distribution<int>(ceiling / 2, ceiling)(m_random);
    }
    m_timer->start(ms);
}

} // namespace loupe::sync
