#pragma once
// The members of ifx::detail::pool::pool_handle (include/ifx/detail/pool_handle.hpp) that call
// into the pool: included by pool.cpp and async_pool.cpp, which instantiate them for their shell.
#include <utility>

#include "ifx/detail/pool_handle.hpp"

namespace ifx::detail::pool {

template <class Shell, class Slot>
pool_handle<Shell, Slot>::pool_handle(pool_handle&& other) noexcept
    : pool_(std::move(other.pool_)), slot_(std::exchange(other.slot_, nullptr)) {}

template <class Shell, class Slot>
pool_handle<Shell, Slot>& pool_handle<Shell, Slot>::operator=(pool_handle&& other) noexcept {
    if (this != &other) {
        give_back(return_mode::keep);
        pool_ = std::move(other.pool_);
        slot_ = std::exchange(other.slot_, nullptr);
    }
    return *this;
}

template <class Shell, class Slot>
pool_handle<Shell, Slot>::~pool_handle() {
    give_back(return_mode::keep);
}

template <class Shell, class Slot>
void pool_handle<Shell, Slot>::give_back(return_mode mode) noexcept {
    if (!slot_) return;
    pool_->give_back(std::exchange(slot_, nullptr), mode);
    pool_.reset();
}

}  // namespace ifx::detail::pool
