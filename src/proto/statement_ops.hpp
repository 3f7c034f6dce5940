#pragma once
// Composite operations: several protocol operations sequenced as one sans-I/O state machine, so
// that every driver (sync or async) runs the same composition — prepare, open, fetch batches,
// close, the -710 re-prepare, pipelined batches of execute_many.
#include <cstdint>
#include <memory>
#include <span>
#include <string>
#include <vector>

#include "proto/cursor_ops.hpp"
#include "proto/ops.hpp"

namespace ifx::proto {

/// Statement types whose execution produces rows (PROTOCOL.md §6.4): SELECT, and EXECUTE
/// PROCEDURE when the describe lists columns.
bool returns_rows(std::int16_t statement_type, const std::vector<column_info>& columns) noexcept;

/// Transaction state from the statement types the server reports (§6.4): 34 BEGIN WORK, 35 COMMIT
/// WORK, 36 ROLLBACK WORK; in an ANSI database any other statement opens one.
void note_statement(session_state& s, std::int16_t statement_type) noexcept;

/// A statement prepared on the server, as the composites see it.
struct statement_ref {
    std::string sql;
    std::int16_t id = -1;  ///< -1: not prepared yet (the composite prepares it first)
    std::int16_t statement_type = 0;
    std::vector<column_info> columns;
    bool released = false;
};

/// Base of composites: runs sub-operations one after another over the same byte streams.
class composite_op : public operation {
public:
    explicit composite_op(session_state& s) : session_(s) {}
    step advance(std::span<const std::uint8_t> in, std::size_t& consumed, std::vector<std::uint8_t>& out,
                 std::error_code& ec, diagnostics& diag) final;

protected:
    /// Called first with ec clear, then after each sub-operation with its outcome (a server error
    /// may be cleared to go on). Returns the next sub-operation, or nullptr to finish with ec.
    virtual operation* next(std::error_code& ec, diagnostics& diag) = 0;
    /// Runs the next sub-operation with private diagnostics (best-effort cleanup after a failure).
    void quietly(bool on) noexcept { quiet_ = on; }
    session_state& session_;

private:
    operation* current_ = nullptr;
    bool started_ = false;
    bool quiet_ = false;
    diagnostics scratch_;
};

/// What a statement_op does with the prepared statement.
enum class statement_mode {
    automatic,    ///< read_all when it returns rows, else execute
    execute,      ///< execute (no rows)
    read_all,     ///< open, fetch every batch, close
    open_cursor,  ///< open and fetch the first batch in the same group; the cursor stays open
};

struct statement_outcome {
    exec_summary summary;
    row_batch rows;
    bool exhausted = false;  ///< open_cursor: the first batch was the last
    bool reprepared = false;
};

/// Prepares the statement if st.id < 0, then runs it in `mode`. When the server calls it stale
/// (-710) the old id is released, the SQL prepared again (st is updated) and the run retried once.
/// open_cursor on a statement that returns no rows fails with errc::invalid_argument (the statement
/// is released with after_run::release). After a failed open or fetch the cursor is closed (best
/// effort). With after_run::release the statement is released at the end (pipelined with the
/// execute or the close).
class statement_op final : public composite_op {
public:
    statement_op(session_state& s, statement_ref& st, std::span<const param> params, statement_mode mode,
                 after_run then, std::uint32_t fetch_buffer, statement_outcome& out)
        : composite_op(s),
          st_(st),
          params_(params),
          mode_(mode),
          release_after_(then == after_run::release),
          fetch_buffer_(fetch_buffer),
          out_(out) {}
    /// open_cursor: how the cursor is opened (scroll and hold cursors; fetch_now false opens it
    /// without fetching).
    void open_with(open_flags flags) noexcept { flags_ = flags; }
    /// read_all: once the last batch has arrived, the CLOSE (and the RELEASE of release_after) is
    /// queued on `list` instead of being sent, so it travels in front of the next request.
    void defer_close_to(std::vector<free_request>& list) noexcept { deferred_ = &list; }

private:
    enum class stage { start, prepare, execute, open, fetch, close, cleanup, release_stale, reject };
    operation* next(std::error_code& ec, diagnostics& diag) override;
    operation* prepare();
    operation* run_main();
    operation* after_failure(std::error_code& ec);
    operation* reject_or(operation* op, std::error_code& ec, diagnostics& diag);
    void read_all_done();

    statement_ref& st_;
    std::span<const param> params_;
    statement_mode mode_;
    bool release_after_;
    std::uint32_t fetch_buffer_;
    statement_outcome& out_;
    open_flags flags_;
    std::vector<free_request>* deferred_ = nullptr;
    stage stage_ = stage::start;
    bool retried_ = false;
    std::error_code saved_;
    describe_msg describe_;
    std::string cursor_name_;
    std::optional<fetch_target> target_;
    std::unique_ptr<operation> op_;
};

/// execute_many: one pipelined execute_many_op per batch of up to batch_rows rows; no batch is
/// sent after one with a failure.
class batch_op final : public composite_op {
public:
    batch_op(session_state& s, const statement_ref& st, std::span<const param> params, std::size_t width,
             std::size_t batch_rows, batch_summary& out, std::size_t& round_trips)
        : composite_op(s),
          st_(st),
          params_(params),
          width_(width),
          batch_rows_(batch_rows),
          out_(out),
          round_trips_(round_trips) {}

private:
    operation* next(std::error_code& ec, diagnostics& diag) override;
    const statement_ref& st_;
    std::span<const param> params_;
    std::size_t width_, batch_rows_;
    batch_summary& out_;
    std::size_t& round_trips_;
    std::size_t first_ = 0;
    std::unique_ptr<operation> op_;
};

/// Sends a list of deferred CLOSE/RELEASE requests and then `then` (may be null) without waiting
/// in between: every group goes out in one write and the server answers them in order (PROTOCOL.md
/// §7.7). Frees in `sent` went out earlier (their requests are not written again): their replies,
/// still unread, come first. Server errors of the frees are ignored (a statement already gone is
/// not a failure here); the outcome is `then`'s. A broken stream fails the whole.
class free_all_op final : public operation {
public:
    free_all_op(session_state& s, std::span<const free_request> sent, std::span<const free_request> unsent,
                operation* then);
    step advance(std::span<const std::uint8_t> in, std::size_t& consumed, std::vector<std::uint8_t>& out,
                 std::error_code& ec, diagnostics& diag) override;
    bool carries_secret() const noexcept override { return then_ && then_->carries_secret(); }

private:
    session_state& session_;
    std::vector<free_op> frees_;
    std::size_t sent_ = 0;     // frees_[0, sent_) were written before this operation
    std::size_t current_ = 0;  // first free whose replies are still being read
    operation* then_;
    bool started_ = false;
    bool then_done_ = false;
    std::error_code then_error_;
    diagnostics scratch_;
};

}  // namespace ifx::proto
