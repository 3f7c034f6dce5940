#include "ifx/connection.hpp"

#include "api/session.hpp"

namespace ifx {
namespace {

// Statement types whose execution produces rows (PROTOCOL.md §6.4): SELECT, and EXECUTE
// PROCEDURE when the describe lists columns. Not the column count alone (pitfall 23).
bool returns_rows(const proto::describe_msg& d) {
    return d.statement_type == 2 || (d.statement_type == 56 && !d.columns.empty());
}

exec_result to_exec_result(const proto::exec_summary& s) {
    return {s.rows, s.serial, s.serial8, s.bigserial, s.statement_type};
}

std::unique_lock<std::mutex> lock_usable(detail::session* s, std::error_code& ec, diagnostics& diag) {
    if (!s) {
        ec = errc::not_connected;
        diag.client_message = "not connected";
        return {};
    }
    return std::unique_lock(s->mutex);
}

// Best-effort CLOSE/RELEASE after a failure, so no server statement leaks; the first error wins.
void free_statement(detail::session& s, std::int16_t id, bool close) {
    if (!s.usable()) return;
    diagnostics ignored;
    proto::free_op op(s.state, id, close, true);
    (void)s.run(op, ignored);
}

}  // namespace

connection::connection() noexcept = default;
connection::connection(const connect_params& params) { connect(params); }
connection::connection(connection&&) noexcept = default;
connection& connection::operator=(connection&& other) noexcept {
    if (this != &other) {
        close();
        session_ = std::move(other.session_);
    }
    return *this;
}
connection::~connection() { close(); }

void connection::connect(const connect_params& params) {
    std::error_code ec;
    diagnostics diag;
    connect(params, ec, diag);
    throw_if(ec, diag);
}

void connection::connect(const connect_params& params, std::error_code& ec, diagnostics& diag) {
    close();
    ec.clear();
    auto s = std::make_shared<detail::session>();
    std::lock_guard lock(s->mutex);
    ec = s->connect(params, diag);
    if (!ec) session_ = std::move(s);
}

exec_result connection::execute_params(std::string_view sql, std::span<const param> params) {
    std::error_code ec;
    diagnostics diag;
    auto r = execute(sql, params, ec, diag);
    throw_if(ec, diag);
    return r;
}

exec_result connection::execute(std::string_view sql, std::span<const param> params, std::error_code& ec,
                                diagnostics& diag) {
    ec.clear();
    auto lock = lock_usable(session_.get(), ec, diag);
    if (ec) return {};
    auto& s = *session_;
    proto::exec_summary summary;
    if (params.empty()) {
        proto::command_op op(s.state, sql, summary);
        ec = s.run(op, diag);
    } else {
        proto::describe_msg described;
        proto::prepare_op prepare(s.state, sql, static_cast<std::int16_t>(params.size()), described);
        ec = s.run(prepare, diag);
        if (!ec) {
            summary.statement_type = described.statement_type;
            proto::execute_op exec(s.state, described.statement_id, params, true, summary);
            ec = s.run(exec, diag);
        }
    }
    if (ec) {
        diag.statement = sql;
        return {};
    }
    return to_exec_result(summary);
}

result connection::query_params(std::string_view sql, std::span<const param> params) {
    std::error_code ec;
    diagnostics diag;
    auto r = query(sql, params, ec, diag);
    throw_if(ec, diag);
    return r;
}

result connection::query(std::string_view sql, std::span<const param> params, std::error_code& ec, diagnostics& diag) {
    ec.clear();
    auto lock = lock_usable(session_.get(), ec, diag);
    if (ec) return {};
    auto& s = *session_;
    proto::describe_msg described;
    proto::prepare_op prepare(s.state, sql, static_cast<std::int16_t>(params.size()), described);
    if ((ec = s.run(prepare, diag))) {
        diag.statement = sql;
        return {};
    }
    proto::exec_summary summary;
    summary.statement_type = described.statement_type;
    if (!returns_rows(described)) {
        proto::execute_op exec(s.state, described.statement_id, params, true, summary);
        if ((ec = s.run(exec, diag))) {
            diag.statement = sql;
            return {};
        }
        return result({}, {}, to_exec_result(summary));
    }
    proto::row_batch rows;
    proto::fetch_target target{described.columns, rows, true, false};
    const std::string name = proto::next_cursor_name(s.state);
    proto::fetch_op open(s.state, described.statement_id, s.params.fetch_buffer_size, target, name, params);
    ec = s.run(open, diag);
    while (!ec && !target.exhausted) {
        proto::fetch_op fetch(s.state, described.statement_id, s.params.fetch_buffer_size, target);
        ec = s.run(fetch, diag);
    }
    if (ec) {
        diag.statement = sql;
        free_statement(s, described.statement_id, true);
        return {};
    }
    proto::free_op done(s.state, described.statement_id, true, true);
    if ((ec = s.run(done, diag))) return {};
    summary.rows = static_cast<std::int64_t>(rows.rows);
    return result(std::move(described.columns), std::move(rows), to_exec_result(summary));
}

cursor connection::open_cursor_params(std::string_view sql, std::span<const param> params) {
    std::error_code ec;
    diagnostics diag;
    auto c = open_cursor(sql, params, ec, diag);
    throw_if(ec, diag);
    return c;
}

cursor connection::open_cursor(std::string_view sql, std::span<const param> params, std::error_code& ec,
                               diagnostics& diag) {
    ec.clear();
    auto lock = lock_usable(session_.get(), ec, diag);
    if (ec) return {};
    auto& s = *session_;
    proto::describe_msg described;
    proto::prepare_op prepare(s.state, sql, static_cast<std::int16_t>(params.size()), described);
    if ((ec = s.run(prepare, diag))) {
        diag.statement = sql;
        return {};
    }
    if (!returns_rows(described)) {
        free_statement(s, described.statement_id, false);
        ec = errc::invalid_argument;
        diag.client_message = "open_cursor needs a statement that returns rows";
        diag.statement = sql;
        return {};
    }
    auto state = std::make_unique<detail::cursor_state>();
    state->owner = session_;
    state->statement_id = described.statement_id;
    state->columns = std::move(described.columns);
    proto::fetch_target target{state->columns, state->batch, false, false};
    const std::string name = proto::next_cursor_name(s.state);
    proto::fetch_op open(s.state, state->statement_id, s.params.fetch_buffer_size, target, name, params);
    if ((ec = s.run(open, diag))) {
        diag.statement = sql;
        free_statement(s, state->statement_id, true);
        return {};
    }
    state->exhausted = target.exhausted;
    state->first_batch_pending = true;
    return cursor(std::move(state));
}

void connection::begin() {
    std::error_code ec;
    diagnostics diag;
    begin(ec, diag);
    throw_if(ec, diag);
}

void connection::commit() {
    std::error_code ec;
    diagnostics diag;
    commit(ec, diag);
    throw_if(ec, diag);
}

void connection::rollback() {
    std::error_code ec;
    diagnostics diag;
    rollback(ec, diag);
    throw_if(ec, diag);
}

void connection::begin(std::error_code& ec, diagnostics& diag) {
    ec.clear();
    auto lock = lock_usable(session_.get(), ec, diag);
    if (ec) return;
    proto::exec_summary ignored;
    // The SQL form (PROTOCOL.md §7.9, grade A path) rather than SQ_BEGIN, whose payload is grade C.
    proto::command_op op(session_->state, "BEGIN WORK", ignored);
    ec = session_->run(op, diag);
    if (!ec) session_->state.in_transaction = true;
}

void connection::commit(std::error_code& ec, diagnostics& diag) {
    ec.clear();
    auto lock = lock_usable(session_.get(), ec, diag);
    if (ec) return;
    proto::end_transaction_op op(session_->state, true);
    ec = session_->run(op, diag);
}

void connection::rollback(std::error_code& ec, diagnostics& diag) {
    ec.clear();
    auto lock = lock_usable(session_.get(), ec, diag);
    if (ec) return;
    proto::end_transaction_op op(session_->state, false);
    ec = session_->run(op, diag);
}

bool connection::in_transaction() const noexcept { return session_ && session_->state.in_transaction; }

void connection::close() noexcept {
    if (!session_) return;
    {
        std::lock_guard lock(session_->mutex);
        session_->disconnect();
    }
    session_.reset();
}

bool connection::is_open() const noexcept { return session_ && session_->usable(); }

const session_info& connection::info() const noexcept {
    static const session_info none;
    return session_ ? session_->info : none;
}

connection connect(const connect_params& params) { return connection(params); }

connection connect(std::string_view url) { return connection(parse_url(url)); }

}  // namespace ifx
