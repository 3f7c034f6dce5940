#pragma once
// The only code that touches sockets for the synchronous API: TCP with deadlines.
// Reads and writes are started asynchronously on a private io_context and driven by wait(), so
// the driver can read replies while a large pipelined request is still being written (full
// duplex: neither side can fill its socket buffer and block the other). On a deadline the socket
// is closed and the stream is unusable.
#include <atomic>
#include <chrono>
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <system_error>

#include "net/byte_buffer.hpp"

namespace ifx::net {

using clock = std::chrono::steady_clock;

/// TLS settings for stream::connect; absent = plain TCP.
struct tls_options {
    bool verify_chain = true;
    bool verify_host = true;
    std::string ca_file;
    std::string ca_dir;
    std::string server_name;  // verified and sent as SNI; the connect host when empty
};

/// SQLCODEs IBM's client libraries report when a connection cannot be made (docs/errors.md): the
/// host name cannot be resolved (-930), no address accepts the TCP connection (-908).
inline constexpr int sqlcode_cannot_connect = -930;
inline constexpr int sqlcode_connect_failed = -908;

/// True when nothing has happened on an idle connection's socket since its last exchange: the
/// peer has neither closed nor reset it, and sent nothing unasked (a non-blocking peek: nothing is
/// consumed or sent). The pools look before lending a connection they do not ping.
bool idle_socket_intact(int fd) noexcept;

class stream {
public:
    stream();
    ~stream();
    stream(const stream&) = delete;
    stream& operator=(const stream&) = delete;

    /// Resolves host and connects to the first address that answers; sets TCP_NODELAY and
    /// keepalive; with tls, completes the TLS handshake and verification. `detail` receives a
    /// description of the failure (errc::tls_error for handshake or certificate failures), and
    /// `sqlcode` the SQLCODE IBM's clients report for it: sqlcode_cannot_connect when resolution
    /// fails, sqlcode_connect_failed when the connect does (errc::network_error); else 0.
    std::error_code connect(const std::string& host, std::uint16_t port, clock::time_point deadline,
                            std::string& detail, int& sqlcode, const tls_options* tls = nullptr);

    /// Starts writing all of bytes (which must stay alive until the write completes).
    void start_write(std::span<const std::uint8_t> bytes);
    /// Starts reading at least one byte into buf (which must stay alive until it completes).
    void start_read(byte_buffer& buf);
    bool writing() const noexcept;
    bool reading() const noexcept;
    /// Runs until at least one started operation completes or the deadline passes. Returns the
    /// first failure: errc::timeout (the socket is then closed), errc::connection_closed on EOF,
    /// errc::network_error otherwise.
    std::error_code wait(clock::time_point deadline);

    /// Blocking conveniences built on the above.
    std::error_code write_all(std::span<const std::uint8_t> bytes, clock::time_point deadline);
    std::error_code read_some(byte_buffer& buf, clock::time_point deadline);

    void close() noexcept;
    bool is_open() const noexcept;
    /// idle_socket_intact() of this stream's socket (false when closed).
    bool idle_intact() const noexcept;

    /// Thread-safe: shuts the socket down (both directions) from any thread, so a read or write
    /// in flight on the owner's thread fails at once and later ones fail too; a connect() in
    /// progress (or a later one) fails with errc::connection_closed once its name resolution, if
    /// any, has returned. The descriptor stays the owner's to close. Permanent: an interrupted
    /// stream is not connected again.
    void interrupt() noexcept;
    /// True once interrupt() was called.
    bool interrupted() const noexcept;

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace ifx::net
