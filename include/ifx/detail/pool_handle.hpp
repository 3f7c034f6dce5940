#pragma once
/// @file
/// Internal: the ownership that ifx::pooled_connection and ifx::async_pooled_connection share.
#include <memory>
#include <utility>

namespace ifx::detail::pool {

/// What becomes of a connection given back to its pool.
enum class return_mode {
    keep,     ///< cleaned and lent again
    discard,  ///< closed
};

/// Owns one borrowed slot of a pool and a reference to the pool's internals (`Shell`, kept alive
/// while the slot is out). The slot goes back to Shell::give_back exactly once: on give_back(),
/// on destruction, or when the handle is assigned over; a moved-from handle is empty. The members
/// that call into Shell are defined in src/pool/pool_handle_impl.hpp and instantiated by the
/// pools' sources, where Shell is complete.
template <class Shell, class Slot>
class pool_handle {
public:
    pool_handle() noexcept = default;
    pool_handle(std::shared_ptr<Shell> pool, Slot* slot) noexcept : pool_(std::move(pool)), slot_(slot) {}
    pool_handle(pool_handle&& other) noexcept;
    pool_handle& operator=(pool_handle&& other) noexcept;
    pool_handle(const pool_handle&) = delete;
    pool_handle& operator=(const pool_handle&) = delete;
    ~pool_handle();

    /// The borrowed slot, or nullptr for an empty handle.
    Slot* slot() const noexcept { return slot_; }
    /// Gives the slot back and empties the handle. No-op when empty.
    void give_back(return_mode mode) noexcept;

private:
    std::shared_ptr<Shell> pool_;
    Slot* slot_ = nullptr;
};

}  // namespace ifx::detail::pool
