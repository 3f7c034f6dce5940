#include "ifx/connection.hpp"

#include "api/session.hpp"
#include "proto/statement_ops.hpp"

namespace ifx {
namespace {

using detail::prepared;
using detail::session;

constexpr int stale_statement = -710;  // the statement's table was altered, dropped or renamed

exec_result to_exec_result(const proto::exec_summary& s) {
    return {s.rows, s.serial, s.serial8, s.bigserial, s.statement_type};
}

std::unique_lock<std::mutex> lock_session(session* s, std::error_code& ec, diagnostics& diag) {
    ec.clear();
    if (!s) {
        ec = errc::not_connected;
        diag.client_message = "not connected";
        return {};
    }
    return std::unique_lock(s->mutex);
}

// Best-effort CLOSE/RELEASE after a failure, so no server statement leaks; the first error wins.
void free_statement(session& s, std::int16_t id, bool close, bool release) {
    if (!s.usable() || (!close && !release)) return;
    diagnostics ignored;
    proto::free_op op(s.state, id, close, release);
    (void)s.run(op, ignored);
}

void release(session& s, prepared& p) {
    if (p.released) return;
    p.released = true;
    free_statement(s, p.id, false, true);
}

std::shared_ptr<prepared> prepare_on(session& s, std::string_view sql, std::size_t nparams,
                                     std::error_code& ec, diagnostics& diag) {
    proto::describe_msg d;
    proto::prepare_op op(s.state, sql, static_cast<std::int16_t>(nparams), d);
    if ((ec = s.run(op, diag))) return nullptr;
    auto p = std::make_shared<prepared>();
    p->sql = sql;
    p->id = d.statement_id;
    p->statement_type = d.statement_type;
    p->columns = std::move(d.columns);
    return p;
}

// Prepares p again after the server called it stale; the old id is released first.
bool reprepare(session& s, prepared& p, std::size_t nparams, std::error_code& ec, diagnostics& diag) {
    release(s, p);
    diagnostics fresh;
    auto again = prepare_on(s, p.sql, nparams, ec, fresh);
    if (ec) {
        diag = std::move(fresh);
        return false;
    }
    p.id = again->id;
    p.statement_type = again->statement_type;
    p.columns = std::move(again->columns);
    p.released = false;
    diag.clear();
    return true;
}

// Runs fn(p) and, when the server says the statement is stale, re-prepares it and runs fn once more.
template <class Fn>
std::error_code with_statement(session& s, prepared& p, std::size_t nparams, diagnostics& diag, Fn fn) {
    auto ec = fn(p);
    if (ec.category() == server_category() && ec.value() == stale_statement && s.usable()) {
        if (!reprepare(s, p, nparams, ec, diag)) return ec;
        ec = fn(p);
    }
    return ec;
}

// The statement for sql from the cache, preparing (and caching) it on a miss. `owned` is set when
// the caller must release it after use (cache disabled).
std::shared_ptr<prepared> cached(session& s, std::string_view sql, std::size_t nparams, bool& owned,
                                 std::error_code& ec, diagnostics& diag) {
    owned = false;
    if (auto p = s.cache.find(sql)) return p;
    auto p = prepare_on(s, sql, nparams, ec, diag);
    if (ec) return nullptr;
    if (s.cache.capacity() == 0) {
        owned = true;
        return p;
    }
    for (auto& evicted : s.cache.insert(std::string(sql), p)) release(s, *evicted);
    return p;
}

exec_result execute_on(session& s, prepared& p, std::span<const param> params, bool release_after,
                       std::error_code& ec, diagnostics& diag) {
    proto::exec_summary summary;
    ec = with_statement(s, p, params.size(), diag, [&](prepared& st) {
        summary = {};
        summary.statement_type = st.statement_type;
        proto::execute_op op(s.state, st.id, params, release_after, summary);
        return s.run(op, diag);
    });
    if (release_after) p.released = true;
    if (ec) return {};
    proto::note_statement(s.state, summary.statement_type);
    return to_exec_result(summary);
}

// Reads a whole result: open + first batch, further batches, then CLOSE (and RELEASE if asked).
result read_all(session& s, prepared& p, std::span<const param> params, bool release_after,
                std::error_code& ec, diagnostics& diag) {
    proto::row_batch rows;
    ec = with_statement(s, p, params.size(), diag, [&](prepared& st) {
        proto::clear_rows(rows);
        proto::fetch_target target{st.columns, rows, true, false};
        const std::string name = proto::next_cursor_name(s.state);
        proto::fetch_op open(s.state, st.id, s.params.fetch_buffer_size, target, name, params);
        auto e = s.run(open, diag);
        while (!e && !target.exhausted) {
            proto::fetch_op fetch(s.state, st.id, s.params.fetch_buffer_size, target);
            e = s.run(fetch, diag);
        }
        if (e && e.value() != stale_statement) free_statement(s, st.id, true, false);
        return e;
    });
    if (ec) {
        if (release_after) release(s, p);
        return {};
    }
    proto::free_op done(s.state, p.id, true, release_after);
    if (release_after) p.released = true;
    if ((ec = s.run(done, diag))) return {};
    proto::note_statement(s.state, p.statement_type);
    proto::exec_summary summary;
    summary.statement_type = p.statement_type;
    summary.rows = static_cast<std::int64_t>(rows.rows);
    return result(p.columns, std::move(rows), to_exec_result(summary));
}

std::unique_ptr<detail::cursor_state> open_state(const std::shared_ptr<session>& owner,
                                                 std::shared_ptr<prepared> p, bool release_on_close,
                                                 std::span<const param> params, proto::open_flags flags,
                                                 std::error_code& ec, diagnostics& diag) {
    session& s = *owner;
    auto state = std::make_unique<detail::cursor_state>();
    state->owner = owner;
    state->release_on_close = release_on_close;
    ec = with_statement(s, *p, params.size(), diag, [&](prepared& st) {
        state->columns = st.columns;
        state->statement_id = st.id;
        proto::fetch_target target{state->columns, state->batch, false, false};
        const std::string name = proto::next_cursor_name(s.state);
        proto::fetch_op open(s.state, st.id, s.params.fetch_buffer_size, target, name, params, flags);
        auto e = s.run(open, diag);
        state->exhausted = target.exhausted;
        return e;
    });
    if (ec) {
        free_statement(s, p->id, true, release_on_close);
        if (release_on_close) p->released = true;
        return nullptr;
    }
    proto::note_statement(s.state, p->statement_type);
    ++s.state.open_cursors;
    state->first_batch_pending = flags.fetch_now;
    state->statement = std::move(p);
    return state;
}

// Prepares sql just for a cursor (released when the cursor closes) and opens it.
std::unique_ptr<detail::cursor_state> open_text_cursor(const std::shared_ptr<session>& owner,
                                                       std::string_view sql, std::span<const param> params,
                                                       proto::open_flags flags, std::error_code& ec,
                                                       diagnostics& diag) {
    session& s = *owner;
    auto p = prepare_on(s, sql, params.size(), ec, diag);
    if (!ec && !proto::returns_rows(p->statement_type, p->columns)) {
        release(s, *p);
        ec = errc::invalid_argument;
        diag.client_message = "a cursor needs a statement that returns rows";
    }
    std::unique_ptr<detail::cursor_state> state;
    if (!ec) {
        p->owner = owner;
        state = open_state(owner, std::move(p), true, params, flags, ec, diag);
    }
    if (ec) diag.statement = sql;
    return state;
}

template <class T>
// ec and diag are references: they are read here, after the call producing `value` has set them
// (argument evaluation order is unspecified, so a copy could be taken before).
T throw_on_error(const std::error_code& ec, const diagnostics& diag, T value) {
    throw_if(ec, diag);
    return value;
}

}  // namespace

// ---- statement -----------------------------------------------------------------------------------

statement::statement() noexcept = default;
statement::statement(std::shared_ptr<detail::prepared> p) noexcept : p_(std::move(p)) {}
statement::statement(statement&&) noexcept = default;
statement& statement::operator=(statement&& other) noexcept {
    if (this != &other) {
        close();
        p_ = std::move(other.p_);
    }
    return *this;
}
statement::~statement() {
    close();
}

const std::vector<column_info>& statement::columns() const noexcept {
    static const std::vector<column_info> none;
    return p_ ? p_->columns : none;
}
std::int16_t statement::statement_type() const noexcept {
    return p_ ? p_->statement_type : 0;
}
bool statement::returns_rows() const noexcept {
    return p_ && proto::returns_rows(p_->statement_type, p_->columns);
}
const std::string& statement::sql() const noexcept {
    static const std::string none;
    return p_ ? p_->sql : none;
}
bool statement::valid() const noexcept {
    if (!p_ || p_->released) return false;
    const auto s = p_->owner.lock();
    return s && s->usable();
}

void statement::close() noexcept {
    if (!p_) return;
    if (auto s = p_->owner.lock()) {
        std::lock_guard lock(s->mutex);
        release(*s, *p_);
    }
    p_.reset();
}

// ---- connection ----------------------------------------------------------------------------------

connection::connection() noexcept = default;
connection::connection(const connect_params& params) {
    connect(params);
}
connection::connection(connection&&) noexcept = default;
connection& connection::operator=(connection&& other) noexcept {
    if (this != &other) {
        close();
        session_ = std::move(other.session_);
    }
    return *this;
}
connection::~connection() {
    close();
}

void connection::connect(const connect_params& params) {
    std::error_code ec;
    diagnostics diag;
    connect(params, ec, diag);
    throw_if(ec, diag);
}

void connection::connect(const connect_params& params, std::error_code& ec, diagnostics& diag) {
    close();
    ec.clear();
    auto s = std::make_shared<session>();
    std::lock_guard lock(s->mutex);
    ec = s->connect(params, diag);
    if (!ec) session_ = std::move(s);
}

exec_result connection::execute_params(std::string_view sql, std::span<const param> params) {
    std::error_code ec;
    diagnostics diag;
    return throw_on_error(ec, diag, execute(sql, params, ec, diag));
}

exec_result connection::execute(std::string_view sql, std::span<const param> params, std::error_code& ec,
                                diagnostics& diag) {
    auto lock = lock_session(session_.get(), ec, diag);
    if (ec) return {};
    session& s = *session_;
    exec_result r;
    if (params.empty()) {
        proto::exec_summary summary;
        proto::command_op op(s.state, sql, summary);
        if (!(ec = s.run(op, diag))) {
            proto::note_statement(s.state, summary.statement_type);
            r = to_exec_result(summary);
        }
    } else {
        bool owned = false;
        auto p = cached(s, sql, params.size(), owned, ec, diag);
        if (!ec) r = execute_on(s, *p, params, owned, ec, diag);
    }
    if (ec) diag.statement = sql;
    return r;
}

result connection::query_params(std::string_view sql, std::span<const param> params) {
    std::error_code ec;
    diagnostics diag;
    return throw_on_error(ec, diag, query(sql, params, ec, diag));
}

result connection::query(std::string_view sql, std::span<const param> params, std::error_code& ec,
                         diagnostics& diag) {
    auto lock = lock_session(session_.get(), ec, diag);
    if (ec) return {};
    return detail::query_locked(*session_, sql, params, ec, diag);
}

result detail::query_locked(session& s, std::string_view sql, std::span<const param> params,
                            std::error_code& ec, diagnostics& diag) {
    bool owned = false;
    auto p = cached(s, sql, params.size(), owned, ec, diag);
    result r;
    if (!ec) {
        if (proto::returns_rows(p->statement_type, p->columns))
            r = read_all(s, *p, params, owned, ec, diag);
        else
            r = result({}, {}, execute_on(s, *p, params, owned, ec, diag));
    }
    if (ec) diag.statement = sql;
    return r;
}

cursor connection::open_cursor_params(std::string_view sql, std::span<const param> params) {
    std::error_code ec;
    diagnostics diag;
    return throw_on_error(ec, diag, open_cursor(sql, params, ec, diag));
}

cursor connection::open_cursor(std::string_view sql, std::span<const param> params, std::error_code& ec,
                               diagnostics& diag) {
    auto lock = lock_session(session_.get(), ec, diag);
    if (ec) return {};
    auto state = open_text_cursor(session_, sql, params, {}, ec, diag);
    return state ? cursor(std::move(state)) : cursor();
}

cursor connection::open_cursor_params(const cursor_options& options, std::string_view sql,
                                      std::span<const param> params) {
    std::error_code ec;
    diagnostics diag;
    auto lock = lock_session(session_.get(), ec, diag);
    throw_if(ec, diag);
    auto state = open_text_cursor(session_, sql, params, {true, false, options.with_hold}, ec, diag);
    throw_if(ec, diag);
    return cursor(std::move(state));
}

scroll_cursor connection::open_scroll_cursor_params(const cursor_options& options, std::string_view sql,
                                                    std::span<const param> params) {
    std::error_code ec;
    diagnostics diag;
    auto lock = lock_session(session_.get(), ec, diag);
    throw_if(ec, diag);
    auto state = open_text_cursor(session_, sql, params, {false, true, options.with_hold}, ec, diag);
    throw_if(ec, diag);
    return scroll_cursor(std::move(state));
}

// ---- prepared statements -----------------------------------------------------------------------

statement connection::prepare(std::string_view sql) {
    std::error_code ec;
    diagnostics diag;
    return throw_on_error(ec, diag, prepare(sql, ec, diag));
}

statement connection::prepare(std::string_view sql, std::error_code& ec, diagnostics& diag) {
    auto lock = lock_session(session_.get(), ec, diag);
    if (ec) return {};
    // nparams is informational for the server; the count of bound values is sent with each BIND.
    auto p = prepare_on(*session_, sql, 0, ec, diag);
    if (ec) {
        diag.statement = sql;
        return {};
    }
    p->owner = session_;
    auto& mine = session_->user_statements;
    std::erase_if(mine, [](const std::weak_ptr<prepared>& w) {
        const auto q = w.lock();
        return !q || q->released;
    });
    mine.push_back(p);
    return statement(std::move(p));
}

namespace {
// The session a statement belongs to, checked against this connection.
prepared* statement_on(const std::shared_ptr<session>& s, const std::shared_ptr<prepared>& p,
                       std::error_code& ec, diagnostics& diag) {
    if (!p || p->released) {
        ec = errc::cursor_closed;
        diag.client_message = "the statement is closed";
        return nullptr;
    }
    if (p->owner.lock() != s) {
        ec = errc::invalid_argument;
        diag.client_message = "the statement belongs to another connection";
        return nullptr;
    }
    return p.get();
}
}  // namespace

exec_result connection::execute_params(const statement& stmt, std::span<const param> params) {
    std::error_code ec;
    diagnostics diag;
    return throw_on_error(ec, diag, execute(stmt, params, ec, diag));
}

exec_result connection::execute(const statement& stmt, std::span<const param> params, std::error_code& ec,
                                diagnostics& diag) {
    auto lock = lock_session(session_.get(), ec, diag);
    if (ec) return {};
    prepared* p = statement_on(session_, stmt.p_, ec, diag);
    if (!p) return {};
    auto r = execute_on(*session_, *p, params, false, ec, diag);
    if (ec) diag.statement = p->sql;
    return r;
}

result connection::query_params(const statement& stmt, std::span<const param> params) {
    std::error_code ec;
    diagnostics diag;
    return throw_on_error(ec, diag, query(stmt, params, ec, diag));
}

result connection::query(const statement& stmt, std::span<const param> params, std::error_code& ec,
                         diagnostics& diag) {
    auto lock = lock_session(session_.get(), ec, diag);
    if (ec) return {};
    prepared* p = statement_on(session_, stmt.p_, ec, diag);
    if (!p) return {};
    result r = proto::returns_rows(p->statement_type, p->columns)
                   ? read_all(*session_, *p, params, false, ec, diag)
                   : result({}, {}, execute_on(*session_, *p, params, false, ec, diag));
    if (ec) diag.statement = p->sql;
    return r;
}

cursor connection::open_cursor_params(const statement& stmt, std::span<const param> params) {
    std::error_code ec;
    diagnostics diag;
    return throw_on_error(ec, diag, open_cursor(stmt, params, ec, diag));
}

cursor connection::open_cursor(const statement& stmt, std::span<const param> params, std::error_code& ec,
                               diagnostics& diag) {
    auto lock = lock_session(session_.get(), ec, diag);
    if (ec) return {};
    if (!statement_on(session_, stmt.p_, ec, diag)) return {};
    if (!proto::returns_rows(stmt.p_->statement_type, stmt.p_->columns)) {
        ec = errc::invalid_argument;
        diag.client_message = "open_cursor needs a statement that returns rows";
        return {};
    }
    auto state = open_state(session_, stmt.p_, false, params, {}, ec, diag);
    return state ? cursor(std::move(state)) : cursor();
}

batch_result connection::execute_many_params(const statement& stmt, std::span<const param> params,
                                             std::size_t width, std::size_t batch_rows) {
    std::error_code ec;
    diagnostics diag;
    auto r = execute_many(stmt, params, width, batch_rows, ec, diag);
    throw_if(ec, diag);
    return r;
}

batch_result connection::execute_many(const statement& stmt, std::span<const param> params, std::size_t width,
                                      std::size_t batch_rows, std::error_code& ec, diagnostics& diag) {
    // A width that does not divide the values is refused like a zero width.
    const bool shaped = width != 0 && params.size() % width == 0;
    batch_sender sender(*this, stmt, shaped ? width : 0, batch_rows, ec, diag);
    for (std::size_t first = 0; shaped && first < params.size(); first += width) {
        if (sender.stopped())
            sender.skip();
        else
            sender.add(params.subspan(first, width));
    }
    return sender.finish();
}

struct connection::batch_sender::state {
    state(std::error_code& e, diagnostics& d) : ec(e), diag(d) {}
    std::unique_lock<std::mutex> lock;
    session* s = nullptr;
    prepared* p = nullptr;  // null: refused before any row
    std::error_code& ec;
    diagnostics& diag;
    std::size_t width = 0;
    std::size_t batch_rows = 0;
    std::vector<std::uint8_t> buffer;  // encoded request groups of the unsent rows
    std::size_t buffered = 0;          // rows in buffer
    std::size_t rows = 0;              // rows given so far (sent, buffered or skipped)
    proto::batch_summary summary;
    batch_result out;

    void send() {
        proto::execute_many_op op(s->state, buffer, buffered, rows - buffered, summary);
        ec = s->run(op, diag);
        ++out.round_trips;
        buffer.clear();
        buffered = 0;
    }
};

connection::batch_sender::batch_sender(connection& c, const statement& stmt, std::size_t width,
                                       std::size_t batch_rows, std::error_code& ec, diagnostics& diag)
    : s_(std::make_unique<state>(ec, diag)) {
    s_->lock = lock_session(c.session_.get(), ec, diag);
    if (ec) return;
    prepared* p = statement_on(c.session_, stmt.p_, ec, diag);
    if (!p) return;
    if (width == 0 || batch_rows == 0) {
        ec = errc::invalid_argument;
        diag.client_message = "execute_many needs rows of equal, non-zero width and a non-zero batch size";
        return;
    }
    s_->s = c.session_.get();
    s_->p = p;
    s_->width = width;
    s_->batch_rows = batch_rows;
}

connection::batch_sender::~batch_sender() = default;

bool connection::batch_sender::stopped() const noexcept {
    return s_->p == nullptr || static_cast<bool>(s_->ec);
}

void connection::batch_sender::skip() noexcept {
    if (s_->p) ++s_->rows;
}

void connection::batch_sender::add(std::span<const param> row) {
    state& st = *s_;
    ++st.rows;
    if (!proto::encode_execute(st.p->id, row, st.buffer, st.s->state.text)) {
        // The batch holding an unbindable row is not sent (as if its request failed to encode).
        st.buffer.clear();
        st.buffered = 0;
        ++st.out.round_trips;
        st.ec = errc::invalid_argument;
        st.diag.client_message = "a parameter of row " + std::to_string(st.rows - 1) + " cannot be bound";
        return;
    }
    if (++st.buffered == st.batch_rows) st.send();
}

batch_result connection::batch_sender::finish() {
    state& st = *s_;
    if (!st.p) return {};
    if (!st.ec && st.buffered > 0) st.send();
    batch_result out = std::move(st.out);
    out.rows_sent = st.summary.rows_sent;
    out.rows_succeeded = st.summary.rows_succeeded;
    out.affected_rows = st.summary.affected_rows;
    out.failed_rows = std::move(st.summary.failed_rows);
    if (!out.failed_rows.empty()) {
        st.diag.batch_row = static_cast<std::ptrdiff_t>(out.failed_rows.front());
        st.diag.client_message = "row " + std::to_string(out.failed_rows.front()) + " of the batch failed (" +
                                 std::to_string(out.failed_rows.size()) + " failed, " +
                                 std::to_string(out.rows_succeeded) + " succeeded, " +
                                 std::to_string(st.rows - out.rows_sent) +
                                 " not sent): " + st.diag.client_message;
    }
    if (st.ec) st.diag.statement = st.p->sql;
    if (out.rows_succeeded > 0) proto::note_statement(st.s->state, st.p->statement_type);
    st.lock = {};
    return out;
}

// ---- transactions ------------------------------------------------------------------------------

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
    // The SQL form (PROTOCOL.md §7.9, grade A path) rather than SQ_BEGIN, whose payload is grade C.
    execute("BEGIN WORK", {}, ec, diag);
    if (!ec && session_) session_->state.in_transaction = true;
}

void connection::commit(std::error_code& ec, diagnostics& diag) {
    auto lock = lock_session(session_.get(), ec, diag);
    if (ec) return;
    proto::end_transaction_op op(session_->state, true);
    ec = session_->run(op, diag);
}

void connection::rollback(std::error_code& ec, diagnostics& diag) {
    auto lock = lock_session(session_.get(), ec, diag);
    if (ec) return;
    proto::end_transaction_op op(session_->state, false);
    ec = session_->run(op, diag);
}

void connection::savepoint(std::string_view name) {
    execute("SAVEPOINT " + std::string(name));
}
void connection::rollback_to_savepoint(std::string_view name) {
    execute("ROLLBACK TO SAVEPOINT " + std::string(name));
}
void connection::release_savepoint(std::string_view name) {
    execute("RELEASE SAVEPOINT " + std::string(name));
}

bool connection::in_transaction() const noexcept {
    return session_ && session_->state.in_transaction;
}

void connection::ping() {
    std::error_code ec;
    diagnostics diag;
    ping(ec, diag);
    throw_if(ec, diag);
}

void connection::ping(std::error_code& ec, diagnostics& diag) {
    (void)query("SELECT 1 FROM systables WHERE tabid = 1", {}, ec, diag);
}

std::size_t connection::open_statements() const noexcept {
    if (!session_) return 0;
    std::lock_guard lock(session_->mutex);  // statement::close may run on another thread
    std::size_t n = 0;
    for (const auto& w : session_->user_statements)
        if (const auto p = w.lock(); p && !p->released) ++n;
    return n;
}

void connection::close_statements(std::error_code& ec, diagnostics& diag) {
    auto lock = lock_session(session_.get(), ec, diag);
    if (ec) return;
    session& s = *session_;
    std::vector<proto::deferred_free> frees;
    for (const auto& w : s.user_statements) {
        if (const auto p = w.lock(); p && !p->released) {
            p->released = true;
            frees.push_back({p->id, false, true});
        }
    }
    s.user_statements.clear();
    if (frees.empty() || !s.usable()) return;
    proto::free_all_op op(s.state, std::move(frees), nullptr);
    ec = s.run(op, diag);
}

int connection::open_cursors() const noexcept {
    return session_ ? session_->state.open_cursors : 0;
}

unsigned connection::changed_settings() const noexcept {
    return session_ ? session_->state.changed_settings : 0;
}

void connection::clear_changed_settings() noexcept {
    if (session_) session_->state.changed_settings = 0;
}

void connection::close() noexcept {
    if (!session_) return;
    {
        std::lock_guard lock(session_->mutex);
        session_->disconnect();
    }
    session_.reset();
}

void connection::abort() noexcept {
    if (session_) session_->stream.interrupt();  // the session's mutex is the borrower's: not taken
}

bool connection::is_open() const noexcept {
    return session_ && session_->usable();
}

const session_info& connection::info() const noexcept {
    static const session_info none;
    return session_ ? session_->info : none;
}

void connection::throw_not_single(std::string_view sql) {
    diagnostics diag;
    diag.client_message = "query_value needs a result of one row and one column";
    diag.statement = sql;
    throw error(make_error_code(errc::type_mismatch), std::move(diag));
}

connection connect(const connect_params& params) {
    return connection(params);
}

connection connect(std::string_view url) {
    return connection(parse_url(url));
}

}  // namespace ifx
