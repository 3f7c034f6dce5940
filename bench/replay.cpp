#include "replay.hpp"

#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace ifx::bench {
namespace {

int connect_loopback(std::uint16_t port) {
    return ifx::replay::connect_to({"127.0.0.1", port});
}

bool send_all(int fd, const std::uint8_t* p, std::size_t n) {
    return ifx::replay::send_all(fd, std::span(p, n));
}

}  // namespace

std::size_t recording::request_bytes() const noexcept {
    std::size_t n = 0;
    for (const auto& t : turns) n += t.request.size();
    return n;
}

std::size_t recording::reply_bytes() const noexcept {
    std::size_t n = 0;
    for (const auto& t : turns) n += t.reply.size();
    return n;
}

recording_proxy::recording_proxy(std::uint16_t upstream_port)
    : thread_([this, upstream_port] { run(upstream_port); }) {}

recording_proxy::~recording_proxy() {
    listener_.shut_down();
    if (thread_.joinable()) thread_.join();
}

void recording_proxy::run(std::uint16_t upstream_port) {
    const int client = listener_.accept();
    if (client < 0) return;
    int server = -1;
    try {
        server = connect_loopback(upstream_port);
    } catch (const std::exception& e) {
        error_ = e.what();
        ::close(client);
        return;
    }
    std::vector<std::uint8_t> buf(256 * 1024);
    bool client_open = true, server_open = true;
    while (client_open || server_open) {
        pollfd p[2] = {{client_open ? client : -1, POLLIN, 0}, {server_open ? server : -1, POLLIN, 0}};
        if (::poll(p, 2, -1) < 0) {
            if (errno == EINTR) continue;
            error_ = "poll failed";
            break;
        }
        for (int side = 0; side < 2; ++side) {
            if (p[side].revents == 0) continue;
            const int from = side == 0 ? client : server, to = side == 0 ? server : client;
            const ssize_t n = ::recv(from, buf.data(), buf.size(), 0);
            if (n <= 0) {
                (side == 0 ? client_open : server_open) = false;
                ::shutdown(to, SHUT_WR);
                continue;
            }
            const auto* b = buf.data();
            if (side == 0) {
                if (rec_.turns.empty() || !rec_.turns.back().reply.empty()) rec_.turns.emplace_back();
                rec_.turns.back().request.insert(rec_.turns.back().request.end(), b, b + n);
            } else {
                if (rec_.turns.empty()) rec_.turns.emplace_back();
                rec_.turns.back().reply.insert(rec_.turns.back().reply.end(), b, b + n);
            }
            if (!send_all(to, b, static_cast<std::size_t>(n)))
                (side == 0 ? server_open : client_open) = false;
        }
    }
    ::close(client);
    ::close(server);
}

recording recording_proxy::finish() {
    if (thread_.joinable()) thread_.join();
    if (!error_.empty()) throw std::runtime_error("recording proxy: " + error_);
    return std::move(rec_);
}

bool pin_thread(placement p, bool server_side) {
    // The CPUs the process may use, taken before the first pin narrows the caller's own set.
    static const cpu_set_t allowed = [] {
        cpu_set_t set;
        CPU_ZERO(&set);
        if (::sched_getaffinity(0, sizeof set, &set) != 0) CPU_ZERO(&set);
        return set;
    }();
    if (CPU_COUNT(&allowed) < 2) return false;
    const bool last = server_side && p == placement::separate_cpus;
    int chosen = -1;
    for (int cpu = 0; cpu < CPU_SETSIZE; ++cpu) {
        if (!CPU_ISSET(cpu, &allowed)) continue;
        chosen = cpu;
        if (!last) break;
    }
    cpu_set_t one;
    CPU_ZERO(&one);
    CPU_SET(chosen, &one);
    return ::pthread_setaffinity_np(::pthread_self(), sizeof one, &one) == 0;
}

replay_server::replay_server(const recording& rec, std::chrono::milliseconds request_timeout)
    : server_([&rec](std::size_t) { return std::make_unique<ifx::replay::exact_script>(rec.turns); },
              request_timeout) {
    server_.on_session_start([this] {
        if (const int p = placement_; p >= 0) pin_thread(static_cast<placement>(p), true);
    });
}

std::size_t replay_raw_client(const recording& rec, std::uint16_t port) {
    const int fd = connect_loopback(port);
    std::vector<std::uint8_t> buf(256 * 1024);
    std::size_t total = 0;
    for (const turn& t : rec.turns) {
        if (!send_all(fd, t.request.data(), t.request.size())) break;
        std::size_t left = t.reply.size();
        while (left > 0) {
            const ssize_t n = ::recv(fd, buf.data(), std::min(left, buf.size()), 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                ::close(fd);
                throw std::runtime_error("replay server closed the connection early");
            }
            left -= static_cast<std::size_t>(n);
            total += static_cast<std::size_t>(n);
        }
    }
    ::close(fd);
    return total;
}

}  // namespace ifx::bench
