#pragma once
// TCP plumbing for the recorder and the replay server: addresses, a listening socket, blocking
// connects and whole writes. Throws std::runtime_error (with the system's reason) where noted.
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>

namespace ifx::replay {

struct endpoint {
    std::string host;
    std::uint16_t port = 0;
    /// "host:port", with brackets around an IPv6 address.
    std::string to_string() const;
};

/// "HOST:PORT" or "[IPV6]:PORT" (port 0 allowed: the kernel picks one); nullopt if malformed.
std::optional<endpoint> parse_endpoint(std::string_view text);

/// A listening TCP socket.
class listener {
public:
    /// 127.0.0.1 with a kernel-chosen port.
    listener();
    /// Binds the address (a name is resolved; port 0 picks a free port). Throws on failure.
    explicit listener(const endpoint& where);
    ~listener();
    listener(const listener&) = delete;
    listener& operator=(const listener&) = delete;

    std::uint16_t port() const noexcept { return port_; }
    /// The bound address, e.g. "127.0.0.1:40123".
    const std::string& address() const noexcept { return address_; }
    /// Blocks for the next connection (TCP_NODELAY set); -1 once shut down. `peer` receives the
    /// client's address when given.
    int accept(std::string* peer = nullptr);
    /// Makes accept() return -1 (from another thread or a signal handler's thread).
    void shut_down() noexcept;

private:
    void open(const endpoint& where);
    int fd_ = -1;
    std::uint16_t port_ = 0;
    std::string address_;
};

/// Connects to the address (resolving a name), within `timeout`; TCP_NODELAY set. Throws.
int connect_to(const endpoint& where, std::chrono::milliseconds timeout = std::chrono::seconds(10));

/// Writes every byte; false if the peer went away.
bool send_all(int fd, std::span<const std::uint8_t> bytes);

/// One read of at most n bytes that waits at most `timeout`: the count read, 0 at end of stream,
/// -1 on timeout or error.
long recv_some(int fd, std::uint8_t* p, std::size_t n, std::chrono::milliseconds timeout);

/// close(2), ignoring fd < 0.
void close_fd(int fd) noexcept;

}  // namespace ifx::replay
