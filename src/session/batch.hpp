#pragma once
// execute_many, for both faces, and the session operation that runs one protocol operation as it
// is (a batch already encoded, an inserter's flush).
#include <cstddef>
#include <memory>
#include <optional>
#include <span>
#include <vector>

#include "ifx/connection.hpp"
#include "ifx/param.hpp"
#include "proto/ops.hpp"
#include "session/core.hpp"
#include "session/session_op.hpp"

namespace ifx::detail {

/// Runs `op` as one exchange.
class exchange_run final : public single_exchange<void> {
public:
    explicit exchange_run(proto::operation& op) : op_(op) {}

private:
    proto::operation* start(session_core&, std::error_code&, diagnostics&) override { return &op_; }
    proto::operation& op_;
};

/// execute_many's algorithm: each row is encoded into the request buffer as it comes, and a batch
/// is sent once batch_rows rows are buffered (the rest at the end), one pipelined round trip each.
/// After a batch with a failure, or a row that cannot be bound (its batch is not sent), no further
/// batch is sent and the remaining rows are only counted.
class batch_writer {
public:
    /// Checks the statement against the session and the shape (errc::invalid_argument for a zero
    /// width or batch size); false with ec set when the batch cannot run at all.
    bool open(session_core& s, const std::shared_ptr<prepared>& p, std::size_t width, std::size_t batch_rows,
              std::error_code& ec, diagnostics& diag);
    /// Encodes one row of `width` values, or counts it after a failure. True when a batch is full.
    bool add(session_core& s, std::span<const param> row, std::error_code& ec, diagnostics& diag);
    /// Counts rows not encoded because of an earlier failure.
    void skip(std::size_t rows) noexcept { rows_ += rows; }
    bool opened() const noexcept { return p_ != nullptr; }
    bool has_buffered() const noexcept { return buffered_ > 0; }
    /// The exchange sending the buffered rows; sent() afterwards.
    proto::operation* send(session_core& s);
    void sent() noexcept;
    /// What happened to every row; fills diag for a failed row (diagnostics::batch_row).
    batch_result finish(session_core& s, const std::error_code& ec, diagnostics& diag);

private:
    std::shared_ptr<prepared> p_;
    std::size_t width_ = 0;
    std::size_t batch_rows_ = 0;
    std::vector<std::uint8_t> buffer_;  // encoded request groups of the unsent rows
    std::size_t buffered_ = 0;          // rows in buffer_
    std::size_t rows_ = 0;              // rows given so far (sent, buffered or skipped)
    proto::batch_summary summary_;
    std::size_t round_trips_ = 0;
    std::optional<proto::execute_many_op> op_;
};

/// execute_many over rows laid out back to back in `params`, `width` values each.
class execute_many_run final : public session_op_of<batch_result> {
public:
    execute_many_run(std::shared_ptr<prepared> p, std::span<const param> params, std::size_t width,
                     std::size_t batch_rows)
        : p_(std::move(p)), params_(params.begin(), params.end()), width_(width), batch_rows_(batch_rows) {}
    action next(session_core& s, std::error_code& ec, diagnostics& diag) override;

private:
    action feed(session_core& s, std::error_code& ec, diagnostics& diag);
    std::shared_ptr<prepared> p_;
    std::vector<param> params_;
    std::size_t width_, batch_rows_;
    std::size_t next_row_ = 0;
    bool started_ = false;
    bool sending_ = false;
    batch_writer writer_;
};

}  // namespace ifx::detail
