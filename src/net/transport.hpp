#pragma once
// The only code that touches sockets: one TCP (or TLS) connection to a server, the same for the
// sync and the async connection. Every operation is started asynchronously on an Asio executor
// and completes through a handler that records its outcome here and calls `wake`; the session
// core (src/session/core.hpp) decides what to start and its two drivers decide how to wait: the
// sync one runs a private io_context until the next completion, the async one sleeps on a timer
// that `wake` cancels. Reads and writes can be in flight together (full duplex), so a large
// pipelined request never blocks the replies it provokes. The one exception to the executor is
// the sync face waiting only for a reply on plain TCP: receive_until reads with poll and recv
// directly (half the system calls of the executor's path).
#include <sys/types.h>

#include <asio/any_io_executor.hpp>
#include <asio/ip/tcp.hpp>
#include <asio/ssl/context.hpp>
#include <asio/ssl/stream.hpp>
#include <atomic>
#include <chrono>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "net/byte_buffer.hpp"

namespace ifx::net {

using clock = std::chrono::steady_clock;

/// TLS settings for a connect; absent = plain TCP.
struct tls_options {
    bool verify_chain = true;
    bool verify_host = true;
    std::string ca_file;
    std::string ca_dir;
    std::string server_name;  // verified and sent as SNI; the connect host when empty
};

/// The server's first bytes in a TLS handshake (net/tls_setup.hpp).
struct tls_reply_start {
    std::uint8_t bytes[2] = {};
    std::size_t size = 0;  // bytes seen, at most 2
    /// Content type 0x14–0x17 (ChangeCipherSpec, alert, handshake, application data), then
    /// major version 3: what any TLS record starts with.
    bool looks_like_tls() const noexcept;
};

/// SQLCODEs IBM's client libraries report when a connection cannot be made (docs/errors.md): the
/// host name cannot be resolved (-930), no address accepts the TCP connection (-908).
inline constexpr int sqlcode_cannot_connect = -930;
inline constexpr int sqlcode_connect_failed = -908;

/// How a connect ended (transport::connect_outcome).
struct connect_failure {
    std::error_code ec;  ///< errc::network_error, errc::tls_error; clear on success
    std::string detail;  ///< what failed, for diagnostics::client_message
    int sqlcode = 0;     ///< sqlcode_cannot_connect, sqlcode_connect_failed or 0
};

class transport : public std::enable_shared_from_this<transport> {
public:
    /// `wake` is called (on the executor) after every completion; may be empty.
    transport(asio::any_io_executor ex, std::function<void()> wake);
    ~transport();
    transport(const transport&) = delete;
    transport& operator=(const transport&) = delete;

    // ---- connecting --------------------------------------------------------------------------------

    /// Resolves host, connects to the first address that answers, sets TCP_NODELAY and keepalive,
    /// and with tls completes the TLS handshake and its verification.
    void start_connect(const std::string& host, std::uint16_t port, const std::optional<tls_options>& tls);
    /// True from start_connect until the connect has finished.
    bool connecting() const noexcept { return stage_ != stage::idle && stage_ != stage::done; }
    /// How the finished connect went.
    const connect_failure& connect_outcome() const noexcept { return outcome_; }
    /// What a deadline passing now interrupts: the resolution, the TCP connect or the handshake.
    std::string timeout_text() const;

    // ---- exchanging --------------------------------------------------------------------------------

    /// Starts writing all of bytes (which must stay alive until the write completes).
    void start_write(std::span<const std::uint8_t> bytes);
    /// Writes as much of bytes as the socket takes at once, without waiting and without a trip
    /// through the executor; returns how many it took. Plain TCP only (0 under TLS, while a write
    /// is in flight, or after a failure); a failure is recorded as failure(). For the short
    /// writes nothing waits for (the frees a pooled connection writes when it is returned).
    std::size_t write_now(std::span<const std::uint8_t> bytes);
    /// Starts reading at least one byte into input().
    void start_read();
    /// True when receive_until() may be used: plain TCP, open, no write or read in flight.
    bool can_receive_directly() const noexcept {
        return !tls_ && !writing_ && !reading_ && socket_.is_open();
    }
    /// Waits until bytes arrive or `deadline` passes and reads them into input() with direct
    /// system calls, not through the executor: for the sync face, where it costs one poll and one
    /// recv per reply (the executor's path costs a speculative recv and three epoll_waits more).
    /// Only while can_receive_directly(). False when the deadline passed first; a failure (EOF,
    /// a reset, an interrupt()) is recorded as failure() and returns true.
    bool receive_until(clock::time_point deadline);
    bool writing() const noexcept { return writing_; }
    bool reading() const noexcept { return reading_; }
    /// True once after bytes arrived (since the last call).
    bool take_fresh_input() noexcept { return std::exchange(fresh_input_, false); }
    /// The first failure of a completed read or write: errc::connection_closed on EOF,
    /// errc::network_error otherwise.
    std::error_code failure() const noexcept { return failure_; }
    /// The bytes received and not yet consumed.
    byte_buffer& input() noexcept { return in_; }

    /// What reading without waiting found on an idle connection.
    enum class poll_result {
        nothing,  ///< no byte (or only part of a TLS record)
        bytes,    ///< bytes were appended to input()
        closed,   ///< the peer closed or reset the connection
    };
    /// Reads whatever has arrived, without blocking, into input(). Only while nothing else is in
    /// flight on the connection.
    poll_result read_available();

    /// Closes the socket; operations in flight complete with an error. Idempotent.
    void close() noexcept;
    bool is_open() const noexcept { return socket_.is_open(); }

    /// Thread-safe: shuts the socket down (both directions) from any thread, so a read or write
    /// in flight fails at once, as do later ones. The descriptor stays the owner's to close.
    void interrupt() noexcept;

private:
    enum class stage { idle, resolving, connecting, handshaking, done };
    void on_resolved(const std::error_code& ec, const asio::ip::tcp::resolver::results_type& endpoints);
    void on_connected(const std::error_code& ec);
    void start_handshake();
    void on_handshake(const std::error_code& ec);
    void connect_failed(std::error_code ec, std::string detail, int sqlcode = 0);
    void connect_done();
    void record(const std::error_code& ec);
    poll_result receive_available();
    ssize_t receive_now();
    void publish_fd(int fd) noexcept;
    void notify() const {
        if (wake_) wake_();
    }

    asio::any_io_executor ex_;
    std::function<void()> wake_;
    asio::ip::tcp::socket socket_;
    std::optional<asio::ip::tcp::resolver> resolver_;
    std::optional<asio::ssl::context> tls_context_;
    std::optional<asio::ssl::stream<asio::ip::tcp::socket&>> tls_;
    std::optional<tls_options> tls_options_;
    tls_reply_start reply_;  // the server's first bytes in the handshake
    std::string host_;
    std::uint16_t port_ = 0;
    stage stage_ = stage::idle;
    connect_failure outcome_;

    byte_buffer in_;
    bool writing_ = false;
    bool reading_ = false;
    bool fresh_input_ = false;
    bool sent_since_read_ = false;  // a request went out since the last read: its reply is not here yet
    std::error_code failure_;

    // interrupt() runs on other threads: it only ever touches these. The descriptor is published
    // after a successful connect and withdrawn before the socket is closed, so a shutdown can
    // never reach a descriptor number the process reused.
    std::mutex interrupt_mutex_;
    int interrupt_fd_ = -1;
    bool interrupted_ = false;
};

}  // namespace ifx::net
