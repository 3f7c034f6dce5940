// ifx::connection: the sync face of the session core. Each call takes the session's lock and runs
// one session operation to completion (src/session); nothing here talks to the server itself.
#include "ifx/connection.hpp"

#include "api/sync_face.hpp"
#include "session/batch.hpp"
#include "session/connect.hpp"
#include "session/cursors.hpp"
#include "session/fastpath.hpp"
#include "session/statements.hpp"

namespace ifx {

using detail::session_core;
using detail::sync_call;

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
    return detail::columns_of(p_.get());
}
std::int16_t statement::statement_type() const noexcept {
    return detail::statement_type_of(p_.get());
}
bool statement::returns_rows() const noexcept {
    return detail::returns_rows(p_.get());
}
const std::string& statement::sql() const noexcept {
    return detail::sql_of(p_.get());
}
bool statement::valid() const noexcept {
    return detail::valid(p_.get());
}

void statement::close() noexcept {
    if (!p_) return;
    if (auto s = p_->owner.lock()) {
        std::lock_guard lock(s->mutex);
        detail::release_run op(p_);
        diagnostics ignored;
        (void)s->run(op, ignored);  // best effort: the user asked for the RELEASE now
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
    auto s = std::make_shared<session_core>();
    ec = detail::connect_session(*s, params, diag);
    if (!ec) session_ = std::move(s);
}

exec_result connection::execute_params(std::string_view sql, std::span<const param> params) {
    std::error_code ec;
    diagnostics diag;
    return detail::throw_on_error(ec, diag, execute(sql, params, ec, diag));
}

exec_result connection::execute(std::string_view sql, std::span<const param> params, std::error_code& ec,
                                diagnostics& diag) {
    auto op = detail::make_execute(sql, params);
    return sync_call(session_.get(), *op, ec, diag);
}

result connection::query_params(std::string_view sql, std::span<const param> params) {
    std::error_code ec;
    diagnostics diag;
    return detail::throw_on_error(ec, diag, query(sql, params, ec, diag));
}

result connection::query(std::string_view sql, std::span<const param> params, std::error_code& ec,
                         diagnostics& diag) {
    detail::query_run op(sql, params);
    return sync_call(session_.get(), op, ec, diag);
}

cursor connection::open_cursor_params(std::string_view sql, std::span<const param> params) {
    std::error_code ec;
    diagnostics diag;
    return detail::throw_on_error(ec, diag, open_cursor(sql, params, ec, diag));
}

cursor connection::open_cursor(std::string_view sql, std::span<const param> params, std::error_code& ec,
                               diagnostics& diag) {
    detail::cursor_run op(sql, params);
    auto st = sync_call(session_.get(), op, ec, diag);
    return st ? cursor(std::move(st)) : cursor();
}

cursor connection::open_cursor_params(const cursor_options& options, std::string_view sql,
                                      std::span<const param> params) {
    std::error_code ec;
    diagnostics diag;
    auto c = open_cursor(options, sql, params, ec, diag);
    throw_if(ec, diag);
    return c;
}

cursor connection::open_cursor(const cursor_options& options, std::string_view sql,
                               std::span<const param> params, std::error_code& ec, diagnostics& diag) {
    detail::cursor_run op(sql, params, {.fetch_now = true, .hold = options.with_hold});
    auto st = sync_call(session_.get(), op, ec, diag);
    return st ? cursor(std::move(st)) : cursor();
}

scroll_cursor connection::open_scroll_cursor_params(const cursor_options& options, std::string_view sql,
                                                    std::span<const param> params) {
    std::error_code ec;
    diagnostics diag;
    auto c = open_scroll_cursor(options, sql, params, ec, diag);
    throw_if(ec, diag);
    return c;
}

scroll_cursor connection::open_scroll_cursor(const cursor_options& options, std::string_view sql,
                                             std::span<const param> params, std::error_code& ec,
                                             diagnostics& diag) {
    detail::cursor_run op(sql, params, {.fetch_now = false, .scroll = true, .hold = options.with_hold});
    auto st = sync_call(session_.get(), op, ec, diag);
    return st ? scroll_cursor(std::move(st)) : scroll_cursor();
}

// ---- prepared statements -----------------------------------------------------------------------

statement connection::prepare(std::string_view sql) {
    std::error_code ec;
    diagnostics diag;
    return detail::throw_on_error(ec, diag, prepare(sql, ec, diag));
}

statement connection::prepare(std::string_view sql, std::error_code& ec, diagnostics& diag) {
    detail::prepare_run op(sql);
    auto p = sync_call(session_.get(), op, ec, diag);
    return p ? statement(std::move(p)) : statement();
}

exec_result connection::execute_params(const statement& stmt, std::span<const param> params) {
    std::error_code ec;
    diagnostics diag;
    return detail::throw_on_error(ec, diag, execute(stmt, params, ec, diag));
}

exec_result connection::execute(const statement& stmt, std::span<const param> params, std::error_code& ec,
                                diagnostics& diag) {
    detail::execute_run op(stmt.p_, params);
    return sync_call(session_.get(), op, ec, diag);
}

result connection::query_params(const statement& stmt, std::span<const param> params) {
    std::error_code ec;
    diagnostics diag;
    return detail::throw_on_error(ec, diag, query(stmt, params, ec, diag));
}

result connection::query(const statement& stmt, std::span<const param> params, std::error_code& ec,
                         diagnostics& diag) {
    detail::query_run op(stmt.p_, params);
    return sync_call(session_.get(), op, ec, diag);
}

cursor connection::open_cursor_params(const statement& stmt, std::span<const param> params) {
    std::error_code ec;
    diagnostics diag;
    return detail::throw_on_error(ec, diag, open_cursor(stmt, params, ec, diag));
}

cursor connection::open_cursor(const statement& stmt, std::span<const param> params, std::error_code& ec,
                               diagnostics& diag) {
    detail::cursor_run op(stmt.p_, params);
    auto st = sync_call(session_.get(), op, ec, diag);
    return st ? cursor(std::move(st)) : cursor();
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
    detail::execute_many_run op(stmt.p_, params, width, batch_rows);
    return sync_call(session_.get(), op, ec, diag);
}

// The template execute_many encodes each row as the caller's range yields it, under the session's
// lock, with the same batch_writer as execute_many_run.
struct connection::batch_sender::state {
    state(std::error_code& e, diagnostics& d) : ec(e), diag(d) {}
    std::unique_lock<std::mutex> lock;
    session_core* s = nullptr;
    std::error_code& ec;
    diagnostics& diag;
    detail::batch_writer writer;

    void send() {
        detail::exchange_run op(*writer.send(*s));
        diagnostics d;
        ec = s->run(op, d);
        if (ec) diag = std::move(d);
        writer.sent();
    }
};

connection::batch_sender::batch_sender(connection& c, const statement& stmt, std::size_t width,
                                       std::size_t batch_rows, std::error_code& ec, diagnostics& diag)
    : s_(std::make_unique<state>(ec, diag)) {
    ec.clear();
    if (!detail::locked(c.session_.get(), s_->lock, ec, diag)) return;
    s_->s = c.session_.get();
    (void)s_->writer.open(*s_->s, stmt.p_, width, batch_rows, ec, diag);
}

connection::batch_sender::~batch_sender() = default;

bool connection::batch_sender::stopped() const noexcept {
    return !s_->writer.opened() || static_cast<bool>(s_->ec);
}

void connection::batch_sender::skip() noexcept {
    if (s_->writer.opened()) s_->writer.skip(1);
}

void connection::batch_sender::add(std::span<const param> row) {
    state& st = *s_;
    if (st.writer.add(*st.s, row, st.ec, st.diag)) st.send();
}

batch_result connection::batch_sender::finish() {
    state& st = *s_;
    if (!st.writer.opened()) return {};
    if (!st.ec && st.writer.has_buffered()) st.send();
    auto out = st.writer.finish(*st.s, st.ec, st.diag);
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
    detail::begin_run op;
    sync_call(session_.get(), op, ec, diag);
}

void connection::commit(std::error_code& ec, diagnostics& diag) {
    detail::end_transaction_run op(proto::transaction_end::commit);
    sync_call(session_.get(), op, ec, diag);
}

void connection::rollback(std::error_code& ec, diagnostics& diag) {
    detail::end_transaction_run op(proto::transaction_end::rollback);
    sync_call(session_.get(), op, ec, diag);
}

namespace {

void run_savepoint(session_core* s, detail::savepoint_verb verb, std::string_view name, std::error_code& ec,
                   diagnostics& diag) {
    detail::savepoint_run op(verb, name);
    sync_call(s, op, ec, diag);
}

void run_savepoint(session_core* s, detail::savepoint_verb verb, std::string_view name) {
    std::error_code ec;
    diagnostics diag;
    run_savepoint(s, verb, name, ec, diag);
    throw_if(ec, diag);
}

}  // namespace

void connection::savepoint(std::string_view name) {
    run_savepoint(session_.get(), detail::savepoint_verb::set, name);
}
void connection::rollback_to_savepoint(std::string_view name) {
    run_savepoint(session_.get(), detail::savepoint_verb::rollback_to, name);
}
void connection::release_savepoint(std::string_view name) {
    run_savepoint(session_.get(), detail::savepoint_verb::release, name);
}
void connection::savepoint(std::string_view name, std::error_code& ec, diagnostics& diag) {
    run_savepoint(session_.get(), detail::savepoint_verb::set, name, ec, diag);
}
void connection::rollback_to_savepoint(std::string_view name, std::error_code& ec, diagnostics& diag) {
    run_savepoint(session_.get(), detail::savepoint_verb::rollback_to, name, ec, diag);
}
void connection::release_savepoint(std::string_view name, std::error_code& ec, diagnostics& diag) {
    run_savepoint(session_.get(), detail::savepoint_verb::release, name, ec, diag);
}

bool connection::in_transaction() const noexcept {
    return session_ && session_->state.in_transaction;
}

result connection::fast_path_call_params(std::string_view signature, std::span<const param> args) {
    std::error_code ec;
    diagnostics diag;
    return detail::throw_on_error(ec, diag, fast_path_call(signature, args, ec, diag));
}

result connection::fast_path_call(std::string_view signature, std::span<const param> args,
                                  std::error_code& ec, diagnostics& diag) {
    detail::fast_path_run op(signature, args);
    return sync_call(session_.get(), op, ec, diag);
}

void connection::ping() {
    std::error_code ec;
    diagnostics diag;
    ping(ec, diag);
    throw_if(ec, diag);
}

void connection::ping(std::error_code& ec, diagnostics& diag) {
    detail::ping_run op;
    sync_call(session_.get(), op, ec, diag);
}

std::size_t connection::open_statements() const noexcept {
    if (!session_) return 0;
    std::lock_guard lock(session_->mutex);  // statement::close may run on another thread
    return detail::open_statements(*session_);
}

void connection::close_statements(std::error_code& ec, diagnostics& diag) {
    detail::close_statements_run op;
    sync_call(session_.get(), op, ec, diag);
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
        detail::close_op op;
        diagnostics ignored;
        (void)session_->run(op, ignored);
    }
    session_.reset();
}

void connection::abort() noexcept {
    if (session_) session_->abort();  // the session's mutex is the borrower's: not taken
}

bool connection::is_open() const noexcept {
    return session_ && session_->usable();
}

const session_info& connection::info() const noexcept {
    static const session_info none;
    return session_ ? session_->info : none;
}

connection connect(const connect_params& params) {
    return connection(params);
}

connection connect(std::string_view url) {
    return connection(parse_url(url));
}

}  // namespace ifx
