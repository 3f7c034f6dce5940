#pragma once
// The login packet (CONREQ, PROTOCOL.md §3.2) and the server's accept/reject reply (§3.3).
#include <cstdint>
#include <optional>
#include <span>
#include <string>
#include <string_view>
#include <utility>
#include <vector>

namespace ifx::lite {

/// The version banner of the accept reply and DBINFO('version', 'full').
inline constexpr const char* server_version_banner = "IBM Informix Dynamic Server Version 15.0.1.0";

struct login_request {
    std::string float_format;
    std::string client_version;
    std::string application;
    std::int32_t cap1 = 0, cap2 = 0, cap3 = 0;
    std::string user;
    std::string password;
    std::string server_name;
    std::string database;  ///< must be empty; a name here makes the later SQ_DBOPEN fail (-759)
    std::vector<std::pair<std::string, std::string>> environment;
};

/// Parses a complete SL packet (header included) leniently, field by field: the optional 107/116
/// blocks may come in any order; an unknown block ends the parse. nullopt (with `why`) if the
/// packet is not a CONREQ or a required field is missing.
std::optional<login_request> parse_login(std::span<const std::uint8_t> packet, std::string& why);

struct server_identity {
    std::string server_name;
    std::string version = server_version_banner;
    std::string serial = "AAA#B000000";
};

/// The CONACC (service_error 0) or CONREJ reply, echoing the client's Cap words. `message` is
/// sent as the single message of the 102 block when non-empty.
std::vector<std::uint8_t> login_reply(const login_request& request, const server_identity& server,
                                      std::int16_t service_error, std::string_view message);

}  // namespace ifx::lite
