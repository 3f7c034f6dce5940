#pragma once
// Test deadlines that stretch for slow runs: every duration passed through scaled() is
// multiplied by $IFX_TEST_TIME_SCALE (a whole number, default 1), for runs under valgrind or on a
// starved machine where a short round trip is not a given.
#include <chrono>
#include <cstdlib>

namespace ifx::test {

inline int time_scale() {
    static const int scale = [] {
        const char* v = std::getenv("IFX_TEST_TIME_SCALE");
        const int n = v ? std::atoi(v) : 1;
        return n > 0 ? n : 1;
    }();
    return scale;
}

template <class Rep, class Period>
std::chrono::duration<Rep, Period> scaled(std::chrono::duration<Rep, Period> d) {
    return d * time_scale();
}

}  // namespace ifx::test
