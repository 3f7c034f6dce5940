// ifx::async_connection and the objects it makes: the async face of the session core. Each call
// makes one session operation (src/session) that the composed operation of
// ifx/detail/async_run.hpp steps on the connection's executor.
#include "ifx/async_connection.hpp"

#include "async/async_session.hpp"
#include "session/batch.hpp"
#include "session/connect.hpp"
#include "session/cursors.hpp"
#include "session/fastpath.hpp"
#include "session/statements.hpp"

namespace ifx {

using detail::session_core;

// ---- async_statement -----------------------------------------------------------------------------

async_statement::async_statement() noexcept = default;
async_statement::async_statement(asio::any_io_executor ex, std::shared_ptr<detail::prepared> p) noexcept
    : ex_(std::move(ex)), p_(std::move(p)) {}
async_statement::async_statement(async_statement&&) noexcept = default;
async_statement& async_statement::operator=(async_statement&& other) noexcept {
    if (this != &other) {
        if (p_) detail::queue_release(*p_);
        ex_ = std::move(other.ex_);
        p_ = std::move(other.p_);
    }
    return *this;
}
async_statement::~async_statement() {
    if (p_) detail::queue_release(*p_);
}

const std::vector<column_info>& async_statement::columns() const noexcept {
    return detail::columns_of(p_.get());
}
std::int16_t async_statement::statement_type() const noexcept {
    return detail::statement_type_of(p_.get());
}
bool async_statement::returns_rows() const noexcept {
    return detail::returns_rows(p_.get());
}
const std::string& async_statement::sql() const noexcept {
    return detail::sql_of(p_.get());
}
bool async_statement::valid() const noexcept {
    return detail::valid(p_.get());
}
std::shared_ptr<session_core> async_statement::session() const {
    return p_ ? p_->owner.lock() : nullptr;
}
std::unique_ptr<detail::session_op_of<void>> async_statement::close_op() const {
    return std::make_unique<detail::release_run>(p_);
}

// ---- async_cursor, async_scroll_cursor --------------------------------------------------------------

namespace {

std::shared_ptr<detail::cursor_state> state_or_closed(const std::shared_ptr<detail::cursor_state>& st) {
    if (st) return st;
    auto closed = std::make_shared<detail::cursor_state>();
    closed->closed = true;
    return closed;
}

}  // namespace

async_cursor::async_cursor() noexcept = default;
async_cursor::async_cursor(asio::any_io_executor ex, std::shared_ptr<detail::cursor_state> st) noexcept
    : ex_(std::move(ex)), st_(std::move(st)) {}
async_cursor::async_cursor(async_cursor&&) noexcept = default;
async_cursor& async_cursor::operator=(async_cursor&& other) noexcept {
    if (this != &other) {
        if (st_) detail::queue_cursor_close(*st_);
        ex_ = std::move(other.ex_);
        st_ = std::move(other.st_);
    }
    return *this;
}
async_cursor::~async_cursor() {
    if (st_) detail::queue_cursor_close(*st_);
}

const std::vector<column_info>& async_cursor::columns() const noexcept {
    return detail::columns_of(st_.get());
}
bool async_cursor::exhausted() const noexcept {
    return detail::exhausted(st_.get());
}
std::shared_ptr<session_core> async_cursor::session() const {
    return st_ ? st_->owner : nullptr;
}
std::unique_ptr<detail::session_op_of<rows_view>> async_cursor::next_batch_op() const {
    return std::make_unique<detail::fetch_run>(state_or_closed(st_));
}
std::unique_ptr<detail::session_op_of<void>> async_cursor::close_op() const {
    return std::make_unique<detail::cursor_close_run>(state_or_closed(st_));
}

async_scroll_cursor::async_scroll_cursor() noexcept = default;
async_scroll_cursor::async_scroll_cursor(asio::any_io_executor ex,
                                         std::shared_ptr<detail::cursor_state> st) noexcept
    : ex_(std::move(ex)), st_(std::move(st)) {}
async_scroll_cursor::async_scroll_cursor(async_scroll_cursor&&) noexcept = default;
async_scroll_cursor& async_scroll_cursor::operator=(async_scroll_cursor&& other) noexcept {
    if (this != &other) {
        if (st_) detail::queue_cursor_close(*st_);
        ex_ = std::move(other.ex_);
        st_ = std::move(other.st_);
    }
    return *this;
}
async_scroll_cursor::~async_scroll_cursor() {
    if (st_) detail::queue_cursor_close(*st_);
}

const std::vector<column_info>& async_scroll_cursor::columns() const noexcept {
    return detail::columns_of(st_.get());
}
std::int32_t async_scroll_cursor::position() const noexcept {
    return detail::position_of(st_.get());
}
std::shared_ptr<session_core> async_scroll_cursor::session() const {
    return st_ ? st_->owner : nullptr;
}
std::unique_ptr<detail::session_op_of<std::optional<row_view>>> async_scroll_cursor::move_op(
    direction where, std::int32_t target) const {
    return std::make_unique<detail::scroll_run>(state_or_closed(st_), where, target);
}
std::unique_ptr<detail::session_op_of<void>> async_scroll_cursor::close_op() const {
    return std::make_unique<detail::cursor_close_run>(state_or_closed(st_));
}

// ---- async_connection ----------------------------------------------------------------------------

async_connection::async_connection(executor_type ex)
    : ex_(std::move(ex)), s_(std::make_shared<session_core>(ex_)) {}
async_connection::async_connection(async_connection&&) noexcept = default;
async_connection& async_connection::operator=(async_connection&& other) noexcept {
    if (this != &other) {
        if (s_) s_->drop();
        ex_ = std::move(other.ex_);
        s_ = std::move(other.s_);
    }
    return *this;
}
async_connection::~async_connection() {
    if (s_) s_->drop();  // an operation in flight completes with an error
}

std::unique_ptr<detail::session_op_of<void>> async_connection::connect_op(const connect_params& params) {
    // A new connect: an abort() from its initiation on ends it (even before its first step runs).
    if (s_) s_->aborted = false;
    return std::make_unique<detail::connect_op>(params);
}
std::unique_ptr<detail::session_op_of<exec_result>> async_connection::execute_op(
    std::string_view sql, std::span<const param> params) {
    return detail::make_execute(sql, params);
}
std::unique_ptr<detail::session_op_of<exec_result>> async_connection::execute_op(
    const async_statement& stmt, std::span<const param> params) {
    return std::make_unique<detail::execute_run>(stmt.impl(), params);
}
std::unique_ptr<detail::session_op_of<result>> async_connection::query_op(std::string_view sql,
                                                                          std::span<const param> params) {
    return std::make_unique<detail::query_run>(sql, params);
}
std::unique_ptr<detail::session_op_of<result>> async_connection::query_op(const async_statement& stmt,
                                                                          std::span<const param> params) {
    return std::make_unique<detail::query_run>(stmt.impl(), params);
}
std::unique_ptr<detail::session_op_of<std::shared_ptr<detail::prepared>>> async_connection::prepare_op(
    std::string_view sql) {
    return std::make_unique<detail::prepare_run>(sql);
}
std::unique_ptr<detail::session_op_of<std::shared_ptr<detail::cursor_state>>> async_connection::cursor_op(
    const cursor_options& options, std::string_view sql, std::span<const param> params) {
    return std::make_unique<detail::cursor_run>(
        sql, params, proto::open_flags{.fetch_now = true, .hold = options.with_hold});
}
std::unique_ptr<detail::session_op_of<std::shared_ptr<detail::cursor_state>>> async_connection::cursor_op(
    const async_statement& stmt, std::span<const param> params) {
    return std::make_unique<detail::cursor_run>(stmt.impl(), params);
}
std::unique_ptr<detail::session_op_of<std::shared_ptr<detail::cursor_state>>>
async_connection::scroll_cursor_op(const cursor_options& options, std::string_view sql,
                                   std::span<const param> params) {
    return std::make_unique<detail::cursor_run>(
        sql, params, proto::open_flags{.fetch_now = false, .scroll = true, .hold = options.with_hold});
}
std::unique_ptr<detail::session_op_of<batch_result>> async_connection::batch_op(const async_statement& stmt,
                                                                                std::span<const param> params,
                                                                                std::size_t width,
                                                                                std::size_t batch_rows) {
    return std::make_unique<detail::execute_many_run>(stmt.impl(), params, width, batch_rows);
}
std::unique_ptr<detail::session_op_of<void>> async_connection::transaction_op(transaction_step step) {
    switch (step) {
        case transaction_step::begin:
            return std::make_unique<detail::begin_run>();
        case transaction_step::commit:
            return std::make_unique<detail::end_transaction_run>(proto::transaction_end::commit);
        case transaction_step::rollback:
            break;
    }
    return std::make_unique<detail::end_transaction_run>(proto::transaction_end::rollback);
}
std::unique_ptr<detail::session_op_of<void>> async_connection::savepoint_op(savepoint_step step,
                                                                            std::string_view name) {
    const auto verb = step == savepoint_step::set           ? detail::savepoint_verb::set
                      : step == savepoint_step::rollback_to ? detail::savepoint_verb::rollback_to
                                                            : detail::savepoint_verb::release;
    return std::make_unique<detail::savepoint_run>(verb, name);
}
std::unique_ptr<detail::session_op_of<void>> async_connection::close_statements_op() {
    return std::make_unique<detail::close_statements_run>();
}
std::unique_ptr<detail::session_op_of<void>> async_connection::ping_op() {
    return std::make_unique<detail::ping_run>();
}
std::unique_ptr<detail::session_op_of<result>> async_connection::fast_path_op(std::string_view signature,
                                                                              std::span<const param> args) {
    return std::make_unique<detail::fast_path_run>(signature, args);
}
std::unique_ptr<detail::session_op_of<void>> async_connection::close_op() {
    return std::make_unique<detail::close_op>();
}

int async_connection::open_cursors() const noexcept {
    return s_ ? s_->state.open_cursors : 0;
}
std::size_t async_connection::open_statements() const noexcept {
    return s_ ? detail::open_statements(*s_) : 0;
}
std::size_t async_connection::pending_frees() const noexcept {
    return s_ ? s_->deferred.size() : 0;
}
unsigned async_connection::changed_settings() const noexcept {
    return s_ ? s_->state.changed_settings : 0;
}
void async_connection::clear_changed_settings() noexcept {
    if (s_) s_->state.changed_settings = 0;
}
void async_connection::abort() noexcept {
    if (s_) s_->abort();
}
bool async_connection::is_open() const noexcept {
    return s_ && s_->usable();
}
bool async_connection::busy() const noexcept {
    return s_ && s_->busy();
}
bool async_connection::in_transaction() const noexcept {
    return s_ && s_->state.in_transaction;
}
const session_info& async_connection::info() const noexcept {
    static const session_info none;
    return s_ ? s_->info : none;
}
void async_connection::set_operation_timeout(std::chrono::milliseconds timeout) noexcept {
    if (s_) s_->op_timeout = timeout;
}

}  // namespace ifx
