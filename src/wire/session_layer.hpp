#pragma once
// The session-layer (SL) header that frames the login packet and its reply (PROTOCOL.md §3.1).
// It is the only length-framed unit of SQLI; every later message is tag + body.
#include <cstddef>
#include <cstdint>
#include <span>
#include <vector>

#include "wire/status.hpp"

namespace ifx::wire {

struct sl_header {
    std::uint16_t length = 0;   ///< total packet length including the 6 header bytes
    std::uint8_t type = 0;      ///< sl::conreq, conacc, conrej, redirect
    std::uint8_t protocol = 0;  ///< 60 for SQLI
    std::uint16_t flags = 0;
};

/// Decodes the SL header at the start of `bytes` and checks that the whole packet is present.
/// ok: `header` filled and `packet` is the complete packet (header included);
/// need_more: the header or the body is incomplete; malformed: length < 6.
decode_status decode_sl_packet(std::span<const std::uint8_t> bytes, sl_header& header,
                               std::span<const std::uint8_t>& packet) noexcept;

/// Starts a packet: appends a header with a zero length, to be fixed by finish_sl_packet.
void begin_sl_packet(std::vector<std::uint8_t>& out, std::uint8_t type, std::uint16_t flags);
/// Writes the final length into the header begun at offset 0. Returns false if the packet
/// exceeds the 16-bit length field.
bool finish_sl_packet(std::vector<std::uint8_t>& out);

}  // namespace ifx::wire
