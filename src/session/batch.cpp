#include "session/batch.hpp"

#include "proto/requests.hpp"
#include "proto/statement_ops.hpp"
#include "session/statements.hpp"

namespace ifx::detail {

bool batch_writer::open(session_core& s, const std::shared_ptr<prepared>& p, std::size_t width,
                        std::size_t batch_rows, std::error_code& ec, diagnostics& diag) {
    if (!statement_on(s, p, ec, diag)) return false;
    if (width == 0 || batch_rows == 0) {
        ec = errc::invalid_argument;
        diag.client_message = "execute_many needs rows of equal, non-zero width and a non-zero batch size";
        return false;
    }
    p_ = p;
    width_ = width;
    batch_rows_ = batch_rows;
    return true;
}

bool batch_writer::add(session_core& s, std::span<const param> row, std::error_code& ec, diagnostics& diag) {
    ++rows_;
    if (!p_ || ec) return false;
    if (!proto::encode_execute(p_->id, row, buffer_, s.state.text)) {
        // The batch holding an unbindable row is not sent (as if its request failed to encode).
        buffer_.clear();
        buffered_ = 0;
        ++round_trips_;
        ec = errc::invalid_argument;
        diag.client_message = "a parameter of row " + std::to_string(rows_ - 1) + " cannot be bound";
        return false;
    }
    return ++buffered_ == batch_rows_;
}

proto::operation* batch_writer::send(session_core& s) {
    op_.emplace(s.state, buffer_, buffered_, rows_ - buffered_, summary_);
    return &*op_;
}

void batch_writer::sent() noexcept {
    ++round_trips_;
    buffer_.clear();
    buffered_ = 0;
    op_.reset();
}

batch_result batch_writer::finish(session_core& s, const std::error_code& ec, diagnostics& diag) {
    if (!p_) return {};
    batch_result out;
    out.round_trips = round_trips_;
    out.rows_sent = summary_.rows_sent;
    out.rows_succeeded = summary_.rows_succeeded;
    out.affected_rows = summary_.affected_rows;
    out.failed_rows = std::move(summary_.failed_rows);
    if (!out.failed_rows.empty()) {
        diag.batch_row = static_cast<std::ptrdiff_t>(out.failed_rows.front());
        diag.client_message = "row " + std::to_string(out.failed_rows.front()) + " of the batch failed (" +
                              std::to_string(out.failed_rows.size()) + " failed, " +
                              std::to_string(out.rows_succeeded) + " succeeded, " +
                              std::to_string(rows_ - out.rows_sent) + " not sent): " + diag.client_message;
    }
    if (ec) diag.statement = p_->sql;
    if (out.rows_succeeded > 0) proto::note_statement(s.state, p_->statement_type);
    return out;
}

action execute_many_run::next(session_core& s, std::error_code& ec, diagnostics& diag) {
    if (!started_) {
        started_ = true;
        // A width that does not divide the values is refused like a zero width.
        const bool shaped = width_ != 0 && params_.size() % width_ == 0;
        if (!writer_.open(s, p_, shaped ? width_ : 0, batch_rows_, ec, diag)) return action::finished();
    }
    if (sending_) {
        sending_ = false;
        writer_.sent();
    }
    return feed(s, ec, diag);
}

// Encodes rows until a batch is full (and sends it), then the rest; finishes with every row counted.
action execute_many_run::feed(session_core& s, std::error_code& ec, diagnostics& diag) {
    const std::size_t rows = params_.size() / width_;
    while (!ec && next_row_ < rows) {
        const auto row = std::span<const param>(params_).subspan(next_row_ * width_, width_);
        ++next_row_;
        if (writer_.add(s, row, ec, diag)) {
            sending_ = true;
            return s.exchange(writer_.send(s));
        }
    }
    if (!ec && writer_.has_buffered()) {
        sending_ = true;
        return s.exchange(writer_.send(s));
    }
    writer_.skip(rows - next_row_);
    next_row_ = rows;
    value = writer_.finish(s, ec, diag);
    return action::finished();
}

}  // namespace ifx::detail
