#include "session/statement_cache.hpp"

namespace ifx::detail {

std::shared_ptr<prepared> statement_cache::find(std::string_view sql) {
    const auto it = index_.find(sql);
    if (it == index_.end()) return nullptr;
    order_.splice(order_.begin(), order_, it->second);
    return it->second->second;
}

std::vector<std::shared_ptr<prepared>> statement_cache::insert(std::string sql, std::shared_ptr<prepared> p) {
    std::vector<std::shared_ptr<prepared>> evicted;
    if (capacity_ == 0) {
        evicted.push_back(std::move(p));
        return evicted;
    }
    erase(sql);
    order_.emplace_front(std::move(sql), std::move(p));
    index_.emplace(order_.front().first, order_.begin());
    while (order_.size() > capacity_) {
        index_.erase(order_.back().first);
        evicted.push_back(std::move(order_.back().second));
        order_.pop_back();
    }
    return evicted;
}

void statement_cache::erase(std::string_view sql) {
    const auto it = index_.find(sql);
    if (it == index_.end()) return;
    const auto node = it->second;
    index_.erase(it);
    order_.erase(node);
}

std::vector<std::shared_ptr<prepared>> statement_cache::clear() {
    std::vector<std::shared_ptr<prepared>> all;
    for (auto& e : order_) all.push_back(std::move(e.second));
    order_.clear();
    index_.clear();
    return all;
}

}  // namespace ifx::detail
