#pragma once
// What the recorder removes before a byte reaches the capture file, and the check that a capture
// is free of secrets (`ifxcap check`).
#include <cstddef>
#include <cstdint>
#include <span>
#include <string>
#include <string_view>
#include <vector>

#include "capture.hpp"
#include "decoded.hpp"

namespace ifx::cap {

/// What replaces every non-empty password and PAM answer.
inline constexpr std::string_view secret_mask = "********";
/// The first bytes of a login packet hold no secret (markers, product, versions, capability
/// words): they are kept even when the packet cannot be read.
inline constexpr std::size_t login_fixed_part = 79;

/// The record's bytes with every secret replaced by secret_mask (its length field rewritten and,
/// for a login packet, the SL length too) and, when redact_values, every data value (row values,
/// bind values, BYTE/TEXT and smart-LOB bytes) overwritten with zeros, lengths kept.
/// `hide_unknown`: the record may hold a secret the decoder could not find (a client record before
/// the login ended): its unreadable bytes are zeroed too (after login_fixed_part when they start
/// the stream).
std::vector<std::uint8_t> protect(std::span<const std::uint8_t> bytes, const decoded_record& decoded,
                                  bool redact_values, bool hide_unknown, bool stream_start);

/// The result of `ifxcap check`: problems (a secret left in the file) and what the file tells
/// about its origin (users, hosts, directories, servers, statements, values kept or not).
struct capture_check {
    std::vector<std::string> problems;
    std::vector<std::string> facts;
};
capture_check check_capture(const capture& c);

}  // namespace ifx::cap
