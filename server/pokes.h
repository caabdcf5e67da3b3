#pragma once
// Who to tell when a project changes: the open WebSockets, by project. A push on this node
// tells them at once; changes made through other nodes (which share only the database) are
// found by looking at the subscribed projects' change counters a few times a second.

#include <boost/asio/io_context.hpp>
#include <boost/asio/steady_timer.hpp>

#include <chrono>
#include <cstdint>
#include <map>
#include <memory>
#include <mutex>
#include <vector>

namespace loupe::server {

class Service;

/// An open WebSocket, told the project's new change counter.
class PokeTarget {
public:
    virtual ~PokeTarget() = default;
    /// Called from any thread.
    virtual void poke(std::int64_t head) = 0;
};

class Pokes {
public:
    Pokes(Service &service, boost::asio::io_context &io,
          std::chrono::milliseconds interval = std::chrono::milliseconds(250));
    void subscribe(std::int64_t project, std::weak_ptr<PokeTarget> target);
    /// Tells `project`'s listeners that its counter is `head` now.
    void notify(std::int64_t project, std::int64_t head);
    /// Starts looking at the counters (for other nodes' changes).
    void start();

private:
    void tick();

    Service &m_service;
    boost::asio::steady_timer m_timer;
    std::chrono::milliseconds m_interval;
    std::mutex m_mutex;
    std::map<std::int64_t, std::vector<std::weak_ptr<PokeTarget>>> m_targets;
    std::map<std::int64_t, std::int64_t> m_heads;
};

} // namespace loupe::server
