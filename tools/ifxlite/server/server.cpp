#include "server/server.hpp"

#include <algorithm>
#include <cerrno>
#include <charconv>
#include <chrono>
#include <cstring>
#include <stdexcept>

#include <openssl/ssl.h>

#include <fcntl.h>
#include <netdb.h>
#include <netinet/in.h>
#include <netinet/tcp.h>
#include <poll.h>
#include <sys/socket.h>
#include <sys/time.h>
#include <unistd.h>

#include "base/log.hpp"
#include "wire/limits.hpp"

namespace ifx::lite {
namespace {

constexpr std::size_t receive_buffer = 64 * 1024;

void close_fd(int& fd) {
    if (fd >= 0) ::close(fd);
    fd = -1;
}

// Binds and listens on host:port; returns the socket (or -1 and the reason) and the bound port.
int listen_on(const std::string& host, std::uint16_t port, std::uint16_t& bound_port, std::string& error) {
    addrinfo hints{};
    hints.ai_family = AF_UNSPEC;
    hints.ai_socktype = SOCK_STREAM;
    hints.ai_flags = AI_PASSIVE | AI_NUMERICSERV;
    addrinfo* found = nullptr;
    const std::string port_text = std::to_string(port);
    if (const int rc = ::getaddrinfo(host.c_str(), port_text.c_str(), &hints, &found); rc != 0) {
        error = "cannot resolve " + host + ": " + ::gai_strerror(rc);
        return -1;
    }
    std::unique_ptr<addrinfo, decltype(&::freeaddrinfo)> addresses(found, ::freeaddrinfo);
    int listen_fd = -1;
    for (addrinfo* a = found; a; a = a->ai_next) {
        const int fd = ::socket(a->ai_family, a->ai_socktype | SOCK_CLOEXEC, a->ai_protocol);
        if (fd < 0) continue;
        const int on = 1;
        ::setsockopt(fd, SOL_SOCKET, SO_REUSEADDR, &on, sizeof on);
        if (::bind(fd, a->ai_addr, a->ai_addrlen) == 0 && ::listen(fd, 128) == 0) {
            listen_fd = fd;
            break;
        }
        error = std::string("cannot listen on ") + host + ":" + port_text + ": " + std::strerror(errno);
        ::close(fd);
    }
    if (listen_fd < 0) {
        if (error.empty()) error = "cannot listen on " + host + ":" + port_text;
        return -1;
    }
    sockaddr_storage bound{};
    socklen_t length = sizeof bound;
    ::getsockname(listen_fd, reinterpret_cast<sockaddr*>(&bound), &length);
    bound_port = bound.ss_family == AF_INET6 ? ntohs(reinterpret_cast<sockaddr_in6*>(&bound)->sin6_port)
                                             : ntohs(reinterpret_cast<sockaddr_in*>(&bound)->sin_port);
    return listen_fd;
}

std::string format_endpoint(const std::string& host, std::uint16_t port) {
    const bool v6 = host.find(':') != std::string::npos;
    return (v6 ? "[" + host + "]" : host) + ":" + std::to_string(port);
}

// Plain or TLS byte stream of one connection.
class transport {
public:
    explicit transport(int fd) : fd_(fd) {}
    void use_tls(tls_session s) { ssl_ = std::move(s); }
    ssize_t receive(std::uint8_t* data, std::size_t size) {
        if (ssl_) {
            const int n = SSL_read(ssl_.get(), data, static_cast<int>(std::min<std::size_t>(size, 1 << 30)));
            return n > 0 ? n : (SSL_get_error(ssl_.get(), n) == SSL_ERROR_ZERO_RETURN ? 0 : -1);
        }
        for (;;) {
            const ssize_t n = ::recv(fd_, data, size, 0);
            if (n < 0 && errno == EINTR) continue;
            return n;
        }
    }
    bool send_all(const std::uint8_t* data, std::size_t size) {
        std::size_t sent = 0;
        while (sent < size) {
            ssize_t n;
            if (ssl_) {
                const int r = SSL_write(ssl_.get(), data + sent,
                                        static_cast<int>(std::min<std::size_t>(size - sent, 1 << 30)));
                n = r > 0 ? r : -1;
            } else {
                n = ::send(fd_, data + sent, size - sent, MSG_NOSIGNAL);
                if (n < 0 && errno == EINTR) continue;
            }
            if (n <= 0) return false;
            sent += static_cast<std::size_t>(n);
        }
        return true;
    }
    /// Waits up to timeout_ms for something to read (or the peer to close); false on timeout.
    bool wait_readable(int timeout_ms) {
        if (ssl_ && SSL_pending(ssl_.get()) > 0) return true;
        pollfd p{fd_, POLLIN, 0};
        for (;;) {
            const int n = ::poll(&p, 1, timeout_ms);
            if (n < 0 && errno == EINTR) continue;
            return n != 0;
        }
    }
    void shutdown() {
        if (ssl_) SSL_shutdown(ssl_.get());
    }

private:
    int fd_;
    tls_session ssl_;
};

// What the connection's loop does after a reply: read the next request, read and discard
// everything from now on (a stalled server), or close.
enum class after_reply { read_on, stall, close };

// Replies so far and the bytes they sent: what the fault plan counts.
struct reply_counts {
    std::int64_t replies = 0;
    std::int64_t sent = 0;
};

// Sends a request group's reply as the fault settings shape it (delayed, cut short, corrupted).
after_reply send_reply(transport& io, session& s, const fault_settings& faults,
                       std::vector<std::uint8_t>& reply, reply_counts& counts) {
    const reply_plan plan = plan_reply(faults, ++counts.replies, reply.size(), counts.sent);
    if (const int delay = faults.delay_ms; delay > 0)
        std::this_thread::sleep_for(std::chrono::milliseconds(delay));
    if (plan.what == reply_plan::action::stall) return after_reply::stall;
    if (plan.corrupt && reply.size() >= 2) reply[0] = reply[1] = 0xff;
    const std::size_t count = std::min(plan.bytes, reply.size());
    if (!io.send_all(reply.data(), count)) {
        s.on_eof();
        return after_reply::close;
    }
    counts.sent += static_cast<std::int64_t>(count);
    if (plan.what != reply_plan::action::send) {
        log(log_level::info,
            "fault injection: closing connection after reply " + std::to_string(counts.replies));
        s.on_eof();
        return after_reply::close;
    }
    return after_reply::read_on;
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
    reap(reap_scope::all);
    close_fd(tls_fd_);
    close_fd(control_fd_);
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
    listen_fd_ = listen_on(options_.host, options_.port, bound_port_, error);
    if (listen_fd_ < 0) return false;
    if (!options_.tls_host.empty()) {
        tls_ = make_tls_context(options_.cert_file, options_.key_file, error);
        if (!tls_) return false;
        tls_fd_ = listen_on(options_.tls_host, options_.tls_port, tls_bound_port_, error);
        if (tls_fd_ < 0) return false;
    }
    if (!options_.control_host.empty()) {
        control_fd_ = listen_on(options_.control_host, options_.control_port, control_bound_port_, error);
        if (control_fd_ < 0) return false;
    }
    return true;
}

std::string server::endpoint() const {
    return format_endpoint(options_.host, bound_port_);
}

std::string server::tls_endpoint() const {
    return tls_fd_ < 0 ? std::string{} : format_endpoint(options_.tls_host, tls_bound_port_);
}

std::string server::control_endpoint() const {
    return control_fd_ < 0 ? std::string{} : format_endpoint(options_.control_host, control_bound_port_);
}

void server::stop() noexcept {
    if (wake_write_ >= 0) {
        const char byte = 1;
        [[maybe_unused]] const ssize_t n = ::write(wake_write_, &byte, 1);
    }
}

void server::run() {
    for (;;) {
        pollfd fds[4] = {
            {wake_read_, POLLIN, 0}, {listen_fd_, POLLIN, 0}, {tls_fd_, POLLIN, 0}, {control_fd_, POLLIN, 0}};
        const int n = ::poll(fds, 4, 100);
        if (n < 0) {
            if (errno == EINTR) continue;
            log(log_level::error, std::string("poll: ") + std::strerror(errno));
            break;
        }
        if (fds[0].revents != 0) break;
        interrupt_abandoned();
        if (faults_.kill_generation != killed_generation_) kill_all();
        if (fds[1].revents & POLLIN) accept_on(listen_fd_, listener::plain);
        if (tls_fd_ >= 0 && (fds[2].revents & POLLIN)) accept_on(tls_fd_, listener::tls);
        if (control_fd_ >= 0 && (fds[3].revents & POLLIN)) {
            const int fd = ::accept4(control_fd_, nullptr, nullptr, SOCK_CLOEXEC);
            if (fd >= 0) serve_control(fd);
        }
    }
    log(log_level::info, "shutting down");
    close_fd(listen_fd_);
    close_fd(tls_fd_);
    close_fd(control_fd_);
    {
        // Running statements stop (-213) instead of delaying the exit.
        std::lock_guard lock(mutex_);
        for (auto& c : connections_) {
            c->interrupt = true;
            if (c->fd >= 0) ::shutdown(c->fd, SHUT_RDWR);
        }
    }
    reap(reap_scope::all);
}

void server::interrupt_abandoned() {
    std::lock_guard lock(mutex_);
    for (auto& c : connections_) {
        if (!c->busy || c->interrupt || c->fd < 0) continue;
        pollfd p{c->fd, POLLRDHUP, 0};
        if (::poll(&p, 1, 0) > 0 && (p.revents & (POLLRDHUP | POLLHUP | POLLERR))) {
            log(log_level::info, "client gone while a statement runs: interrupting it");
            c->interrupt = true;
        }
    }
}

void server::kill_all() {
    killed_generation_ = faults_.kill_generation;
    std::lock_guard lock(mutex_);
    for (auto& c : connections_)
        if (c->fd >= 0 && c->generation < killed_generation_) {
            c->interrupt = true;
            ::shutdown(c->fd, SHUT_RDWR);
        }
}

void server::accept_on(int listen_fd, listener kind) {
    const bool tls = kind == listener::tls;
    const int fd = ::accept4(listen_fd, nullptr, nullptr, SOCK_CLOEXEC);
    if (fd < 0) return;
    reap(reap_scope::finished);
    std::lock_guard lock(mutex_);
    if (connections_.size() >= options_.max_sessions) {
        log(log_level::warn, "too many sessions; connection refused");
        ::close(fd);
        return;
    }
    const int on = 1;
    ::setsockopt(fd, IPPROTO_TCP, TCP_NODELAY, &on, sizeof on);
    auto c = std::make_unique<connection>();
    c->fd = fd;
    c->tls = tls;
    c->generation = faults_.kill_generation;
    connection& ref = *c;
    connections_.push_back(std::move(c));
    ref.thread = std::thread([this, &ref] { serve(ref); });
}

// One command per line, one answer line each; the control client closes when done. Served on the
// accepting thread: commands are short and test-driven.
void server::serve_control(int fd) {
    timeval tv{2, 0};
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::string pending;
    char buf[512];
    for (;;) {
        const ssize_t n = ::recv(fd, buf, sizeof buf, 0);
        if (n <= 0) break;
        pending.append(buf, static_cast<std::size_t>(n));
        if (pending.size() > 4096) break;
        std::size_t nl;
        while ((nl = pending.find('\n')) != std::string::npos) {
            const std::string answer = faults_.apply(pending.substr(0, nl)) + "\n";
            pending.erase(0, nl + 1);
            // A kill is done before its "ok" goes out: a test may rely on it at once.
            if (faults_.kill_generation != killed_generation_) kill_all();
            [[maybe_unused]] const ssize_t w = ::send(fd, answer.data(), answer.size(), MSG_NOSIGNAL);
        }
    }
    ::close(fd);
}

void server::serve(connection& c) {
    try {
        transport io(c.fd);
        if (c.tls) {
            std::string error;
            auto ssl = tls_accept(tls_.get(), c.fd, error);
            if (!ssl) throw std::runtime_error(error);
            io.use_tls(std::move(ssl));
        }
        session s(catalog_, options_.session);
        s.set_interrupt_flag(&c.interrupt);
        if (faults_.reject_logins > 0 && faults_.reject_logins-- > 0)
            s.reject_login(static_cast<std::int16_t>(faults_.reject_code.load()));
        std::vector<std::uint8_t> buffer(receive_buffer);
        reply_counts counts;
        bool stalled = faults_.close_after_replies == 0;
        bool open = !stalled;
        while (open) {
            // Input the session cannot decode yet must not hold the client forever: input the
            // client has most likely finished sending gets input_stall_ms, anything else 30 s
            // (issue 17).
            if (!stalled && s.awaiting_input()) {
                const int wait = s.pending_may_be_complete() ? options_.input_stall_ms
                                                             : std::max(options_.input_stall_ms, 30000);
                if (!io.wait_readable(wait)) {
                    const auto reply = s.on_input_stalled();
                    log(log_level::info, "closing connection: " + s.close_reason());
                    if (!reply.empty()) io.send_all(reply.data(), reply.size());
                    break;
                }
            }
            const ssize_t n = io.receive(buffer.data(), buffer.size());
            if (n <= 0) {
                s.on_eof();
                break;
            }
            if (stalled) continue;  // read and discard: the peer waits forever
            c.busy = true;
            auto reply = s.on_bytes(std::span(buffer.data(), static_cast<std::size_t>(n)));
            c.busy = false;
            if (!reply.empty()) {
                const after_reply next = send_reply(io, s, faults_, reply, counts);
                if (next == after_reply::stall) {
                    stalled = true;
                    continue;
                }
                if (next == after_reply::close) break;
                if (!s.awaiting_input()) {
                    c.busy = true;
                    s.fetch_ahead();  // while the client reads the reply
                    c.busy = false;
                }
            }
            if (s.closing()) {
                log(log_level::debug, "closing connection: " + s.close_reason());
                break;
            }
        }
        io.shutdown();
    } catch (const std::exception& e) {
        log(log_level::warn, std::string("session failed: ") + e.what());
    }
    {
        std::lock_guard lock(mutex_);
        close_fd(c.fd);
    }
    c.finished = true;
}

void server::reap(reap_scope scope) {
    const bool all = scope == reap_scope::all;
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
