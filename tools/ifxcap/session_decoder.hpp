#pragma once
// One session's records read as SQLI messages, in order: the decoder keeps what later messages
// depend on (the negotiated features, the columns of each described statement, which statement
// a fetch reply belongs to), and frames a direction's byte stream into records for the recorder.
#include <cstddef>
#include <cstdint>
#include <deque>
#include <map>
#include <optional>
#include <span>
#include <string>
#include <utility>
#include <vector>

#include "capture.hpp"
#include "decoded.hpp"
#include "ifx/column.hpp"
#include "proto/features.hpp"
#include "reply.hpp"
#include "wire/status.hpp"

namespace ifx::cap {

/// What a session's records have told so far (facts a replay needs).
struct session_facts {
    std::string user;
    std::string server;  ///< the INFORMIXSERVER name of the login packet
    std::vector<std::pair<std::string, std::string>> environment;  ///< the login packet's
    bool password_given = false;                  ///< the login packet's password is not empty
    std::string database;                         ///< the first SQ_DBOPEN's
    std::optional<std::int16_t> dbopen_warnings;  ///< the DONE warnings of its reply
    std::vector<std::uint8_t> offer;              ///< the client's SQ_PROTOCOLS bytes
    std::vector<std::uint8_t> features;           ///< the server's SQ_PROTOCOLS reply bytes
    std::string pam_info;                         ///< the first TEXT_INFO of a PAM conversation
    bool login_done = false;  ///< the client has sent SQ_INFO or SQ_DBOPEN: no secret follows

    std::string env(std::string_view name) const;
};

class session_decoder {
public:
    /// Reads one record of this session (records must come in the session's order) and updates
    /// the state. Bytes that cannot be read become an "unknown" message; nothing throws.
    decoded_record decode(direction d, std::span<const std::uint8_t> bytes);
    decoded_record decode(const record& r) { return decode(r.dir, r.bytes); }

    /// The size of the next record at the start of a direction's pending bytes: the login packet
    /// or reply, or one message group (to its SQ_EOT; SQ_EXIT with the SQ_EOT that may follow).
    /// ok and `size`; need_more; malformed when the bytes cannot be read as messages.
    wire::decode_status frame(direction d, std::span<const std::uint8_t> pending, std::size_t& size) const;
    /// The same, resumable: `resume` is where the previous call on the same pending bytes stopped
    /// (0 the first time); on need_more it is set to the end of the last whole message, so that a
    /// large group arriving in many reads is walked once, not once per read.
    wire::decode_status frame(direction d, std::span<const std::uint8_t> pending, std::size_t& size,
                              std::size_t& resume) const;

    const proto::session_features& features() const noexcept { return features_; }
    const session_facts& facts() const noexcept { return facts_; }
    /// The columns of a described statement (nullptr: not described, or no columns).
    const std::vector<column_info>* columns(std::int16_t statement) const;

private:
    struct request_context {
        std::optional<std::int16_t> statement;  // the SQ_ID of a group that opens or fetches
        bool dbopen = false;
    };
    // How far walk reads: to the end of the first group, or of all the bytes.
    enum class walk_to { first_group, end };
    // Reads messages from bytes[start] (a message boundary) as far as `until` says. consumed =
    // where the last whole message ends.
    wire::decode_status walk(direction d, std::span<const std::uint8_t> bytes, std::size_t start,
                             walk_to until, decoded_record& out, std::size_t& consumed,
                             std::vector<reply_effects>* effects) const;
    void apply_request(const decoded_record& rec);
    void apply_reply(const decoded_record& rec, std::vector<reply_effects>& effects);

    bool c2s_login_ = false, s2c_login_ = false;
    proto::session_features features_;
    session_facts facts_;
    std::map<std::int16_t, std::vector<column_info>> statements_;
    std::deque<request_context> pending_;  // request groups not answered yet, oldest first
};

/// Every record of a capture decoded, in file order (each session with its own decoder).
std::vector<decoded_record> decode_capture(const capture& c);

}  // namespace ifx::cap
