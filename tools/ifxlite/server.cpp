#include "server.hpp"

#include <cerrno>
#include <charconv>
#include <cstring>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include "log.hpp"

namespace ifx::lite {
namespace {

constexpr std::size_t receive_buffer = 64 * 1024;

bool send_all(int fd, const std::vector<std::uint8_t>& bytes) {
    std::size_t sent = 0;
    while (sent < bytes.size()) {
        const ssize_t n = ::send(fd, bytes.data() + sent, bytes.size() - sent, MSG_NOSIGNAL);
        if (n < 0 && errno == EINTR) continue;
        if (n <= 0) return false;
        sent += static_cast<std::size_t>(n);
    }
    return true;
}

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

}  // namespace

bool parse_endpoint(const std::string& text, std::string& host, std::uint16_t& port) {
    const auto colon = text.rfind(':');
    if (colon == std::string::npos || colon == 0) return false;
    host = text.substr(0, colon);
    if (host.size() >= 2 && host.front() == '[' && host.back() == ']') host = host.substr(1, host.size() - 2);
    const char* first = text.data() + colon + 1;
    const char* last = text.data() + text.size();
    unsigned value = 0;
    const auto [p, ec] = std::from_chars(first, last, value);
    if (ec != std::errc{} || p != last || first == last || value > 65535) return false;
    port = static_cast<std::uint16_t>(value);
    return !host.empty();
}

server::server(server_options options) : options_(std::move(options)), catalog_(options_.data_dir) {}

server::~server() {
    reap(true);
    close_fd(listen_fd_);
    close_fd(wake_read_);
    close_fd(wake_write_);
}

bool server::start(std::string& error) {
    if (!catalog_.initialise(error)) return false;
    int pipe_fds[2];
    if (::pipe2(pipe_fds, O_CLOEXEC | O_NONBLOCK) != 0) {
        error = std::string("pipe: ") + std::strerror(errno);
        return false;
    }
    wake_read_ = pipe_fds[0];
    wake_write_ = pipe_fds[1];

    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string port_text = std::to_string(options_.port);
    if (const int rc = ::getaddrinfo(options_.host.c_str(), port_text.c_str(), &hints, &found); rc != 0) {
        error = "cannot resolve " + options_.host + ": " + ::gai_strerror(rc);
        return false;
    }
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, ::freeaddrinfo);
    for (addrinfo* a = found; a; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) continue;
        const int on = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 128) == 0) {
            listen_fd_ = fd;
            break;
        }
        error =
            std::string("cannot listen on ") + options_.host + ":" + port_text + ": " + std::strerror(errno);
        ::close(fd);
    }
    if (listen_fd_ < 0) {
        if (error.empty()) error = "cannot listen on " + options_.host + ":" + port_text;
        return false;
    }
    sockaddr_storage bound{};
    socklen_t length = sizeof bound;
    ::getsockname(listen_fd_, reinterpret_cast<sockaddr*>(&bound), &length);
    bound_port_ = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                              : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    return true;
}

std::string server::endpoint() const {
    const bool v6 = options_.host.find(':') != std::string::npos;
    return (v6 ? "[" + options_.host + "]" : options_.host) + ":" + std::to_string(bound_port_);
}

void server::stop() noexcept {
    if (wake_write_ >= 0) {
        const char byte = 1;
        [[maybe_unused]] const ssize_t n = ::write(wake_write_, &byte, 1);
    }
}

void server::run() {
    for (;;) {
        pollfd fds[2] = {{listen_fd_, POLLIN, 0}, {wake_read_, POLLIN, 0}};
        const int n = ::poll(fds, 2, -1);
        if (n < 0) {
            if (errno == EINTR) continue;
            log(log_level::error, std::string("poll: ") + std::strerror(errno));
            break;
        }
        if (fds[1].revents != 0) break;
        if ((fds[0].revents & POLLIN) == 0) continue;
        const int fd = ::accept4(listen_fd_, nullptr, nullptr, SOCK_CLOEXEC);
        if (fd < 0) continue;
        reap(false);
        std::lock_guard lock(mutex_);
        if (connections_.size() >= options_.max_sessions) {
            log(log_level::warn, "too many sessions; connection refused");
            ::close(fd);
            continue;
        }
        const int on = 1;
        ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
        auto c = std::make_unique<connection>();
        c->fd = fd;
        connection& ref = *c;
        connections_.push_back(std::move(c));
        ref.thread = std::thread([this, &ref] { serve(ref); });
    }
    log(log_level::info, "shutting down");
    close_fd(listen_fd_);
    {
        std::lock_guard lock(mutex_);
        for (auto& c : connections_)
            if (c->fd >= 0) ::shutdown(c->fd, SHUT_RDWR);
    }
    reap(true);
}

void server::serve(connection& c) {
    try {
        session s(catalog_, options_.session);
        std::vector<std::uint8_t> buffer(receive_buffer);
        for (;;) {
            const ssize_t n = ::recv(c.fd, buffer.data(), buffer.size(), 0);
            if (n < 0 && errno == EINTR) continue;
            if (n <= 0) {
                s.on_eof();
                break;
            }
            const auto reply = s.on_bytes(std::span(buffer.data(), static_cast<std::size_t>(n)));
            if (!reply.empty() && !send_all(c.fd, reply)) {
                s.on_eof();
                break;
            }
            if (s.closing()) {
                log(log_level::debug, "closing connection: " + s.close_reason());
                break;
            }
        }
    } catch (const std::exception& e) {
        log(log_level::error, std::string("session failed: ") + e.what());
    }
    {
        std::lock_guard lock(mutex_);
        close_fd(c.fd);
    }
    c.finished = true;
}

void server::reap(bool all) {
    std::list<std::unique_ptr<connection>> done;
    {
        std::lock_guard lock(mutex_);
        for (auto it = connections_.begin(); it != connections_.end();) {
            if (all || (*it)->finished) {
                done.push_back(std::move(*it));
                it = connections_.erase(it);
            } else {
                ++it;
            }
        }
    }
    for (auto& c : done)
        if (c->thread.joinable()) c->thread.join();
}

}  // namespace ifx::lite
