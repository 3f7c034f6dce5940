#pragma once
// Statements as session operations, for both faces: immediate commands, statements run by SQL
// text (through the statement cache) or by handle, prepare and release, transactions and
// savepoints, ping, and the release of every statement a borrower left behind.
#include <memory>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ifx/connection.hpp"
#include "ifx/param.hpp"
#include "ifx/result.hpp"
#include "proto/ops.hpp"
#include "proto/statement_ops.hpp"
#include "session/core.hpp"
#include "session/session_op.hpp"

namespace ifx::detail {

exec_result to_exec_result(const proto::exec_summary& s) noexcept;

/// The statement `p` of a statement handle, checked against the session it is used on:
/// errc::cursor_closed when it was released, errc::invalid_argument when it belongs to another
/// connection.
prepared* statement_on(session_core& s, const std::shared_ptr<prepared>& p, std::error_code& ec,
                       diagnostics& diag);

/// An immediate statement, SQ_COMMAND (execute without parameters, BEGIN WORK, SAVEPOINT, the
/// pools' restore statements).
class command_run final : public single_exchange<exec_result> {
public:
    explicit command_run(std::string_view sql) : sql_(sql) {}

private:
    proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag) override;
    void finish(session_core& s, std::error_code& ec, diagnostics& diag) override;
    std::string sql_;
    proto::exec_summary summary_;
    std::optional<proto::command_op> op_;
};

/// What every run of a statement does, by SQL text or by handle, through proto::statement_op (the
/// -710 re-prepare, the cleanup after a failure, the CLOSE of a finished result queued on the
/// session). By text: the statement cache's statement, or one prepared now and cached once it
/// succeeded; a cursor opened by text gets a statement of its own, released with the cursor; with
/// no cache, a statement prepared for the run is released with it.
struct statement_runner {
    statement_runner(std::string_view sql, std::span<const param> params, proto::statement_mode mode,
                     proto::open_flags flags = {});
    statement_runner(std::shared_ptr<prepared> p, std::span<const param> params, proto::statement_mode mode,
                     proto::open_flags flags = {});
    proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag);
    void finish(session_core& s, std::error_code& ec, diagnostics& diag);

    std::string sql;
    std::shared_ptr<prepared> p;
    std::vector<param> params;
    proto::statement_mode mode;
    proto::open_flags flags;
    bool by_handle = false;
    bool fresh = false;          // prepared by this run
    bool release_after = false;  // … and released with it (or with its cursor)
    proto::statement_outcome out;
    std::optional<proto::statement_op> op;
};

/// A statement that returns no rows, with parameters (prepared or cached) or by handle.
class execute_run final : public single_exchange<exec_result> {
public:
    execute_run(std::string_view sql, std::span<const param> params)
        : run_(sql, params, proto::statement_mode::execute) {}
    execute_run(std::shared_ptr<prepared> p, std::span<const param> params)
        : run_(std::move(p), params, proto::statement_mode::execute) {}

private:
    proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag) override {
        return run_.start(s, ec, diag);
    }
    void finish(session_core& s, std::error_code& ec, diagnostics& diag) override;
    statement_runner run_;
};

/// execute(sql, params): an immediate command without parameters, execute_run with them.
std::unique_ptr<session_op_of<exec_result>> make_execute(std::string_view sql, std::span<const param> params);

/// Any statement, its whole result read into memory.
class query_run final : public single_exchange<result> {
public:
    query_run(std::string_view sql, std::span<const param> params)
        : run_(sql, params, proto::statement_mode::automatic) {}
    query_run(std::shared_ptr<prepared> p, std::span<const param> params)
        : run_(std::move(p), params, proto::statement_mode::automatic) {}

private:
    proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag) override {
        return run_.start(s, ec, diag);
    }
    void finish(session_core& s, std::error_code& ec, diagnostics& diag) override;
    statement_runner run_;
};

/// Opens a cursor (forward, WITH HOLD or scroll, per the flags; a forward cursor's first batch
/// comes with the OPEN).
class cursor_run final : public single_exchange<std::shared_ptr<cursor_state>> {
public:
    cursor_run(std::string_view sql, std::span<const param> params, proto::open_flags flags = {})
        : run_(sql, params, proto::statement_mode::open_cursor, flags) {}
    cursor_run(std::shared_ptr<prepared> p, std::span<const param> params)
        : run_(std::move(p), params, proto::statement_mode::open_cursor) {}

private:
    proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag) override {
        return run_.start(s, ec, diag);
    }
    void finish(session_core& s, std::error_code& ec, diagnostics& diag) override;
    statement_runner run_;
};

/// Prepares a statement for a handle (listed in session_core::user_statements).
class prepare_run final : public single_exchange<std::shared_ptr<prepared>> {
public:
    explicit prepare_run(std::string_view sql) : sql_(sql) {}

private:
    proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag) override;
    void finish(session_core& s, std::error_code& ec, diagnostics& diag) override;
    std::string sql_;
    proto::describe_msg describe_;
    std::optional<proto::prepare_op> op_;
};

/// Releases a handle's statement on the server now (a no-op when it already is, or belongs to
/// another session).
class release_run final : public single_exchange<void> {
public:
    explicit release_run(std::shared_ptr<prepared> p) : p_(std::move(p)) {}

private:
    proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag) override;
    std::shared_ptr<prepared> p_;
    std::optional<proto::free_op> op_;
};

/// Queues the release of a handle's statement dropped without I/O (sent with the next exchange).
void queue_release(prepared& p) noexcept;

/// What statement and async_statement report without I/O; an empty handle (nullptr) has no
/// columns, type 0, no rows, empty SQL and is not valid.
const std::vector<column_info>& columns_of(const prepared* p) noexcept;
std::int16_t statement_type_of(const prepared* p) noexcept;
bool returns_rows(const prepared* p) noexcept;
const std::string& sql_of(const prepared* p) noexcept;
/// Not released, and its session still usable.
bool valid(const prepared* p) noexcept;

/// The SQL a ping runs (kept prepared in the statement cache).
inline constexpr std::string_view ping_sql = "SELECT 1 FROM systables WHERE tabid = 1";

/// A cheap round trip proving the session works: ping_sql, its result dropped.
class ping_run final : public single_exchange<void> {
public:
    ping_run() : run_(ping_sql, {}, proto::statement_mode::automatic) {}

private:
    proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag) override {
        return run_.start(s, ec, diag);
    }
    void finish(session_core& s, std::error_code& ec, diagnostics& diag) override {
        run_.finish(s, ec, diag);
    }
    statement_runner run_;
};

/// BEGIN WORK, in its SQL form (PROTOCOL.md §7.9, grade A path), rather than SQ_BEGIN, whose
/// payload is grade C.
class begin_run final : public single_exchange<void> {
private:
    proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag) override;
    void finish(session_core& s, std::error_code& ec, diagnostics& diag) override;
    proto::exec_summary summary_;
    std::optional<proto::command_op> op_;
};

/// COMMIT WORK / ROLLBACK WORK.
class end_transaction_run final : public single_exchange<void> {
public:
    explicit end_transaction_run(proto::transaction_end how) : how_(how) {}

private:
    proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag) override;
    proto::transaction_end how_;
    std::optional<proto::end_transaction_op> op_;
};

/// The savepoint statements.
enum class savepoint_verb { set, rollback_to, release };

/// SAVEPOINT / ROLLBACK TO SAVEPOINT / RELEASE SAVEPOINT name. `name` must be an SQL identifier
/// (errc::invalid_argument otherwise, nothing sent): it is part of the statement text.
class savepoint_run final : public single_exchange<void> {
public:
    savepoint_run(savepoint_verb verb, std::string_view name);

private:
    proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag) override;
    void finish(session_core& s, std::error_code& ec, diagnostics& diag) override;
    std::string name_;
    std::string sql_;
    proto::exec_summary summary_;
    std::optional<proto::command_op> op_;
};

/// Releases every statement made by prepare that is still open, and sends the frees queued by
/// finished queries and dropped statements and cursors, in one write; the handles become invalid.
class close_statements_run final : public single_exchange<void> {
private:
    proto::operation* start(session_core& s, std::error_code& ec, diagnostics& diag) override;
    std::vector<proto::free_request> frees_;
    std::optional<proto::free_all_op> op_;
};

/// Statements made by prepare still prepared on the server.
std::size_t open_statements(const session_core& s) noexcept;

}  // namespace ifx::detail
