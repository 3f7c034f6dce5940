#pragma once
// Fault injection for client tests (README "Fault injection"): shared settings that every
// connection consults when it sends a reply, changed by command-line flags or, at run time,
// through the control socket's line commands.
#include <atomic>
#include <cstdint>
#include <string>
#include <string_view>

namespace ifx::lite {

struct fault_settings {
    // Per connection, counting every reply written on it (the login reply is number 1); -1 = off.
    std::atomic<std::int64_t> close_after_replies{-1};  ///< close after sending this many replies
    std::atomic<std::int64_t> close_after_bytes{-1};    ///< send only this many bytes in total, then close
    std::atomic<std::int64_t> stall_after_replies{-1};  ///< then never reply again (connection stays open)
    std::atomic<std::int64_t> truncate_reply{-1};       ///< send half of reply number N, then close
    std::atomic<std::int64_t> corrupt_reply{-1};    ///< overwrite the first tag of reply number N with ff ff
    std::atomic<std::int32_t> delay_ms{0};          ///< delay every reply
    std::atomic<std::int32_t> reject_logins{0};     ///< reject the next N logins (server-wide)
    std::atomic<std::int32_t> reject_code{-951};    ///< service error for rejected logins
    std::atomic<std::uint64_t> kill_generation{0};  ///< bumped by kill-all: connections older than it close

    void reset();
    /// Applies one control command; returns the reply line (without newline): "ok …" or "error …".
    std::string apply(std::string_view command);
    std::string status() const;
};

/// What a connection does with its next reply.
struct reply_plan {
    enum class action { send, close_after, truncate_and_close, stall } what = action::send;
    std::size_t bytes = 0;  ///< bytes to send when truncating (or limiting by close_after_bytes)
    bool corrupt = false;
};

/// Decides the fate of a connection's reply number `index` (1-based) of `size` bytes, given the
/// bytes already sent on the connection.
reply_plan plan_reply(const fault_settings& f, std::int64_t index, std::size_t size,
                      std::int64_t sent_before);

}  // namespace ifx::lite
