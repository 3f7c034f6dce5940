#pragma once
// One client connection's protocol state, sans I/O: bytes in, reply bytes out. It buffers partial
// input, answers every complete request group with exactly one reply group, in order, and says
// when the connection must be closed (rejected login, SQ_EXIT, malformed input).
#include <atomic>
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "catalog/catalog.hpp"
#include "engine/engine.hpp"
#include "protocol/requests.hpp"
#include "protocol/widths.hpp"
#include "wire/writer.hpp"

namespace ifx::lite {

enum class profile { modern, legacy };

struct session_config {
    std::string server_name = "ifxlite";
    std::string user = "informix";
    std::string password = "in4mix";
    profile features = profile::modern;
    int lock_wait_ms = 0;  ///< lock wait until SET LOCK MODE says otherwise: 0 NOT WAIT (IDS), -1 forever
    /// IDS's USELASTCOMMITTED configuration parameter: which isolation levels read the last
    /// committed version of a locked row instead of waiting (SET ENVIRONMENT overrides it).
    last_committed_use use_last_committed = last_committed_use::none;
    bool xactstat = false;  ///< emit SQ_XACTSTAT after BEGIN/COMMIT/ROLLBACK on logged databases
    /// A PAM listener (§7.15): feature 44 in the SQ_PROTOCOLS reply, then a TEXT_INFO challenge
    /// (pam_info, if not empty) and a PROMPT_ECHO_OFF "Password:" challenge whose answer must be
    /// `password`; the login packet's password is not checked.
    bool pam = false;
    std::string pam_info = "ifxlite PAM authentication";
};

class session {
public:
    session(catalog& databases, session_config config);

    /// Consumes received bytes; returns every complete reply they produce (possibly none).
    std::vector<std::uint8_t> on_bytes(std::span<const std::uint8_t> bytes);
    /// The peer closed the connection: an implicit SQ_EXIT (rolls back).
    void on_eof();

    /// The flag the server sets when the statement running now must stop (engine::set_interrupt_flag).
    void set_interrupt_flag(const std::atomic<bool>* flag) { engine_.set_interrupt_flag(flag); }

    /// Fault injection: the login that arrives next is rejected with this service error.
    void reject_login(std::int16_t service_error) { forced_rejection_ = service_error; }

    /// Part of a request (or of the login packet) has arrived and the rest has not: the caller
    /// bounds how long it waits for more before calling on_input_stalled().
    bool awaiting_input() const { return !closing_ && !input_.empty(); }
    /// The client has most likely sent all it meant to and waits for an answer: the pending
    /// bytes end like a complete group (00 0c, SQ_EOT), or come before login (clients write the
    /// login packet in one go; nmap sends a bare SQ_EXIT on a connection it never logged in).
    bool pending_may_be_complete() const {
        return !logged_in_ || (input_.size() >= 2 && input_[input_.size() - 2] == 0 && input_.back() == 12);
    }
    /// No more bytes came for the pending input: answers it with SQ_ERR -929 and SQ_EOT (after
    /// login) and closes, so that no client waits for a reply that will never come.
    std::vector<std::uint8_t> on_input_stalled();

    /// The connection must be closed once the returned bytes are sent.
    bool closing() const { return closing_; }
    const std::string& close_reason() const { return close_reason_; }
    const widths& negotiated() const { return widths_; }

    /// What the server does after sending a reply and before it waits for the next request:
    /// when that reply was a fetch that filled the client's buffer with rows left over, the
    /// cursor's next buffer of rows is read and encoded now, while the client reads the reply,
    /// and sent when the client fetches again (the bytes are the same; README, "Fetch ahead").
    void fetch_ahead();

private:
    struct group_context;

    void handle_login(std::span<const std::uint8_t> packet, std::vector<std::uint8_t>& out);
    void run_group(msg::group& g, std::vector<std::uint8_t>& out);
    void close_with(std::string reason);
    /// SQ_ERR -929 + SQ_EOT for a group that cannot be decoded, then close (`reason` is logged).
    void reject_group(std::string reason, std::vector<std::uint8_t>& out);
    void apply_environment();

    statement* current(group_context& ctx);
    void fail(group_context& ctx, sql_error e);
    void flush_describe(group_context& ctx);
    enum class statement_origin { command, prepare };  ///< SQ_COMMAND (run at once) or SQ_PREPARE
    void start_statement(group_context& ctx, std::string_view sql, statement_origin origin);
    void run_statement(group_context& ctx, statement& st);
    void finish_immediate(group_context& ctx);
    void fetch(group_context& ctx, statement& st, std::int32_t bufsize);
    void done_and_cost(group_context& ctx, std::uint16_t warnings = 0);
    void scroll_fetch(group_context& ctx, statement& st, const msg::sfetch& m);
    void transaction_event(group_context& ctx, action what);

    void handle(group_context& ctx, const msg::command& m);
    void handle(group_context& ctx, const msg::prepare& m);
    void handle(group_context& ctx, const msg::curname& m);
    void handle(group_context& ctx, const msg::id& m);
    void handle(group_context& ctx, const msg::bind& m);
    void handle(group_context& ctx, const msg::open& m);
    void handle(group_context& ctx, const msg::execute& m);
    void handle(group_context& ctx, const msg::nfetch& m);
    void handle(group_context& ctx, const msg::close& m);
    void handle(group_context& ctx, const msg::release& m);
    void handle(group_context& ctx, const msg::ndescribe& m);
    void handle(group_context& ctx, const msg::wantdone& m);
    void handle(group_context& ctx, const msg::ret_type& m);
    void handle(group_context& ctx, const msg::sfetch& m);
    void handle(group_context& ctx, const msg::scroll& m);
    void handle(group_context& ctx, const msg::hold& m);
    void handle(group_context& ctx, const msg::autofree& m);
    void handle(group_context& ctx, const msg::protocols& m);
    void handle(group_context& ctx, const msg::info& m);
    void handle(group_context& ctx, const msg::dbopen& m);
    void handle(group_context& ctx, const msg::dbclose& m);
    void handle(group_context& ctx, const msg::dblist& m);
    void handle(group_context& ctx, const msg::begin& m);
    void handle(group_context& ctx, const msg::commit& m);
    void handle(group_context& ctx, const msg::rollback& m);
    void handle(group_context& ctx, const msg::exit& m);
    void handle(group_context& ctx, const msg::fetchblob& m);
    void handle(group_context& ctx, const msg::bbind& m);
    void handle(group_context& ctx, const msg::lodata& m);
    void handle(group_context& ctx, const msg::blob_chunk& m);
    void handle(group_context& ctx, const msg::ack& m);
    void handle(group_context& ctx, const msg::pam_response& m);
    /// False (and the connection closing) when `m` may not come now because of the PAM state.
    bool pam_allows(const msg::request& m);
    void handle(group_context& ctx, const msg::getroutine& m);
    void handle(group_context& ctx, const msg::exfproutine& m);

    engine engine_;
    std::vector<std::string> user_routines_;  ///< fast-path handles first_user_routine + i: routine names
    session_config config_;
    std::vector<std::uint8_t> input_;
    std::size_t incomplete_at_ = 0;  ///< pending bytes when a group last decoded as incomplete
    bool logged_in_ = false;
    bool closing_ = false;
    std::string close_reason_;
    widths widths_;
    bool protocols_done_ = false;
    bool info_done_ = false;
    std::string login_database_;
    std::vector<std::pair<std::string, std::string>> environment_;
    std::optional<std::int16_t> current_;
    std::optional<std::int16_t> ahead_for_;  ///< the cursor fetch_ahead may read ahead in
    std::size_t ahead_budget_ = 0;           ///< its last fetch's buffer size
    std::int16_t forced_rejection_ = 0;
    bool pending_scroll_ = false;  ///< SQ_SCROLL seen; applies to the next OPEN
    bool pending_hold_ = false;    ///< SQ_HOLD seen; applies to the next OPEN
    enum class pam_state { off, awaiting_ack, awaiting_response, rejected, done };
    pam_state pam_ = pam_state::off;
};

}  // namespace ifx::lite
