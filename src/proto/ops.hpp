#pragma once
// The protocol operations of the client, each a sans-I/O state machine (see operation.hpp).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "ifx/param.hpp"
#include "proto/lob_fetch.hpp"
#include "proto/login.hpp"
#include "proto/operation.hpp"
#include "proto/requests.hpp"
#include "proto/row_batch.hpp"

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

/// Executes a prepared statement (§7.4); with release_after, SQ_RELEASE is pipelined behind it.
class execute_op final : public exchange_op {
public:
    execute_op(session_state& s, std::int16_t id, std::span<const param> params, bool release_after,
               exec_summary& result)
        : exchange_op(s), id_(id), params_(params), release_after_(release_after), result_(result) {}

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

/// Where fetched rows go, and whether the cursor reached its end (§7.6 client rule).
struct fetch_target {
    std::span<const column_info> columns;
    row_batch& batch;
    bool append = false;  ///< keep the rows already in batch (reading a whole result)
    bool exhausted = false;
    std::int64_t fetched = 0;  ///< rows the cursor returned before this fetch; updated by it
};

/// Opens a cursor and fetches the first batch in the same request group (§7.6), or — with
/// open_only — only opens it; then SQ_NFETCH batches until exhausted.
class fetch_op final : public exchange_op {
public:
    /// Fetch the next batch of an open cursor.
    fetch_op(session_state& s, std::int16_t id, std::uint32_t buffer_size, fetch_target& target)
        : exchange_op(s), id_(id), buffer_size_(buffer_size), target_(target), splitter_(target.columns) {}
    /// Open the cursor `cursor_name` with params, fetching the first batch in the same group.
    fetch_op(session_state& s, std::int16_t id, std::uint32_t buffer_size, fetch_target& target,
             std::string_view cursor_name, std::span<const param> params)
        : exchange_op(s),
          id_(id),
          buffer_size_(buffer_size),
          target_(target),
          splitter_(target.columns),
          open_(true),
          cursor_name_(cursor_name),
          params_(params) {}
    /// Open with flags (scroll cursors open without fetching; hold cursors survive COMMIT).
    fetch_op(session_state& s, std::int16_t id, std::uint32_t buffer_size, fetch_target& target,
             std::string_view cursor_name, std::span<const param> params, open_flags flags)
        : exchange_op(s),
          id_(id),
          buffer_size_(buffer_size),
          target_(target),
          splitter_(target.columns),
          open_(true),
          cursor_name_(cursor_name),
          params_(params),
          flags_(flags) {}

private:
    void start(std::vector<std::uint8_t>& out, std::error_code& ec) override;
    void on_message(server_message& msg, std::error_code& ec) override;
    std::size_t take_tuples(std::span<const std::uint8_t> in, std::error_code& ec) override;
    void on_group_end(const err_msg* group_error) override;
    step on_replies(const err_msg* err, std::vector<std::uint8_t>& out, std::error_code& ec) override;
    void count_rows(std::int64_t rows);    // rows of this reply's tuples taken
    void reject_row(std::error_code& ec);  // a tuple that does not match the columns
    std::int16_t id_;
    std::uint32_t buffer_size_;
    fetch_target& target_;
    types::row_splitter splitter_;  // the target's columns, looked up once per batch
    blob_fetch blobs_;              // BYTE/TEXT content of the fetched rows (§7.11)
    bool fetching_blobs_ = false;   // reading the SQ_FETCHBLOB replies
    bool open_ = false;
    std::string_view cursor_name_;
    std::span<const param> params_;
    open_flags flags_;
    bool saw_tuple_ = false;
    bool saw_end_ = false;
    std::int64_t tuples_ = 0;                // SQ_TUPLEs in this reply
    std::optional<std::int64_t> done_rows_;  // rows of an SQ_DONE after the last SQ_TUPLE
};

/// One scroll fetch (§7.10): the rows it returns, each after SQ_TUPID with its 1-based position.
class scroll_fetch_op final : public exchange_op {
public:
    scroll_fetch_op(session_state& s, std::int16_t id, scroll_type type, std::int32_t target_row,
                    std::uint32_t buffer_size, fetch_target& target, std::vector<std::int32_t>& positions)
        : exchange_op(s),
          id_(id),
          type_(type),
          target_row_(target_row),
          buffer_size_(buffer_size),
          target_(target),
          splitter_(target.columns),
          positions_(positions) {}

private:
    void start(std::vector<std::uint8_t>& out, std::error_code& ec) override;
    void on_message(server_message& msg, std::error_code& ec) override;
    void on_group_end(const err_msg* group_error) override;
    step on_replies(const err_msg* err, std::vector<std::uint8_t>& out, std::error_code& ec) override;
    blob_fetch blobs_;
    bool fetching_blobs_ = false;
    std::int16_t id_;
    scroll_type type_;
    std::int32_t target_row_;
    std::uint32_t buffer_size_;
    fetch_target& target_;
    types::row_splitter splitter_;  // the target's columns, looked up once per batch
    std::vector<std::int32_t>& positions_;
    std::int32_t pending_position_ = 0;
};

/// SQ_CLOSE and/or SQ_RELEASE of a statement, pipelined (§7.6).
class free_op final : public exchange_op {
public:
    free_op(session_state& s, std::int16_t id, bool close, bool release)
        : exchange_op(s), id_(id), close_(close), release_(release) {}

private:
    void start(std::vector<std::uint8_t>& out, std::error_code& ec) override;
    void on_message(server_message&, std::error_code&) override {}
    step on_replies(const err_msg* err, std::vector<std::uint8_t>& out, std::error_code& ec) override;
    std::int16_t id_;
    bool close_, release_;
};

/// COMMIT WORK / ROLLBACK WORK by tag (§7.9).
class end_transaction_op final : public exchange_op {
public:
    end_transaction_op(session_state& s, bool commit) : exchange_op(s), commit_(commit) {}

private:
    void start(std::vector<std::uint8_t>& out, std::error_code& ec) override;
    void on_message(server_message&, std::error_code&) override {}
    step on_replies(const err_msg* err, std::vector<std::uint8_t>& out, std::error_code& ec) override;
    bool commit_;
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
