#include "replay_server.hpp"

#include <sys/socket.h>
#include <sys/time.h>

#include <algorithm>
#include <cerrno>

namespace ifx::replay {

match exact_script::check(std::size_t turn, std::span<const std::uint8_t> received) {
    const auto& expected = turns_[turn].request;
    const std::size_t n = std::min(received.size(), expected.size());
    const auto at =
        std::mismatch(received.begin(), received.begin() + static_cast<std::ptrdiff_t>(n), expected.begin());
    if (at.first != received.begin() + static_cast<std::ptrdiff_t>(n)) {
        return {match::outcome::mismatch, 0,
                "request of " + std::to_string(expected.size()) +
                    " bytes differs from the recording at byte " +
                    std::to_string(at.first - received.begin())};
    }
    if (received.size() < expected.size())
        return {match::outcome::need_more, expected.size() - received.size(), {}};
    return {match::outcome::matched, expected.size(), {}};
}

server::server(script_factory factory, std::chrono::milliseconds request_timeout)
    : factory_(std::move(factory)), timeout_(request_timeout) {
    start();
}

server::server(script_factory factory, const endpoint& where, std::chrono::milliseconds request_timeout)
    : factory_(std::move(factory)), timeout_(request_timeout), listener_(where) {
    start();
}

void server::start() {
    acceptor_ = std::thread([this] {
        for (std::size_t n = 0;; ++n) {
            const int fd = listener_.accept();
            if (fd < 0) return;
            std::lock_guard lock(mutex_);
            sessions_.emplace_back([this, fd, n] { serve(fd, n); });
        }
    });
}

server::~server() {
    listener_.shut_down();
    acceptor_.join();
    std::vector<std::thread> sessions;
    {
        std::lock_guard lock(mutex_);
        sessions.swap(sessions_);
    }
    for (auto& t : sessions) t.join();
}

void server::on_session_start(std::function<void()> hook) {
    std::lock_guard lock(mutex_);
    hook_ = std::move(hook);
}

report server::current() const {
    std::lock_guard lock(mutex_);
    return report_;
}

report server::wait_for(std::size_t sessions, std::chrono::milliseconds timeout) const {
    std::unique_lock lock(mutex_);
    ended_.wait_for(lock, timeout,
                    [&] { return report_.sessions_completed + report_.problems.size() >= sessions; });
    return report_;
}

void server::serve(int fd, std::size_t session) {
    std::function<void()> hook;
    {
        std::lock_guard lock(mutex_);
        hook = hook_;
    }
    if (hook) hook();
    // A receive timeout on the socket (rather than a poll per read) keeps the sender's own cost
    // per reply at one recv and one send, as the benchmark's measurements assume.
    timeval tv{};
    tv.tv_sec = static_cast<time_t>(timeout_.count() / 1000);
    tv.tv_usec = static_cast<suseconds_t>(timeout_.count() % 1000 * 1000);
    ::setsockopt(fd, SOL_SOCKET, SO_RCVTIMEO, &tv, sizeof tv);
    std::unique_ptr<script> s = factory_(session);
    std::string problem = s ? "" : "connection " + std::to_string(session + 1) + " was not expected";
    std::vector<std::uint8_t> received;  // this turn's bytes, and what the client sent beyond them
    std::vector<std::uint8_t> chunk(64 * 1024);
    for (std::size_t t = 0; s && t < s->turns() && problem.empty(); ++t) {
        for (;;) {
            const match m = s->check(t, received);
            if (m.result == match::outcome::matched) {
                received.erase(received.begin(), received.begin() + static_cast<std::ptrdiff_t>(m.size));
                break;
            }
            if (m.result == match::outcome::mismatch) {
                problem = "turn " + std::to_string(t) + ": " + m.problem;
                break;
            }
            const std::size_t want = m.size ? std::min(m.size, chunk.size()) : chunk.size();
            ssize_t k = 0;
            do k = ::recv(fd, chunk.data(), want, 0);
            while (k < 0 && errno == EINTR);
            if (k <= 0) {
                problem = "turn " + std::to_string(t) + ": the client " +
                          (k == 0 ? "closed the connection" : "sent nothing more within the timeout") +
                          " after " + std::to_string(received.size()) + " bytes of the turn's request";
                break;
            }
            received.insert(received.end(), chunk.begin(), chunk.begin() + k);
        }
        if (problem.empty() && !send_all(fd, s->reply(t)))
            problem = "turn " + std::to_string(t) + ": the client closed while the reply was sent";
    }
    if (problem.empty()) {
        ssize_t n = static_cast<ssize_t>(received.size());
        if (n == 0) n = ::recv(fd, chunk.data(), chunk.size(), 0);
        if (n > 0) problem = "the client sent " + std::to_string(n) + "+ bytes after the last recorded turn";
    }
    ::shutdown(fd, SHUT_RDWR);
    close_fd(fd);
    std::lock_guard lock(mutex_);
    if (problem.empty())
        ++report_.sessions_completed;
    else
        report_.problems.push_back("session " + std::to_string(session + 1) + ": " + std::move(problem));
    ended_.notify_all();
}

}  // namespace ifx::replay
