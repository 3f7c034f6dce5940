#pragma once
// The one session core behind ifx::connection and ifx::async_connection (and so both pools): the
// session's state — protocol state, statement cache, statements and frees owed to the server,
// trace — and the driver that runs session operations over the transport. The sync face runs an
// operation to completion, waiting on a private io_context (run()); the async face steps it after
// every I/O completion and sleeps on a timer in between (begin/step/time_out/cancel). What the
// operations do — connect with failover, statements, cursors, batches, transactions, LOBs, close —
// is written once, in src/session/*.cpp.
#include <asio/io_context.hpp>
#include <asio/steady_timer.hpp>
#include <atomic>
#include <chrono>
#include <memory>
#include <mutex>
#include <optional>
#include <span>
#include <string>
#include <vector>

#include "ifx/connect_params.hpp"
#include "ifx/connection.hpp"
#include "net/transport.hpp"
#include "proto/statement_ops.hpp"
#include "proto/trace.hpp"
#include "session/session_op.hpp"
#include "session/statement_cache.hpp"

namespace ifx::detail {

/// A statement prepared on the server (id -1 until it is), owned by a public statement handle or
/// by the statement cache.
struct prepared : proto::statement_ref {
    std::weak_ptr<session_core> owner;
};

/// An open cursor; owned by the public cursor objects of both faces.
struct cursor_state {
    std::shared_ptr<session_core> owner;
    std::shared_ptr<prepared> statement;  // kept prepared while the cursor is open
    bool release_on_close = false;        // the cursor's statement was prepared just for it
    std::int16_t statement_id = 0;
    std::vector<column_info> columns;
    proto::row_batch batch;
    bool exhausted = false;
    std::int64_t fetched = 0;          // rows the cursor has returned so far
    bool first_batch_pending = false;  // the OPEN group already fetched a batch not yet returned
    bool closed = false;
    std::int32_t position = 0;            // scroll cursors: 1-based position of the current row
    std::vector<std::int32_t> positions;  // scroll cursors: positions of the rows in batch
};

class session_core : public std::enable_shared_from_this<session_core> {
public:
    /// A core for the sync face: it owns the io_context it waits on.
    session_core();
    /// A core for the async face, on the caller's executor (one thread or one strand).
    explicit session_core(asio::any_io_executor ex);
    ~session_core();
    session_core(const session_core&) = delete;
    session_core& operator=(const session_core&) = delete;

    // ---- the session's state: one copy for both faces ---------------------------------------------

    std::mutex mutex;  ///< sync face: held for every whole operation (and by its statement handles)
    proto::session_state state;
    connect_params params;  ///< as connected (without the password)
    session_info info;
    statement_cache cache;
    std::vector<std::weak_ptr<prepared>> user_statements;  ///< made by prepare
    /// CLOSE/RELEASE requests owed to the server (finished queries, dropped statements and
    /// cursors, evicted cache entries): sent in front of the next exchange, or by send_frees.
    std::vector<proto::free_request> deferred;
    /// Frees already sent whose replies have not been read: read in front of the next exchange's
    /// own replies, or by idle_check().
    std::vector<proto::free_request> unanswered;
    std::optional<proto::tracer> trace;
    /// Deadline of each exchange (0 = none): connect_params::read_timeout unless changed.
    std::chrono::milliseconds op_timeout{0};
    std::size_t connected_host = 0;  ///< index in [host, failover_hosts…] of the connected server
    bool connected = false;
    /// abort() was called: every action fails; a connect tries no further host. The sync face
    /// makes a new core per connect, the async face clears it when a connect starts.
    std::atomic<bool> aborted{false};

    bool usable() const noexcept { return connected && !state.broken; }
    const asio::any_io_executor& executor() const noexcept { return ex_; }

    // ---- running session operations ----------------------------------------------------------------

    /// Sync face: runs op to completion, blocking on the private io_context; `out` receives the
    /// diagnostics. The caller holds `mutex`.
    std::error_code run(session_op& op, diagnostics& out);

    /// Async face: makes op the operation in flight (errc::operation_in_progress when another is).
    std::error_code begin(session_op& op);
    /// Progresses the operation in flight as far as it can without waiting; true once it is
    /// finished (ec its outcome, diag its diagnostics).
    bool step(std::error_code& ec);
    /// When the driver must wake up at the latest (the current action's deadline).
    net::clock::time_point deadline() const noexcept { return action_.deadline; }
    /// The deadline passed: the current action fails with errc::timeout and the connection is
    /// closed (the next step() tells the operation).
    void time_out();
    /// Terminal cancellation of the operation in flight: it ends at once and the connection is
    /// closed (SQLI has no interrupt). Returns asio::error::operation_aborted.
    std::error_code cancel();
    bool busy() const noexcept { return op_ != nullptr; }
    /// The operation in flight's diagnostics.
    diagnostics diag;
    /// Async face: the timer the composed operation sleeps on; I/O completions cancel it.
    asio::steady_timer& wake_timer() noexcept { return wake_; }

    /// Closes the connection under the operation in flight, which fails promptly with
    /// errc::connection_closed, as do later ones. Sync face: from any thread (only the socket is
    /// shut down here). Async face: on the executor.
    void abort() noexcept;
    /// Drops the transport without a word to the server (the async connection's destructor).
    void drop() noexcept;
    /// Closes the transport now (a connect attempt that failed); the session is broken.
    void close_transport() noexcept;

    /// The pools, before lending an idle connection: reads what has arrived without waiting —
    /// the replies of the frees sent when it was returned, nothing else — and says whether the
    /// session is intact (the server neither closed it nor sent anything unasked).
    bool idle_check();

    // ---- for the session operations -------------------------------------------------------------

    /// The exchange action for op, with the operation deadline (now + op_timeout).
    action exchange(proto::operation* op, std::vector<std::uint8_t>* receive_into = nullptr) const;
    /// A deadline `timeout` from now (none for 0 or less).
    static net::clock::time_point deadline_after(std::chrono::milliseconds timeout) noexcept;
    /// The cached statement for sql (a released one is dropped), or nullptr.
    std::shared_ptr<prepared> cached(std::string_view sql);
    /// Caches a statement prepared by text; the statements it evicts are released with the next
    /// exchange.
    void remember(const std::shared_ptr<prepared>& p);
    /// Forgets everything owed for the session that ended (its statements died with it).
    void forget_statements() noexcept;
    /// The receive buffer (cleared for a new transport).
    bool transport_open() const noexcept { return transport_ && transport_->is_open(); }

private:
    friend struct core_access;  // tests drive the core over a socket they set up
    void start_action();
    bool progress_action();
    void end_exchange() noexcept;
    bool pump(proto::operation& op, std::error_code& ec);
    void flush_pending(bool now = false);
    void fail(std::error_code ec, const std::string& what);
    bool wait(net::clock::time_point deadline);
    void new_transport();

    std::unique_ptr<asio::io_context> io_;  // the sync face's (declared first: destroyed last)
    asio::any_io_executor ex_;
    asio::steady_timer wake_;
    std::shared_ptr<net::transport> transport_;
    std::mutex transport_mutex_;  // abort() from another thread against new_transport()

    session_op* op_ = nullptr;  // the operation in flight
    action action_;             // its current action
    bool in_action_ = false;
    std::error_code result_;  // the outcome of the last action, handed to next()

    // The exchange in flight (pump).
    std::unique_ptr<proto::operation> prelude_;  // frees sent in front of the exchange's operation
    proto::operation* running_ = nullptr;
    bool op_done_ = false;
    bool first_advance_ = false;
    std::error_code op_error_;
    std::vector<std::uint8_t> pending_;  // produced by the operation, not yet handed to the socket
    std::vector<std::uint8_t> sending_;  // being written
};

inline action session_core::exchange(proto::operation* op, std::vector<std::uint8_t>* receive_into) const {
    action a;
    a.what = action::kind::exchange;
    a.op = op;
    a.receive_into = receive_into;
    a.deadline = deadline_after(op_timeout);
    return a;
}

template <class T>
action single_exchange<T>::exchange(session_core& s, proto::operation* op) {
    return s.exchange(op, receive_into_);
}

}  // namespace ifx::detail
