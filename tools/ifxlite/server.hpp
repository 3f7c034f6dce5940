#pragma once
// The TCP side of ifxlite: a listener and one thread per connection, each driving a session.
#include <atomic>
#include <cstdint>
#include <filesystem>
#include <list>
#include <memory>
#include <mutex>
#include <string>
#include <thread>

#include "catalog.hpp"
#include "session.hpp"

namespace ifx::lite {

struct server_options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 9088;  ///< 0 picks a free port
    std::filesystem::path data_dir;
    session_config session;
    std::size_t max_sessions = 1024;
};

class server {
public:
    explicit server(server_options options);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    /// Prepares the data directory and binds the listening socket.
    bool start(std::string& error);
    /// "HOST:PORT" with the port actually bound.
    std::string endpoint() const;
    /// Accepts connections until stop(); then closes every session (rolling back) and returns.
    void run();
    /// Async-signal-safe: wakes run() so that it shuts down.
    void stop() noexcept;

private:
    struct connection {
        int fd = -1;
        std::thread thread;
        std::atomic<bool> finished{false};
    };

    void serve(connection& c);
    void reap(bool all);

    server_options options_;
    catalog catalog_;
    int listen_fd_ = -1;
    int wake_read_ = -1;
    int wake_write_ = -1;
    std::uint16_t bound_port_ = 0;
    std::mutex mutex_;
    std::list<std::unique_ptr<connection>> connections_;
};

/// Splits "HOST:PORT" (or "[v6]:PORT"); false if malformed.
bool parse_endpoint(const std::string& text, std::string& host, std::uint16_t& port);

}  // namespace ifx::lite
