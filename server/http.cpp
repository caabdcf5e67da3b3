#include "server/http.h"

#include "server/service.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/signal_set.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>

#include <array>
#include <charconv>
#include <cstdio>
#include <optional>
#include <thread>
#include <vector>

namespace loupe::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kMaxJsonBody = 4u << 20;  ///< a push of 1000 operations fits
constexpr std::size_t kMaxBlobBody = 64u << 20; ///< a label-map brick or a file
constexpr auto kIdleTimeout = std::chrono::seconds(60);

/// "/v1/projects/7/push?x=1" → {"v1", "projects", "7", "push"} and "x=1".
std::vector<std::string> segments(std::string_view target, std::string &query)
{
    const std::size_t q = target.find('?');
    query = q == std::string_view::npos ? std::string() : std::string(target.substr(q + 1));
    std::string_view path = target.substr(0, q);
    std::vector<std::string> out;
    while (!path.empty()) {
        const std::size_t slash = path.find('/');
        if (slash != 0)
            out.emplace_back(path.substr(0, slash));
        if (slash == std::string_view::npos)
            break;
        path.remove_prefix(slash + 1);
    }
    return out;
}

std::optional<std::int64_t> number(std::string_view text)
{
    std::int64_t n = 0;
    const auto [end, ec] = std::from_chars(text.data(), text.data() + text.size(), n);
    if (ec != std::errc() || end != text.data() + text.size() || n < 0)
        return std::nullopt;
    return n;
}

/// A query parameter's value (no percent-decoding: Loupe's parameters are numbers).
std::string parameter(const std::string &query, const std::string &name)
{
    std::size_t at = 0;
    while (at < query.size()) {
        const std::size_t end = std::min(query.find('&', at), query.size());
        const std::string pair = query.substr(at, end - at);
        if (pair.rfind(name + "=", 0) == 0)
            return pair.substr(name.size() + 1);
        at = end + 1;
    }
    return {};
}

class Session : public std::enable_shared_from_this<Session> {
public:
    Session(tcp::socket socket, Service &service) : m_stream(std::move(socket)), m_service(service)
    {
    }
    void start() { readHeader(); }

private:
    void readHeader()
    {
        m_parser.emplace();
        m_parser->header_limit(16 * 1024);
        m_parser->body_limit(kMaxBlobBody); // lowered below for all but blobs
        m_stream.expires_after(kIdleTimeout);
        http::async_read_header(
            m_stream, m_buffer, *m_parser,
            [self = shared_from_this()](beast::error_code ec, std::size_t) { self->onHeader(ec); });
    }

    void onHeader(beast::error_code ec)
    {
        if (ec == http::error::body_limit)
            return send(refusal(413, "the request body is larger than the server takes"), false);
        if (ec)
            return close();
        const auto &req = m_parser->get();
        const bool blob = req.method() == http::verb::put &&
                          req.target().find("/blobs/") != beast::string_view::npos;
        const std::size_t limit = blob ? kMaxBlobBody : kMaxJsonBody;
        if (m_parser->content_length() && *m_parser->content_length() > limit)
            return send(refusal(413, "the request body is larger than the server takes (" +
                                         std::to_string(limit >> 20) + " MiB)"),
                        false);
        m_parser->body_limit(limit);
        http::async_read(
            m_stream, m_buffer, *m_parser,
            [self = shared_from_this()](beast::error_code e, std::size_t) { self->onBody(e); });
    }

    void onBody(beast::error_code ec)
    {
        if (ec == http::error::body_limit)
            return send(refusal(413, "the request body is larger than the server takes"), false);
        if (ec)
            return close();
        const http::request<http::string_body> req = m_parser->release();
        ++m_service.metrics().requests;
        Reply reply;
        try {
            reply = route(req);
        } catch (const std::exception &e) {
            // A bug, not the client's fault: said in the log, answered 500; the server stays up.
            ++m_service.metrics().serverErrors;
            std::fprintf(stderr, "loupe-server: %s %s failed: %s\n",
                         std::string(req.method_string()).c_str(),
                         std::string(req.target()).c_str(), e.what());
            reply = refusal(500, "the server failed on this request; nothing was written");
        }
        send(reply, req.keep_alive());
    }

    Reply route(const http::request<http::string_body> &req)
    {
        std::string query;
        const std::vector<std::string> s =
            segments(std::string_view(req.target().data(), req.target().size()), query);
        const http::verb verb = req.method();
        if (s.size() < 2 || s[0] != "v1")
            return refusal(404, "no such endpoint; the API is under /v1/");
        if (s.size() == 2 && s[1] == "health" && verb == http::verb::get)
            return m_service.health();
        if (s.size() == 2 && s[1] == "metrics" && verb == http::verb::get)
            return metrics();
        if (s.size() == 2 && s[1] == "login")
            return verb == http::verb::post ? m_service.login(req.body())
                                            : refusal(405, "sign in with POST");
        const std::optional<Caller> caller =
            m_service.authenticate(std::string(req[http::field::authorization]));
        if (!caller)
            return refusal(401, "sign in first: a valid device token is needed (Authorization: "
                                "Bearer TOKEN)");
        if (s.size() == 2 && s[1] == "projects" && verb == http::verb::get)
            return m_service.projects(*caller);
        if (s.size() < 4 || s[1] != "projects")
            return refusal(404, "no such endpoint");
        const std::optional<std::int64_t> project = number(s[2]);
        if (!project)
            return refusal(400, "a project is named by its number");
        const std::string &what = s[3];
        if (s.size() == 4 && what == "push" && verb == http::verb::post)
            return m_service.push(*caller, *project, req.body());
        if (s.size() == 4 && what == "changes" && verb == http::verb::get) {
            const std::string since = parameter(query, "since"), limit = parameter(query, "limit");
            const auto from = since.empty() ? std::optional<std::int64_t>(0) : number(since);
            const auto most = limit.empty() ? std::optional<std::int64_t>(1000) : number(limit);
            if (!from || !most)
                return refusal(400, "since and limit are whole numbers");
            return m_service.changes(*caller, *project, *from, *most);
        }
        if (s.size() == 4 && what == "conflicts" && verb == http::verb::get)
            return m_service.conflicts(*caller, *project);
        if (s.size() == 5 && what == "blobs" && verb == http::verb::put)
            return m_service.putBlob(*caller, *project, s[4], req.body());
        if (s.size() == 5 && what == "blobs" && verb == http::verb::get)
            return m_service.getBlob(*caller, *project, s[4]);
        if (s.size() == 4 && what == "members" && verb == http::verb::get)
            return m_service.members(*caller, *project);
        if (s.size() == 4 && what == "members" && verb == http::verb::post)
            return m_service.addMember(*caller, *project, req.body());
        if (s.size() == 5 && what == "members" && verb == http::verb::delete_)
            return m_service.removeMember(*caller, *project, s[4]);
        return refusal(404, "no such endpoint");
    }

    Reply metrics()
    {
        Metrics &m = m_service.metrics();
        std::string text;
        const auto line = [&](const char *name, std::int64_t value) {
            text += std::string("loupe_") + name + " " + std::to_string(value) + "\n";
        };
        line("requests_total", m.requests);
        line("refused_total", m.refused);
        line("server_errors_total", m.serverErrors);
        line("pushes_total", m.pushes);
        line("ops_applied_total", m.opsApplied);
        line("ops_conflict_total", m.opsConflict);
        line("ops_replayed_total", m.opsReplayed);
        line("logins_total", m.logins);
        line("logins_failed_total", m.loginsFailed);
        return Reply{200, {}, text};
    }

    void send(const Reply &reply, bool keepAlive)
    {
        auto res = std::make_shared<http::response<http::string_body>>(
            static_cast<http::status>(reply.status), 11);
        res->set(http::field::server, "loupe-server");
        if (reply.bytes) {
            res->set(http::field::content_type,
                     reply.body.is_null() ? "text/plain" : "application/octet-stream");
            res->body() = *reply.bytes;
        } else {
            res->set(http::field::content_type, "application/json");
            res->body() = reply.body.dump();
        }
        if (reply.status >= 400)
            ++m_service.metrics().refused;
        res->keep_alive(keepAlive);
        res->prepare_payload();
        http::async_write(
            m_stream, *res,
            [self = shared_from_this(), res, keepAlive](beast::error_code ec, std::size_t) {
                if (ec || !keepAlive)
                    return self->close();
                self->readHeader();
            });
    }

    /// Says "no more" and reads what the client still sends until it closes too: closing with
    /// unread bytes would reset the connection, and the client could lose the answer (a 413
    /// sent while the oversize body is still arriving).
    void close()
    {
        beast::error_code ec;
        m_stream.socket().shutdown(tcp::socket::shutdown_send, ec);
        m_stream.expires_after(std::chrono::seconds(10));
        drain();
    }
    void drain()
    {
        m_stream.async_read_some(asio::buffer(m_discard),
                                 [self = shared_from_this()](beast::error_code ec, std::size_t) {
                                     if (!ec)
                                         self->drain();
                                 });
    }

    beast::tcp_stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    Service &m_service;
    std::array<char, 16384> m_discard;
};

} // namespace

struct HttpServer::Impl {
    Service &service;
    ListenOptions options;
    asio::io_context io;
    tcp::acceptor acceptor{io};

    Impl(Service &s, const ListenOptions &o) : service(s), options(o), io(o.threads) {}

    void accept()
    {
        acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket s) {
            if (!ec)
                std::make_shared<Session>(std::move(s), service)->start();
            if (acceptor.is_open())
                accept();
        });
    }
};

HttpServer::HttpServer(Service &service, const ListenOptions &options)
    : m(std::make_unique<Impl>(service, options))
{
    if (!options.tlsCert.empty() || !options.tlsKey.empty())
        throw std::runtime_error("TLS is not in this build of loupe-server yet: put it behind a "
                                 "TLS proxy (docs/deploy.md)");
    const tcp::endpoint endpoint(asio::ip::make_address(options.host), options.port);
    m->acceptor.open(endpoint.protocol());
    m->acceptor.set_option(asio::socket_base::reuse_address(true));
    m->acceptor.bind(endpoint);
    m->acceptor.listen(asio::socket_base::max_listen_connections);
    m->accept();
}

HttpServer::~HttpServer() = default;

std::uint16_t HttpServer::port() const
{
    return m->acceptor.local_endpoint().port();
}

void HttpServer::run()
{
    std::vector<std::thread> threads;
    for (int i = 1; i < m->options.threads; ++i)
        threads.emplace_back([this] { m->io.run(); });
    m->io.run();
    for (auto &t : threads)
        t.join();
}

void HttpServer::stop()
{
    asio::post(m->io, [this] {
        beast::error_code ec;
        m->acceptor.close(ec);
        m->io.stop();
    });
}

} // namespace loupe::server
