#pragma once
// A record read as SQLI messages: each message with its fields named, for display (text, JSON)
// and for comparison field by field.
#include <cstddef>
#include <cstdint>
#include <string>
#include <string_view>
#include <vector>

namespace ifx::cap {

struct field {
    enum class kind : std::uint8_t {
        number,  ///< a decimal integer
        text,    ///< a string value (shown quoted and escaped)
        token,   ///< anything else, shown as is: NULL, 0x0015, 2026-01-02, hex bytes
    };
    std::string name;  ///< e.g. "columns[1].encoded_length"
    std::string value;
    kind type = kind::token;
    std::string note;  ///< what the value means (type names, bit names); never compared
};

struct message {
    std::string name;  ///< "SQ_DESCRIBE", "login-packet", "login-reply", or "unknown"
    std::size_t offset = 0;
    std::size_t length = 0;
    std::vector<field> fields;
    bool known = true;  ///< false: bytes the decoder could not read, shown as hex

    void add(std::string n, std::int64_t v, std::string note = {});
    void add_text(std::string n, std::string_view v, std::string note = {});
    void add_token(std::string n, std::string v, std::string note = {});
    const field* find(std::string_view n) const noexcept;
};

/// Where a secret sits in a record, so the recorder can replace it: the whole encoded string,
/// length field included.
struct secret_span {
    enum class form : std::uint8_t { ascstr, sqli_char };
    std::size_t offset = 0;
    std::size_t length = 0;
    form encoding = form::ascstr;
};

struct byte_span {
    std::size_t offset = 0;
    std::size_t length = 0;
};

struct decoded_record {
    std::vector<message> messages;
    std::vector<secret_span> secrets;  ///< the login password, PAM answers
    std::vector<byte_span> values;     ///< data: row values, bind values, BYTE/TEXT and smart-LOB bytes
    bool complete = true;              ///< every byte was read as a known message

    /// "SQ_ID SQ_NFETCH SQ_EOT", with the SQL text of a PREPARE or COMMAND (for annotations).
    std::string summary() const;
};

/// Printable form of bytes: ASCII kept, everything else as \xNN (and \\, \' escaped).
std::string escape(std::string_view bytes);

}  // namespace ifx::cap
