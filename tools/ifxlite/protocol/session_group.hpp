#pragma once
// What session.cpp and session_handlers.cpp share: the state of one request group while it runs
// and the constants of the replies both write. Internal to protocol/.

#include <cstdint>
#include <optional>
#include <vector>

#include "base/errors.hpp"
#include "protocol/session.hpp"
#include "wire/writer.hpp"

namespace ifx::lite {

namespace session_limits {
// The most tuple bytes one fetch reply carries, whatever buffer size the client asks for.
inline constexpr std::int64_t max_fetch_bytes = 1024 * 1024;
// SQ_COST values: the optimizer estimate is meaningless for SQLite; IDS-like constants.
inline constexpr std::int32_t cost_rows = 1;
inline constexpr std::int32_t cost_value = 1;
}  // namespace session_limits

struct session::group_context {
    std::vector<std::uint8_t> reply;
    wire::writer w{reply};
    std::optional<sql_error> error;
    std::vector<std::int16_t> created;      // statements prepared in this group
    std::optional<std::int16_t> immediate;  // the SQ_COMMAND statement, released with the group
    bool immediate_executed = false;
    std::optional<std::int16_t> describe_for;  // PREPARE/COMMAND whose SQ_DESCRIBE is still due
    bool exit = false;
};

}  // namespace ifx::lite
