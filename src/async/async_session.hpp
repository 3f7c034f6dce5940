#pragma once
// The state behind ifx::async_connection and the Asio driver that runs sans-I/O operations over
// it. All of it is used from the connection's executor only (one thread or one strand).
#include <asio/ip/tcp.hpp>
#include <asio/ssl.hpp>
#include <asio/steady_timer.hpp>
#include <chrono>
#include <functional>
#include <list>
#include <memory>
#include <optional>
#include <string>
#include <vector>

#include "ifx/async_connection.hpp"
#include "net/byte_buffer.hpp"
#include "net/stream.hpp"
#include "net/tls_setup.hpp"
#include "proto/operation.hpp"
#include "proto/statement_ops.hpp"
#include "proto/trace.hpp"

namespace ifx::detail {

/// One TCP (or TLS) connection and the driver's I/O state. A new transport is made for each
/// connection attempt; completion handlers keep theirs alive and ignore events of a transport
/// that is no longer current, so a cancelled read can never touch a later connection.
struct async_transport {
    explicit async_transport(const asio::any_io_executor& ex) : socket(ex) {}
    asio::ip::tcp::socket socket;
    std::optional<asio::ssl::context> tls_context;
    std::optional<asio::ssl::stream<asio::ip::tcp::socket&>> tls;
    net::tls_reply_start reply;         // the server's first bytes in the TLS handshake
    net::byte_buffer in;                // received, not yet consumed by the operation
    std::vector<std::uint8_t> pending;  // produced by the operation, not yet handed to the socket
    std::vector<std::uint8_t> sending;  // being written
    bool writing = false;
    bool reading = false;
    bool fresh_input = false;  // bytes arrived since the operation last saw the input
    std::error_code failure;   // first transport failure

    void close() noexcept {
        std::error_code ignored;
        socket.shutdown(asio::ip::tcp::socket::shutdown_both, ignored);
        socket.close(ignored);
    }
};

/// The session behind an async_connection, for the library's async pool.
struct async_connection_access {
    static async_session* of(const async_connection& c) noexcept { return c.s_.get(); }
};

struct async_prepared {
    std::weak_ptr<async_session> owner;
    proto::statement_ref ref;
};

struct async_cursor_state {
    std::shared_ptr<async_session> owner;
    std::shared_ptr<async_prepared> statement;  // kept prepared while the cursor is open
    bool release_on_close = false;              // the statement was prepared just for the cursor
    std::int16_t statement_id = 0;
    std::vector<column_info> columns;
    proto::row_batch batch;
    bool exhausted = false;
    std::int64_t fetched = 0;          // rows the cursor has returned so far
    bool first_batch_pending = false;  // the OPEN group already fetched a batch not yet returned
    bool closed = false;
};

class async_session : public std::enable_shared_from_this<async_session> {
public:
    explicit async_session(asio::any_io_executor executor)
        : ex(std::move(executor)), wake(ex), transport(std::make_shared<async_transport>(ex)) {}

    asio::any_io_executor ex;
    asio::steady_timer wake;  // I/O completions cancel it; its expiry is the operation's deadline
    std::shared_ptr<async_transport> transport;
    proto::session_state state;
    connect_params params;
    session_info info;
    std::optional<proto::tracer> trace;
    std::list<std::shared_ptr<async_prepared>> cache;  // most recently used first
    std::size_t cache_capacity = 0;
    std::vector<proto::deferred_free> deferred;                  // statements and cursors dropped without I/O
    std::vector<std::weak_ptr<async_prepared>> user_statements;  // made by async_prepare
    bool aborted = false;                                        // async_connection::abort()
    std::chrono::milliseconds op_timeout{0};
    bool connected = false;

    async_task* task = nullptr;  // the operation in flight
    diagnostics diag;            // its diagnostics
    net::clock::time_point deadline;
    std::function<std::string()> describe_timeout;  // what the deadline means now, if not the default

    bool usable() const noexcept { return connected && !state.broken; }

    /// Runs op (one step per I/O event): true once it is finished, with ec its outcome. A
    /// transport failure or protocol violation closes the connection; server errors do not.
    bool drive(proto::operation& op, std::error_code& ec);
    /// Starts an asynchronous read/write/other step whose completion wakes the operation.
    void start_read();
    void start_write();
    /// A completion handler for a transport operation of `t` that records the outcome and wakes.
    void wake_up() { wake.cancel(); }
    /// Closes the transport and marks the session broken; returns ec after filling diag.
    std::error_code fail(std::error_code ec, const char* what);
    void reset_driver() noexcept { driving_ = nullptr; }
    /// A fresh transport for a new connection attempt (the old one is closed).
    void new_transport();
    void set_deadline(std::chrono::milliseconds timeout);

private:
    proto::operation* driving_ = nullptr;
    bool op_done_ = false;
    std::error_code op_error_;
};

}  // namespace ifx::detail
