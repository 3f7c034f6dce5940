#pragma once
// Minimal thread-safe logging to stderr with a global level.
#include <string_view>

namespace ifx::lite {

enum class log_level { error = 0, warn = 1, info = 2, debug = 3 };

void set_log_level(log_level level);
bool log_enabled(log_level level);
void log(log_level level, std::string_view message);

}  // namespace ifx::lite
