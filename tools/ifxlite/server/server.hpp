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

#include "catalog/catalog.hpp"
#include "protocol/session.hpp"
#include "server/faults.hpp"
#include "server/tls.hpp"

namespace ifx::lite {

struct server_options {
    std::string host = "127.0.0.1";
    std::uint16_t port = 9088;  ///< 0 picks a free port
    std::filesystem::path data_dir;
    session_config session;
    std::size_t max_sessions = 1024;
    std::string tls_host;  ///< empty: no TLS listener
    std::uint16_t tls_port = 0;
    std::string cert_file, key_file;
    /// How long an incomplete request group that ends with SQ_EOT's bytes (or an incomplete login
    /// packet) may wait for more before it is answered with SQ_ERR -929 (after login) and the
    /// connection closed; any other incomplete input waits at most max(input_stall_ms, 30 s).
    /// Long enough for a client descheduled in the middle of writing a large group on a loaded
    /// machine, short against client timeouts (nmap waits 20 s).
    int input_stall_ms = 5000;
    std::string control_host;  ///< empty: no control socket
    std::uint16_t control_port = 0;
};

class server {
public:
    explicit server(server_options options);
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    /// Prepares the data directory and binds the listening socket.
    bool start(std::string& error);
    /// "HOST:PORT" with the port actually bound (plain, TLS, control).
    std::string endpoint() const;
    std::string tls_endpoint() const;
    std::string control_endpoint() const;
    /// Settings consulted by every connection; flags set them before run().
    fault_settings& faults() { return faults_; }
    /// Accepts connections until stop(); then closes every session (rolling back) and returns.
    void run();
    /// Async-signal-safe: wakes run() so that it shuts down.
    void stop() noexcept;

private:
    struct connection {
        int fd = -1;
        bool tls = false;
        std::uint64_t generation = 0;  ///< kill-all generation at accept
        std::thread thread;
        std::atomic<bool> finished{false};
        std::atomic<bool> busy{false};       ///< a request group is being run
        std::atomic<bool> interrupt{false};  ///< its statement must stop (engine::set_interrupt_flag)
    };

    void serve(connection& c);
    enum class reap_scope { finished, all };  ///< finished connections, or all after stop()
    void reap(reap_scope scope);
    enum class listener { plain, tls };
    void accept_on(int listen_fd, listener kind);
    void serve_control(int fd);
    void kill_all();
    /// Interrupts the running statement of every connection whose peer has closed (a client that
    /// went away mid-statement), so that its locks go within a second.
    void interrupt_abandoned();

    server_options options_;
    catalog catalog_;
    int listen_fd_ = -1;
    int tls_fd_ = -1;
    int control_fd_ = -1;
    std::uint16_t tls_bound_port_ = 0;
    std::uint16_t control_bound_port_ = 0;
    tls_context tls_;
    fault_settings faults_;
    std::uint64_t killed_generation_ = 0;
    int wake_read_ = -1;
    int wake_write_ = -1;
    std::uint16_t bound_port_ = 0;
    std::mutex mutex_;
    std::list<std::unique_ptr<connection>> connections_;
};

/// Splits "HOST:PORT" (or "[v6]:PORT"); false if malformed.
bool parse_endpoint(const std::string& text, std::string& host, std::uint16_t& port);

}  // namespace ifx::lite
