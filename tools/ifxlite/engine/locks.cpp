#include "engine/locks.hpp"

#include <algorithm>

namespace ifx::lite {

void lock_table::set(const std::string& database, const void* holder, const holding* held) {
    {
        std::lock_guard lock(mutex_);
        if (held) {
            holders_[database][holder] = *held;
        } else if (auto it = holders_.find(database); it != holders_.end()) {
            it->second.erase(holder);
            if (it->second.empty()) holders_.erase(it);
        }
    }
    released_.notify_all();
}

bool lock_table::write_conflict(const std::string& database, const void* self,
                                const std::string& table) const {
    std::lock_guard lock(mutex_);
    const auto it = holders_.find(database);
    if (it == holders_.end()) return false;
    for (const auto& [holder, held] : it->second) {
        if (holder == self) continue;
        if (table == "*" || held.written.count("*") || held.written.count(table)) return true;
    }
    return false;
}

std::optional<std::string> lock_table::read_conflict(const std::string& database, const void* self,
                                                     const std::vector<std::string>& tables) const {
    std::lock_guard lock(mutex_);
    return read_conflict_locked(database, self, tables);
}

std::optional<std::string> lock_table::read_conflict_locked(const std::string& database, const void* self,
                                                            const std::vector<std::string>& tables) const {
    const auto it = holders_.find(database);
    if (it == holders_.end()) return std::nullopt;
    for (const std::string& table : tables) {
        for (const auto& [holder, held] : it->second) {
            if (holder == self) continue;
            if (held.rows.count("*") || held.rows.count(table)) return table;
        }
    }
    return std::nullopt;
}

std::shared_ptr<shared_connection> lock_table::dirty_source(const std::string& database, const void* self,
                                                            const std::vector<std::string>& tables) const {
    std::lock_guard lock(mutex_);
    const auto it = holders_.find(database);
    if (it == holders_.end()) return nullptr;
    for (const std::string& table : tables) {
        for (const auto& [holder, held] : it->second) {
            if (holder != self && (held.rows.count("*") || held.rows.count(table))) return held.connection;
        }
    }
    return nullptr;
}

std::optional<std::string> lock_table::wait_readable(const std::string& database, const void* self,
                                                     const std::vector<std::string>& tables,
                                                     std::chrono::milliseconds wait,
                                                     const std::atomic<bool>* interrupt) {
    // Waits in slices so that an interrupted session (client gone, shutdown) stops within one.
    constexpr auto slice = std::chrono::milliseconds(100);
    std::unique_lock lock(mutex_);
    const auto deadline = std::chrono::steady_clock::now() + wait;
    for (;;) {
        auto conflict = read_conflict_locked(database, self, tables);
        if (!conflict || wait.count() == 0) return conflict;
        if (interrupt && interrupt->load()) return conflict;
        const auto now = std::chrono::steady_clock::now();
        if (wait.count() > 0 && now >= deadline) return conflict;
        const auto until = wait.count() < 0 ? now + slice : std::min(deadline, now + slice);
        released_.wait_until(lock, until);
    }
}

}  // namespace ifx::lite
