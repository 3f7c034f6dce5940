#include "session/statements.hpp"

#include <algorithm>
#include <cctype>

namespace ifx::detail {

exec_result to_exec_result(const proto::exec_summary& s) noexcept {
    return {s.rows, s.serial, s.serial8, s.bigserial, s.statement_type};
}

const std::vector<column_info>& columns_of(const prepared* p) noexcept {
    static const std::vector<column_info> none;
    return p ? p->columns : none;
}
std::int16_t statement_type_of(const prepared* p) noexcept {
    return p ? p->statement_type : 0;
}
bool returns_rows(const prepared* p) noexcept {
    return p && proto::returns_rows(p->statement_type, p->columns);
}
const std::string& sql_of(const prepared* p) noexcept {
    static const std::string none;
    return p ? p->sql : none;
}
bool valid(const prepared* p) noexcept {
    if (!p || p->released) return false;
    const auto s = p->owner.lock();
    return s && s->usable();
}

prepared* statement_on(session_core& s, const std::shared_ptr<prepared>& p, std::error_code& ec,
                       diagnostics& diag) {
    if (!p || p->released) {
        ec = errc::cursor_closed;
        diag.client_message = "the statement is closed";
        return nullptr;
    }
    if (p->owner.lock().get() != &s) {
        ec = errc::invalid_argument;
        diag.client_message = "the statement belongs to another connection";
        return nullptr;
    }
    return p.get();
}

// ---- immediate commands -------------------------------------------------------------------------

proto::operation* command_run::start(session_core& s, std::error_code&, diagnostics&) {
    op_.emplace(s.state, sql_, summary_);
    return &*op_;
}

void command_run::finish(session_core& s, std::error_code& ec, diagnostics& diag) {
    if (ec) {
        diag.statement = sql_;
        return;
    }
    proto::note_statement(s.state, summary_.statement_type);
    value = to_exec_result(summary_);
}

// ---- statements run by text or handle -------------------------------------------------------------

statement_runner::statement_runner(std::string_view text, std::span<const param> values,
                                   proto::statement_mode how, proto::open_flags open)
    : sql(text), params(values.begin(), values.end()), mode(how), flags(open) {}

statement_runner::statement_runner(std::shared_ptr<prepared> handle, std::span<const param> values,
                                   proto::statement_mode how, proto::open_flags open)
    : p(std::move(handle)), params(values.begin(), values.end()), mode(how), flags(open), by_handle(true) {}

proto::operation* statement_runner::start(session_core& s, std::error_code& ec, diagnostics& diag) {
    if (by_handle) {
        if (!statement_on(s, p, ec, diag)) return nullptr;
    } else {
        if (mode != proto::statement_mode::open_cursor) p = s.cached(sql);
        if (!p) {
            p = std::make_shared<prepared>();
            p->sql = sql;
            p->owner = s.weak_from_this();
            fresh = true;
            release_after = mode == proto::statement_mode::open_cursor || s.cache.capacity() == 0;
        }
    }
    op.emplace(s.state, *p, params, mode, release_after ? proto::after_run::release : proto::after_run::keep,
               s.params.fetch_buffer_size, out);
    op->open_with(flags);
    op->defer_close_to(s.deferred);
    return &*op;
}

void statement_runner::finish(session_core& s, std::error_code& ec, diagnostics& diag) {
    if (fresh && !release_after) s.remember(p);
    if (!ec) return;
    if (p) {
        diag.statement = p->sql;
        if (release_after) p->released = true;
    }
}

void execute_run::finish(session_core& s, std::error_code& ec, diagnostics& diag) {
    run_.finish(s, ec, diag);
    if (!ec) value = to_exec_result(run_.out.summary);
}

std::unique_ptr<session_op_of<exec_result>> make_execute(std::string_view sql,
                                                         std::span<const param> params) {
    if (params.empty()) return std::make_unique<command_run>(sql);
    return std::make_unique<execute_run>(sql, params);
}

void query_run::finish(session_core& s, std::error_code& ec, diagnostics& diag) {
    run_.finish(s, ec, diag);
    if (ec) return;
    const prepared& p = *run_.p;
    if (proto::returns_rows(p.statement_type, p.columns))
        value = result(p.columns, std::move(run_.out.rows), to_exec_result(run_.out.summary));
    else
        value = result({}, {}, to_exec_result(run_.out.summary));
}

void cursor_run::finish(session_core& s, std::error_code& ec, diagnostics& diag) {
    run_.finish(s, ec, diag);
    if (ec) return;
    auto st = std::make_shared<cursor_state>();
    st->owner = s.shared_from_this();
    st->release_on_close = run_.release_after;
    st->columns = run_.p->columns;
    st->statement_id = run_.p->id;
    st->batch = std::move(run_.out.rows);
    st->exhausted = run_.out.exhausted;
    st->fetched = static_cast<std::int64_t>(st->batch.rows);
    st->first_batch_pending = run_.flags.fetch_now;
    st->statement = run_.p;
    ++s.state.open_cursors;
    value = std::move(st);
}

// ---- prepared statements ------------------------------------------------------------------------------

proto::operation* prepare_run::start(session_core& s, std::error_code&, diagnostics&) {
    // nparams is informational for the server; the count of bound values goes with each BIND.
    op_.emplace(s.state, sql_, 0, describe_);
    return &*op_;
}

void prepare_run::finish(session_core& s, std::error_code& ec, diagnostics& diag) {
    if (ec) {
        diag.statement = sql_;
        return;
    }
    auto p = std::make_shared<prepared>();
    p->owner = s.weak_from_this();
    p->sql = sql_;
    p->id = describe_.statement_id;
    p->statement_type = describe_.statement_type;
    p->columns = std::move(describe_.columns);
    std::erase_if(s.user_statements, [](const std::weak_ptr<prepared>& w) {
        const auto q = w.lock();
        return !q || q->released;
    });
    s.user_statements.push_back(p);
    value = std::move(p);
}

proto::operation* release_run::start(session_core& s, std::error_code&, diagnostics&) {
    if (!p_ || p_->released || p_->owner.lock().get() != &s) return nullptr;
    p_->released = true;
    if (!s.usable()) return nullptr;
    op_.emplace(s.state, proto::free_request{.id = p_->id, .release = true});
    return &*op_;
}

void queue_release(prepared& p) noexcept {
    if (p.released) return;
    p.released = true;
    if (auto s = p.owner.lock(); s && s->usable()) s->deferred.push_back({.id = p.id, .release = true});
}

std::size_t open_statements(const session_core& s) noexcept {
    std::size_t n = 0;
    for (const auto& w : s.user_statements)
        if (const auto p = w.lock(); p && !p->released) ++n;
    return n;
}

// ---- transactions ---------------------------------------------------------------------------------

proto::operation* begin_run::start(session_core& s, std::error_code&, diagnostics&) {
    op_.emplace(s.state, "BEGIN WORK", summary_);
    return &*op_;
}

void begin_run::finish(session_core& s, std::error_code& ec, diagnostics& diag) {
    if (ec) {
        diag.statement = "BEGIN WORK";
        return;
    }
    proto::note_statement(s.state, summary_.statement_type);
    s.state.in_transaction = true;
}

proto::operation* end_transaction_run::start(session_core& s, std::error_code&, diagnostics&) {
    op_.emplace(s.state, how_);
    return &*op_;
}

namespace {

const char* verb_text(savepoint_verb verb) {
    switch (verb) {
        case savepoint_verb::set:
            return "SAVEPOINT ";
        case savepoint_verb::rollback_to:
            return "ROLLBACK TO SAVEPOINT ";
        case savepoint_verb::release:
            return "RELEASE SAVEPOINT ";
    }
    return "";
}

bool is_identifier(std::string_view name) {
    return !name.empty() && std::isdigit(static_cast<unsigned char>(name[0])) == 0 &&
           std::all_of(name.begin(), name.end(),
                       [](char c) { return std::isalnum(static_cast<unsigned char>(c)) != 0 || c == '_'; });
}

}  // namespace

savepoint_run::savepoint_run(savepoint_verb verb, std::string_view name)
    : name_(name), sql_(std::string(verb_text(verb)) + std::string(name)) {}

proto::operation* savepoint_run::start(session_core& s, std::error_code& ec, diagnostics& diag) {
    if (!is_identifier(name_)) {
        ec = errc::invalid_argument;
        diag.client_message = "a savepoint name must be an identifier";
        diag.statement = sql_;
        return nullptr;
    }
    op_.emplace(s.state, sql_, summary_);
    return &*op_;
}

void savepoint_run::finish(session_core& s, std::error_code& ec, diagnostics& diag) {
    if (ec) {
        diag.statement = sql_;
        return;
    }
    proto::note_statement(s.state, summary_.statement_type);
}

proto::operation* close_statements_run::start(session_core& s, std::error_code&, diagnostics&) {
    frees_ = std::move(s.deferred);
    s.deferred.clear();
    for (const auto& w : s.user_statements) {
        if (const auto p = w.lock(); p && !p->released) {
            p->released = true;
            frees_.push_back({.id = p->id, .release = true});
        }
    }
    s.user_statements.clear();
    if (frees_.empty() || !s.usable()) return nullptr;
    op_.emplace(s.state, std::span<const proto::free_request>{}, frees_, nullptr);
    return &*op_;
}

}  // namespace ifx::detail
