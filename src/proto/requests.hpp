#pragma once
// Encoders of the client's request messages (PROTOCOL.md §7). Each function appends whole
// messages; callers end a request group with end_group().
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "ifx/codeset.hpp"
#include "ifx/detail/scroll.hpp"
#include "ifx/param.hpp"
#include "proto/features.hpp"

namespace ifx::proto {

using bytes = std::vector<std::uint8_t>;

void end_group(bytes& out);
/// SQ_COMMAND i16 0 SQLTEXT SQ_NDESCRIBE SQ_EXECUTE SQ_RELEASE SQ_EOT (§7.2).
void encode_command(std::string_view sql, const session_features& f, bytes& out);
/// SQ_PREPARE i16 nparams SQLTEXT SQ_NDESCRIBE SQ_WANTDONE SQ_EOT (§7.3).
void encode_prepare(std::string_view sql, std::int16_t nparams, const session_features& f, bytes& out);
/// SQ_ID i16 id.
void encode_statement_id(std::int16_t id, bytes& out);
/// SQ_BIND with one entry per parameter (§7.5; encodings in types/bind.hpp), text converted to
/// the connection's code set cs. Returns false if a value cannot be bound (types::encode_bind
/// tells why).
bool encode_bind(std::span<const param> params, bytes& out, codeset cs = codeset::utf8);
/// SQ_ID id [SQ_BIND] SQ_EXECUTE SQ_EOT (§7.4).
bool encode_execute(std::int16_t id, std::span<const param> params, bytes& out, codeset cs = codeset::utf8);
/// How a cursor is opened: SQ_SCROLL / SQ_HOLD (grade C) precede SQ_OPEN (§7.6, §7.10).
struct open_flags {
    bool fetch_now = true;  // append the first SQ_NFETCH to the OPEN group
    bool scroll = false;
    bool hold = false;
};
/// SQ_ID id SQ_CURNAME name [SQ_BIND] [SQ_SCROLL] [SQ_HOLD] SQ_OPEN, and with flags.fetch_now,
/// SQ_ID id SQ_NFETCH in the same group (the 42-byte JDBC form for fixed-width rows); then SQ_EOT
/// (§7.6).
bool encode_open(std::int16_t id, std::string_view cursor_name, std::span<const param> params,
                 open_flags flags, std::uint32_t buffer_size, const session_features& f, bytes& out,
                 codeset cs = codeset::utf8);
/// Scroll-fetch orientations: the wire codes, shared with the cursor faces.
using scroll_type = ifx::detail::scroll_direction;
/// SQ_ID id SQ_SFETCH i16 type i32 target i32 bufsize SQ_EOT (the buffer is always i32: pitfall 9).
void encode_sfetch(std::int16_t id, scroll_type type, std::int32_t target, std::uint32_t buffer_size,
                   bytes& out);
/// SQ_ID id SQ_NFETCH bufsize 0 SQ_EOT.
void encode_fetch(std::int16_t id, std::uint32_t buffer_size, const session_features& f, bytes& out);
/// SQ_ID id SQ_CLOSE SQ_EOT.
void encode_close(std::int16_t id, bytes& out);
/// SQ_ID id SQ_RELEASE SQ_EOT.
void encode_release(std::int16_t id, bytes& out);
/// SQ_CMMTWORK SQ_EOT.
void encode_commit(bytes& out);
/// SQ_RBWORK i16 0 SQ_EOT (the i16 is mandatory: pitfall 10).
void encode_rollback(bytes& out);
/// SQ_EXIT SQ_EOT.
void encode_exit(bytes& out);

}  // namespace ifx::proto
