#include "proto/ops.hpp"

#include <string>

#include "proto/op_support.hpp"
#include "proto/requests.hpp"
#include "types/bind.hpp"
#include "types/codeset.hpp"
#include "wire/limits.hpp"
#include "wire/reader.hpp"
#include "wire/writer.hpp"

namespace ifx::proto {

void unexpected(std::error_code& ec) {
    ec = errc::protocol_violation;
}

// Why encode_execute/encode_open refused the parameters (which one, and the reason).
std::string bind_failure_message(std::span<const param> params, codeset cs) {
    std::vector<std::uint8_t> scratch;
    types::bind_failure why;
    (void)types::encode_bind(params, cs, scratch, &why);
    return why.reason.empty() ? "a parameter value cannot be bound" : why.reason;
}

namespace {

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

}  // namespace

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

std::string next_cursor_name(session_state& s) {
    return cursor_id(++s.cursor_counter);
}

// ---- close / release ---------------------------------------------------------------------------

void free_op::start(std::vector<std::uint8_t>& out, std::error_code&) {
    if (what_.close) {
        encode_close(what_.id, out);
        expect_replies(1);
    }
    if (what_.release) {
        encode_release(what_.id, out);
        expect_replies(1);
    }
}

step free_op::on_replies(const err_msg* err, std::vector<std::uint8_t>&, std::error_code& ec) {
    if (err) ec = server_error(*err, diag());
    return step::done;
}

// ---- transactions --------------------------------------------------------------------------------

void end_transaction_op::start(std::vector<std::uint8_t>& out, std::error_code&) {
    if (how_ == transaction_end::commit)
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
