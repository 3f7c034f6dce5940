#pragma once
// The protocol operations of the client, each a sans-I/O state machine (see operation.hpp).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ifx/param.hpp"
#include "proto/login.hpp"
#include "proto/operation.hpp"
#include "proto/requests.hpp"

namespace ifx::proto {

/// What a completed statement reports (SQ_DONE, SQ_INSERTDONE).
struct exec_summary {
    std::int16_t statement_type = 0;
    std::int64_t rows = 0;
    std::int32_t serial = 0;
    std::int64_t serial8 = 0;
    std::optional<std::int64_t> bigserial;
    std::int16_t warnings = 0;
};

/// A new cursor name, unique within the session.
std::string next_cursor_name(session_state& session);

/// Login packet, SQ_PROTOCOLS and SQ_INFO (PROTOCOL.md §3–5.2). The database is opened separately.
class login_op final : public operation {
public:
    login_op(session_state& session, const login_request& request) : session_(session), request_(request) {}
    step advance(std::span<const std::uint8_t> in, std::size_t& consumed, std::vector<std::uint8_t>& out,
                 std::error_code& ec, diagnostics& diag) override;
    const login_reply& reply() const noexcept { return reply_; }
    bool carries_secret() const noexcept override { return true; }  // the password, PAM answers

private:
    enum class stage { send_login, login_reply, protocols_reply, pam, info_reply };
    step pam_round(std::span<const std::uint8_t> in, std::size_t& consumed, std::vector<std::uint8_t>& out,
                   std::error_code& ec, diagnostics& diag);
    int pam_rounds_ = 0;
    session_state& session_;
    const login_request& request_;
    login_reply reply_;
    stage stage_ = stage::send_login;
};

/// SQ_DBOPEN (§5.3): opens a database and records its logging mode.
class dbopen_op final : public exchange_op {
public:
    dbopen_op(session_state& s, std::string_view database) : exchange_op(s), database_(database) {}
    /// The SQ_DONE warning bits of the reply (0 before it arrives).
    std::int16_t warnings() const noexcept { return done_ ? done_->warnings : std::int16_t{0}; }

private:
    void start(std::vector<std::uint8_t>& out, std::error_code& ec) override;
    void on_message(server_message& msg, std::error_code& ec) override;
    step on_replies(const err_msg* err, std::vector<std::uint8_t>& out, std::error_code& ec) override;
    std::string_view database_;
    std::optional<done_msg> done_;
};

/// An immediate statement, SQ_COMMAND (§7.2).
class command_op final : public exchange_op {
public:
    command_op(session_state& s, std::string_view sql, exec_summary& result)
        : exchange_op(s), sql_(sql), result_(result) {}

private:
    void start(std::vector<std::uint8_t>& out, std::error_code& ec) override;
    void on_message(server_message& msg, std::error_code& ec) override;
    step on_replies(const err_msg* err, std::vector<std::uint8_t>& out, std::error_code& ec) override;
    std::string_view sql_;
    exec_summary& result_;
};

/// SQ_PREPARE + describe (§7.3).
class prepare_op final : public exchange_op {
public:
    prepare_op(session_state& s, std::string_view sql, std::int16_t nparams, describe_msg& result)
        : exchange_op(s), sql_(sql), nparams_(nparams), result_(result) {}

private:
    void start(std::vector<std::uint8_t>& out, std::error_code& ec) override;
    void on_message(server_message& msg, std::error_code& ec) override;
    step on_replies(const err_msg* err, std::vector<std::uint8_t>& out, std::error_code& ec) override;
    std::string_view sql_;
    std::int16_t nparams_;
    describe_msg& result_;
    bool described_ = false;
};

/// What becomes of a statement once it has run.
enum class after_run {
    keep,     ///< it stays prepared (a user's statement, or one in the statement cache)
    release,  ///< SQ_RELEASE goes with the run: the statement was prepared for this run only
};

/// Executes a prepared statement (§7.4); with after_run::release, SQ_RELEASE is pipelined behind it.
class execute_op final : public exchange_op {
public:
    execute_op(session_state& s, std::int16_t id, std::span<const param> params, after_run then,
               exec_summary& result)
        : exchange_op(s),
          id_(id),
          params_(params),
          release_after_(then == after_run::release),
          result_(result) {}

private:
    void start(std::vector<std::uint8_t>& out, std::error_code& ec) override;
    void on_message(server_message& msg, std::error_code& ec) override;
    step on_replies(const err_msg* err, std::vector<std::uint8_t>& out, std::error_code& ec) override;
    std::int16_t id_;
    std::span<const param> params_;
    bool release_after_;
    exec_summary& result_;
};

/// Outcome of a pipelined batch.
struct batch_summary {
    std::size_t rows_sent = 0;
    std::size_t rows_succeeded = 0;
    std::int64_t affected_rows = 0;
    std::vector<std::size_t> failed_rows;  // indices into the batch
    std::optional<err_msg> first_error;
};

/// Executes a prepared statement once per row of parameters, pipelined: every row's group is
/// sent before the replies are read (§7.7: one reply group per request group, in order).
class execute_many_op final : public exchange_op {
public:
    /// params holds nrows rows of `width` values each, row after row.
    execute_many_op(session_state& s, std::int16_t id, std::span<const param> params, std::size_t width,
                    std::size_t first_row, batch_summary& result)
        : exchange_op(s), id_(id), params_(params), width_(width), first_row_(first_row), result_(result) {}
    /// `rows` request groups already encoded by encode_execute, back to back (an insert buffer).
    execute_many_op(session_state& s, std::span<const std::uint8_t> encoded, std::size_t rows,
                    std::size_t first_row, batch_summary& result)
        : exchange_op(s),
          id_(0),
          width_(0),
          first_row_(first_row),
          result_(result),
          encoded_(encoded),
          encoded_rows_(rows) {}

private:
    void start(std::vector<std::uint8_t>& out, std::error_code& ec) override;
    void on_message(server_message& msg, std::error_code& ec) override;
    void on_group_end(const err_msg* group_error) override;
    step on_replies(const err_msg* err, std::vector<std::uint8_t>& out, std::error_code& ec) override;
    std::int16_t id_;
    std::span<const param> params_;
    std::size_t width_;
    std::size_t first_row_;
    batch_summary& result_;
    std::span<const std::uint8_t> encoded_;
    std::size_t encoded_rows_ = 0;
    std::size_t group_ = 0;
    std::int64_t group_rows_ = 0;
};

/// A CLOSE of a statement's cursor and/or a RELEASE of the statement, owed to the server once the
/// client is done with them.
struct free_request {
    std::int16_t id = 0;
    bool close = false;    ///< SQ_CLOSE: the statement's open cursor
    bool release = false;  ///< SQ_RELEASE: the statement itself
};

/// SQ_CLOSE and/or SQ_RELEASE of a statement, pipelined (§7.6).
class free_op final : public exchange_op {
public:
    free_op(session_state& s, const free_request& what) : exchange_op(s), what_(what) {}

private:
    void start(std::vector<std::uint8_t>& out, std::error_code& ec) override;
    void on_message(server_message&, std::error_code&) override {}
    step on_replies(const err_msg* err, std::vector<std::uint8_t>& out, std::error_code& ec) override;
    free_request what_;
};

/// How a transaction ends.
enum class transaction_end { commit, rollback };

/// COMMIT WORK / ROLLBACK WORK by tag (§7.9).
class end_transaction_op final : public exchange_op {
public:
    end_transaction_op(session_state& s, transaction_end how) : exchange_op(s), how_(how) {}

private:
    void start(std::vector<std::uint8_t>& out, std::error_code& ec) override;
    void on_message(server_message&, std::error_code&) override {}
    step on_replies(const err_msg* err, std::vector<std::uint8_t>& out, std::error_code& ec) override;
    transaction_end how_;
};

/// SQ_EXIT (§7.14): sends it and waits for the server's SQ_EXIT or end of stream.
class exit_op final : public operation {
public:
    explicit exit_op(session_state& s) : session_(s) {}
    step advance(std::span<const std::uint8_t> in, std::size_t& consumed, std::vector<std::uint8_t>& out,
                 std::error_code& ec, diagnostics& diag) override;

private:
    session_state& session_;
    bool sent_ = false;
};

}  // namespace ifx::proto
