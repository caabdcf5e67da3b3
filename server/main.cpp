// loupe-server --db sqlite:PATH|postgresql://… --listen HOST:PORT [--threads N]
//              [--tls-cert PEM --tls-key PEM]
// loupe-server --db URL admin …   (see admin.h)

#include "app/buildinfo.h"
#include "server/admin.h"
#include "server/auth.h"
#include "server/db.h"
#include "server/http.h"
#include "server/service.h"

#include <csignal>
#include <cstdio>
#include <iostream>
#include <string>
#include <thread>
#include <vector>

namespace {

loupe::server::HttpServer *g_server = nullptr; // for the signal handler only

void onSignal(int)
{
    if (g_server)
        g_server->stop();
}

} // namespace

int main(int argc, char **argv)
{
    using namespace loupe::server;
    std::vector<std::string> args(argv + 1, argv + argc);
    std::string db, listen = "127.0.0.1:8443", cert, key;
    int threads = int(std::max(2u, std::thread::hardware_concurrency()));
    std::vector<std::string> admin;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const bool hasValue = i + 1 < args.size();
        if (args[i] == "--version") {
            std::cout << "loupe-server " << LOUPE_VERSION << "\n";
            return 0;
        }
        if (args[i] == "admin") {
            admin.assign(args.begin() + std::ptrdiff_t(i) + 1, args.end());
            break;
        }
        if (args[i] == "--db" && hasValue)
            db = args[++i];
        else if (args[i] == "--listen" && hasValue)
            listen = args[++i];
        else if (args[i] == "--threads" && hasValue)
            threads = std::max(1, std::atoi(args[++i].c_str()));
        else if (args[i] == "--tls-cert" && hasValue)
            cert = args[++i];
        else if (args[i] == "--tls-key" && hasValue)
            key = args[++i];
        else {
            std::cerr << "loupe-server: unknown argument \"" << args[i] << "\"\n"
                      << "usage: loupe-server --db sqlite:PATH|postgresql://… --listen HOST:PORT "
                         "[--threads N] [--tls-cert PEM --tls-key PEM]\n"
                         "       loupe-server --db URL admin …\n"
                         "       loupe-server --version\n";
            return 2;
        }
    }
    if (db.empty()) {
        std::cerr << "loupe-server: give the database: --db sqlite:PATH or --db "
                     "postgresql://USER@HOST:PORT/NAME\n";
        return 2;
    }
    if (!initSecrets()) {
        std::cerr << "loupe-server: libsodium could not start\n";
        return 1;
    }
    try {
        DbPool pool(db);
        pool.take()->migrate();
        if (!admin.empty() || (args.size() >= 1 && args.back() == "admin")) {
            auto connection = pool.take();
            return runAdmin(*connection, admin, std::cin, std::cout, std::cerr);
        }
        const std::size_t colon = listen.rfind(':');
        if (colon == std::string::npos) {
            std::cerr << "loupe-server: --listen takes HOST:PORT, such as 127.0.0.1:8443\n";
            return 2;
        }
        ListenOptions options;
        options.host = listen.substr(0, colon);
        options.port = static_cast<std::uint16_t>(std::atoi(listen.c_str() + colon + 1));
        options.threads = threads;
        options.tlsCert = cert;
        options.tlsKey = key;
        Service service(pool);
        HttpServer server(service, options);
        g_server = &server;
        std::signal(SIGINT, onSignal);
        std::signal(SIGTERM, onSignal);
        // Tests and scripts read the port from this line (for --listen HOST:0).
        std::cout << "loupe-server: listening on " << (server.tls() ? "https://" : "http://")
                  << options.host << ":" << server.port() << " (" << pool.take()->backend() << ")"
                  << std::endl;
        server.run();
        g_server = nullptr;
        std::cout << "loupe-server: stopped" << std::endl;
        return 0;
    } catch (const std::exception &e) {
        std::cerr << "loupe-server: " << e.what() << "\n";
        return 1;
    }
}
