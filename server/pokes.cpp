#include "server/pokes.h"

#include "server/service.h"

namespace loupe::server {

Pokes::Pokes(Service &service, boost::asio::io_context &io, std::chrono::milliseconds interval)
    : m_service(service), m_timer(io), m_interval(interval)
{
}

void Pokes::subscribe(std::int64_t project, std::weak_ptr<PokeTarget> target)
{
    const std::lock_guard lock(m_mutex);
    m_targets[project].push_back(std::move(target));
}

void Pokes::notify(std::int64_t project, std::int64_t head)
{
    std::vector<std::shared_ptr<PokeTarget>> alive;
    {
        const std::lock_guard lock(m_mutex);
        std::int64_t &known = m_heads[project];
        known = std::max(known, head);
        auto it = m_targets.find(project);
        if (it == m_targets.end())
            return;
        auto &targets = it->second;
        std::erase_if(targets, [](const auto &t) { return t.expired(); });
        for (const auto &t : targets)
            if (auto s = t.lock())
                alive.push_back(std::move(s));
        if (targets.empty())
            m_targets.erase(it);
    }
    for (const auto &t : alive)
        t->poke(head);
}

void Pokes::start()
{
    m_timer.expires_after(m_interval);
    m_timer.async_wait([this](boost::system::error_code ec) {
        if (!ec)
            tick();
    });
}

void Pokes::tick()
{
    std::vector<std::pair<std::int64_t, std::int64_t>> watched;
    {
        const std::lock_guard lock(m_mutex);
        for (const auto &[project, targets] : m_targets)
            watched.emplace_back(project, m_heads[project]);
    }
    for (const auto &[project, known] : watched) {
        try {
            if (const std::int64_t head = m_service.head(project); head > known)
                notify(project, head);
        } catch (const std::exception &) {
            // The database is away for a moment: the next tick tries again.
        }
    }
    start();
}

} // namespace loupe::server
