#pragma once
// Decoders for the messages a client sends after login (PROTOCOL.md §5, §7). A request group is
// decoded completely (up to its SQ_EOT, or a bare SQ_EXIT) before anything runs, so a short buffer
// never leaves a half-executed group, and a malformed message is detected before any side effect.
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <variant>
#include <vector>

#include "base/errors.hpp"
#include "engine/statement.hpp"
#include "protocol/fastpath.hpp"
#include "protocol/widths.hpp"
#include "wire/status.hpp"

namespace ifx::lite::msg {

struct command {
    std::string sql;
};
struct prepare {
    std::int16_t nparams = 0;
    std::string sql;
};
struct curname {
    std::string name;
};
struct id {
    std::int16_t value = 0;
};
struct bind {
    std::vector<sql_value> values;
    std::vector<std::size_t> blob_slots;  ///< values of type 11/12 awaiting SQ_BBIND + SQ_BLOB data
    std::optional<sql_error> error;       ///< first value the server cannot convert (layout was valid)
};
struct open {};
struct execute {};
struct nfetch {
    std::int32_t bufsize = 0;
    std::int16_t array_size = 0;
};
struct close {};
struct release {};
struct ndescribe {};
struct wantdone {};
struct ret_type {};
struct sfetch {
    std::int16_t scroll_type = 0;
    std::int32_t target = 0;
    std::int32_t bufsize = 0;
};
struct scroll {};
struct hold {};
struct autofree {};
struct protocols {
    std::vector<std::uint8_t> mask;
};
struct info {
    std::vector<std::pair<std::string, std::string>> env;
};
struct dbopen {
    std::string name;
    std::int16_t flags = 0;
};
struct dbclose {};
struct dblist {};
struct begin {};
struct commit {};
struct rollback {
    std::int16_t savepoint = 0;
};
struct exit {};
/// SQ_BBIND(41): the BYTE/TEXT data of the preceding SQ_BIND follows as SQ_BLOB chunks (§7.11).
struct bbind {
    std::int16_t count = 0;
};
/// SQ_BLOB(39) from the client: one chunk; a zero-length chunk ends the current value.
struct blob_chunk {
    std::string bytes;
};
/// SQ_LODATA(97) (§7.12): op 0 read `i16 fd i32 requested i16 bufsize`; op 2 write (libsqli's
/// layout, grade C) `i16 fd i32 total i16 bufsize` then `i16 len bytes [pad]` chunks summing to total.
struct lodata {
    std::int16_t op = 0;
    std::int16_t fd = 0;
    std::int32_t requested = 0;
    std::int16_t bufsize = 0;
    std::string data;
};
/// PAM (§7.15): SQ_ACK starts the conversation; SQ_RESPONSE answers a prompt.
struct ack {};
struct pam_response {
    std::string text;
};
struct fetchblob {
    std::vector<std::uint8_t> descriptor;  ///< the 56-byte BYTE/TEXT descriptor (§7.11)
};

using request = std::variant<command, prepare, curname, id, bind, open, execute, nfetch, close, release,
                             ndescribe, wantdone, ret_type, sfetch, scroll, hold, autofree, protocols, info,
                             dbopen, dbclose, dblist, begin, commit, rollback, exit, fetchblob, bbind,
                             blob_chunk, lodata, getroutine, exfproutine, ack, pam_response>;

struct group {
    std::vector<request> messages;  ///< without the final SQ_EOT; an SQ_EXIT is the last message
};

/// Decodes one request group from the start of `bytes`. ok: `out` filled and `consumed` bytes used;
/// need_more: the group is incomplete; malformed: unknown tag or impossible field (`why` says which).
wire::decode_status decode_group(std::span<const std::uint8_t> bytes, const widths& w, group& out,
                                 std::size_t& consumed, std::string& why);

}  // namespace ifx::lite::msg
