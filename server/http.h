#pragma once
// loupe-server's HTTP/1.1 front: routes /v1/… to the Service, with the token check, body
// limits and JSON errors; WebSockets at /v1/projects/{id}/events only say "something changed".

#include <cstdint>
#include <memory>
#include <string>

namespace loupe::server {

class Service;

struct ListenOptions {
    std::string host = "127.0.0.1";
    std::uint16_t port = 0; ///< 0: any free port (see HttpServer::port)
    int threads = 4;
    std::string tlsCert; ///< PEM files; both set: HTTPS and WSS
    std::string tlsKey;
};

class HttpServer {
public:
    HttpServer(Service &service, const ListenOptions &options);
    ~HttpServer();
    /// The port listened on.
    std::uint16_t port() const;
    /// Whether it speaks HTTPS (and WSS).
    bool tls() const;
    /// Serves until stop() (from a signal handler's thread, for one).
    void run();
    void stop();

private:
    struct Impl;
    std::unique_ptr<Impl> m;
};

} // namespace loupe::server
