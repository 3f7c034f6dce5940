#pragma once
// The sans-I/O shape of every protocol operation: a state machine fed with received bytes that
// appends the bytes to send and says whether it needs more input or is done. Drivers (sync in
// src/net, async later) only move bytes and enforce deadlines.
#include <cstddef>
#include <cstdint>
#include <functional>
#include <map>
#include <span>
#include <string>
#include <system_error>
#include <vector>

#include "ifx/codeset.hpp"
#include "ifx/error.hpp"
#include "proto/features.hpp"
#include "proto/messages.hpp"
#include "proto/trace.hpp"
#include "wire/limits.hpp"

namespace ifx::proto {

enum class step { need_more, done };

/// A fast-path routine resolved by SQ_GETROUTINE (§7.13): executed by handle in `database`.
struct routine_handle {
    std::string database;
    std::int32_t handle = 0;
};

/// Per-connection protocol state shared by all operations.
struct session_state {
    session_features features;
    bool database_open = false;
    bool logged = false;          // the open database has transaction logging
    bool ansi = false;            // the open database is ANSI-compliant
    bool in_transaction = false;  // an explicit transaction is open (as far as the wire told us)
    bool broken = false;          // the stream is out of sync or closed: never send again
    std::uint32_t cursor_counter = 0;
    const tracer* trace = nullptr;  // opt-in protocol trace
    codeset text = codeset::utf8;   // code set of character data on the wire (the database's)
    int open_cursors = 0;           // cursors opened and not yet closed
    unsigned changed_settings = 0;  // session_setting bits changed by SET statements
    std::map<std::string, routine_handle, std::less<>> routines;  // fast-path handles by signature
};

class operation {
public:
    virtual ~operation() = default;
    /// Called first with empty input, then with every received byte not yet consumed. Sets
    /// `consumed` to the number of bytes used, appends bytes to send to `out`. On failure sets
    /// `ec` (and `diag`) and returns done; the driver then checks is_fatal(ec).
    virtual step advance(std::span<const std::uint8_t> in, std::size_t& consumed,
                         std::vector<std::uint8_t>& out, std::error_code& ec, diagnostics& diag) = 0;
    /// True when the bytes it produces carry a secret (the password): the driver wipes its
    /// output buffers once they are sent (proto::wipe_secret).
    virtual bool carries_secret() const noexcept { return false; }
};

/// Base for operations made of request groups and their reply groups. It decodes messages,
/// skips SQ_COST, tracks SQ_XACTSTAT, records SQ_ERR, and calls the hooks below.
class exchange_op : public operation {
public:
    explicit exchange_op(session_state& session) : session_(session) {}
    step advance(std::span<const std::uint8_t> in, std::size_t& consumed, std::vector<std::uint8_t>& out,
                 std::error_code& ec, diagnostics& diag) final;

protected:
    /// Appends the first request group(s) and calls expect_replies.
    virtual void start(std::vector<std::uint8_t>& out, std::error_code& ec) = 0;
    /// Every message except SQ_EOT, SQ_COST and SQ_XACTSTAT. Tuple payloads must be copied.
    virtual void on_message(server_message& msg, std::error_code& ec) = 0;
    /// The whole SQ_TUPLE messages at the start of `in` (the bulk of a fetch reply): consumes as
    /// many as it takes and returns the bytes used (0: none, the general decoder then reads what
    /// is there). By default each is passed to on_message as a tuple_msg; fetches override it to
    /// take rows without building a server_message per row. Not called while tracing (each
    /// message is then traced and decoded on its own).
    virtual std::size_t take_tuples(std::span<const std::uint8_t> in, std::error_code& ec);
    /// After the last expected reply group. May send more groups (calling expect_replies) and
    /// return need_more, or return done. `server_error` is the first SQ_ERR of the groups.
    virtual step on_replies(const err_msg* server_error, std::vector<std::uint8_t>& out,
                            std::error_code& ec) = 0;
    /// After each reply group, with that group's first SQ_ERR (nullptr if none).
    virtual void on_group_end(const err_msg* /*group_error*/) {}

    void expect_replies(int groups) { pending_ += groups; }
    session_state& session() { return session_; }
    diagnostics& diag() { return *diag_; }

private:
    session_state& session_;
    diagnostics* diag_ = nullptr;
    bool started_ = false;
    int pending_ = 0;
    std::optional<err_msg> error_;        // first error of all groups
    std::optional<err_msg> group_error_;  // first error of the current group
};

/// True when `in` starts with a whole, well-formed SQ_TUPLE (`i16 tag i16 warning i32 length
/// bytes [pad]`, the layout decode_server_message reads): its warning, payload and whole size
/// (padding included). Anything else (incomplete, malformed, another tag) is left to the general
/// decoder.
inline bool whole_tuple(std::span<const std::uint8_t> in, std::int16_t& warning,
                        std::span<const std::uint8_t>& payload, std::size_t& size) noexcept {
    constexpr std::size_t header = 8;
    if (in.size() < header) return false;
    const std::uint8_t* p = in.data();
    if (((p[0] << 8) | p[1]) != static_cast<int>(wire::tag::tuple)) return false;
    const auto length = static_cast<std::int32_t>((std::uint32_t{p[4]} << 24) | (std::uint32_t{p[5]} << 16) |
                                                  (std::uint32_t{p[6]} << 8) | std::uint32_t{p[7]});
    if (length < 0 || static_cast<std::size_t>(length) > wire::limits::max_tuple) return false;
    const auto n = static_cast<std::size_t>(length);
    if (in.size() - header < n + (n % 2)) return false;
    warning = static_cast<std::int16_t>((p[2] << 8) | p[3]);
    payload = in.subspan(header, n);
    size = header + n + (n % 2);
    return true;
}

/// Fills diag from an SQ_ERR and returns the matching server error code.
std::error_code server_error(const err_msg& err, diagnostics& diag);

}  // namespace ifx::proto
