#pragma once
// Server messages as fields, read with the client's own decoders (proto::decode_server_message,
// decode_login_reply, decode_protocols_reply, decode_pam_challenge). Two replies the client never
// asks for are read here: SQ_ACCEPT (a bare tag) and the SQ_DBLIST reply (§5.4).
#include <cstddef>
#include <cstdint>
#include <optional>
#include <span>
#include <vector>

#include "decoded.hpp"
#include "ifx/column.hpp"
#include "proto/features.hpp"
#include "proto/messages.hpp"
#include "wire/status.hpp"

namespace ifx::cap {

/// What a reply message changes for the messages after it.
struct reply_effects {
    std::optional<proto::describe_msg> describe;        ///< an SQ_DESCRIBE
    std::optional<std::vector<std::uint8_t>> features;  ///< the SQ_PROTOCOLS feature mask
};

/// Decodes the SL-framed login reply at the start of bytes into a "login-reply" message.
wire::decode_status decode_login_reply(std::span<const std::uint8_t> bytes, std::size_t base,
                                       decoded_record& out, std::size_t& consumed);

/// Decodes one server message at the start of bytes. `columns` are those of the statement whose
/// rows the reply may carry (nullptr: unknown, tuples are shown as bytes). SQ_PROTOCOLS is read
/// with the SQ_EOT that ends its group (two messages). On ok appends to out (offsets plus base).
wire::decode_status decode_reply(std::span<const std::uint8_t> bytes, const proto::session_features& f,
                                 const std::vector<column_info>* columns, std::size_t base,
                                 decoded_record& out, reply_effects& effects, std::size_t& consumed);

}  // namespace ifx::cap
