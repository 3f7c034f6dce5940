#include "recorder.hpp"

#include <poll.h>
#include <sys/socket.h>

#include <cerrno>
#include <cstring>
#include <ctime>
#include <optional>
#include <stdexcept>

#include "compare.hpp"
#include "cutter.hpp"

namespace ifx::cap {
namespace {

enum class time_precision { seconds, microseconds };

std::string utc_now(time_precision precision) {
    const auto now = std::chrono::system_clock::now();
    const std::time_t t = std::chrono::system_clock::to_time_t(now);
    std::tm tm{};
    ::gmtime_r(&t, &tm);
    char buf[40];
    std::strftime(buf, sizeof buf, "%Y-%m-%dT%H:%M:%S", &tm);
    std::string out = buf;
    if (precision == time_precision::microseconds) {
        const auto us =
            std::chrono::duration_cast<std::chrono::microseconds>(now.time_since_epoch()).count() % 1'000'000;
        char frac[16];
        std::snprintf(frac, sizeof frac, ".%06lld", static_cast<long long>(us));
        out += frac;
    }
    return out + "Z";
}

}  // namespace

class recorder::session {
public:
    session(recorder& owner, int id, int client, std::string peer)
        : owner_(owner),
          client_(client),
          start_(std::chrono::steady_clock::now()),
          cutter_(id, owner.options_.redact_values) {
        info_.id = id;
        info_.started = utc_now(time_precision::microseconds);
        info_.peer = std::move(peer);
    }
    ~session() {
        if (thread_.joinable()) thread_.join();
    }
    void start() {
        thread_ = std::thread([this] { run(); });
    }
    void join() {
        if (thread_.joinable()) thread_.join();
    }
    /// Ends the session from another thread: both sockets are shut down, the thread finishes.
    void shut_down() {
        std::lock_guard lock(fd_mutex_);
        stopped_ = true;
        if (client_ >= 0) ::shutdown(client_, SHUT_RDWR);
        if (server_ >= 0) ::shutdown(server_, SHUT_RDWR);
    }

private:
    void run() {
        owner_.write(format_session_begin(info_));
        std::string reason;
        try {
            const int fd = replay::connect_to(owner_.options_.server, owner_.options_.connect_timeout);
            std::lock_guard lock(fd_mutex_);
            server_ = fd;
            if (stopped_) ::shutdown(server_, SHUT_RDWR);
        } catch (const std::exception& e) {
            reason = e.what();
        }
        if (reason.empty()) reason = forward();
        write(cutter_.finish(elapsed()));
        {
            std::lock_guard lock(fd_mutex_);
            replay::close_fd(client_);
            replay::close_fd(server_);
            client_ = server_ = -1;
            if (stopped_ && reason.find("closed") == std::string::npos) reason = "recorder stopped";
        }
        info_.ended_us = elapsed();
        info_.end_reason = reason;
        owner_.write(format_session_end(info_));
        owner_.session_ended();
    }

    std::int64_t elapsed() const {
        return std::chrono::duration_cast<std::chrono::microseconds>(std::chrono::steady_clock::now() -
                                                                     start_)
            .count();
    }

    // Copies bytes both ways until both sides have closed; returns why the session ended.
    std::string forward() {
        std::vector<std::uint8_t> buf(256 * 1024);
        bool open[2] = {true, true};  // reading from the client, from the server
        std::string reason;
        while (open[0] || open[1]) {
            pollfd p[2] = {{open[0] ? client_ : -1, POLLIN, 0}, {open[1] ? server_ : -1, POLLIN, 0}};
            if (::poll(p, 2, -1) < 0) {
                if (errno == EINTR) continue;
                return "poll failed";
            }
            for (int side = 0; side < 2; ++side) {
                if (p[side].revents == 0 || !open[side]) continue;
                const int from = side == 0 ? client_ : server_, to = side == 0 ? server_ : client_;
                const ssize_t n = ::recv(from, buf.data(), buf.size(), 0);
                if (n < 0 && errno == EINTR) continue;
                if (n <= 0) {
                    open[side] = false;
                    ::shutdown(to, SHUT_WR);
                    if (reason.empty()) reason = side == 0 ? "client closed" : "server closed";
                    continue;
                }
                const std::span<const std::uint8_t> bytes(buf.data(), static_cast<std::size_t>(n));
                // Forward first: recording never delays the traffic by more than a copy.
                if (!replay::send_all(to, bytes)) open[1 - side] = false;
                received(side == 0 ? direction::c2s : direction::s2c, bytes);
            }
        }
        return reason;
    }

    void received(direction d, std::span<const std::uint8_t> bytes) {
        write(cutter_.received(d, bytes, elapsed()));
    }

    void write(const std::vector<record>& records) {
        for (const auto& r : records) owner_.write(format_record(r));
    }

    recorder& owner_;
    int client_ = -1, server_ = -1;
    std::mutex fd_mutex_;
    bool stopped_ = false;
    std::chrono::steady_clock::time_point start_;
    session_info info_;
    record_cutter cutter_;
    std::thread thread_;
};

recorder::recorder(record_options o) : options_(std::move(o)), listener_(options_.listen) {
    file_ = std::fopen(options_.output.c_str(), "wb");
    if (!file_) throw std::runtime_error("cannot write " + options_.output + ": " + std::strerror(errno));
    capture header;
    header.recorded = utc_now(time_precision::seconds);
    header.listen = listener_.address();
    header.server = options_.server.to_string();
    header.values = std::string(options_.redact_values ? values_redacted : values_kept);
    header.client = options_.client;
    header.notes = options_.notes;
    header.masks = default_masks();
    header.script_name = options_.script_name;
    header.script = options_.script;
    write(format_header(header));
}

recorder::~recorder() {
    stop();
    std::vector<session*> all;
    {
        std::lock_guard lock(sessions_mutex_);
        for (auto& s : sessions_) all.push_back(s.get());
    }
    for (auto* s : all) s->join();
    if (file_) std::fclose(file_);
}

void recorder::write(const std::string& text) {
    std::lock_guard lock(file_mutex_);
    std::fwrite(text.data(), 1, text.size(), file_);
    std::fflush(file_);
}

void recorder::run() {
    for (;;) {
        std::string peer;
        const int fd = listener_.accept(&peer);
        if (fd < 0) break;
        if (stopping_) {
            replay::close_fd(fd);
            break;
        }
        const int id = static_cast<int>(++started_);
        std::lock_guard lock(sessions_mutex_);
        sessions_.push_back(std::make_unique<session>(*this, id, fd, std::move(peer)));
        sessions_.back()->start();
    }
    stop();
    // Joined without the lock: a session that ends the recording (the session limit) calls stop().
    std::vector<session*> all;
    {
        std::lock_guard lock(sessions_mutex_);
        for (auto& s : sessions_) all.push_back(s.get());
    }
    for (auto* s : all) s->join();
}

void recorder::session_ended() {
    if (options_.sessions != 0 && ++ended_ >= options_.sessions) stop();
}

void recorder::stop() noexcept {
    if (stopping_.exchange(true)) return;
    listener_.shut_down();
    std::lock_guard lock(sessions_mutex_);
    for (auto& s : sessions_) s->shut_down();
}

}  // namespace ifx::cap
