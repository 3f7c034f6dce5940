#pragma once
// Opt-in protocol trace: every request group sent and every message received, with the message
// names decoded and the bytes in hex. The password in the login packet is masked. The time of each
// line comes from a clock the caller passes in (proto/ reads no clock of its own).
#include <cstdint>
#include <functional>
#include <span>
#include <string>
#include <string_view>

namespace ifx::proto {

class tracer {
public:
    using sink = std::function<void(std::string_view line)>;
    /// Microseconds since the Unix epoch, printed at the start of each line.
    using clock = std::function<std::int64_t()>;

    /// Without a clock every line is stamped 0.000000.
    explicit tracer(sink s, clock now = {}) : sink_(std::move(s)), now_(std::move(now)) {}
    /// Bytes written to the server (one or more request groups, or the login packet).
    void sent(std::span<const std::uint8_t> bytes) const;
    /// One decoded message (its tag and all its bytes) or the raw login reply.
    void received(std::span<const std::uint8_t> bytes) const;

    /// The login packet with the password bytes replaced by '*' (for traces and logs).
    static std::string redacted_hex(std::span<const std::uint8_t> login_packet);

private:
    void line(const char* direction, std::span<const std::uint8_t> bytes, std::string_view name,
              const std::string& hex) const;
    sink sink_;
    clock now_;
};

}  // namespace ifx::proto
