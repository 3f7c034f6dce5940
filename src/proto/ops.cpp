#include "proto/ops.hpp"

#include <string>

#include "proto/requests.hpp"
#include "types/bind.hpp"
#include "types/codeset.hpp"
#include "wire/limits.hpp"
#include "wire/reader.hpp"
#include "wire/writer.hpp"

namespace ifx::proto {
namespace {

void unexpected(std::error_code& ec) {
    ec = errc::protocol_violation;
}

// SQL text in the session's code set; the API's text is UTF-8.
bool sql_on_wire(std::string_view sql, const session_state& s, std::string& converted, std::string_view& out,
                 std::error_code& ec, diagnostics& diag) {
    out = sql;
    const std::size_t limit = s.features.long_sql ? wire::limits::max_sql_text : wire::limits::max_char;
    if (sql.size() > limit) {
        ec = errc::invalid_argument;
        diag.client_message =
            "the statement text is longer than the server accepts (" + std::to_string(limit) + " bytes)";
        return false;
    }
    if (s.text == codeset::utf8) return true;
    const std::size_t bad = types::utf8_to_wire(sql, s.text, converted);
    if (bad != std::string::npos) {
        ec = errc::invalid_argument;
        diag.client_message = "the statement text cannot be written in the database code set " +
                              std::string(to_string(s.text)) + " (byte " + std::to_string(bad) + ")";
        return false;
    }
    out = converted;
    return true;
}

// Why encode_execute/encode_open refused the parameters (which one, and the reason).
std::string bind_failure_message(std::span<const param> params, codeset cs) {
    std::vector<std::uint8_t> scratch;
    types::bind_failure why;
    (void)types::encode_bind(params, cs, scratch, &why);
    return why.reason.empty() ? "a parameter value cannot be bound" : why.reason;
}

void note_insertdone(const insertdone_msg& m, exec_summary& r) {
    r.serial8 = m.serial8;
    r.bigserial = m.bigserial;
}

void note_done(const done_msg& m, exec_summary& r) {
    r.rows = m.rows;
    r.serial = m.serial;
    r.warnings = m.warnings;
}

std::string cursor_id(std::uint32_t n) {
    // JDBC-style: "_ifxc" + 13 digits; only uniqueness per session matters (PROTOCOL.md §7.1).
    std::string digits = std::to_string(n);
    return "_ifxc" + std::string(13 - std::min<std::size_t>(13, digits.size()), '0') + digits;
}

// IBM's text for a login's service error, with the user name in place of the word that stands for
// it ("User username is not known…" for -951).
std::string login_rejection_text(int service_error, const std::string& user) {
    std::string text(message_text(service_error));
    constexpr std::string_view placeholder = "username";
    if (const auto at = text.find(placeholder); at != std::string::npos && !user.empty())
        text.replace(at, placeholder.size(), user);
    return text;
}

}  // namespace

// ---- login -------------------------------------------------------------------------------------

step login_op::advance(std::span<const std::uint8_t> in, std::size_t& consumed,
                       std::vector<std::uint8_t>& out, std::error_code& ec, diagnostics& diag) {
    consumed = 0;
    auto fail = [&](std::error_code code, std::string message) {
        session_.broken = true;
        ec = code;
        diag.client_message = std::move(message);
        return step::done;
    };
    // Traces whatever the stage below consumed.
    struct trace_consumed {
        const session_state& s;
        std::span<const std::uint8_t> in;
        std::size_t& consumed;
        ~trace_consumed() {
            if (s.trace && consumed > 0) s.trace->received(in.first(consumed));
        }
    } tracing{session_, in, consumed};
    switch (stage_) {
        case stage::send_login:
            if (!encode_login(request_, out)) return fail(errc::invalid_argument, "login packet too large");
            stage_ = stage::login_reply;
            return step::need_more;
        case stage::login_reply: {
            const auto st = decode_login_reply(in, reply_, consumed);
            if (st == wire::decode_status::need_more) return step::need_more;
            if (st == wire::decode_status::malformed)
                return fail(errc::protocol_violation, "malformed login reply");
            if (!reply_.accepted()) {
                diag.sqlcode = reply_.service_error;
                diag.isam_code = reply_.os_error;
                diag.sqlstate = std::string(sqlstate_of(errc::login_rejected, diag));
                if (!reply_.messages.empty()) diag.server_message = reply_.messages.front();
                if (reply_.sl_type == wire::sl::redirect)
                    return fail(errc::not_supported, "the server redirected the login to " + reply_.redirect);
                const std::string text = login_rejection_text(reply_.service_error, request_.user);
                return fail(errc::login_rejected, "login rejected" + (text.empty() ? "" : ": " + text));
            }
            encode_protocols_offer(out);
            stage_ = stage::protocols_reply;
            return step::need_more;
        }
        case stage::protocols_reply: {
            std::vector<std::uint8_t> mask;
            const auto st = decode_protocols_reply(in, mask, consumed);
            if (st == wire::decode_status::need_more) return step::need_more;
            if (st == wire::decode_status::malformed)
                return fail(errc::protocol_violation, "malformed SQ_PROTOCOLS reply");
            session_.features = session_features::from_reply(mask);
            if (session_.features.pam) {
                if (!request_.pam)
                    return fail(errc::not_supported,
                                "the server requires PAM authentication: set connect_params.pam_handler");
                wire::writer w(out);  // SQ_ACK starts the conversation (§7.15)
                w.put(wire::tag::ack);
                w.put(wire::tag::eot);
                stage_ = stage::pam;
                return step::need_more;
            }
            encode_info(out);
            stage_ = stage::info_reply;
            return step::need_more;
        }
        case stage::pam:
            return pam_round(in, consumed, out, ec, diag);
        case stage::info_reply: {
            wire::reader r(in);
            const std::int16_t t = r.i16();
            if (!r.ok()) return step::need_more;
            if (t != static_cast<std::int16_t>(wire::tag::eot))
                return fail(errc::protocol_violation, "unexpected reply to SQ_INFO");
            consumed = 2;
            return step::done;
        }
    }
    return step::done;
}

// One PAM message from the server (§7.15, [LG] layout): a challenge, SQ_ACCEPT or SQ_EXIT, each
// ended by SQ_EOT. Bounded: at most 16 challenges, answers of at most 512 bytes.
step login_op::pam_round(std::span<const std::uint8_t> in, std::size_t& consumed,
                         std::vector<std::uint8_t>& out, std::error_code& ec, diagnostics& diag) {
    constexpr int max_rounds = 16;
    constexpr std::size_t max_answer = 512;
    auto fail = [&](std::error_code code, std::string message) {
        session_.broken = true;
        ec = code;
        diag.client_message = std::move(message);
        return step::done;
    };
    for (;;) {
        wire::reader r(in.subspan(consumed));
        const auto t = static_cast<wire::tag>(r.i16());
        if (t == wire::tag::accept || t == wire::tag::exit) {
            if (r.i16() != static_cast<std::int16_t>(wire::tag::eot)) r.fail();
            if (!r.ok())
                return r.status() == wire::decode_status::need_more
                           ? step::need_more
                           : fail(errc::protocol_violation, "malformed PAM reply");
            consumed += r.position();
            if (t == wire::tag::exit) {
                wire::writer w(out);
                w.put(wire::tag::exit);
                w.put(wire::tag::eot);
                return fail(errc::login_rejected, "PAM authentication failed");
            }
            encode_info(out);
            stage_ = stage::info_reply;
            return step::need_more;
        }
        if (t != wire::tag::challenge) {
            if (!r.ok()) return step::need_more;
            return fail(errc::protocol_violation, "unexpected message in the PAM conversation");
        }
        const int style = r.i16();
        const std::string prompt(r.sqli_char(wire::limits::max_char));
        if (r.i16() != static_cast<std::int16_t>(wire::tag::eot)) r.fail();
        if (!r.ok())
            return r.status() == wire::decode_status::need_more
                       ? step::need_more
                       : fail(errc::protocol_violation, "malformed PAM challenge");
        consumed += r.position();
        if (++pam_rounds_ > max_rounds) return fail(errc::protocol_violation, "too many PAM challenges");
        auto answer = request_.pam(style, prompt);
        struct wipe_answer {  // a PAM answer is usually a password
            std::optional<std::string>& a;
            ~wipe_answer() {
                if (a) wipe_secret(*a);
            }
        } wiping{answer};
        if (style == pam_style::error_msg || style == pam_style::text_info) continue;  // no reply
        if (style != pam_style::prompt_echo_off && style != pam_style::prompt_echo_on)
            return fail(errc::protocol_violation, "unknown PAM message style " + std::to_string(style));
        if (!answer) {
            wire::writer w(out);
            w.put(wire::tag::exit);
            w.put(wire::tag::eot);
            return fail(errc::login_rejected, "the PAM conversation was abandoned");
        }
        if (answer->size() > max_answer)
            return fail(errc::invalid_argument, "PAM answer longer than 512 bytes");
        wire::writer w(out);
        w.put(wire::tag::response);
        w.sqli_char(*answer);
        w.put(wire::tag::eot);
        return step::need_more;
    }
}

// ---- database open -------------------------------------------------------------------------------

void dbopen_op::start(std::vector<std::uint8_t>& out, std::error_code&) {
    encode_dbopen(database_, out);
    expect_replies(1);
}

void dbopen_op::on_message(server_message& msg, std::error_code& ec) {
    if (auto* d = std::get_if<done_msg>(&msg))
        done_ = *d;
    else
        unexpected(ec);
}

step dbopen_op::on_replies(const err_msg* err, std::vector<std::uint8_t>&, std::error_code& ec) {
    if (err) {
        ec = server_error(*err, diag());
        return step::done;
    }
    if (!done_) {
        unexpected(ec);
        return step::done;
    }
    // DONE warning bits after DBOPEN: 0x01 logged, 0x02 ANSI (PROTOCOL.md §5.3).
    session().database_open = true;
    session().logged = (done_->warnings & 0x01) != 0;
    session().ansi = (done_->warnings & 0x02) != 0;
    session().in_transaction = false;
    return step::done;
}

// ---- immediate statement -------------------------------------------------------------------------

void command_op::start(std::vector<std::uint8_t>& out, std::error_code& ec) {
    std::string converted;
    std::string_view sql;
    if (!sql_on_wire(sql_, session(), converted, sql, ec, diag())) return;
    encode_command(sql, session().features, out);
    expect_replies(1);
}

void command_op::on_message(server_message& msg, std::error_code& ec) {
    if (auto* d = std::get_if<describe_msg>(&msg))
        result_.statement_type = d->statement_type;
    else if (auto* i = std::get_if<insertdone_msg>(&msg))
        note_insertdone(*i, result_);
    else if (auto* done = std::get_if<done_msg>(&msg))
        note_done(*done, result_);
    else
        unexpected(ec);
}

step command_op::on_replies(const err_msg* err, std::vector<std::uint8_t>&, std::error_code& ec) {
    if (err) ec = server_error(*err, diag());
    return step::done;
}

// ---- prepare -----------------------------------------------------------------------------------

void prepare_op::start(std::vector<std::uint8_t>& out, std::error_code& ec) {
    std::string converted;
    std::string_view sql;
    if (!sql_on_wire(sql_, session(), converted, sql, ec, diag())) return;
    encode_prepare(sql, nparams_, session().features, out);
    expect_replies(1);
}

void prepare_op::on_message(server_message& msg, std::error_code& ec) {
    if (auto* d = std::get_if<describe_msg>(&msg)) {
        result_ = std::move(*d);
        described_ = true;
    } else if (!std::holds_alternative<done_msg>(msg) && !std::holds_alternative<insertdone_msg>(msg)) {
        // SQ_INSERTDONE here is informational: the INSERT has not run yet (pitfall 14).
        unexpected(ec);
    }
}

step prepare_op::on_replies(const err_msg* err, std::vector<std::uint8_t>&, std::error_code& ec) {
    if (err)
        ec = server_error(*err, diag());
    else if (!described_)
        unexpected(ec);
    return step::done;
}

// ---- execute -----------------------------------------------------------------------------------

void execute_op::start(std::vector<std::uint8_t>& out, std::error_code& ec) {
    if (!encode_execute(id_, params_, out, session().text)) {
        ec = errc::invalid_argument;
        diag().client_message = bind_failure_message(params_, session().text);
        return;
    }
    expect_replies(1);
    if (release_after_) {
        encode_release(id_, out);
        expect_replies(1);
    }
}

void execute_op::on_message(server_message& msg, std::error_code& ec) {
    if (auto* i = std::get_if<insertdone_msg>(&msg))
        note_insertdone(*i, result_);
    else if (auto* done = std::get_if<done_msg>(&msg))
        note_done(*done, result_);
    else
        unexpected(ec);
}

step execute_op::on_replies(const err_msg* err, std::vector<std::uint8_t>&, std::error_code& ec) {
    if (err) ec = server_error(*err, diag());
    return step::done;
}

// ---- execute many --------------------------------------------------------------------------------

void execute_many_op::start(std::vector<std::uint8_t>& out, std::error_code& ec) {
    if (encoded_rows_ > 0) {
        out.insert(out.end(), encoded_.begin(), encoded_.end());
        result_.rows_sent += encoded_rows_;
        expect_replies(static_cast<int>(encoded_rows_));
        return;
    }
    const std::size_t rows = width_ == 0 ? 0 : params_.size() / width_;
    for (std::size_t r = 0; r < rows; ++r) {
        if (!encode_execute(id_, params_.subspan(r * width_, width_), out, session().text)) {
            ec = errc::invalid_argument;
            diag().client_message =
                "a parameter of row " + std::to_string(first_row_ + r) + " cannot be bound";
            return;
        }
    }
    result_.rows_sent += rows;
    expect_replies(static_cast<int>(rows));
}

void execute_many_op::on_message(server_message& msg, std::error_code& ec) {
    if (auto* done = std::get_if<done_msg>(&msg))
        group_rows_ = done->rows;
    else if (!std::holds_alternative<insertdone_msg>(msg))
        unexpected(ec);
}

void execute_many_op::on_group_end(const err_msg* group_error) {
    if (group_error) {
        result_.failed_rows.push_back(first_row_ + group_);
        if (!result_.first_error) result_.first_error = *group_error;
    } else {
        ++result_.rows_succeeded;
        result_.affected_rows += group_rows_;
    }
    group_rows_ = 0;
    ++group_;
}

step execute_many_op::on_replies(const err_msg* err, std::vector<std::uint8_t>&, std::error_code& ec) {
    if (err) ec = server_error(*result_.first_error, diag());
    return step::done;
}

// ---- cursors -----------------------------------------------------------------------------------

void fetch_op::start(std::vector<std::uint8_t>& out, std::error_code& ec) {
    if (!target_.append) clear_rows(target_.batch);
    target_.batch.text_codeset = session().text;
    blobs_.mark(target_.batch);
    if (open_) {
        if (!encode_open(id_, cursor_name_, params_, flags_, buffer_size_, session().features, out,
                         session().text)) {
            ec = errc::invalid_argument;
            diag().client_message = bind_failure_message(params_, session().text);
            return;
        }
    } else {
        encode_fetch(id_, buffer_size_, session().features, out);
    }
    expect_replies(1);
}

void fetch_op::on_message(server_message& msg, std::error_code& ec) {
    if (fetching_blobs_) {
        if (!blobs_.on_message(msg, target_.batch)) unexpected(ec);
        return;
    }
    if (auto* t = std::get_if<tuple_msg>(&msg)) {
        if (append_row(target_.batch, t->payload, splitter_))
            count_rows(1);
        else
            reject_row(ec);
    } else if (auto* d = std::get_if<done_msg>(&msg)) {
        if (d->rows == 0)
            saw_end_ = true;
        else if (saw_tuple_)
            done_rows_ = d->rows;
    } else if (auto* b = std::get_if<bare_msg>(&msg); b && b->tag == wire::tag::close) {
        saw_end_ = true;
    } else {
        unexpected(ec);
    }
}

void fetch_op::count_rows(std::int64_t rows) {
    saw_tuple_ = true;
    tuples_ += rows;
    done_rows_.reset();
}

void fetch_op::reject_row(std::error_code& ec) {
    session().broken = true;
    ec = errc::protocol_violation;
    diag().client_message = "a row does not match the described columns";
}

std::size_t fetch_op::take_tuples(std::span<const std::uint8_t> in, std::error_code& ec) {
    if (fetching_blobs_) return exchange_op::take_tuples(in, ec);  // on_message rejects them there
    // The run of tuples is copied to the batch in one piece, message headers included, and each
    // row's cells point at its payload there: one copy per run instead of one per row.
    row_batch& batch = target_.batch;
    const std::size_t base = batch.data.size();
    std::size_t used = 0;
    std::size_t n = 0;
    std::int16_t warning = 0;  // not used by a fetch
    std::span<const std::uint8_t> payload;
    std::int64_t rows = 0;
    while (whole_tuple(in.subspan(used), warning, payload, n)) {
        if (!split_row(batch, payload, base + static_cast<std::size_t>(payload.data() - in.data()),
                       splitter_)) {
            reject_row(ec);
            break;
        }
        used += n;
        ++rows;
    }
    batch.data.insert(batch.data.end(), in.begin(), in.begin() + static_cast<std::ptrdiff_t>(used));
    if (rows > 0) count_rows(rows);
    return used;
}

void fetch_op::on_group_end(const err_msg* group_error) {
    if (fetching_blobs_) blobs_.on_group_end(target_.batch, group_error != nullptr);
}

namespace {

// The FETCHBLOB groups of the rows just received, or the outcome of those groups.
step fetch_blobs(session_state& s, blob_fetch& blobs, bool& fetching, std::int16_t id, row_batch& batch,
                 std::span<const column_info> columns, const err_msg* err, std::vector<std::uint8_t>& out,
                 std::error_code& ec, diagnostics& diag, int& groups) {
    groups = 0;
    if (!fetching) {
        if (!blob_fetch::needed(columns)) return step::done;
        groups = blobs.request(id, batch, columns, out);
        fetching = groups > 0;
        return fetching ? step::need_more : step::done;
    }
    if (err) {
        ec = server_error(*err, diag);
        return step::done;
    }
    std::string why;
    if ((ec = blobs.result(why))) {
        if (ec == errc::protocol_violation) s.broken = true;
        diag.client_message = std::move(why);
    }
    return step::done;
}

}  // namespace

step fetch_op::on_replies(const err_msg* err, std::vector<std::uint8_t>& out, std::error_code& ec) {
    if (!fetching_blobs_) {
        if (err && err->sqlcode != 100) {
            ec = server_error(*err, diag());
            return step::done;
        }
        // End-of-data rule (PROTOCOL.md §7.6): SQ_ERR 100, server SQ_CLOSE, SQ_DONE with rows 0, or
        // a reply without any tuple; and (docs/protocol.md, grade C) an SQ_DONE after the reply's
        // last tuple whose row count is every row the cursor returned. Anything else: fetch again.
        const bool done_after_last = done_rows_ && *done_rows_ == target_.fetched + tuples_;
        target_.exhausted = err != nullptr || saw_end_ || !saw_tuple_ || done_after_last;
        target_.fetched += tuples_;
        err = nullptr;
    }
    int groups = 0;
    const step s = fetch_blobs(session(), blobs_, fetching_blobs_, id_, target_.batch, target_.columns, err,
                               out, ec, diag(), groups);
    expect_replies(groups);
    return s;
}

std::string next_cursor_name(session_state& s) {
    return cursor_id(++s.cursor_counter);
}

void scroll_fetch_op::start(std::vector<std::uint8_t>& out, std::error_code&) {
    if (!target_.append) clear_rows(target_.batch);
    target_.batch.text_codeset = session().text;
    blobs_.mark(target_.batch);
    positions_.clear();
    encode_sfetch(id_, type_, target_row_, buffer_size_, out);
    expect_replies(1);
}

void scroll_fetch_op::on_message(server_message& msg, std::error_code& ec) {
    if (fetching_blobs_) {
        if (!blobs_.on_message(msg, target_.batch)) unexpected(ec);
        return;
    }
    if (auto* p = std::get_if<tupid_msg>(&msg)) {
        pending_position_ = p->position;
    } else if (auto* t = std::get_if<tuple_msg>(&msg)) {
        if (!append_row(target_.batch, t->payload, splitter_)) {
            session().broken = true;
            ec = errc::protocol_violation;
            diag().client_message = "a row does not match the described columns";
            return;
        }
        positions_.push_back(pending_position_);
    } else if (!std::holds_alternative<done_msg>(msg) &&
               !(std::holds_alternative<bare_msg>(msg) && std::get<bare_msg>(msg).tag == wire::tag::close)) {
        unexpected(ec);
    }
}

void scroll_fetch_op::on_group_end(const err_msg* group_error) {
    if (fetching_blobs_) blobs_.on_group_end(target_.batch, group_error != nullptr);
}

step scroll_fetch_op::on_replies(const err_msg* err, std::vector<std::uint8_t>& out, std::error_code& ec) {
    if (!fetching_blobs_) {
        target_.exhausted = positions_.empty();
        if (err && err->sqlcode != 100) {
            ec = server_error(*err, diag());
            return step::done;
        }
        err = nullptr;
    }
    int groups = 0;
    const step s = fetch_blobs(session(), blobs_, fetching_blobs_, id_, target_.batch, target_.columns, err,
                               out, ec, diag(), groups);
    expect_replies(groups);
    return s;
}

// ---- close / release ---------------------------------------------------------------------------

void free_op::start(std::vector<std::uint8_t>& out, std::error_code&) {
    if (close_) {
        encode_close(id_, out);
        expect_replies(1);
    }
    if (release_) {
        encode_release(id_, out);
        expect_replies(1);
    }
}

step free_op::on_replies(const err_msg* err, std::vector<std::uint8_t>&, std::error_code& ec) {
    if (err) ec = server_error(*err, diag());
    return step::done;
}

// ---- transactions --------------------------------------------------------------------------------

void end_transaction_op::start(std::vector<std::uint8_t>& out, std::error_code&) {
    if (commit_)
        encode_commit(out);
    else
        encode_rollback(out);
    expect_replies(1);
}

step end_transaction_op::on_replies(const err_msg* err, std::vector<std::uint8_t>&, std::error_code& ec) {
    if (err) {
        ec = server_error(*err, diag());
        return step::done;
    }
    session().in_transaction = false;
    return step::done;
}

// ---- exit --------------------------------------------------------------------------------------

step exit_op::advance(std::span<const std::uint8_t> in, std::size_t& consumed, std::vector<std::uint8_t>& out,
                      std::error_code&, diagnostics&) {
    consumed = 0;
    if (!sent_) {
        sent_ = true;
        encode_exit(out);
        return step::need_more;
    }
    // The server answers SQ_EXIT (possibly after SQ_XACTSTAT) and closes; anything will do.
    consumed = in.size();
    session_.broken = true;
    return step::done;
}

}  // namespace ifx::proto
