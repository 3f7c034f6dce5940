#include "ifx/cursor.hpp"

#include "api/session.hpp"
#include "net/driver.hpp"

namespace ifx {

cursor::cursor() noexcept = default;
cursor::cursor(std::unique_ptr<detail::cursor_state> state) noexcept : state_(std::move(state)) {}
cursor::cursor(cursor&&) noexcept = default;
cursor& cursor::operator=(cursor&& other) noexcept {
    if (this != &other) {
        std::error_code ec;
        diagnostics diag;
        close(ec, diag);
        state_ = std::move(other.state_);
    }
    return *this;
}

cursor::~cursor() {
    std::error_code ec;
    diagnostics diag;
    close(ec, diag);
}

const std::vector<column_info>& cursor::columns() const noexcept {
    static const std::vector<column_info> none;
    return state_ ? state_->columns : none;
}

bool cursor::exhausted() const noexcept {
    return !state_ || (state_->exhausted && !state_->first_batch_pending);
}

rows_view cursor::fetch() {
    std::error_code ec;
    diagnostics diag;
    auto rows = fetch(ec, diag);
    throw_if(ec, diag);
    return rows;
}

namespace {

// Sends the NFETCH of the batch after the one just returned, so the server prepares it while the
// user reads; its reply is read by the next fetch(), or before any other request on the connection
// (session::finish_read_ahead). Not for BYTE/TEXT results (their content is fetched per batch in
// further exchanges) nor when another read-ahead is pending. Caller holds the session's mutex.
void start_read_ahead(detail::session& s, detail::cursor_state& st) {
    if (st.exhausted || s.reading_ahead != nullptr || !s.usable() || proto::blob_fetch::needed(st.columns))
        return;
    if (!st.ahead) st.ahead = std::make_unique<detail::read_ahead>();
    auto& a = *st.ahead;
    a.ec.clear();
    a.diag = {};
    a.op.reset();
    a.target.emplace(proto::fetch_target{st.columns, a.batch, false, false, st.fetched});
    a.op.emplace(s.state, st.statement_id, s.params.fetch_buffer_size, *a.target);
    std::vector<std::uint8_t> request;
    std::size_t consumed = 0;
    if (a.op->advance({}, consumed, request, a.ec, a.diag) == proto::step::done || a.ec) {
        a.op.reset();  // a fetch never finishes without a reply: do not read ahead
        return;
    }
    const auto timeout = s.params.read_timeout;
    const auto deadline = net::clock::now() + (timeout.count() > 0 ? timeout : std::chrono::hours(24 * 365));
    if ((a.ec = net::send(request, s.stream, s.state, deadline, a.diag))) return;  // fetch() reports it
    s.reading_ahead = &st;
}

}  // namespace

rows_view cursor::fetch(std::error_code& ec, diagnostics& diag) {
    ec.clear();
    if (!state_ || state_->closed) {
        ec = errc::cursor_closed;
        diag.client_message = "the cursor is closed";
        return {};
    }
    auto& st = *state_;
    auto& s = *st.owner;
    if (st.first_batch_pending) {
        st.first_batch_pending = false;
        std::lock_guard lock(s.mutex);
        start_read_ahead(s, st);
        return {st.columns, &st.batch};
    }
    proto::clear_rows(st.batch);
    if (st.exhausted) return {st.columns, &st.batch};
    std::lock_guard lock(s.mutex);
    if (st.ahead && st.ahead->op) {
        // The batch was requested ahead: read its reply if no other request did, then take it.
        auto& a = *st.ahead;
        if (s.reading_ahead == &st) s.finish_read_ahead();
        const bool exhausted = a.target->exhausted;
        const std::int64_t fetched = a.target->fetched;
        a.op.reset();
        a.target.reset();
        if ((ec = a.ec)) {
            diag = std::move(a.diag);
            proto::clear_rows(a.batch);
            return {};
        }
        std::swap(st.batch, a.batch);
        st.exhausted = exhausted;
        st.fetched = fetched;
    } else {
        proto::fetch_target target{st.columns, st.batch, false, false, st.fetched};
        proto::fetch_op op(s.state, st.statement_id, s.params.fetch_buffer_size, target);
        if ((ec = s.run(op, diag))) return {};
        st.exhausted = target.exhausted;
        st.fetched = target.fetched;
    }
    start_read_ahead(s, st);
    return {st.columns, &st.batch};
}

void cursor::close() {
    std::error_code ec;
    diagnostics diag;
    close(ec, diag);
    throw_if(ec, diag);
}

void cursor::close(std::error_code& ec, diagnostics& diag) {
    ec.clear();
    if (state_) ec = detail::close_cursor(*state_, diag);
}

}  // namespace ifx
