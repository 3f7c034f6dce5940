#pragma once
// Helpers for the pool's integration tests: an ifxlite with the control socket, a server that can
// be stopped and restarted on the same port and data directory, and a log capture.
#include <netinet/in.h>
#include <signal.h>
#include <spawn.h>
#include <sys/socket.h>
#include <sys/wait.h>
#include <unistd.h>

#include <atomic>
#include <chrono>
#include <filesystem>
#include <mutex>
#include <stdexcept>
#include <string>
#include <thread>
#include <vector>

#include "ifx/ifx.hpp"
#include "ifx/pool.hpp"
#include "support/ifxlite_process.hpp"

extern char** environ;

namespace ifx::test {

inline ifxlite_options pool_lite_options() {
    ifxlite_options o;
    o.extra_args = {"--control", "127.0.0.1:0"};
    return o;
}

/// One ifxlite with --control for the pool tests (database "ptest", logged).
inline ifxlite_process& pool_lite() {
    static ifxlite_process p(pool_lite_options());
    static const bool created = (p.create_database("ptest", "log"), true);
    (void)created;
    return p;
}

inline connect_params pool_lite_params() {
    auto p = parse_url(pool_lite().url("ptest") + "&tls=disable");
    p.connect_timeout = std::chrono::milliseconds(2000);
    return p;
}

/// ifxlite on a fixed port with a fixed data directory, so it can be killed and started again.
class restartable_lite {
public:
    restartable_lite() {
        std::string pattern = (std::filesystem::temp_directory_path() / "ifxpool-XXXXXX").string();
        if (!::mkdtemp(pattern.data())) throw std::runtime_error("mkdtemp failed");
        dir_ = pattern;
        port_ = free_port();
        run_and_wait({IFXLITE_PATH, "--data", dir_, "--create-database", "rtest", "--log"});
        start();
    }
    ~restartable_lite() {
        stop();
        std::error_code ec;
        std::filesystem::remove_all(dir_, ec);
    }
    restartable_lite(const restartable_lite&) = delete;
    restartable_lite& operator=(const restartable_lite&) = delete;

    void start() {
        int out[2];
        if (::pipe(out) != 0) throw std::runtime_error("pipe failed");
        posix_spawn_file_actions_t actions;
        posix_spawn_file_actions_init(&actions);
        posix_spawn_file_actions_adddup2(&actions, out[1], 1);
        posix_spawn_file_actions_addclose(&actions, out[0]);
        const std::string listen = "127.0.0.1:" + std::to_string(port_);
        std::vector<std::string> args = {IFXLITE_PATH, "--listen",    listen, "--data",
                                         dir_,         "--log-level", "error"};
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        for (int attempt = 0; attempt < 50; ++attempt) {  // the port may linger briefly after a stop
            if (posix_spawn(&pid_, argv[0], &actions, nullptr, argv.data(), environ) != 0)
                throw std::runtime_error("spawn failed");
            char buf[256];
            const ssize_t n = ::read(out[0], buf, sizeof buf);
            if (n > 0 && std::string(buf, static_cast<std::size_t>(n)).find("listening") != std::string::npos)
                break;
            int status = 0;
            ::waitpid(pid_, &status, 0);
            pid_ = -1;
            std::this_thread::sleep_for(std::chrono::milliseconds(100));
        }
        posix_spawn_file_actions_destroy(&actions);
        ::close(out[0]);
        ::close(out[1]);
        if (pid_ <= 0) throw std::runtime_error("ifxlite did not restart");
    }
    /// SIGKILL: the server dies without closing anything politely.
    void stop() {
        if (pid_ <= 0) return;
        ::kill(pid_, SIGKILL);
        int status = 0;
        ::waitpid(pid_, &status, 0);
        pid_ = -1;
    }
    std::uint16_t port() const { return port_; }
    connect_params params() const {
        auto p = parse_url("informix://informix:in4mix@127.0.0.1:" + std::to_string(port_) +
                           "/rtest?server=ifxlite&tls=disable");
        p.connect_timeout = std::chrono::milliseconds(2000);
        return p;
    }

private:
    static std::uint16_t free_port() {
        const int fd = ::socket(AF_INET, SOCK_STREAM, 0);
        sockaddr_in a{};
        a.sin_family = AF_INET;
        a.sin_addr.s_addr = htonl(INADDR_LOOPBACK);
        socklen_t len = sizeof a;
        ::bind(fd, reinterpret_cast<sockaddr*>(&a), sizeof a);
        ::getsockname(fd, reinterpret_cast<sockaddr*>(&a), &len);
        ::close(fd);
        return ntohs(a.sin_port);
    }
    static void run_and_wait(std::vector<std::string> args) {
        std::vector<char*> argv;
        for (auto& a : args) argv.push_back(a.data());
        argv.push_back(nullptr);
        pid_t pid = -1;
        if (posix_spawn(&pid, argv[0], nullptr, nullptr, argv.data(), environ) != 0)
            throw std::runtime_error("spawn failed");
        int status = 0;
        ::waitpid(pid, &status, 0);
    }

    std::string dir_;
    std::uint16_t port_ = 0;
    pid_t pid_ = -1;
};

/// Collects a pool's log records.
struct log_capture {
    std::mutex mutex;
    std::vector<std::pair<log_level, std::string>> records;
    log_handler handler() {
        return [this](log_level l, std::string_view m) {
            std::lock_guard lock(mutex);
            records.emplace_back(l, std::string(m));
        };
    }
    bool contains(std::string_view text) {
        std::lock_guard lock(mutex);
        for (auto& r : records)
            if (r.second.find(text) != std::string::npos) return true;
        return false;
    }
};

inline std::uint64_t closed(const pool_stats& s, pool_close_reason r) {
    return s.closed[static_cast<std::size_t>(r)];
}

/// A table name no other test of this process (or a concurrent run) uses.
inline std::string unique_table(const char* base) {
    static std::atomic<int> n{0};
    return std::string(base) + "_" + std::to_string(::getpid()) + "_" + std::to_string(++n);
}

/// Pool options for the tests: `max_size` connections, a 5 s acquire timeout, records to `logs`.
inline pool_params quiet(log_capture& logs, std::size_t max_size = 1) {
    pool_params p;
    p.max_size = max_size;
    p.acquire_timeout = std::chrono::seconds(5);
    p.log = logs.handler();
    return p;
}

/// quiet() for the server-restart tests: min_size 1, every acquire validated, reconnect backoff
/// from `backoff_min` to `backoff_max`.
inline pool_params recovering(log_capture& logs, std::size_t max_size, std::chrono::milliseconds backoff_min,
                              std::chrono::milliseconds backoff_max) {
    pool_params p = quiet(logs, max_size);
    p.min_size = 1;
    p.validate_after_idle = std::chrono::milliseconds(0);
    p.reconnect_backoff_min = backoff_min;
    p.reconnect_backoff_max = backoff_max;
    return p;
}

/// The server's session id of c (DBINFO('sessionid')). The query leaves its cursor's CLOSE queued
/// on c, as every finished query does.
template <class Conn>
std::int64_t server_session_of(Conn& c) {
    return c.template query_value<std::int64_t>("SELECT DBINFO('sessionid') FROM systables WHERE tabid = 1");
}

/// The cursors the server holds open for session `sid` (ifxlite's `open-cursors`, what onstat -g
/// sql shows on IDS): a cursor counts from its OPEN to its CLOSE, fetched to the end or not.
inline int server_open_cursors(std::int64_t sid) {
    const std::string answer = pool_lite().control("open-cursors " + std::to_string(sid));
    if (answer.rfind("ok ", 0) != 0) throw std::runtime_error("open-cursors: " + answer);
    return std::stoi(answer.substr(3));
}

/// Polls `done` every 10 ms until it holds or `until` passes (the pool's background work runs
/// on its own schedule); the caller then checks the state it waited for.
template <class Done>
void poll_until(std::chrono::steady_clock::time_point until, Done done) {
    while (!done() && std::chrono::steady_clock::now() < until)
        std::this_thread::sleep_for(std::chrono::milliseconds(10));
}

}  // namespace ifx::test
