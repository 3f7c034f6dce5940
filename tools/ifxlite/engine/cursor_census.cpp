#include "engine/cursor_census.hpp"

#include <mutex>
#include <unordered_map>

namespace ifx::lite {
namespace {

struct census {
    std::mutex mutex;
    std::unordered_map<std::int64_t, std::int64_t> open;  // session id → open cursors (> 0 only)
};

census& the_census() {
    static census c;
    return c;
}

}  // namespace

std::int64_t open_cursors_of(std::int64_t session_id) {
    auto& c = the_census();
    std::lock_guard lock(c.mutex);
    const auto it = c.open.find(session_id);
    return it == c.open.end() ? 0 : it->second;
}

cursor_open_flag& cursor_open_flag::operator=(cursor_open_flag&& other) noexcept {
    if (this != &other) {
        clear();
        session_ = other.session_;
        other.session_.reset();
    }
    return *this;
}

void cursor_open_flag::set(std::int64_t session_id) {
    if (session_) return;
    auto& c = the_census();
    std::lock_guard lock(c.mutex);
    ++c.open[session_id];
    session_ = session_id;
}

void cursor_open_flag::clear() noexcept {
    if (!session_) return;
    auto& c = the_census();
    std::lock_guard lock(c.mutex);
    const auto it = c.open.find(*session_);
    if (it != c.open.end() && --it->second <= 0) c.open.erase(it);
    session_.reset();
}

}  // namespace ifx::lite
