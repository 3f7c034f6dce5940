#pragma once
// The login packet (PROTOCOL.md §3.2), its reply (§3.3) and the post-login request groups (§4–5).
#include <cstdint>
#include <functional>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "wire/status.hpp"

namespace ifx::proto {

/// Overwrites the whole buffer (its capacity, not only its size) with zeros the compiler cannot
/// optimise away, so no copy of a secret stays in memory once it is no longer needed, then empties
/// it.
void wipe_secret(std::string& s) noexcept;
void wipe_secret(std::vector<std::uint8_t>& v) noexcept;

/// What the login packet carries. The password is wiped when the request is destroyed.
struct login_request {
    login_request() = default;
    login_request(const login_request&) = default;
    login_request(login_request&&) = default;
    login_request& operator=(const login_request&) = default;
    login_request& operator=(login_request&&) = default;
    ~login_request() { wipe_secret(password); }

    std::string user;
    std::string password;
    std::string server;  // INFORMIXSERVER
    std::vector<std::pair<std::string, std::string>> environment;
    std::int32_t pid = 0;
    std::int32_t thread_id = 0;  // masked to 31 bits when encoded (pitfall 18)
    std::string host_name;
    std::string directory;
    /// Answers PAM prompts (style 1 echo off, 2 echo on; 3 error and 4 info are shown only);
    /// nullopt abandons the login. Empty = PAM not supported by this client.
    std::function<std::optional<std::string>(int style, std::string_view prompt)> pam;
};

/// PAM message styles (PROTOCOL.md §6.3).
namespace pam_style {
inline constexpr int prompt_echo_off = 1, prompt_echo_on = 2, error_msg = 3, text_info = 4;
}

/// One message of the server's PAM conversation (§7.15, [LG] layout): `SQ_CHALLENGE i16 style
/// CHAR text`.
struct pam_challenge {
    std::int16_t style = 0;
    std::string prompt;
};

/// Decodes an SQ_CHALLENGE message (tag included; the SQ_EOT that ends its group is not part of
/// it) at the start of bytes. Any other tag is malformed.
wire::decode_status decode_pam_challenge(std::span<const std::uint8_t> bytes, pam_challenge& out,
                                         std::size_t& consumed);

/// The environment JDBC 15 sends at login (DBPATH, CLIENT_LOCALE, CLNT_PAM_CAPABLE, IFX_UPDDESC,
/// [DB_LOCALE], NODEFDAC), followed by `extra`; a name given in `extra` replaces the default.
std::vector<std::pair<std::string, std::string>> default_login_environment(
    const std::string& client_locale, const std::string& db_locale,
    const std::vector<std::pair<std::string, std::string>>& extra);

/// Encodes the complete SL-framed login packet. Returns false if a field is too long for the
/// 16-bit packet length. `out` is reserved up front so it never reallocates while the password
/// is in it (a reallocation would free a copy without wiping it).
bool encode_login(const login_request& req, std::vector<std::uint8_t>& out);

struct login_reply {
    std::uint8_t sl_type = 0;
    std::string server_version;
    std::string server_name;  // the application-id / server-name slot (step g)
    std::int16_t service_error = 0;
    std::int16_t os_error = 0;
    std::int16_t warnings = 0;
    std::vector<std::string> messages;
    std::string redirect;  // detail of an SL type 13 reply

    bool accepted() const noexcept;
};

/// Decodes an SL-framed login reply at the start of bytes; `consumed` is the packet length.
wire::decode_status decode_login_reply(std::span<const std::uint8_t> bytes, login_reply& out,
                                       std::size_t& consumed);

/// SQ_PROTOCOLS offer of JDBC 15.0.1.3, sent verbatim (vector LOGIN-010).
void encode_protocols_offer(std::vector<std::uint8_t>& out);
/// SQ_INFO with DBTEMP=/tmp and SUBQCACHESZ=10, as JDBC sends it (LOGIN-020 + EOT).
void encode_info(std::vector<std::uint8_t>& out);
/// SQ_DBOPEN name, flags 0, EOT.
void encode_dbopen(std::string_view database, std::vector<std::uint8_t>& out);

/// Decodes the server's SQ_PROTOCOLS reply group (tag, length, mask, pad, EOT). Any other
/// content is malformed. `mask` receives the feature bytes.
wire::decode_status decode_protocols_reply(std::span<const std::uint8_t> bytes,
                                           std::vector<std::uint8_t>& mask, std::size_t& consumed);

}  // namespace ifx::proto
