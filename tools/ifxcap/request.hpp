#pragma once
// Decoding of what a client sends: the login packet and the request messages (PROTOCOL.md §3.2,
// §5, §7). The client library only encodes these and ifxlite's parser must stay its own (so that
// a misunderstanding of ifxlite's cannot hide in the tool that checks it), so ifxcap reads them
// here, once. Server messages are read with the client's decoders (reply.hpp).
#include <cstddef>
#include <cstdint>
#include <span>

#include "decoded.hpp"
#include "proto/features.hpp"
#include "wire/status.hpp"

namespace ifx::cap {

/// Decodes the SL-framed login packet at the start of bytes. On ok appends one "login-packet"
/// message (and the password's secret span) to out, offsets plus base, and sets consumed.
wire::decode_status decode_login_packet(std::span<const std::uint8_t> bytes, std::size_t base,
                                        decoded_record& out, std::size_t& consumed);

/// Decodes one request message at the start of bytes (tag included) with the field widths of
/// the negotiated features. On ok appends it (with its secret and value spans, offsets plus base)
/// to out; an unknown tag or an impossible value is malformed.
wire::decode_status decode_request(std::span<const std::uint8_t> bytes, const proto::session_features& f,
                                   std::size_t base, decoded_record& out, std::size_t& consumed);

}  // namespace ifx::cap
