#include "base/log.hpp"

#include <atomic>
#include <cstdio>
#include <mutex>

namespace ifx::lite {
namespace {

std::atomic<int> current_level{static_cast<int>(log_level::warn)};
std::mutex output_mutex;

const char* level_name(log_level level) {
    switch (level) {
        case log_level::error:
            return "error";
        case log_level::warn:
            return "warn";
        case log_level::info:
            return "info";
        default:
            return "debug";
    }
}

}  // namespace

void set_log_level(log_level level) {
    current_level = static_cast<int>(level);
}

bool log_enabled(log_level level) {
    return static_cast<int>(level) <= current_level.load();
}

void log(log_level level, std::string_view message) {
    if (!log_enabled(level)) return;
    std::lock_guard lock(output_mutex);
    std::fprintf(stderr, "ifxlite [%s] %.*s\n", level_name(level), static_cast<int>(message.size()),
                 message.data());
    std::fflush(stderr);
}

}  // namespace ifx::lite
