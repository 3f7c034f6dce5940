#pragma once
// The only code that touches sockets for the synchronous API: TCP with per-call deadlines.
// Each call runs asynchronous Asio operations on a private io_context until they complete or
// the deadline passes; on a deadline the socket is closed (the stream is then unusable).
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <system_error>

#include "net/byte_buffer.hpp"

namespace ifx::net {

using clock = std::chrono::steady_clock;

class stream {
public:
    stream();
    ~stream();
    stream(const stream&) = delete;
    stream& operator=(const stream&) = delete;

    /// Resolves host and connects to the first address that answers; sets TCP_NODELAY and
    /// keepalive. `detail` receives a description of the failure.
    std::error_code connect(const std::string& host, std::uint16_t port, clock::time_point deadline,
                            std::string& detail);
    std::error_code write_all(std::span<const std::uint8_t> bytes, clock::time_point deadline);
    /// Reads at least one byte into buf. EOF is errc::connection_closed.
    std::error_code read_some(byte_buffer& buf, clock::time_point deadline);
    void close() noexcept;
    bool is_open() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace ifx::net
