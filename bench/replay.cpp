#include "replay.hpp"

#include <arpa/inet.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <pthread.h>
#include <sched.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include <cerrno>
#include <cstring>
#include <stdexcept>

namespace ifx::bench {
namespace {

[[noreturn]] void fail(const std::string& what) {
    throw std::runtime_error(what + ": " + std::strerror(errno));
}

void no_delay(int fd) {
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

int connect_loopback(std::uint16_t port) {
    const int fd = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd < 0) fail("socket");
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_port = htons(port);
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    if (::connect(fd, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0) {
        ::close(fd);
        fail("connect to 127.0.0.1:" + std::to_string(port));
    }
    no_delay(fd);
    return fd;
}

bool send_all(int fd, const std::uint8_t* p, std::size_t n) {
    while (n > 0) {
        const ssize_t k = ::send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return false;
        p += k;
        n -= static_cast<std::size_t>(k);
    }
    return true;
}

// Reads up to n bytes; returns the count read before EOF, a timeout or an error.
std::size_t recv_exactly(int fd, std::uint8_t* p, std::size_t n) {
    std::size_t got = 0;
    while (got < n) {
        const ssize_t k = ::recv(fd, p + got, n - got, 0);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) break;
        got += static_cast<std::size_t>(k);
    }
    return got;
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

loopback_listener::loopback_listener() {
    fd_ = ::socket(AF_INET, SOCK_STREAM | SOCK_CLOEXEC, 0);
    if (fd_ < 0) fail("socket");
    sockaddr_in a{};
    a.sin_family = AF_INET;
    a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
    socklen_t len = sizeof a;
    if (::bind(fd_, reinterpret_cast<sockaddr*>(&a), sizeof a) != 0 || ::listen(fd_, 64) != 0 ||
        ::getsockname(fd_, reinterpret_cast<sockaddr*>(&a), &len) != 0) {
        ::close(fd_);
        fail("listen on 127.0.0.1");
    }
    port_ = ntohs(a.sin_port);
}

loopback_listener::~loopback_listener() {
    ::close(fd_);
}

int loopback_listener::accept() {
    for (;;) {
        const int fd = ::accept4(fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd >= 0) {
            no_delay(fd);
            return fd;
        }
        if (errno != EINTR) return -1;
    }
}

void loopback_listener::shut_down() noexcept {
    ::shutdown(fd_, SHUT_RDWR);
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
    : rec_(rec), timeout_(request_timeout), acceptor_([this] {
          for (;;) {
              const int fd = listener_.accept();
              if (fd < 0) return;
              std::lock_guard lock(mutex_);
              sessions_.emplace_back([this, fd] { serve(fd); });
          }
      }) {}

replay_server::~replay_server() {
    listener_.shut_down();
    acceptor_.join();
    std::vector<std::thread> sessions;
    {
        std::lock_guard lock(mutex_);
        sessions.swap(sessions_);
    }
    for (auto& t : sessions) t.join();
}

replay_report replay_server::report() const {
    std::lock_guard lock(mutex_);
    return report_;
}

replay_report replay_server::wait_for(std::size_t sessions, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    ended_.wait_for(lock, timeout,
                    [&] { return report_.sessions_completed + report_.problems.size() >= sessions; });
    return report_;
}

void replay_server::serve(int fd) {
    if (const int p = placement_; p >= 0) pin_thread(static_cast<placement>(p), true);
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout_.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>(timeout_.count() % 1000 * 1000);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::vector<std::uint8_t> request;
    std::string problem;
    for (std::size_t i = 0; i < rec_.turns.size() && problem.empty(); ++i) {
        const turn& t = rec_.turns[i];
        request.resize(t.request.size());
        const std::size_t got = recv_exactly(fd, request.data(), request.size());
        if (got != request.size()) {
            problem = "turn " + std::to_string(i) + ": expected a request of " +
                      std::to_string(request.size()) + " bytes, got " + std::to_string(got) +
                      " before the client stopped sending";
        } else if (request != t.request) {
            std::size_t at = 0;
            while (request[at] == t.request[at]) ++at;
            problem = "turn " + std::to_string(i) + ": request of " + std::to_string(request.size()) +
                      " bytes differs from the recording at byte " + std::to_string(at);
        } else if (!send_all(fd, t.reply.data(), t.reply.size())) {
            problem = "turn " + std::to_string(i) + ": the client closed while the reply was sent";
        }
    }
    if (problem.empty()) {
        std::uint8_t extra[4096];
        const ssize_t n = ::recv(fd, extra, sizeof extra, 0);
        if (n > 0) problem = "the client sent " + std::to_string(n) + "+ bytes after the last recorded turn";
    }
    ::close(fd);
    std::lock_guard lock(mutex_);
    if (problem.empty())
        ++report_.sessions_completed;
    else
        report_.problems.push_back(std::move(problem));
    ended_.notify_all();
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
