#include "server/http.h"

#include "server/pokes.h"
#include "server/router.h"
#include "server/service.h"

#include <boost/asio/ip/tcp.hpp>
#include <boost/asio/ssl.hpp>
#include <boost/asio/strand.hpp>
#include <boost/beast/core.hpp>
#include <boost/beast/http.hpp>
#include <boost/beast/ssl.hpp>
#include <boost/beast/websocket.hpp>
#include <boost/beast/websocket/ssl.hpp>

#include <array>
#include <cstdio>
#include <optional>
#include <thread>
#include <type_traits>
#include <vector>

namespace loupe::server {

namespace asio = boost::asio;
namespace beast = boost::beast;
namespace http = beast::http;
namespace websocket = beast::websocket;
using tcp = asio::ip::tcp;

namespace {

constexpr std::size_t kMaxJsonBody = 4u << 20;  ///< a push of 1000 operations fits
constexpr std::size_t kMaxBlobBody = 64u << 20; ///< a label-map brick or a file
constexpr auto kIdleTimeout = std::chrono::seconds(60);

using PlainStream = beast::tcp_stream;
using TlsStream = beast::ssl_stream<beast::tcp_stream>;

template <class Stream>
constexpr bool kTls = std::is_same_v<Stream, TlsStream>;

/// An open WebSocket at /v1/projects/{id}/events: sends {"head": N} now and whenever the
/// project's change counter grows; reads only to notice the client leaving.
template <class Stream>
class EventsSession final : public PokeTarget,
                            public std::enable_shared_from_this<EventsSession<Stream>> {
public:
    EventsSession(Stream stream, Service &service) : m_ws(std::move(stream)), m_service(service)
    {
        ++m_service.metrics().websockets;
    }
    ~EventsSession() override { --m_service.metrics().websockets; }

    void run(http::request<http::string_body> request, std::int64_t project, Pokes &pokes)
    {
        beast::get_lowest_layer(m_ws).expires_never();
        m_ws.set_option(websocket::stream_base::timeout::suggested(beast::role_type::server));
        m_ws.async_accept(request,
                          [self = this->shared_from_this(), project, &pokes](beast::error_code ec) {
                              if (ec)
                                  return;
                              pokes.subscribe(project, self);
                              self->poke(self->m_service.head(project));
                              self->read();
                          });
    }

    void poke(std::int64_t head) override
    {
        asio::post(m_ws.get_executor(), [self = this->shared_from_this(), head] {
            self->m_latest = std::max(self->m_latest, head);
            self->write();
        });
    }

private:
    void write()
    {
        if (m_writing || m_latest <= m_sent)
            return;
        m_writing = true;
        m_sent = m_latest;
        m_text = "{\"head\":" + std::to_string(m_sent) + "}";
        m_ws.text(true);
        m_ws.async_write(asio::buffer(m_text),
                         [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                             self->m_writing = false;
                             if (!ec)
                                 self->write();
                         });
    }
    void read()
    {
        m_ws.async_read(m_in, [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
            if (ec)
                return; // closed: the pokes forget an expired session
            self->m_in.consume(self->m_in.size());
            self->read();
        });
    }

    websocket::stream<Stream> m_ws;
    Service &m_service;
    beast::flat_buffer m_in;
    std::string m_text;
    std::int64_t m_latest = 0, m_sent = -1;
    bool m_writing = false;
};

/// One connection: requests in turn (keep-alive), or an upgrade to an events WebSocket.
template <class Stream>
class Session : public std::enable_shared_from_this<Session<Stream>> {
public:
    template <class... Args>
    Session(Service &service, Pokes &pokes, Args &&...args)
        : m_stream(std::forward<Args>(args)...), m_service(service), m_pokes(pokes)
    {
    }

    void start()
    {
        if constexpr (kTls<Stream>) {
            beast::get_lowest_layer(m_stream).expires_after(std::chrono::seconds(30));
            m_stream.async_handshake(asio::ssl::stream_base::server,
                                     [self = this->shared_from_this()](beast::error_code ec) {
                                         if (!ec)
                                             self->readHeader();
                                     });
        } else {
            readHeader();
        }
    }

private:
    void readHeader()
    {
        m_parser.emplace();
        m_parser->header_limit(16 * 1024);
        m_parser->body_limit(kMaxBlobBody); // lowered below for all but blobs
        beast::get_lowest_layer(m_stream).expires_after(kIdleTimeout);
        http::async_read_header(m_stream, m_buffer, *m_parser,
                                [self = this->shared_from_this()](
                                    beast::error_code ec, std::size_t) { self->onHeader(ec); });
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
        http::async_read(m_stream, m_buffer, *m_parser,
                         [self = this->shared_from_this()](beast::error_code e, std::size_t) {
                             self->onBody(e);
                         });
    }

    void onBody(beast::error_code ec)
    {
        if (ec == http::error::body_limit)
            return send(refusal(413, "the request body is larger than the server takes"), false);
        if (ec)
            return close();
        http::request<http::string_body> req = m_parser->release();
        ++m_service.metrics().requests;
        const std::string target(req.target());
        if (websocket::is_upgrade(req))
            return upgrade(std::move(req), target);
        Reply reply;
        try {
            reply = route(m_service, {std::string(req.method_string()), target,
                                      std::string(req[http::field::authorization]), req.body()});
        } catch (const std::exception &e) {
            // A bug, not the client's fault: said in the log, answered 500; the server stays up.
            ++m_service.metrics().serverErrors;
            std::fprintf(stderr, "loupe-server: %s %s failed: %s\n",
                         std::string(req.method_string()).c_str(), target.c_str(), e.what());
            reply = refusal(500, "the server failed on this request; nothing was written");
        }
        send(reply, req.keep_alive());
    }

    void upgrade(http::request<http::string_body> req, const std::string &target)
    {
        const std::optional<std::int64_t> project = eventsProject(target);
        if (!project)
            return send(refusal(404, "WebSockets are at /v1/projects/{id}/events"), false);
        const std::optional<Caller> caller =
            m_service.authenticate(std::string(req[http::field::authorization]));
        if (!caller)
            return send(refusal(401, "sign in first: a valid device token is needed"), false);
        if (!m_service.isMember(*caller, *project))
            return send(refusal(404, "no project " + std::to_string(*project) +
                                         " that you are a member of"),
                        false);
        std::make_shared<EventsSession<Stream>>(std::move(m_stream), m_service)
            ->run(std::move(req), *project, m_pokes);
    }

    void send(const Reply &reply, bool keepAlive)
    {
        auto res = std::make_shared<http::response<http::string_body>>(
            static_cast<http::status>(reply.status), 11);
        res->set(http::field::server, "loupe-server");
        if (reply.bytes) {
            res->set(http::field::content_type, reply.contentType);
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
            [self = this->shared_from_this(), res, keepAlive](beast::error_code ec, std::size_t) {
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
        beast::get_lowest_layer(m_stream).socket().shutdown(tcp::socket::shutdown_send, ec);
        beast::get_lowest_layer(m_stream).expires_after(std::chrono::seconds(10));
        drain();
    }
    void drain()
    {
        beast::get_lowest_layer(m_stream).async_read_some(
            asio::buffer(m_discard),
            [self = this->shared_from_this()](beast::error_code ec, std::size_t) {
                if (!ec)
                    self->drain();
            });
    }

    Stream m_stream;
    beast::flat_buffer m_buffer;
    std::optional<http::request_parser<http::string_body>> m_parser;
    Service &m_service;
    Pokes &m_pokes;
    std::array<char, 16384> m_discard;
};

} // namespace

struct HttpServer::Impl {
    Service &service;
    ListenOptions options;
    asio::io_context io;
    tcp::acceptor acceptor{io};
    std::optional<asio::ssl::context> tls;
    Pokes pokes;

    Impl(Service &s, const ListenOptions &o) : service(s), options(o), io(o.threads), pokes(s, io)
    {
    }

    void accept()
    {
        acceptor.async_accept(asio::make_strand(io), [this](beast::error_code ec, tcp::socket s) {
            if (!ec) {
                if (tls)
                    std::make_shared<Session<TlsStream>>(service, pokes, std::move(s), *tls)
                        ->start();
                else
                    std::make_shared<Session<PlainStream>>(service, pokes, std::move(s))->start();
            }
            if (acceptor.is_open())
                accept();
        });
    }
};

HttpServer::HttpServer(Service &service, const ListenOptions &options)
    : m(std::make_unique<Impl>(service, options))
{
    if (options.tlsCert.empty() != options.tlsKey.empty())
        throw std::runtime_error("TLS needs both --tls-cert and --tls-key");
    if (!options.tlsCert.empty()) {
        m->tls.emplace(asio::ssl::context::tls_server);
        m->tls->set_options(asio::ssl::context::default_workarounds | asio::ssl::context::no_sslv2 |
                            asio::ssl::context::no_sslv3 | asio::ssl::context::no_tlsv1 |
                            asio::ssl::context::no_tlsv1_1);
        try {
            m->tls->use_certificate_chain_file(options.tlsCert);
            m->tls->use_private_key_file(options.tlsKey, asio::ssl::context::pem);
        } catch (const std::exception &e) {
            throw std::runtime_error("cannot use the TLS certificate \"" + options.tlsCert +
                                     "\" and key \"" + options.tlsKey + "\": " + e.what());
        }
    }
    service.setPushListener(
        [this](std::int64_t project, std::int64_t head) { m->pokes.notify(project, head); });
    const tcp::endpoint endpoint(asio::ip::make_address(options.host), options.port);
    m->acceptor.open(endpoint.protocol());
    m->acceptor.set_option(asio::socket_base::reuse_address(true));
    m->acceptor.bind(endpoint);
    m->acceptor.listen(asio::socket_base::max_listen_connections);
    m->accept();
    m->pokes.start();
}

HttpServer::~HttpServer()
{
    m->service.setPushListener({});
}

bool HttpServer::tls() const
{
    return m->tls.has_value();
}

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
