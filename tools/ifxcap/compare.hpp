#pragma once
// Comparison of a recorded record with the one a replay observed, message by message and field by
// field, ignoring what the capture's masks declare may legitimately differ.
#include <cstddef>
#include <string>
#include <string_view>
#include <vector>

#include "capture.hpp"
#include "decoded.hpp"

namespace ifx::cap {

/// `*` matches any run of characters, `?` any one.
bool glob_match(std::string_view pattern, std::string_view text) noexcept;

class mask_set {
public:
    mask_set() = default;
    explicit mask_set(std::vector<mask_rule> rules) : rules_(std::move(rules)) {}
    void add(mask_rule r) { rules_.push_back(std::move(r)); }
    /// The message may be absent or present in either record (a pattern without a field).
    bool optional_message(std::string_view message, std::size_t record) const;
    /// The field's value is not compared.
    bool masked(std::string_view message, std::string_view field, std::size_t record) const;
    const std::vector<mask_rule>& rules() const noexcept { return rules_; }

private:
    std::vector<mask_rule> rules_;
};

/// The masks every new capture declares (docs/captures.md): what differs between two servers
/// that answer alike, or between two runs of the same server.
std::vector<mask_rule> default_masks();

/// The login-packet fields that differ between two runs of the same client (process id, thread,
/// host, directory), the password and PAM answers (masked in captures). Used when a client is
/// compared with a capture of itself.
mask_set client_masks();

/// Differences between a recorded record and the observed one, each naming the message (its
/// 1-based place in the recorded record) and the field, e.g.
/// "message 1 SQ_DESCRIBE: columns[1].encoded_length: recorded 2562 (DECIMAL(10,2)), server 2564".
/// `observer` names the other side in the text ("server", "client").
std::vector<std::string> compare_records(const decoded_record& recorded, const decoded_record& observed,
                                         const mask_set& masks, std::size_t record_number,
                                         std::string_view observer);

/// A field's value as shown to people: text quoted and escaped, the rest as is.
std::string shown(const field& f);

}  // namespace ifx::cap
