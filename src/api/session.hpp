#pragma once
// The state behind ifx::connection and ifx::cursor: the stream, the protocol state and the lock
// that serialises exchanges.
#include <memory>
#include <mutex>
#include <optional>
#include <span>

#include "api/statement_cache.hpp"
#include "ifx/connect_params.hpp"
#include "ifx/connection.hpp"
#include "net/byte_buffer.hpp"
#include "net/stream.hpp"
#include "proto/operation.hpp"
#include "proto/ops.hpp"
#include "proto/statement_ops.hpp"

namespace ifx::detail {

struct prepared;

class session {
public:
    std::mutex mutex;  // held for every whole request/reply exchange
    net::stream stream;
    net::byte_buffer in;
    proto::session_state state;
    connect_params params;
    session_info info;
    statement_cache cache;
    std::optional<proto::tracer> trace;
    std::vector<std::weak_ptr<prepared>> user_statements;  // made by connection::prepare
    /// CLOSE/RELEASE requests owed to the server (finished queries, evicted statements): sent in
    /// front of the next operation, dropped with the connection (SQ_EXIT frees everything).
    std::vector<proto::deferred_free> deferred;
    bool connected = false;

    /// Runs one operation under the read timeout, preceded in the same write by the deferred
    /// frees. Caller holds the mutex.
    std::error_code run(proto::operation& op, diagnostics& diag);
    /// Connects to the first of params' hosts that accepts the login.
    std::error_code connect(const connect_params& p, diagnostics& diag);
    /// SQ_EXIT and close; never fails.
    void disconnect() noexcept;
    bool usable() const noexcept { return connected && !state.broken; }

private:
    std::error_code connect_one(const std::string& host, std::uint16_t port, diagnostics& diag);
};

/// A statement prepared on the server (id -1 until it is): owned by ifx::statement or by the
/// statement cache.
struct prepared : proto::statement_ref {
    std::weak_ptr<session> owner;
};

/// Everything a cursor needs; owned by ifx::cursor.
struct cursor_state {
    std::shared_ptr<session> owner;
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

/// What ifx::pool needs beyond the public API: a connection made of a session the pool connected
/// itself (so that close() can interrupt the connect, see net::stream::interrupt), and the session
/// behind a connection.
struct connection_access {
    static connection adopt(std::shared_ptr<session> s) noexcept {
        connection c;
        c.session_ = std::move(s);
        return c;
    }
    static session* of(const connection& c) noexcept { return c.session_.get(); }
};

/// connection::query on a session whose mutex the caller holds (used by ifx::smart_lob).
result query_locked(session& s, std::string_view sql, std::span<const param> params, std::error_code& ec,
                    diagnostics& diag);

/// Closes the server cursor (and releases its statement when the cursor owns it); idempotent.
std::error_code close_cursor(cursor_state& st, diagnostics& diag);

}  // namespace ifx::detail
