#pragma once
// A least-recently-used map from SQL text to the statement prepared for it.
#include <cstddef>
#include <list>
#include <memory>
#include <string>
#include <string_view>
#include <unordered_map>
#include <vector>

namespace ifx::detail {

struct prepared;

class statement_cache {
public:
    explicit statement_cache(std::size_t capacity = 0) : capacity_(capacity) {}

    std::size_t capacity() const noexcept { return capacity_; }
    std::size_t size() const noexcept { return order_.size(); }

    /// The cached statement for sql (now the most recently used), or nullptr.
    std::shared_ptr<prepared> find(std::string_view sql);
    /// Caches p for sql; returns the statements evicted to make room (to be released).
    std::vector<std::shared_ptr<prepared>> insert(std::string sql, std::shared_ptr<prepared> p);
    /// Forgets sql (e.g. after the server rejected its statement).
    void erase(std::string_view sql);
    /// Removes and returns everything.
    std::vector<std::shared_ptr<prepared>> clear();

private:
    using entry = std::pair<std::string, std::shared_ptr<prepared>>;
    std::size_t capacity_;
    std::list<entry> order_;  // most recently used first
    std::unordered_map<std::string_view, std::list<entry>::iterator> index_;
};

}  // namespace ifx::detail
