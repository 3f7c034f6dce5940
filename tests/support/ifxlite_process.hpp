#pragma once
// Starts the ifxlite binary on an ephemeral loopback port with a fresh data directory, for tests
// that need a real server process.
#include <sys/types.h>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ifx::test {

struct ifxlite_options {
    std::string server_name = "ifxlite";
    std::string user = "informix";
    std::string password = "in4mix";
    std::vector<std::string> extra_args;
};

/// Runs IFXLITE_PATH on 127.0.0.1, port 0, with a temporary data directory, the options' extra
/// arguments and then those of the environment variable IFX_TEST_IFXLITE_ARGS (blank separated,
/// e.g. "--profile legacy"). The constructor waits (up to 20 s) for the "ifxlite listening on
/// HOST:PORT" line and throws std::runtime_error with the server's stderr if it does not come.
/// The destructor sends SIGTERM, waits (SIGKILL after a timeout) and removes the data directory.
/// Not copyable; not thread-safe.
class ifxlite_process {
public:
    explicit ifxlite_process(ifxlite_options options = {});
    ~ifxlite_process();
    ifxlite_process(const ifxlite_process&) = delete;
    ifxlite_process& operator=(const ifxlite_process&) = delete;

    std::string host() const { return "127.0.0.1"; }
    std::uint16_t port() const { return port_; }
    /// Ports of the TLS listener and the control socket (0 unless --tls-listen / --control were given).
    std::uint16_t tls_port() const { return tls_port_; }
    std::uint16_t control_port() const { return control_port_; }
    pid_t pid() const { return pid_; }
    /// The server's resident set size in KiB (VmRSS), or -1.
    long rss_kib() const;
    /// Sends one fault-injection control command and returns the answer line ("ok …").
    std::string control(std::string_view command) const;
    /// SIGTERM and wait; true if the server exited with status 0.
    bool terminate();
    const std::string& data_dir() const { return data_dir_; }
    const ifxlite_options& options() const { return options_; }

    /// "informix://USER:PASSWORD@127.0.0.1:PORT/DATABASE?server=NAME"
    std::string url(std::string_view database) const;

    /// Creates a database with the binary's one-shot mode; mode "" (unlogged), "log" or "ansi".
    /// Throws std::runtime_error on failure.
    void create_database(std::string_view name, std::string_view mode = "log");

    /// What the server has written to stderr so far.
    std::string server_log() const;

private:
    void stop() noexcept;

    ifxlite_options options_;
    std::string root_dir_;
    std::string data_dir_;
    std::string log_path_;
    pid_t pid_ = -1;
    std::uint16_t port_ = 0;
    std::uint16_t tls_port_ = 0;
    std::uint16_t control_port_ = 0;
};

}  // namespace ifx::test
