#pragma once
// The capture file of ifxcap (format in docs/captures.md): SQLI sessions as records of bytes, one
// record per login packet or message group, in a line-oriented text format that diffs well.
#include <cstddef>
#include <cstdint>
#include <iosfwd>
#include <optional>
#include <stdexcept>
#include <string>
#include <string_view>
#include <vector>

namespace ifx::cap {

enum class direction : std::uint8_t { c2s, s2c };
std::string_view to_string(direction d) noexcept;  // "c2s", "s2c"

/// How the recorder cut a record out of its direction's byte stream.
enum class record_kind : std::uint8_t {
    login,  ///< the SL-framed login packet, or its reply
    group,  ///< one request or reply group, ended by SQ_EOT (or SQ_EXIT)
    raw,    ///< bytes that could not be framed as messages: what one side sent before the other spoke
};
std::string_view to_string(record_kind k) noexcept;

struct record {
    direction dir = direction::c2s;
    int session = 0;
    std::int64_t time_us = 0;  ///< microseconds since the session began
    record_kind kind = record_kind::group;
    std::vector<std::uint8_t> bytes;
    std::string note;  ///< the annotation after '#' on the record line (for readers; never parsed as data)
};

struct session_info {
    int id = 0;
    std::string started;  ///< ISO 8601 UTC
    std::string peer;     ///< the client's address as the proxy saw it
    std::optional<std::int64_t> ended_us;
    std::string end_reason;
};

/// A declared difference that a comparison ignores. pattern is `MESSAGE` (the message may be
/// present or absent, its content is ignored) or `MESSAGE.FIELD` with `*` and `?` wildcards;
/// record limits it to one record (1-based, as `ifxcap decode` numbers them).
struct mask_rule {
    std::optional<std::size_t> record;
    std::string pattern;
    std::string reason;
};

inline constexpr std::string_view secrets_masked = "masked";
inline constexpr std::string_view values_kept = "kept";
inline constexpr std::string_view values_redacted = "redacted";

struct capture {
    std::string recorded;  ///< when recording began (ISO 8601 UTC)
    std::string listen;    ///< the proxy's listening address
    std::string server;    ///< the server it forwarded to
    std::string secrets = std::string(secrets_masked);
    std::string values = std::string(values_kept);
    std::string client;  ///< the program that made the sessions, when known ("ifxsql", "jdbc", …)
    std::vector<std::string> notes;
    std::vector<mask_rule> masks;
    std::string script_name;  ///< the statements the client ran, when the recorder was given them
    std::string script;
    std::vector<session_info> sessions;
    std::vector<record> records;

    const session_info* find_session(int id) const noexcept;
};

/// A capture file that cannot be read: the line and what is wrong with it.
class capture_error : public std::runtime_error {
public:
    capture_error(std::size_t line, const std::string& what);
    std::size_t line() const noexcept { return line_; }

private:
    std::size_t line_;
};

/// Parses a capture file. Throws capture_error for anything it does not understand (the format
/// is strict so that a hand edit with a typo is caught, not half-read).
capture parse_capture(std::string_view text);
/// Reads and parses a file; capture_error also for an unreadable file (line 0).
capture load_capture(const std::string& path);

/// The whole capture as text: the header, then every session's records in file order, each
/// session opened before its first record and closed after its last.
std::string format_capture(const capture& c);

// Pieces of the format, for a recorder that writes as it goes.
std::string format_header(const capture& c);
std::string format_session_begin(const session_info& s);
std::string format_record(const record& r);
std::string format_session_end(const session_info& s);

/// Seconds with six decimals ("12.000345") for a microsecond count.
std::string format_time(std::int64_t us);

}  // namespace ifx::cap
