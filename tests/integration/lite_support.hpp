#pragma once
// Small helpers shared by the lite_*_test files (Informix semantics through the driver).
#include <unistd.h>

#include <atomic>
#include <functional>
#include <string>
#include <utility>

#include "ifx/ifx.hpp"

namespace ifx::test {

/// A name no other test process or test uses: base + pid + a counter.
inline std::string unique_name(const char* base) {
    static std::atomic<int> n{0};
    return std::string(base) + std::to_string(::getpid()) + "_" + std::to_string(++n);
}

/// SQLCODE and ISAM code of the ifx::error `f` throws ({0, 0} if it succeeds).
inline std::pair<int, int> codes(const std::function<void()>& f) {
    try {
        f();
    } catch (const ifx::error& e) {
        return {e.sqlcode(), e.isam_code()};
    }
    return {0, 0};
}

}  // namespace ifx::test
