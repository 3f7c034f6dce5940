#include "ifx/log.hpp"

#include <cstdio>
#include <memory>
#include <mutex>
#include <string>

namespace ifx {
namespace {

void default_handler(log_level level, std::string_view message) {
    if (level < log_level::warning) return;
    std::string line = "ifx: ";
    line += to_string(level);
    line += ": ";
    line += message;
    line += '\n';
    std::fwrite(line.data(), 1, line.size(), stderr);
}

// The handler is swapped rarely and called often: readers copy a shared_ptr under a short lock
// and call it outside, so a slow handler never blocks set_log_handler or other loggers.
struct registry {
    std::mutex mutex;
    std::shared_ptr<const log_handler> handler = std::make_shared<const log_handler>(default_handler);
};

registry& instance() {
    static registry r;
    return r;
}

}  // namespace

std::string_view to_string(log_level level) noexcept {
    switch (level) {
        case log_level::debug:
            return "debug";
        case log_level::info:
            return "info";
        case log_level::warning:
            return "warning";
        case log_level::error:
            return "error";
    }
    return "unknown";
}

log_handler set_log_handler(log_handler handler) {
    auto next = std::make_shared<const log_handler>(std::move(handler));
    auto& r = instance();
    std::lock_guard lock(r.mutex);
    log_handler previous = *r.handler;
    r.handler = std::move(next);
    return previous;
}

void log(log_level level, std::string_view message) noexcept {
    std::shared_ptr<const log_handler> h;
    {
        auto& r = instance();
        std::lock_guard lock(r.mutex);
        h = r.handler;
    }
    if (!h || !*h) return;
    try {
        (*h)(level, message);
    } catch (...) {  // a logger must not turn a report into a failure
    }
}

}  // namespace ifx
