#pragma once
// The fault table shared by the fault-injection tests (faults_test.cpp: sync connection,
// faults_async_test.cpp: async connection, faults_pool_test.cpp: the pool): every fault of the
// proxy, the deadlines, and a check that the server released every session of a case.
#include <sys/types.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <string>
#include <string_view>
#include <thread>

#include "support/fault_proxy.hpp"
#include "support/proc_stats.hpp"
#include "support/time_scale.hpp"

namespace ifx::test::faults {

using namespace std::chrono_literals;
using ifx::test::open_sockets;

struct fault_case {
    const char* name;
    fault kind;
    std::size_t after_bytes;
};

inline constexpr fault_case all[] = {
    {"drop_at_once", fault::drop, 0},     {"drop_mid_reply", fault::drop, 5},
    {"reset", fault::reset, 3},           {"stall", fault::stall, 0},
    {"stall_mid_reply", fault::stall, 9}, {"truncate", fault::truncate, 7},
    {"corrupt_tag", fault::corrupt, 0},   {"corrupt_body", fault::corrupt, 3},
    {"delay", fault::delay, 0},
};
inline constexpr std::size_t count = std::size(all);

/// Every duration below is multiplied by $IFX_TEST_TIME_SCALE (support/time_scale.hpp).
using ifx::test::scaled;

/// The read deadline of the operation under the fault.
inline const std::chrono::milliseconds read_timeout = scaled(800ms);
/// A shorter deadline for the async and pooled tables (the stall and delay cases wait for it).
inline const std::chrono::milliseconds quick_timeout = scaled(300ms);
/// A hang is what the tests guard against, not speed.
inline const std::chrono::milliseconds generous = scaled(8s);

/// Faults that always break the exchange (the operation must fail); a corrupted byte may land
/// where the protocol cannot notice it (inside a value).
inline bool breaks_exchange(fault f) {
    return f == fault::stall || f == fault::delay || f == fault::drop || f == fault::reset ||
           f == fault::truncate;
}

/// Arms `f` on `proxy`: a delay is twice the given deadline, so the operation must time out.
inline void arm(fault_proxy& proxy, const fault_case& f, std::chrono::milliseconds deadline = read_timeout) {
    proxy.arm(f.kind, f.after_bytes, f.kind == fault::delay ? deadline * 2 : 0ms);
}

/// Waits (up to `generous`) until the server holds at most `baseline` sockets again: every
/// session the case opened has been released on the server side. Returns the final count.
inline int settle_sockets(pid_t pid, int baseline) {
    const auto until = std::chrono::steady_clock::now() + generous;
    int n = open_sockets(pid);
    while (n > baseline && std::chrono::steady_clock::now() < until) {
        std::this_thread::sleep_for(10ms);
        n = open_sockets(pid);
    }
    return n;
}

}  // namespace ifx::test::faults
