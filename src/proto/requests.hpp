#pragma once
// Encoders of the client's request messages (PROTOCOL.md §7). Each function appends whole
// messages; callers end a request group with end_group().
#include <cstdint>
#include <span>
#include <string_view>
#include <vector>

#include "ifx/codeset.hpp"
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
/// SQ_ID id SQ_CURNAME name [SQ_BIND] SQ_OPEN, and when fetch_now, SQ_ID id SQ_NFETCH in the
/// same group (the 42-byte JDBC form for fixed-width rows); then SQ_EOT (§7.6).
bool encode_open(std::int16_t id, std::string_view cursor_name, std::span<const param> params, bool fetch_now,
                 std::uint32_t buffer_size, const session_features& f, bytes& out, codeset cs = codeset::utf8);
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
