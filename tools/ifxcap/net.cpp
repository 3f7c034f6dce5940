#include "net.hpp"

#include <arpa/inet.h>
#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <unistd.h>

#include <cerrno>
#include <charconv>
#include <cstring>
#include <memory>
#include <stdexcept>

namespace ifx::replay {
namespace {

[[noreturn]] void fail(const std::string& what, int err = errno) {
    throw std::runtime_error(what + ": " + std::strerror(err));
}

void no_delay(int fd) {
    const int one = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &one, sizeof one);
}

struct addrinfo_deleter {
    void operator()(addrinfo* a) const noexcept { ::freeaddrinfo(a); }
};
using addrinfo_ptr = std::unique_ptr<addrinfo, addrinfo_deleter>;

enum class resolve_for { listening, connecting };

addrinfo_ptr resolve(const endpoint& where, resolve_for use) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = use == resolve_for::listening ? AI_PASSIVE : 0;
    addrinfo* found = nullptr;
    const std::string port = std::to_string(where.port);
    const int rc =
        ::getaddrinfo(where.host.empty() ? nullptr : where.host.c_str(), port.c_str(), &hints, &found);
    if (rc != 0) throw std::runtime_error("cannot resolve " + where.to_string() + ": " + ::gai_strerror(rc));
    return addrinfo_ptr(found);
}

std::string address_of(const sockaddr* a) {
    char host[INET6_ADDRSTRLEN] = "?";
    std::uint16_t port = 0;
    if (a->sa_family == AF_INET) {
        const auto* in = reinterpret_cast<const sockaddr_in*>(a);
        ::inet_ntop(AF_INET, &in->sin_addr, host, sizeof host);
        port = ntohs(in->sin_port);
        return std::string(host) + ":" + std::to_string(port);
    }
    if (a->sa_family == AF_INET6) {
        const auto* in6 = reinterpret_cast<const sockaddr_in6*>(a);
        ::inet_ntop(AF_INET6, &in6->sin6_addr, host, sizeof host);
        port = ntohs(in6->sin6_port);
        return "[" + std::string(host) + "]:" + std::to_string(port);
    }
    return "?";
}

// Waits for a non-blocking connect to finish; 0 or the error.
int finish_connect(int fd, std::chrono::milliseconds timeout) {
    pollfd p{fd, POLLOUT, 0};
    const int n = ::poll(&p, 1, static_cast<int>(timeout.count()));
    if (n == 0) return ETIMEDOUT;
    if (n < 0) return errno;
    int err = 0;
    socklen_t len = sizeof err;
    ::getsockopt(fd, SOL_SOCKET, SO_ERROR, &err, &len);
    return err;
}

}  // namespace

std::string endpoint::to_string() const {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

std::optional<endpoint> parse_endpoint(std::string_view text) {
    endpoint e;
    std::string_view port;
    if (!text.empty() && text.front() == '[') {
        const auto close = text.find(']');
        if (close == std::string_view::npos || close + 1 >= text.size() || text[close + 1] != ':')
            return std::nullopt;
        e.host = text.substr(1, close - 1);
        port = text.substr(close + 2);
    } else {
        const auto colon = text.rfind(':');
        if (colon == std::string_view::npos || text.find(':') != colon) return std::nullopt;
        e.host = text.substr(0, colon);
        port = text.substr(colon + 1);
    }
    unsigned value = 0;
    const auto r = std::from_chars(port.data(), port.data() + port.size(), value);
    if (r.ec != std::errc() || r.ptr != port.data() + port.size() || port.empty() || value > 65535 ||
        e.host.empty())
        return std::nullopt;
    e.port = static_cast<std::uint16_t>(value);
    return e;
}

listener::listener() {
    open({"127.0.0.1", 0});
}

listener::listener(const endpoint& where) {
    open(where);
}

void listener::open(const endpoint& where) {
    const auto found = resolve(where, resolve_for::listening);
    int last_error = 0;
    for (const addrinfo* a = found.get(); a; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) {
            last_error = errno;
            continue;
        }
        const int one = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &one, sizeof one);
        sockaddr_storage bound{};
        socklen_t len = sizeof bound;
        if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 64) == 0 &&
            ::getsockname(fd, reinterpret_cast<sockaddr*>(&bound), &len) == 0) {
            fd_ = fd;
            address_ = address_of(reinterpret_cast<const sockaddr*>(&bound));
            port_ = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                                : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
            return;
        }
        last_error = errno;
        ::close(fd);
    }
    fail("cannot listen on " + where.to_string(), last_error);
}

listener::~listener() {
    close_fd(fd_);
}

int listener::accept(std::string* peer) {
    for (;;) {
        sockaddr_storage from{};
        socklen_t len = sizeof from;
        const int fd = ::accept4(fd_, reinterpret_cast<sockaddr*>(&from), &len, SOCK_CLOEXEC);
        if (fd >= 0) {
            no_delay(fd);
            if (peer) *peer = address_of(reinterpret_cast<const sockaddr*>(&from));
            return fd;
        }
        if (errno != EINTR && errno != ECONNABORTED) return -1;
    }
}

void listener::shut_down() noexcept {
    ::shutdown(fd_, SHUT_RDWR);
}

int connect_to(const endpoint& where, std::chrono::milliseconds timeout) {
    const auto found = resolve(where, resolve_for::connecting);
    int last_error = 0;
    for (const addrinfo* a = found.get(); a; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC | SOCK_NONBLOCK, a->ai_protocol);
        if (fd < 0) {
            last_error = errno;
            continue;
        }
        int err = ::connect(fd, a->ai_addr, a->ai_addrlen) == 0 ? 0 : errno;
        if (err == EINPROGRESS) err = finish_connect(fd, timeout);
        if (err == 0) {
            ::fcntl(fd, F_SETFL, ::fcntl(fd, F_GETFL) & ~O_NONBLOCK);
            no_delay(fd);
            return fd;
        }
        last_error = err;
        ::close(fd);
    }
    fail("cannot connect to " + where.to_string(), last_error);
}

bool send_all(int fd, std::span<const std::uint8_t> bytes) {
    const std::uint8_t* p = bytes.data();
    std::size_t n = bytes.size();
    while (n > 0) {
        const ssize_t k = ::send(fd, p, n, MSG_NOSIGNAL);
        if (k < 0 && errno == EINTR) continue;
        if (k <= 0) return false;
        p += k;
        n -= static_cast<std::size_t>(k);
    }
    return true;
}

long recv_some(int fd, std::uint8_t* p, std::size_t n, std::chrono::milliseconds timeout) {
    for (;;) {
        pollfd pf{fd, POLLIN, 0};
        const int ready = ::poll(&pf, 1, static_cast<int>(timeout.count()));
        if (ready < 0 && errno == EINTR) continue;
        if (ready <= 0) return -1;
        const ssize_t k = ::recv(fd, p, n, 0);
        if (k < 0 && errno == EINTR) continue;
        return k < 0 ? -1 : static_cast<long>(k);
    }
}

void close_fd(int fd) noexcept {
    if (fd >= 0) ::close(fd);
}

}  // namespace ifx::replay
