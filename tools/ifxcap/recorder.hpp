#pragma once
// `ifxcap record`: a TCP proxy between any SQLI client and a server that writes every session to a
// capture file as it happens, one record per login packet or message group, with passwords and
// PAM answers masked (and, if asked, data values zeroed) before anything reaches the file.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdio>
#include <memory>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

#include "capture.hpp"
#include "net.hpp"

namespace ifx::cap {

struct record_options {
    replay::endpoint listen;  ///< where clients connect (port 0: the kernel picks one)
    replay::endpoint server;  ///< the server to forward to (plain TCP)
    std::string output;       ///< the capture file (created or truncated)
    bool redact_values = false;
    std::size_t sessions = 0;  ///< stop after this many sessions have ended (0: until stop())
    std::string client;        ///< written to the header when given ("ifxsql", "jdbc", …)
    std::vector<std::string> notes;
    std::string script_name;  ///< the statements the client runs, embedded in the header
    std::string script;
    std::chrono::milliseconds connect_timeout{10000};
};

class recorder {
public:
    /// Creates the file, writes the header and starts listening. Throws std::runtime_error.
    explicit recorder(record_options o);
    ~recorder();
    recorder(const recorder&) = delete;
    recorder& operator=(const recorder&) = delete;

    /// The bound listening address ("127.0.0.1:40123").
    const std::string& address() const noexcept { return listener_.address(); }
    /// Accepts and records sessions until stop() or the session limit; returns once every
    /// session has ended and the file is complete.
    void run();
    /// Stops accepting and ends the open sessions (thread-safe; from a signal-watching thread).
    void stop() noexcept;
    std::size_t sessions_started() const noexcept { return started_; }

private:
    class session;
    void write(const std::string& text);
    void session_ended();

    record_options options_;
    replay::listener listener_;
    std::FILE* file_ = nullptr;
    std::mutex file_mutex_;
    std::mutex sessions_mutex_;
    std::vector<std::unique_ptr<session>> sessions_;
    std::atomic<bool> stopping_{false};
    std::atomic<std::size_t> started_{0}, ended_{0};
};

}  // namespace ifx::cap
