#include "ifx/connection.hpp"

#include "api/session.hpp"
#include "proto/statement_ops.hpp"

namespace ifx {
namespace {

using detail::prepared;
using detail::session;

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

// statement::close: RELEASE now (the user asked for it), best effort.
void release(session& s, prepared& p) {
    if (p.released) return;
    p.released = true;
    if (!s.usable()) return;
    diagnostics ignored;
    proto::free_op op(s.state, p.id, false, true);
    (void)s.run(op, ignored);
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

// Runs p (prepared first while p.id < 0) through proto::statement_op, the composition the async
// connection runs too: the -710 re-prepare, the cleanup after a failure, and a finished result's
// CLOSE/RELEASE queued on the session (sent in front of the next request).
std::error_code run_statement(session& s, prepared& p, std::span<const param> params,
                              proto::statement_mode mode, bool release_after, proto::statement_outcome& out,
                              diagnostics& diag, proto::open_flags flags = {}) {
    proto::statement_op op(s.state, p, params, mode, release_after, s.params.fetch_buffer_size, out);
    op.open_with(flags);
    op.defer_close_to(s.deferred);
    return s.run(op, diag);
}

// A statement for sql run by text: from the cache, or a fresh unprepared one (`fresh`).
std::shared_ptr<prepared> lookup(session& s, std::string_view sql, bool& fresh) {
    fresh = false;
    if (auto p = s.cache.find(sql)) {
        if (!p->released) return p;
        s.cache.erase(sql);  // its re-prepare failed: prepare it anew
    }
    fresh = true;
    auto p = std::make_shared<prepared>();
    p->sql = sql;
    return p;
}

// Caches a fresh statement once prepared; the statements it evicts are released with the next request.
void remember(session& s, const std::shared_ptr<prepared>& p) {
    if (p->id < 0 || p->released) return;
    for (auto& evicted : s.cache.insert(p->sql, p)) {
        if (!evicted->released) s.deferred.push_back({evicted->id, false, true});
        evicted->released = true;
    }
}

// A whole result (or the outcome of a statement without rows) as connection::query returns it.
result to_result(const prepared& p, proto::statement_outcome& out) {
    if (proto::returns_rows(p.statement_type, p.columns))
        return result(p.columns, std::move(out.rows), to_exec_result(out.summary));
    return result({}, {}, to_exec_result(out.summary));
}

// Runs sql by text in `mode` (the statement cache, or a statement released after use when it is off).
std::shared_ptr<prepared> run_text(session& s, std::string_view sql, std::span<const param> params,
                                   proto::statement_mode mode, proto::statement_outcome& out,
                                   std::error_code& ec, diagnostics& diag) {
    bool fresh = false;
    auto p = lookup(s, sql, fresh);
    const bool owned = fresh && s.cache.capacity() == 0;
    ec = run_statement(s, *p, params, mode, owned, out, diag);
    if (fresh && !owned) remember(s, p);
    if (ec) diag.statement = sql;
    return p;
}

std::unique_ptr<detail::cursor_state> open_state(const std::shared_ptr<session>& owner,
                                                 std::shared_ptr<prepared> p, bool release_on_close,
                                                 std::span<const param> params, proto::open_flags flags,
                                                 std::error_code& ec, diagnostics& diag) {
    session& s = *owner;
    proto::statement_outcome out;
    ec = run_statement(s, *p, params, proto::statement_mode::open_cursor, release_on_close, out, diag, flags);
    if (ec) {
        if (release_on_close) p->released = true;
        return nullptr;
    }
    auto state = std::make_unique<detail::cursor_state>();
    state->owner = owner;
    state->release_on_close = release_on_close;
    state->columns = p->columns;
    state->statement_id = p->id;
    state->batch = std::move(out.rows);
    state->exhausted = out.exhausted;
    state->fetched = static_cast<std::int64_t>(state->batch.rows);
    state->first_batch_pending = flags.fetch_now;
    ++s.state.open_cursors;
    state->statement = std::move(p);
    return state;
}

// Prepares sql just for a cursor (released when the cursor closes) and opens it.
std::unique_ptr<detail::cursor_state> open_text_cursor(const std::shared_ptr<session>& owner,
                                                       std::string_view sql, std::span<const param> params,
                                                       proto::open_flags flags, std::error_code& ec,
                                                       diagnostics& diag) {
    auto p = std::make_shared<prepared>();
    p->sql = sql;
    p->owner = owner;
    auto state = open_state(owner, std::move(p), true, params, flags, ec, diag);
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
        if (ec) diag.statement = sql;
    } else {
        proto::statement_outcome out;
        (void)run_text(s, sql, params, proto::statement_mode::execute, out, ec, diag);
        if (!ec) r = to_exec_result(out.summary);
    }
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
    proto::statement_outcome out;
    auto p = run_text(s, sql, params, proto::statement_mode::automatic, out, ec, diag);
    return ec ? result() : to_result(*p, out);
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
    proto::statement_outcome out;
    ec = run_statement(*session_, *p, params, proto::statement_mode::execute, false, out, diag);
    if (ec) {
        diag.statement = p->sql;
        return {};
    }
    return to_exec_result(out.summary);
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
    proto::statement_outcome out;
    ec = run_statement(*session_, *p, params, proto::statement_mode::automatic, false, out, diag);
    if (ec) {
        diag.statement = p->sql;
        return {};
    }
    return to_result(*p, out);
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
    std::vector<proto::deferred_free> frees = std::move(s.deferred);
    s.deferred.clear();
    for (const auto& w : s.user_statements) {
        if (const auto p = w.lock(); p && !p->released) {
            p->released = true;
            frees.push_back({p->id, false, true});
        }
    }
    s.user_statements.clear();
    if (frees.empty() || !s.usable()) return;
    proto::free_all_op op(s.state, frees, nullptr);
    ec = s.run(op, diag);
}

std::size_t connection::pending_frees() const noexcept {
    if (!session_) return 0;
    std::lock_guard lock(session_->mutex);
    return session_->deferred.size();
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
