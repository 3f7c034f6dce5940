#pragma once
// The fault table shared by the fault-injection tests (faults_test.cpp: sync connection,
// faults_async_test.cpp: async connection, faults_pool_test.cpp: the pool): every fault of the
// proxy, the deadlines, the naming of the cases, and what every case sets up and checks around
// its operation (a proxy, a table, the server's truth and the release of every session).
#include <gtest/gtest.h>
#include <sys/types.h>
#include <unistd.h>

#include <chrono>
#include <cstddef>
#include <cstdlib>
#include <optional>
#include <string>
#include <string_view>
#include <thread>
#include <tuple>

#include "server_fixture.hpp"
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

/// Records the server's open sockets when constructed; `expect_released` then expects the server
/// to get back to that count (every session opened since has been released).
class session_baseline {
public:
    session_baseline() : server_(server_fixture::instance().lite().pid()), before_(open_sockets(server_)) {}
    /// `context` (e.g. the fault's name) prefixes the failure message.
    void expect_released(std::string_view context = {}) const {
        EXPECT_LE(settle_sockets(server_, before_), before_)
            << context << (context.empty() ? "" : ": ") << "a server session leaked";
    }

private:
    pid_t server_;
    int before_;
};

/// The rows of `table` matching `where` (every row when it is empty).
inline long long count_where(ifx::connection& c, const std::string& table, const std::string& where = {}) {
    return c.query_value<long long>("SELECT COUNT(*) FROM " + table +
                                    (where.empty() ? "" : " WHERE " + where));
}

/// The rows the transaction cases insert before their COMMIT or ROLLBACK meets the fault.
inline constexpr int commit_row = 300;
inline constexpr int rollback_row = 301;

/// What every case of an operation table shares: the server's socket count before the case, a
/// proxy to ifxlite and a table named after the case (`prefix` tells the tables of the three test
/// files apart), and the checks after it: the server's truth and the release of every session.
class case_scope {
public:
    case_scope(std::string_view prefix, std::string_view operation, const fault_case& f)
        : proxy_(std::in_place, server_fixture::instance().lite().port()),
          table_(std::string(prefix) + std::string(operation) + "_" + f.name + "_" +
                 std::to_string(::getpid())) {}

    fault_proxy& proxy() { return *proxy_; }
    const std::string& table() const { return table_; }
    /// The test database's parameters, through the proxy.
    ifx::connect_params params() const {
        auto p = server_fixture::instance().params();
        p.port = proxy_->port();
        return p;
    }

    /// Through a fresh direct connection: `check(direct)`, then a COMMIT that reported success
    /// has committed `commit_row` and a ROLLBACK left `rollback_row` uncommitted; drops the table.
    template <class Check>
    void check_server_and_drop_table(bool commit_reported, bool rolled_back, Check check) {
        ifx::connection direct(server_fixture::instance().params());
        check(direct);
        if (commit_reported) {
            EXPECT_EQ(count_where(direct, table_, "id = " + std::to_string(commit_row)), 1)
                << "a reported commit was lost";
        }
        if (rolled_back) {
            EXPECT_EQ(count_where(direct, table_, "id = " + std::to_string(rollback_row)), 0)
                << "a rolled-back row was committed";
        }
        direct.execute("DROP TABLE " + table_);
        direct.close();
    }
    void check_server_and_drop_table(bool commit_reported, bool rolled_back) {
        check_server_and_drop_table(commit_reported, rolled_back, [](ifx::connection&) {});
    }

    /// Closes the proxy and expects the server to release every session of the case.
    void expect_sessions_released() {
        proxy_.reset();
        sessions_.expect_released();
    }

private:
    session_baseline sessions_;  // first: counted before the proxy exists
    std::optional<fault_proxy> proxy_;
    std::string table_;
};

/// A case of a table-driven fault test: (index into the file's `operations`, index into `all`).
using case_index = std::tuple<std::size_t, std::size_t>;

/// Every operation of a table of `n_operations` under every fault.
inline auto every_case(std::size_t n_operations) {
    return ::testing::Combine(::testing::Range<std::size_t>(0, n_operations),
                              ::testing::Range<std::size_t>(0, count));
}

/// Names a case "<operation>_<fault>".
template <const auto& operations>
std::string case_name(const ::testing::TestParamInfo<case_index>& info) {
    return std::string(operations[std::get<0>(info.param)].name) + "_" + all[std::get<1>(info.param)].name;
}

}  // namespace ifx::test::faults
