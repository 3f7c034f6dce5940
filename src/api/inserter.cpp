#include "ifx/inserter.hpp"

#include <algorithm>
#include <mutex>
#include <utility>

#include "ifx/log.hpp"
#include "proto/requests.hpp"
#include "proto/statement_ops.hpp"
#include "session/batch.hpp"

namespace ifx {

inserter::inserter() noexcept = default;

inserter::inserter(connection& conn, std::string_view sql, inserter_options options) : options_(options) {
    std::error_code ec;
    diagnostics diag;
    open(conn, sql, ec, diag);
    throw_if(ec, diag);
}

inserter::inserter(connection& conn, std::string_view sql, inserter_options options, std::error_code& ec,
                   diagnostics& diag)
    : options_(options) {
    open(conn, sql, ec, diag);
}

inserter::inserter(inserter&& other) noexcept
    : stmt_(std::move(other.stmt_)),
      options_(other.options_),
      buffer_(std::move(other.buffer_)),
      pending_(std::exchange(other.pending_, 0)),
      next_row_(other.next_row_),
      width_(other.width_),
      width_known_(other.width_known_),
      finished_(std::exchange(other.finished_, true)),
      totals_(std::move(other.totals_)) {}

inserter& inserter::operator=(inserter&& other) noexcept {
    if (this != &other) {
        warn_if_unflushed();
        stmt_ = std::move(other.stmt_);
        options_ = other.options_;
        buffer_ = std::move(other.buffer_);
        pending_ = std::exchange(other.pending_, 0);
        next_row_ = other.next_row_;
        width_ = other.width_;
        width_known_ = other.width_known_;
        finished_ = std::exchange(other.finished_, true);
        totals_ = std::move(other.totals_);
    }
    return *this;
}

inserter::~inserter() {
    warn_if_unflushed();
}

void inserter::warn_if_unflushed() noexcept {
    if (pending_ == 0) return;
    try {
        const std::size_t first = next_row_ - pending_;
        log(log_level::warning, "ifx::inserter destroyed without finish(): " + std::to_string(pending_) +
                                    " unflushed rows (" + std::to_string(first) + ".." +
                                    std::to_string(next_row_ - 1) +
                                    ") discarded, not sent; statement: " + stmt_.sql());
    } catch (...) {  // allocation failure while composing the message: nothing better to do
    }
    discard();
}

void inserter::open(connection& conn, std::string_view sql, std::error_code& ec, diagnostics& diag) {
    stmt_ = conn.prepare(sql, ec, diag);
    if (ec) return;
    if (stmt_.returns_rows()) {
        stmt_.close();
        ec = errc::invalid_argument;
        diag.client_message = "an inserter needs a statement that returns no rows";
        diag.statement = sql;
        return;
    }
    options_.flush_rows = std::max<std::size_t>(options_.flush_rows, 1);
}

void inserter::put_params(std::span<const param> row) {
    std::error_code ec;
    diagnostics diag;
    put(row, ec, diag);
    throw_if(ec, diag);
}

void inserter::put(std::span<const param> row, std::error_code& ec, diagnostics& diag) {
    ec.clear();
    auto fail = [&](errc e, std::string message) {
        ec = e;
        diag.client_message = std::move(message);
        diag.batch_row = static_cast<std::ptrdiff_t>(next_row_);
        diag.statement = stmt_.sql();
    };
    if (!is_open()) return fail(errc::cursor_closed, "the inserter is not open");
    if (width_known_ && row.size() != width_)
        return fail(errc::invalid_argument, "row " + std::to_string(next_row_) + " has " +
                                                std::to_string(row.size()) + " values, the first row had " +
                                                std::to_string(width_));
    const auto session = stmt_.p_->owner.lock();
    if (!session) return fail(errc::connection_closed, "the inserter's connection is closed");
    const std::size_t before = buffer_.size();
    bool encoded = false;
    {
        std::lock_guard lock(session->mutex);  // the code set is session state
        encoded = proto::encode_execute(stmt_.p_->id, row, buffer_, session->state.text);
    }
    if (!encoded) {
        buffer_.resize(before);
        return fail(errc::invalid_argument,
                    "a value of row " + std::to_string(next_row_) + " cannot be bound (row not buffered)");
    }
    width_ = row.size();
    width_known_ = true;
    ++pending_;
    ++next_row_;
    if (pending_ >= options_.flush_rows || buffer_.size() >= options_.flush_bytes) flush(ec, diag);
}

void inserter::flush() {
    std::error_code ec;
    diagnostics diag;
    flush(ec, diag);
    throw_if(ec, diag);
}

void inserter::flush(std::error_code& ec, diagnostics& diag) {
    ec.clear();
    if (pending_ == 0) return;
    if (!is_open()) {
        ec = errc::cursor_closed;
        diag.client_message = "the inserter's statement or connection is closed; " +
                              std::to_string(pending_) + " rows were not sent";
        return;
    }
    const auto session = stmt_.p_->owner.lock();
    if (!session) {
        ec = errc::connection_closed;
        diag.client_message = "the inserter's connection is closed";
        return;
    }
    const std::size_t first = next_row_ - pending_;
    proto::batch_summary summary;
    {
        std::lock_guard lock(session->mutex);
        proto::execute_many_op op(session->state, buffer_, pending_, first, summary);
        detail::exchange_run run(op);
        ec = session->run(run, diag);
    }
    buffer_.clear();
    pending_ = 0;
    ++totals_.round_trips;
    totals_.rows_sent += summary.rows_sent;
    totals_.rows_succeeded += summary.rows_succeeded;
    totals_.affected_rows += summary.affected_rows;
    totals_.failed_rows.insert(totals_.failed_rows.end(), summary.failed_rows.begin(),
                               summary.failed_rows.end());
    if (!summary.failed_rows.empty()) {
        diag.batch_row = static_cast<std::ptrdiff_t>(summary.failed_rows.front());
        diag.client_message = "row " + std::to_string(summary.failed_rows.front()) +
                              " failed (flush of rows " + std::to_string(first) + ".." +
                              std::to_string(next_row_ - 1) + ": " +
                              std::to_string(summary.failed_rows.size()) + " failed, " +
                              std::to_string(summary.rows_succeeded) + " succeeded): " + diag.client_message;
    }
    if (summary.rows_succeeded > 0) proto::note_statement(session->state, stmt_.statement_type());
    if (ec) diag.statement = stmt_.sql();
}

batch_result inserter::finish() {
    std::error_code ec;
    diagnostics diag;
    auto totals = finish(ec, diag);
    throw_if(ec, diag);
    return totals;
}

batch_result inserter::finish(std::error_code& ec, diagnostics& diag) {
    ec.clear();
    if (finished_) return totals_;
    if (pending_ > 0) flush(ec, diag);
    discard();  // rows of a flush that could not run (closed connection) are reported by ec
    stmt_.close();
    finished_ = true;
    return totals_;
}

// Dropped rows keep their numbers: numbering is never reused.
std::size_t inserter::discard() noexcept {
    const std::size_t dropped = pending_;
    buffer_.clear();
    pending_ = 0;
    return dropped;
}

}  // namespace ifx
