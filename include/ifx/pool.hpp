#pragma once
/// @file
/// `ifx::pool`: a thread-safe pool of ifx::connection, and `ifx::pooled_connection`, the RAII
/// handle a borrower holds. See docs/pool.md for the semantics in full.
#include <array>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <optional>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>
#include "ifx/source_location.hpp"

#include "ifx/connect_params.hpp"
#include "ifx/connection.hpp"
#include "ifx/detail/pool_handle.hpp"
#include "ifx/error.hpp"
#include "ifx/log.hpp"

namespace ifx {

namespace detail::pool {
template <class Conn>
struct slot;
class shell;
extern template class pool_handle<shell, slot<connection>>;  // src/pool/pool.cpp
}  // namespace detail::pool

/// What the pool does on release with the session settings a borrower changed (the connection
/// tracks SET ISOLATION, SET LOCK MODE and SET ENVIRONMENT from the statement types the server
/// reports). By default no borrower ever gets another's settings: a changed setting is restored
/// with the statement given here, and a connection with a changed setting that has no statement is
/// closed, so the next borrower gets a fresh session with the server's defaults (the pool cannot
/// know them: the database's default isolation, a sysdbopen procedure or an after_connect hook may
/// have set them). Only the settings that changed are restored. A failing statement closes the
/// connection. The settings after_connect leaves are the connection's baseline, not a change.
struct session_restore {
    std::string isolation{};                 ///< e.g. "SET ISOLATION TO COMMITTED READ"
    std::string lock_mode{};                 ///< e.g. "SET LOCK MODE TO NOT WAIT"
    std::vector<std::string> environment{};  ///< e.g. {"SET ENVIRONMENT OPTCOMPIND '2'"}
    /// The opt-out: true lets a changed setting without a statement above pass to the next
    /// borrower instead of closing the connection.
    bool keep_unrestored = false;
};

/// Why the pool closed a connection (pool_stats::closed is indexed by it).
enum class pool_close_reason : unsigned {
    idle_timeout,       ///< idle longer than idle_timeout while the pool was above min_size
    max_lifetime,       ///< older than max_lifetime (minus its jitter)
    broken,             ///< returned unusable: fatal error, timeout, closed by the server
    reset_failed,       ///< rollback / restore / reset hook failed, or cursors were left open
    validation_failed,  ///< the ping on acquire or the keepalive ping failed
    discarded,          ///< the borrower called pooled_connection::discard()
    failback,           ///< connected to a failover host; recycled to move back to the first host
    pool_closed,        ///< the pool was closed
    hook_failed,        ///< after_connect or before_acquire threw
    settings_changed,   ///< returned with a session setting changed that has no restore statement
};
inline constexpr std::size_t pool_close_reason_count = 10;

/// Hooks. Each runs outside the pool's lock, on the thread doing the work; a throwing hook makes
/// the pool close that connection (and, for after_connect, count the connect as failed).
struct pool_hooks {
    std::function<void(connection&)> after_connect{};   ///< a new connection, before first use
    std::function<void(connection&)> before_acquire{};  ///< before the borrower gets it
    std::function<void(connection&)> after_release{};   ///< cleaned and about to go back idle
    std::function<void(connection&)> before_close{};    ///< the pool is about to close it
};

/// Pool options; fill with designated initializers. Durations of zero disable the feature
/// unless said otherwise.
struct pool_params {
    std::size_t min_size = 0;   ///< opened at construction and kept open (replaced when closed)
    std::size_t max_size = 10;  ///< at most this many connections, borrowed + idle + connecting
    /// How long acquire() waits by default (each call can override it).
    std::chrono::milliseconds acquire_timeout{30'000};
    /// acquire() fails at once with errc::pool_timeout when this many callers already wait.
    std::size_t max_waiting = 1024;
    /// Idle connections above min_size are closed after this long unused (0: never).
    std::chrono::milliseconds idle_timeout{600'000};
    /// Connections are closed when returned (or while idle) after this long (0: never). Each
    /// connection's lifetime is shortened by a random part of lifetime_jitter, so connections
    /// opened together do not all expire together.
    std::chrono::milliseconds max_lifetime{1'800'000};
    std::chrono::milliseconds lifetime_jitter{30'000};
    /// A connection idle at least this long is pinged before it is handed out; a dead one is
    /// replaced without the borrower seeing the failure. 0: always ping. One idle for less is not
    /// pinged, but its socket is looked at (no round trip): if the server has closed or reset it,
    /// or sent anything unasked, it is replaced in the same way.
    std::chrono::milliseconds validate_after_idle{1'000};
    /// The background loop pings connections idle this long (0: no keepalive).
    std::chrono::milliseconds keepalive_interval{120'000};
    /// How long a returned connection may keep what its borrower finished open on the server: the
    /// CLOSE of a finished query's cursor and the RELEASE of a dropped statement, which a
    /// connection sends in the write of its next request. Within this delay the next borrower's
    /// first request carries them, exactly as on a connection outside the pool, so the return
    /// costs no write of its own; once a connection has been idle this long the background loop
    /// writes them, and their replies are read before it is lent again. So an idle connection
    /// holds no cursor open on the server (an open cursor keeps its table open there and blocks
    /// another session's DROP or ALTER) for longer than about this delay. 0: written at return.
    /// Negative: invalid_argument.
    std::chrono::milliseconds cursor_close_delay{1};
    /// Log a warning naming the holder's source location when a connection is borrowed longer
    /// than this (0: no leak warnings).
    std::chrono::milliseconds leak_threshold{0};
    /// Reconnect backoff while connects fail: doubles from min to max, with full jitter.
    std::chrono::milliseconds reconnect_backoff_min{100};
    std::chrono::milliseconds reconnect_backoff_max{10'000};
    /// Failover (connect_params::failover_hosts): a connection to a host other than the first is
    /// closed after this long (when idle or returned), so the pool moves back to the first host
    /// once it is reachable again (0: stay on the failover host until the connection dies).
    std::chrono::milliseconds failback_after{60'000};
    /// The constructor throws the connect error when the first of min_size connections cannot be
    /// opened; false: it returns and the background loop keeps trying (with backoff).
    bool fail_fast = true;
    session_restore restore{};  ///< settings a borrower changed: restored, or the connection closed
    /// Called on release after the rollback/restore, before the connection goes back idle.
    /// Throw to have the connection discarded.
    std::function<void(connection&)> reset{};
    pool_hooks hooks{};
    /// The pool's log records go here; empty: the library's handler (ifx::set_log_handler).
    log_handler log{};
};

/// A snapshot of the pool's counters.
struct pool_stats {
    std::size_t size = 0;        ///< open connections: idle + in use (+ being checked/reset)
    std::size_t idle = 0;        ///< ready to hand out
    std::size_t in_use = 0;      ///< borrowed (including those being validated or reset)
    std::size_t connecting = 0;  ///< connects in progress (0 or 1)
    std::size_t waiting = 0;     ///< callers blocked in acquire()
    std::uint64_t acquired = 0;  ///< successful acquires
    std::uint64_t created = 0;   ///< connections opened
    std::uint64_t connect_failures = 0;
    std::uint64_t timeouts = 0;   ///< acquires that failed with pool_timeout
    std::uint64_t rollbacks = 0;  ///< connections returned inside a transaction and rolled back
    std::uint64_t restores = 0;   ///< session settings restored on release
    std::uint64_t leak_warnings = 0;
    std::uint64_t aborted = 0;  ///< borrowed connections aborted by close(deadline)
    std::array<std::uint64_t, pool_close_reason_count> closed{};  ///< by pool_close_reason
    /// Acquire wait time histogram: bucket i counts waits below acquire_wait_bounds[i], the last
    /// bucket everything longer.
    static constexpr std::array<std::chrono::microseconds, 8> acquire_wait_bounds{
        std::chrono::microseconds(10),         std::chrono::microseconds(100),
        std::chrono::microseconds(1'000),      std::chrono::microseconds(10'000),
        std::chrono::microseconds(100'000),    std::chrono::microseconds(1'000'000),
        std::chrono::microseconds(10'000'000), std::chrono::microseconds(60'000'000)};
    std::array<std::uint64_t, acquire_wait_bounds.size() + 1> acquire_wait{};
    std::uint64_t closed_total() const noexcept {
        std::uint64_t n = 0;
        for (auto c : closed) n += c;
        return n;
    }
};

/// A borrowed connection. Move-only; destroying it (or release()) gives the connection back to
/// the pool, which cleans it first (rollback of an open transaction, settings restore, reset
/// hook) or closes it when its state is not known to be clean. Not thread-safe: one borrower
/// uses it at a time. It keeps the pool's internals alive, so it may outlive the ifx::pool.
class pooled_connection {
public:
    pooled_connection() noexcept = default;
    pooled_connection(pooled_connection&& other) noexcept;
    pooled_connection& operator=(pooled_connection&& other) noexcept;
    pooled_connection(const pooled_connection&) = delete;
    pooled_connection& operator=(const pooled_connection&) = delete;
    ~pooled_connection();

    /// The connection. Precondition: the handle holds one (valid()).
    connection* operator->() const noexcept;
    connection& operator*() const noexcept;
    bool valid() const noexcept { return handle_.slot() != nullptr; }
    explicit operator bool() const noexcept { return valid(); }

    /// Gives the connection back now (as the destructor would). No-op on an empty handle.
    void release() noexcept;
    /// Closes the connection instead of returning it (use after an error whose effect on the
    /// session you cannot vouch for). No-op on an empty handle.
    void discard() noexcept;

private:
    friend class detail::pool::shell;
    pooled_connection(std::shared_ptr<detail::pool::shell> pool,
                      detail::pool::slot<connection>* slot) noexcept
        : handle_(std::move(pool), slot) {}

    detail::pool::pool_handle<detail::pool::shell, detail::pool::slot<connection>> handle_;
};

/// A thread-safe pool of connections to one database (with failover hosts, see connect_params).
///
/// Every member function may be called from any thread. The pool never holds its lock across
/// I/O: connects, pings, rollbacks and closes run outside it. One background thread per pool
/// opens connections (one at a time, with backoff while the server is down), pings idle ones,
/// closes expired ones and reports leaks.
class pool {
public:
    /// Opens params.min_size connections before returning (see pool_params::fail_fast) and starts
    /// the background thread. Throws ifx::error (errc::invalid_argument for bad options, or the
    /// connect error).
    explicit pool(connect_params params, pool_params options = {});
    /// close() with a deadline of 5 s if not closed yet.
    ~pool();
    pool(const pool&) = delete;
    pool& operator=(const pool&) = delete;

    /// Borrows a connection, waiting up to options.acquire_timeout (or `timeout`). Waiters are
    /// served first come, first served. Throws ifx::error: errc::pool_timeout (none became
    /// available in time, or max_waiting callers already wait; the diagnostics name the last
    /// connect error, if any), errc::pool_closed.
    pooled_connection acquire(ifx::source_location where = ifx::source_location::current());
    pooled_connection acquire(std::chrono::milliseconds timeout,
                              ifx::source_location where = ifx::source_location::current());
    /// As above; on failure returns an empty handle and sets ec and diag.
    pooled_connection acquire(std::error_code& ec, diagnostics& diag,
                              ifx::source_location where = ifx::source_location::current());
    pooled_connection acquire(std::chrono::milliseconds timeout, std::error_code& ec, diagnostics& diag,
                              ifx::source_location where = ifx::source_location::current());

    /// Stops new acquires (they fail with errc::pool_closed; current waiters too), closes idle
    /// connections, aborts a connect in flight (a host name resolution already running is waited
    /// for), waits until `deadline` for borrowed ones to come back and closes them as they do.
    /// Connections still borrowed at the deadline are aborted (connection::abort): the borrower's
    /// call in flight, and any later one, fails promptly with errc::connection_closed and the
    /// server rolls back their open transaction; the handle closes them when it is given back
    /// (never recycled). Returns true when every connection was closed by the deadline. Idempotent.
    bool close(std::chrono::steady_clock::time_point deadline);
    bool close(std::chrono::milliseconds timeout = std::chrono::milliseconds(5'000));
    bool closed() const noexcept;

    pool_stats stats() const;

private:
    std::shared_ptr<detail::pool::shell> shell_;
    std::chrono::milliseconds default_timeout_;
};

}  // namespace ifx
