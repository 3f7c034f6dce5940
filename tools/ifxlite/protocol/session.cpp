#include "protocol/session.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <utility>

#include "base/log.hpp"
#include "protocol/login.hpp"
#include "protocol/replies.hpp"
#include "protocol/session_group.hpp"
#include "wire/hex.hpp"
#include "wire/limits.hpp"
#include "wire/session_layer.hpp"

namespace ifx::lite {
namespace {

// A request group larger than the largest legal SQL text plus headroom is hostile or broken.
constexpr std::size_t max_pending_input = wire::limits::max_sql_text + 1024 * 1024;

}  // namespace

using session_limits::cost_rows;
using session_limits::cost_value;
using session_limits::max_fetch_bytes;

session::session(catalog& databases, session_config config) : engine_(databases), config_(std::move(config)) {
    static std::atomic<std::int64_t> next_session_id{1};
    engine_.set_user(config_.user, next_session_id++);
    engine_.set_default_lock_wait(config_.lock_wait_ms);
    engine_.set_default_last_committed(config_.use_last_committed);
}

std::vector<std::uint8_t> session::on_bytes(std::span<const std::uint8_t> bytes) {
    std::vector<std::uint8_t> out;
    if (closing_) return out;
    input_.insert(input_.end(), bytes.begin(), bytes.end());
    std::size_t start = 0;
    while (!closing_ && start < input_.size()) {
        const std::span<const std::uint8_t> pending(input_.data() + start, input_.size() - start);
        if (!logged_in_) {
            wire::sl_header header;
            std::span<const std::uint8_t> packet;
            const auto status = wire::decode_sl_packet(pending, header, packet);
            if (status == wire::decode_status::need_more) break;
            if (status == wire::decode_status::malformed) {
                close_with("malformed login packet header");
                break;
            }
            start += packet.size();
            handle_login(packet, out);
            continue;
        }
        // Decoding restarts at the group's first byte, so a large group (BYTE/TEXT uploads, LOB
        // writes) arriving in many reads is re-decoded only when it doubled or may be complete
        // (a complete group ends with SQ_EOT, and a client sends nothing more until answered).
        const bool may_end = pending.size() >= 2 && pending[pending.size() - 2] == 0 && pending.back() == 12;
        if (pending.size() > 64 * 1024 && !may_end && pending.size() < 2 * incomplete_at_) break;
        msg::group g;
        std::size_t consumed = 0;
        std::string why;
        const auto status = msg::decode_group(pending, widths_, g, consumed, why);
        if (status == wire::decode_status::need_more) {
            incomplete_at_ = pending.size();
            break;
        }
        incomplete_at_ = 0;
        if (status == wire::decode_status::malformed) {
            reject_group(why.empty() ? "malformed request" : why, out);
            break;
        }
        start += consumed;
        run_group(g, out);
    }
    input_.erase(input_.begin(),
                 input_.begin() + static_cast<std::ptrdiff_t>(std::min(start, input_.size())));
    if (!closing_ && input_.size() > max_pending_input) close_with("request group exceeds the input limit");
    if (closing_) input_.clear();
    return out;
}

void session::reject_group(std::string reason, std::vector<std::uint8_t>& out) {
    log(log_level::info, "request group rejected: " + reason);
    wire::writer w(out);
    reply::error(w, widths_, make_error(code::protocol_error));
    reply::eot(w);
    close_with(std::move(reason));
}

std::vector<std::uint8_t> session::on_input_stalled() {
    std::vector<std::uint8_t> out;
    if (!awaiting_input()) return out;
    const std::string why =
        "no more bytes for an incomplete " + std::string(logged_in_ ? "request group" : "login packet") +
        " of " + std::to_string(input_.size()) + " bytes (" +
        wire::to_hex(std::span(input_).first(std::min<std::size_t>(input_.size(), 32))) + ")";
    input_.clear();
    if (logged_in_)
        reject_group(why, out);
    else
        close_with(why);
    return out;
}

void session::on_eof() {
    engine_.close();
    if (!closing_) close_with("peer closed the connection");
}

void session::close_with(std::string reason) {
    closing_ = true;
    close_reason_ = std::move(reason);
    engine_.close();
}

void session::handle_login(std::span<const std::uint8_t> packet, std::vector<std::uint8_t>& out) {
    std::string why;
    const auto request = parse_login(packet, why);
    if (!request) {
        log(log_level::warn,
            why + " (packet " + wire::to_hex(packet.first(std::min<std::size_t>(packet.size(), 64))) + ")");
        return close_with(why);
    }
    std::int16_t service_error = 0;
    std::string message;
    if (forced_rejection_ != 0) {
        service_error = forced_rejection_;
        message = "Login rejected by fault injection.";
    } else if (!request->server_name.empty() && request->server_name != config_.server_name) {
        // An empty INFORMIXSERVER (an ASCSTR holding only its NUL) is accepted as IDS does
        // (one source, grade C); any other name must match.
        service_error = code::server_name;
        message = "INFORMIXSERVER " + request->server_name + " does not match the server name " +
                  config_.server_name;
    } else if (request->user != config_.user) {
        service_error = code::unknown_user;
        message = "Incorrect password or user " + request->user + " is not known on the database server.";
    } else if (!config_.pam && request->password != config_.password) {
        service_error = code::bad_password;
        message = "Password incorrect for user " + request->user + ".";
    }
    const auto reply =
        login_reply(*request, server_identity{.server_name = config_.server_name}, service_error, message);
    out.insert(out.end(), reply.begin(), reply.end());
    if (service_error != 0) {
        log(log_level::info, "login rejected (" + std::to_string(service_error) + "): " + message);
        return close_with("login rejected");
    }
    log(log_level::debug, "login accepted for " + request->user);
    logged_in_ = true;
    login_database_ = request->database;
    environment_ = request->environment;
    apply_environment();
}

// DB_LOCALE (login environment or SQ_INFO, the later one winning) decides the locale of databases
// this session creates and is checked against those it opens.
void session::apply_environment() {
    std::string db_locale;
    for (const auto& [name, value] : environment_)
        if (name == "DB_LOCALE") db_locale = value;
    engine_.set_requested_locale(std::move(db_locale));
}

void session::run_group(msg::group& g, std::vector<std::uint8_t>& out) {
    const auto connection = engine_.lock_connection();  // DIRTY READ readers may borrow it
    ahead_for_.reset();                                 // only right after the fetch that asks for it
    group_context ctx;
    for (auto& m : g.messages) {
        if (ctx.exit) break;
        if (!pam_allows(m)) return;
        if (ctx.error) continue;  // parsed (the stream stays aligned) but not executed
        std::visit([&](auto& message) { handle(ctx, message); }, m);
    }
    if (ctx.exit) {
        close_with("client sent SQ_EXIT");
        wire::writer w(out);
        reply::exit(w);
        return;
    }
    if (!ctx.error) finish_immediate(ctx);
    if (!ctx.error) flush_describe(ctx);
    pending_scroll_ = pending_hold_ = false;  // cursor attributes never outlive their group
    if (ctx.immediate) engine_.release(*ctx.immediate);
    if (ctx.error) {
        ahead_for_.reset();
        // The client never learns the ids of statements prepared in a failed group.
        for (std::int16_t id : ctx.created) engine_.release(id);
        if (log_enabled(log_level::debug))
            log(log_level::debug, "SQ_ERR " + std::to_string(ctx.error->sqlcode) + " isam " +
                                      std::to_string(ctx.error->isam) + " '" + ctx.error->message + "'");
        ctx.reply.clear();
        reply::error(ctx.w, widths_, *ctx.error);
    }
    reply::eot(ctx.w);
    if (out.empty())
        out.swap(ctx.reply);
    else
        out.insert(out.end(), ctx.reply.begin(), ctx.reply.end());
}

void session::fail(group_context& ctx, sql_error e) {
    if (!ctx.error) ctx.error = std::move(e);
}

statement* session::current(group_context& ctx) {
    statement* st = current_ ? engine_.find(*current_) : nullptr;
    if (!st) fail(ctx, make_error(code::bad_statement_id));
    return st;
}

void session::flush_describe(group_context& ctx) {
    if (!ctx.describe_for) return;
    const statement* st = engine_.find(*ctx.describe_for);
    ctx.describe_for.reset();
    if (st) reply::describe(ctx.w, widths_, st->info.type, st->id, st->columns);
}

void session::done_and_cost(group_context& ctx, std::uint16_t warnings) {
    reply::done(ctx.w, widths_, warnings, 0, 0, 0);
    reply::cost(ctx.w, cost_rows, cost_value);
}

void session::start_statement(group_context& ctx, std::string_view sql, statement_origin origin) {
    const bool immediate = origin == statement_origin::command;
    finish_immediate(ctx);
    flush_describe(ctx);
    if (ctx.error) return;
    std::int16_t id = 0;
    if (auto e = engine_.prepare(sql, id)) return fail(ctx, std::move(*e));
    ctx.created.push_back(id);
    ctx.describe_for = id;
    current_ = id;
    if (immediate) {
        ctx.immediate = id;
        ctx.immediate_executed = false;
    }
}

// §8.7 (grade C for the values): (1, 2, 1) after BEGIN as [LG] saw it; COMMIT (2, 1, 2); ROLLBACK
// (3, 1, 2). Only on logged databases and only with --xactstat.
void session::transaction_event(group_context& ctx, action what) {
    if (!config_.xactstat || !engine_.logged_database()) return;
    if (what == action::begin_work) reply::xactstat(ctx.w, 1, 2, 1);
    if (what == action::commit_work) reply::xactstat(ctx.w, 2, 1, 2);
    if (what == action::rollback_work) reply::xactstat(ctx.w, 3, 1, 2);
}

void session::run_statement(group_context& ctx, statement& st) {
    flush_describe(ctx);
    const std::int16_t id = st.id;
    exec_result result;
    if (auto e = engine_.execute(st, result)) return fail(ctx, std::move(*e));
    if (ctx.immediate == id) ctx.immediate_executed = true;
    transaction_event(ctx, st.info.what);
    if (result.insert_done) reply::insert_done(ctx.w, widths_, result.serial8, result.bigserial);
    reply::done(ctx.w, widths_, result.warnings, result.rows, result.rowid, result.serial);
    reply::cost(ctx.w, cost_rows, cost_value);
}

// An SQ_COMMAND runs even if its group lacks SQ_EXECUTE, and never outlives its group (§7.1).
void session::finish_immediate(group_context& ctx) {
    if (!ctx.immediate || ctx.error) return;
    if (!ctx.immediate_executed) {
        if (statement* st = engine_.find(*ctx.immediate)) run_statement(ctx, *st);
    }
    if (ctx.error) return;
    engine_.release(*ctx.immediate);
    if (current_ == ctx.immediate) current_.reset();
    ctx.immediate.reset();
}

// §7.6: as many tuples as fit in the buffer (at least one); SQ_DONE + SQ_COST only once the last
// row has been sent, and for every fetch after that (rows 0) — never a bare SQ_EOT.
void session::fetch(group_context& ctx, statement& st, std::int32_t bufsize) {
    const auto budget = static_cast<std::size_t>(std::clamp<std::int64_t>(bufsize, 0, max_fetch_bytes));
    std::size_t used = 0;
    std::int64_t sent = 0;
    if (st.scroll || st.rows_materialised) {
        // NFETCH on a scroll cursor walks the materialised rows from the current position.
        const auto total = static_cast<std::int64_t>(st.materialised.size());
        while (st.position < total) {
            const auto& row = st.materialised[static_cast<std::size_t>(st.position)];
            const std::size_t size = reply::tuple_size(row.size());
            if (sent > 0 && used + size > budget) return;
            reply::tuple(ctx.w, row);
            used += size;
            ++sent;
            ++st.position;
            ++st.fetched;
        }
        reply::done(ctx.w, widths_, 0, sent > 0 ? st.fetched : 0, 0, 0);
        reply::cost(ctx.w, cost_rows, cost_value);
        return;
    }
    engine_.drop_fetched_blobs(st);  // the client read the previous batch's BYTE/TEXT values
    auto& out = ctx.reply;
    out.reserve(out.size() + std::min(budget, std::size_t{64 * 1024}) + 1024);
    // Rows fetch_ahead read come first: they precede the statement's position.
    while (st.ahead_at < st.ahead.size()) {
        const std::uint8_t* t = st.ahead.data() + st.ahead_at;
        const std::size_t size = reply::tuple_size(static_cast<std::size_t>(t[4]) << 24 |
                                                   std::size_t{t[5]} << 16 | std::size_t{t[6]} << 8 | t[7]);
        if (sent > 0 && used + size > budget) return;
        out.insert(out.end(), t, t + size);
        st.ahead_at += size;
        used += size;
        ++sent;
        ++st.fetched;
    }
    st.ahead.clear();
    st.ahead_at = 0;
    if (st.ahead_error) {
        auto e = std::move(*st.ahead_error);
        st.ahead_error.reset();
        return fail(ctx, std::move(e));
    }
    // Each row is encoded in place after its SQ_TUPLE header, whose length is filled in after.
    while (st.has_row) {
        const std::size_t start = out.size();
        reply::tuple_header(out);
        if (auto e = engine_.encode_row(st, out)) return fail(ctx, std::move(*e));
        const std::size_t size = reply::finish_tuple(out, start);
        if (sent > 0 && used + size > budget) {
            out.resize(start);  // sent with the next fetch
            ahead_for_ = st.id;
            ahead_budget_ = budget;
            return;
        }
        used += size;
        ++sent;
        ++st.fetched;
        if (auto e = engine_.advance(st)) return fail(ctx, std::move(*e));
    }
    reply::done(ctx.w, widths_, 0, sent > 0 ? st.fetched : 0, 0, 0);
    reply::cost(ctx.w, cost_rows, cost_value);
}

void session::fetch_ahead() {
    if (!ahead_for_ || closing_) return;
    const std::int16_t id = *ahead_for_;
    ahead_for_.reset();
    const auto connection = engine_.lock_connection();
    statement* st = engine_.find(id);
    // Plain cursors only: scroll and DIRTY READ results are materialised already, and BYTE/TEXT
    // and smart-LOB values are held per fetch.
    if (!st || !st->open || st->scroll || st->rows_materialised || !st->has_row ||
        st->ahead_at < st->ahead.size())
        return;
    for (const auto& c : st->columns)
        if (c.type.blob_descriptor() || c.type.smart_lob()) return;
    st->ahead.clear();
    st->ahead_at = 0;
    // As many rows as the last fetch took; the row that does not fit stays where it is.
    while (st->has_row) {
        const std::size_t start = st->ahead.size();
        reply::tuple_header(st->ahead);
        if (engine_.encode_row(*st, st->ahead)) {
            st->ahead.resize(start);  // the fetch that reaches this row encodes it and reports the error
            return;
        }
        if (reply::finish_tuple(st->ahead, start) + start > ahead_budget_ && start > 0) {
            st->ahead.resize(start);
            return;
        }
        if (auto e = engine_.advance(*st)) {
            st->ahead_error = std::move(*e);
            return;
        }
    }
}

}  // namespace ifx::lite
