#pragma once
/// @file
/// `ifx::inserter`: buffered bulk loading — put rows one at a time, send them in pipelined
/// batches (one round trip per flush).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <system_error>
#include <vector>

#include "ifx/connection.hpp"
#include "ifx/error.hpp"
#include "ifx/param.hpp"
#include "ifx/statement.hpp"

namespace ifx {

/// When an inserter sends its buffered rows on its own.
struct inserter_options {
    /// Flush automatically once this many rows are buffered (at least 1).
    std::size_t flush_rows = 1000;
    /// Flush automatically once the encoded rows take this many bytes (bounds memory for wide rows).
    std::size_t flush_bytes = 1 << 20;
};

/// Bulk loads through one prepared statement (usually an INSERT; any statement that returns no
/// rows works). put() encodes a row into a buffer at once — so the arguments need not outlive
/// the call and a value that cannot be bound fails at put(), naming its row — and flush() sends
/// every buffered row as one pipelined batch: one round trip, each row its own execution (the
/// execute_many semantics, docs/statements.md). The wire protocol's own insert cursors
/// (PUT/FLUSH) are not used: their messages are undocumented (docs/protocol.md).
///
/// Rows are numbered from 0 in the order put() accepted them, across all flushes; failures name
/// rows by that number (diagnostics::batch_row, batch_result::failed_rows). Outside a
/// transaction every row that succeeds is committed on its own and failed rows are not; for
/// all-or-nothing, load inside a transaction and roll back on error.
///
/// Always end a load with finish(). Destroying an inserter that still buffers rows does not send
/// them (a destructor cannot report failures, and during stack unwinding the load was abandoned):
/// the rows are discarded and a warning naming how many is logged (ifx::log). Rows flushed
/// earlier stay applied. discard() drops the buffer explicitly and silently.
///
/// Move-only; not for concurrent use from several threads. It uses its connection for each
/// flush (other statements may run on the connection between flushes).
class inserter {
public:
    /// An inserter that is not open.
    inserter() noexcept;
    /// Prepares sql on conn. Throws ifx::error (errc::invalid_argument if sql returns rows).
    inserter(connection& conn, std::string_view sql, inserter_options options = {});
    inserter(connection& conn, std::string_view sql, inserter_options options, std::error_code& ec,
             diagnostics& diag);
    inserter(inserter&&) noexcept;
    inserter& operator=(inserter&&) noexcept;
    /// Discards unflushed rows with a logged warning (see above) and releases the statement.
    ~inserter();

    /// Buffers one row (its values bind to the statement's `?` markers in order) and flushes when
    /// the buffer reaches the options' limits. Every row must have as many values as the first.
    /// Throws ifx::error: for a value that cannot be bound (the row is not buffered), or for a
    /// failure of the automatic flush (this row was part of that flush).
    template <class... Args>
    requires parameters<Args...>
    void put(const Args&... args) {
        const param row[] = {param(args)..., param(null)};
        put_params(std::span<const param>(row, sizeof...(Args)));
    }
    void put_params(std::span<const param> row);
    void put(std::span<const param> row, std::error_code& ec, diagnostics& diag);

    /// Sends the buffered rows as one pipelined batch and reads every reply; once sent, the buffer
    /// is empty even when rows failed. Throws ifx::error for the first failed row
    /// (diagnostics::batch_row); totals() tells what happened to every row. When the connection
    /// is already closed nothing is sent: errc::cursor_closed, and the rows stay buffered (so the
    /// destructor still warns about them).
    void flush();
    void flush(std::error_code& ec, diagnostics& diag);

    /// Flushes, releases the statement and returns the totals. The inserter is closed afterwards,
    /// also when the final flush fails (then the throwing form throws after closing).
    batch_result finish();
    batch_result finish(std::error_code& ec, diagnostics& diag);

    /// Drops the buffered rows without sending them; returns how many were dropped.
    std::size_t discard() noexcept;

    /// What the flushes so far did, rows numbered across flushes. After a lost connection, rows
    /// sent without a reply are in neither rows_succeeded nor failed_rows (their fate is unknown;
    /// inside a transaction the server rolls them back).
    const batch_result& totals() const noexcept { return totals_; }
    /// Rows buffered and not yet sent.
    std::size_t pending() const noexcept { return pending_; }
    /// Rows accepted by put() so far (sent or pending).
    std::size_t rows_put() const noexcept { return next_row_; }
    /// True from construction until finish() (or a move).
    bool is_open() const noexcept { return stmt_.valid() && !finished_; }

private:
    void open(connection& conn, std::string_view sql, std::error_code& ec, diagnostics& diag);
    void warn_if_unflushed() noexcept;

    statement stmt_;
    inserter_options options_;
    std::vector<std::uint8_t> buffer_;  // encoded request groups of the pending rows
    std::size_t pending_ = 0;
    std::size_t next_row_ = 0;
    std::size_t width_ = 0;
    bool width_known_ = false;
    bool finished_ = false;
    batch_result totals_;
};

}  // namespace ifx
