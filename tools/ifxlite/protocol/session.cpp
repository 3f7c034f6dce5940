#include "protocol/session.hpp"

#include <algorithm>
#include <atomic>
#include <cctype>
#include <utility>

#include "base/log.hpp"
#include "protocol/login.hpp"
#include "protocol/replies.hpp"
#include "wire/hex.hpp"
#include "wire/limits.hpp"
#include "wire/session_layer.hpp"

namespace ifx::lite {
namespace {

// A request group larger than the largest legal SQL text plus headroom is hostile or broken.
constexpr std::size_t max_pending_input = wire::limits::max_sql_text + 1024 * 1024;
// The most tuple bytes one fetch reply carries, whatever buffer size the client asks for.
constexpr std::int64_t max_fetch_bytes = 1024 * 1024;
// SQ_COST values: the optimizer estimate is meaningless for SQLite; IDS-like constants.
constexpr std::int32_t cost_rows = 1;
constexpr std::int32_t cost_value = 1;
// The largest BYTE/TEXT value one bind accumulates (SQLite's value limit).
constexpr std::size_t max_blob_bytes = 64 * 1024 * 1024;

// Features the server implements (§4.3); bytes 0–4 of the offer are echoed unchanged.
std::vector<std::uint8_t> protocols_reply(std::span<const std::uint8_t> offer, profile p) {
    std::vector<std::uint8_t> implemented;
    for (int f : {wire::feature::bigint, wire::feature::long_sql, wire::feature::ext_describe,
                  wire::feature::large_tuple, wire::feature::long_rowid})
        wire::set_feature(implemented, f, true);
    std::vector<std::uint8_t> reply(offer.begin(), offer.end());
    if (p == profile::legacy && reply.size() > 7) reply.resize(7);
    for (std::size_t i = 5; i < reply.size(); ++i)
        reply[i] = static_cast<std::uint8_t>(reply[i] & (i < implemented.size() ? implemented[i] : 0));
    return reply;
}

std::string database_name(std::string_view name) {
    std::string out(name.substr(0, name.find('@')));
    for (char& c : out) c = static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    return out;
}

}  // namespace

struct session::group_context {
    std::vector<std::uint8_t> reply;
    wire::writer w{reply};
    std::optional<sql_error> error;
    std::vector<std::int16_t> created;      // statements prepared in this group
    std::optional<std::int16_t> immediate;  // the SQ_COMMAND statement, released with the group
    bool immediate_executed = false;
    std::optional<std::int16_t> describe_for;  // PREPARE/COMMAND whose SQ_DESCRIBE is still due
    bool exit = false;
};

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
        // The client never learns the ids of statements prepared in a failed group.
        for (std::int16_t id : ctx.created) engine_.release(id);
        if (log_enabled(log_level::debug))
            log(log_level::debug, "SQ_ERR " + std::to_string(ctx.error->sqlcode) + " isam " +
                                      std::to_string(ctx.error->isam) + " '" + ctx.error->message + "'");
        ctx.reply.clear();
        reply::error(ctx.w, widths_, *ctx.error);
    }
    reply::eot(ctx.w);
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

void session::start_statement(group_context& ctx, std::string_view sql, bool immediate) {
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
    std::vector<std::uint8_t> payload;
    while (st.has_row) {
        payload.clear();
        if (auto e = engine_.encode_row(st, payload)) return fail(ctx, std::move(*e));
        const std::size_t size = reply::tuple_size(payload.size());
        if (sent > 0 && used + size > budget) return;
        reply::tuple(ctx.w, payload);
        used += size;
        ++sent;
        ++st.fetched;
        if (auto e = engine_.advance(st)) return fail(ctx, std::move(*e));
    }
    reply::done(ctx.w, widths_, 0, sent > 0 ? st.fetched : 0, 0, 0);
    reply::cost(ctx.w, cost_rows, cost_value);
}

void session::handle(group_context& ctx, const msg::command& m) {
    start_statement(ctx, m.sql, true);
}

void session::handle(group_context& ctx, const msg::prepare& m) {
    start_statement(ctx, m.sql, false);
}

void session::handle(group_context& ctx, const msg::curname& m) {
    if (statement* st = current(ctx)) st->cursor_name = m.name;
}

void session::handle(group_context& ctx, const msg::id& m) {
    flush_describe(ctx);
    if (!engine_.find(m.value)) return fail(ctx, make_error(code::bad_statement_id));
    current_ = m.value;
}

void session::handle(group_context& ctx, const msg::bind& m) {
    statement* st = current(ctx);
    if (!st) return;
    if (m.error) return fail(ctx, *m.error);
    st->binds = m.values;
    st->blob_slots = m.blob_slots;
}

void session::handle(group_context& ctx, const msg::open&) {
    statement* st = current(ctx);
    if (!st) return;
    flush_describe(ctx);
    st->scroll = std::exchange(pending_scroll_, false);
    st->hold = std::exchange(pending_hold_, false);
    if (auto e = engine_.open_cursor(*st)) fail(ctx, std::move(*e));
}

void session::handle(group_context& ctx, const msg::execute&) {
    if (statement* st = current(ctx)) run_statement(ctx, *st);
}

void session::handle(group_context& ctx, const msg::nfetch& m) {
    statement* st = current(ctx);
    if (!st) return;
    flush_describe(ctx);
    if (!st->open) return fail(ctx, make_error(code::fetch_unopen));
    fetch(ctx, *st, m.bufsize);
}

void session::handle(group_context& ctx, const msg::close&) {
    if (statement* st = current(ctx)) engine_.close_cursor(*st);
}

void session::handle(group_context& ctx, const msg::release&) {
    statement* st = current(ctx);
    if (!st) return;
    flush_describe(ctx);
    const std::int16_t id = st->id;
    engine_.release(id);
    if (ctx.immediate == id) ctx.immediate.reset();
    current_.reset();
}

void session::handle(group_context& ctx, const msg::ndescribe&) {
    if (ctx.describe_for) return flush_describe(ctx);
    if (statement* st = current(ctx)) reply::describe(ctx.w, widths_, st->info.type, st->id, st->columns);
}

void session::handle(group_context& ctx, const msg::wantdone&) {
    flush_describe(ctx);
    done_and_cost(ctx);
}

void session::handle(group_context&, const msg::ret_type&) {
    // Only identity conversions are honoured, and those need no action (§7.6).
}

void session::handle(group_context& ctx, const msg::sfetch& m) {
    statement* st = current(ctx);
    if (!st) return;
    flush_describe(ctx);
    if (!st->open) return fail(ctx, make_error(code::fetch_unopen));
    if (!st->scroll) return fail(ctx, make_error(code::non_scroll));
    scroll_fetch(ctx, *st, m);
}

// §7.10: scroll types 1 NEXT, 2 PRIOR, 3 FIRST, 4 LAST, 5 CURRENT, 6 ABSOLUTE, 7 RELATIVE (2, 3, 5
// and 7 follow ESQL/C's fetch orientations, grade C). NEXT fills the buffer; the others return one
// row. Each tuple is preceded by SQ_TUPID; a position outside the result ends like a fetch after
// the end (DONE rows 0 + COST) and leaves the cursor before the first or after the last row.
void session::scroll_fetch(group_context& ctx, statement& st, const msg::sfetch& m) {
    const auto total = static_cast<std::int64_t>(st.materialised.size());
    std::int64_t target = 0;
    switch (m.scroll_type) {
        case 1:
            target = st.position + 1;
            break;
        case 2:
            target = st.position - 1;
            break;
        case 3:
            target = 1;
            break;
        case 4:
            target = total;
            break;
        case 5:
            target = st.position;
            break;
        case 6:
            target = m.target;
            break;
        case 7:
            target = st.position + m.target;
            break;
        default:
            return fail(ctx, make_error(code::syntax));
    }
    if (target < 1 || target > total) {
        st.position = target < 1 ? 0 : total + 1;
        reply::done(ctx.w, widths_, 0, 0, 0, 0);
        reply::cost(ctx.w, cost_rows, cost_value);
        return;
    }
    const auto budget = static_cast<std::size_t>(std::clamp<std::int64_t>(m.bufsize, 0, max_fetch_bytes));
    std::size_t used = 0;
    std::int64_t sent = 0;
    for (std::int64_t p = target; p <= total; ++p) {
        const auto& row = st.materialised[static_cast<std::size_t>(p - 1)];
        const std::size_t size = 6 + reply::tuple_size(row.size());
        if (sent > 0 && (m.scroll_type != 1 || used + size > budget)) break;
        reply::tupid(ctx.w, static_cast<std::int32_t>(p));
        reply::tuple(ctx.w, row);
        used += size;
        ++sent;
        st.position = p;
    }
    if (m.scroll_type == 1 && st.position == total) {
        reply::done(ctx.w, widths_, 0, sent, 0, 0);
        reply::cost(ctx.w, cost_rows, cost_value);
    }
}

void session::handle(group_context&, const msg::scroll&) {
    pending_scroll_ = true;
}
void session::handle(group_context&, const msg::hold&) {
    pending_hold_ = true;
}
void session::handle(group_context&, const msg::autofree&) {}

void session::handle(group_context& ctx, const msg::protocols& m) {
    auto mask = protocols_reply(m.mask, config_.features);
    if (config_.pam) {
        // A PAM listener needs a client that offers feature 44 (CLNT_PAM_CAPABLE); IDS's answer
        // to one that does not is unknown, ifxlite closes the connection (grade C).
        if (!wire::has_feature(m.mask, wire::feature::pam)) return close_with("client is not PAM capable");
        wire::set_feature(mask, wire::feature::pam, true);
        pam_ = pam_state::awaiting_ack;
    }
    widths_ = widths::from_reply(mask);
    protocols_done_ = true;
    reply::protocols(ctx.w, mask);
}

void session::handle(group_context&, const msg::info& m) {
    info_done_ = true;
    environment_.insert(environment_.end(), m.env.begin(), m.env.end());
    apply_environment();
}

void session::handle(group_context& ctx, const msg::dbopen& m) {
    // A database named in the login packet, or DBOPEN before PROTOCOLS/INFO, is -759 (§3.2, §5.1).
    if (!login_database_.empty() || !protocols_done_ || !info_done_)
        return fail(ctx, make_error(code::explicit_db_connection));
    exec_result result;
    if (auto e = engine_.open_database(database_name(m.name), result)) return fail(ctx, std::move(*e));
    current_.reset();
    done_and_cost(ctx, result.warnings);
}

void session::handle(group_context& ctx, const msg::dbclose&) {
    if (auto e = engine_.close_database()) return fail(ctx, std::move(*e));
    current_.reset();
    done_and_cost(ctx);
}

void session::handle(group_context& ctx, const msg::dblist&) {
    reply::dblist(ctx.w, engine_.databases());
}

void session::handle(group_context& ctx, const msg::begin&) {
    if (auto e = engine_.begin_work()) return fail(ctx, std::move(*e));
    transaction_event(ctx, action::begin_work);
    done_and_cost(ctx);
}

void session::handle(group_context& ctx, const msg::commit&) {
    if (auto e = engine_.commit_work()) return fail(ctx, std::move(*e));
    transaction_event(ctx, action::commit_work);
    done_and_cost(ctx);
}

void session::handle(group_context& ctx, const msg::rollback&) {
    if (auto e = engine_.rollback_work()) return fail(ctx, std::move(*e));
    transaction_event(ctx, action::rollback_work);
    done_and_cost(ctx);
}

// §7.11 (grade C framing): SQ_BLOB chunks of at most 1024 bytes, a zero-length SQ_BLOB, then
// SQ_DONE (rows 0) as [LS] reads it; the group's SQ_EOT follows.
void session::handle(group_context& ctx, const msg::fetchblob& m) {
    statement* st = current(ctx);
    if (!st) return;
    flush_describe(ctx);
    std::string_view value;
    if (auto e = engine_.fetch_blob(*st, m.descriptor, value)) return fail(ctx, std::move(*e));
    constexpr std::size_t chunk = 1024;
    for (std::size_t at = 0; at < value.size(); at += chunk) {
        const auto part = value.substr(at, chunk);
        ctx.w.put(wire::tag::blob);
        ctx.w.i16(static_cast<std::int16_t>(part.size()));
        ctx.w.bytes(part);
        ctx.w.pad(part.size());
    }
    ctx.w.put(wire::tag::blob);
    ctx.w.i16(0);
    reply::done(ctx.w, widths_, 0, 0, 0, 0);
}

// §7.11 upload (grade C): SQ_BBIND i16 count after the SQ_BIND, then per BYTE/TEXT value its
// SQ_BLOB chunks ended by a zero-length SQ_BLOB, then SQ_EXECUTE. Chunks fill the type-11/12 binds
// in order.
void session::handle(group_context& ctx, const msg::bbind& m) {
    statement* st = current(ctx);
    if (!st) return;
    if (m.count != static_cast<std::int16_t>(st->blob_slots.size()))
        return fail(ctx, make_error(code::host_vars));
}

void session::handle(group_context& ctx, const msg::blob_chunk& m) {
    statement* st = current(ctx);
    if (!st) return;
    if (st->blob_slots.empty()) return fail(ctx, make_error(code::host_vars));
    auto& value = std::get<blob_bytes>(st->binds[st->blob_slots.front()]);
    if (m.bytes.empty()) {
        st->blob_slots.erase(st->blob_slots.begin());
        return;
    }
    if (value.bytes.size() + m.bytes.size() > max_blob_bytes)
        return fail(ctx, make_error(code::out_of_memory));
    value.bytes += m.bytes;
}

// §7.12 SQ_LODATA. Read (op 0, grade A): `SQ_LODATA i16 0 i32 size` then chunks `i16 len bytes
// [pad]` of at most the client's transfer buffer summing to size; size 0 is followed by `i16 0`.
// Write (op 2, grade C): `SQ_LODATA i16 2 i32 written`. An unknown descriptor is SQ_ERR -9810.
void session::handle(group_context& ctx, const msg::lodata& m) {
    lob_store& lobs = engine_.lobs();
    if (m.op == 2) {
        const auto written = lobs.write(m.fd, m.data);
        if (!written) return fail(ctx, make_error(code::bad_lob));
        ctx.w.put(wire::tag::lodata);
        ctx.w.i16(2);
        ctx.w.i32(static_cast<std::int32_t>(*written));
        return;
    }
    const auto data = lobs.read(m.fd, static_cast<std::size_t>(std::max(m.requested, 0)));
    if (!data) return fail(ctx, make_error(code::bad_lob));
    ctx.w.put(wire::tag::lodata);
    ctx.w.i16(0);
    ctx.w.i32(static_cast<std::int32_t>(data->size()));
    if (data->empty()) return ctx.w.i16(0);
    const std::size_t chunk = static_cast<std::size_t>(std::clamp<int>(m.bufsize, 1, 32000));
    for (std::size_t at = 0; at < data->size(); at += chunk) {
        const auto part = data->substr(at, chunk);
        ctx.w.i16(static_cast<std::int16_t>(part.size()));
        ctx.w.bytes(part);
        ctx.w.pad(part.size());
    }
}

// §7.15 (grade A layout, [LG]): after SQ_PROTOCOLS the client sends SQ_ACK; each challenge is
// `SQ_CHALLENGE i16 style CHAR text SQ_EOT` (styles 3/4 need no answer), the outcome SQ_ACCEPT
// SQ_EOT or SQ_EXIT SQ_EOT. Nothing else may come before the conversation ends (not even SQ_INFO),
// and no PAM message after it.
bool session::pam_allows(const msg::request& m) {
    const bool allowed = [&] {
        switch (pam_) {
            case pam_state::off:
            case pam_state::done:
                return !std::holds_alternative<msg::ack>(m) && !std::holds_alternative<msg::pam_response>(m);
            case pam_state::awaiting_ack:
                return std::holds_alternative<msg::ack>(m) || std::holds_alternative<msg::exit>(m);
            case pam_state::awaiting_response:
                return std::holds_alternative<msg::pam_response>(m) || std::holds_alternative<msg::exit>(m);
            case pam_state::rejected:
                return std::holds_alternative<msg::exit>(m);
        }
        return false;
    }();
    if (!allowed) close_with("message out of order for the PAM conversation");
    return allowed;
}

void session::handle(group_context& ctx, const msg::ack&) {
    const auto challenge = [&](std::int16_t style, std::string_view text) {
        ctx.w.put(wire::tag::challenge);
        ctx.w.i16(style);
        ctx.w.sqli_char(text);
    };
    if (!config_.pam_info.empty()) {
        challenge(4, config_.pam_info);  // PAM_TEXT_INFO
        reply::eot(ctx.w);
    }
    challenge(1, "Password:");  // PAM_PROMPT_ECHO_OFF; run_group adds its SQ_EOT
    pam_ = pam_state::awaiting_response;
}

void session::handle(group_context& ctx, const msg::pam_response& m) {
    if (m.text == config_.password) {
        ctx.w.put(wire::tag::accept);
        pam_ = pam_state::done;
        return;
    }
    log(log_level::info, "PAM authentication failed");
    ctx.w.put(wire::tag::exit);  // the client answers SQ_EXIT SQ_EOT and closes
    pam_ = pam_state::rejected;
}

// §7.13 fast path (fastpath.hpp): `SQ_GETROUTINE CHAR database i32 handle`, or -674.
void session::handle(group_context& ctx, const msg::getroutine& m) {
    const auto handle = resolve_routine(m.signature);
    if (!handle) return fail(ctx, make_error(code::routine_unresolved, m.signature));
    ctx.w.put(wire::tag::getroutine);
    ctx.w.sqli_char(engine_.database_name());
    ctx.w.i32(*handle);
}

void session::handle(group_context& ctx, const msg::exfproutine& m) {
    if (auto e = execute_routine(engine_.lobs(), m, ctx.w)) fail(ctx, std::move(*e));
}

void session::handle(group_context& ctx, const msg::exit&) {
    ctx.exit = true;
}

}  // namespace ifx::lite
