#pragma once
// Record and replay of one client session, so the driver can be measured against the wire alone
// rather than against a server: a recording proxy forwards a session to ifxlite and keeps every
// exchange (request bytes, then the reply bytes that came back before the client spoke again);
// a replay server serves that recording from memory over loopback, answering each request with
// the next recorded reply; a raw client plays the client side of the recording and does nothing
// else, which is the physical limit for the same bytes and the same round trips.
//
// Benchmark support only (bench/), not part of the library.
#include <atomic>
#include <chrono>
#include <cstddef>
#include <cstdint>
#include <string>
#include <thread>
#include <vector>

#include "replay_server.hpp"  // the replay server shared with ifxcap (tools/ifxcap)

namespace ifx::bench {

/// One exchange: what the client sent, then what the server sent back before the client sent
/// anything else.
using turn = ifx::replay::turn;

struct recording {
    std::vector<turn> turns;
    std::size_t request_bytes() const noexcept;
    std::size_t reply_bytes() const noexcept;
};

/// A listening TCP socket on 127.0.0.1 with a kernel-chosen port.
using loopback_listener = ifx::replay::listener;

/// Forwards the first connection made to port() to 127.0.0.1:upstream_port and records it.
class recording_proxy {
public:
    explicit recording_proxy(std::uint16_t upstream_port);
    ~recording_proxy();
    std::uint16_t port() const noexcept { return listener_.port(); }
    /// Waits until both sides of the proxied connection have closed; returns what was recorded.
    /// Throws std::runtime_error if the proxy failed (upstream unreachable, socket error).
    recording finish();

private:
    void run(std::uint16_t upstream_port);
    loopback_listener listener_;
    recording rec_;
    std::string error_;
    std::thread thread_;
};

/// What a replay server saw: sessions served to the end, and every mismatch between what a
/// client sent and the recording (a mismatch ends that session).
using replay_report = ifx::replay::report;

/// Where the two sides of a replay run. The scheduler, left alone, moves the reader between the
/// sender's core and the other one from run to run, and on the 2-CPU machines here the two
/// placements differ by 3× for the byte-only client (the same core: the sender writes a whole reply
/// before the reader wakes, which then takes it in one read; two cores: the reader wakes for every
/// segment, each wake-up a cross-CPU interrupt). Each placement is measured on its own.
enum class placement {
    same_cpu,      ///< client and sender on the first allowed CPU
    separate_cpus  ///< client on the first allowed CPU, sender on the last
};
/// Pins the calling thread for `p`: the client side, or (server_side) the sender side. False,
/// changing nothing, with fewer than two allowed CPUs.
bool pin_thread(placement p, bool server_side);

/// Serves `rec` to every connection made to port(), one thread per connection. For each turn it
/// reads exactly the recorded number of request bytes (within `request_timeout`), checks they are
/// the recorded bytes, then writes the recorded reply; after the last turn it expects the client
/// to close without sending more. (ifx::replay::server with byte-exact turns, pinned by placement.)
class replay_server {
public:
    explicit replay_server(const recording& rec,
                           std::chrono::milliseconds request_timeout = std::chrono::seconds(10));
    std::uint16_t port() const noexcept { return server_.port(); }
    /// Where the sessions accepted from now on run (pin_thread); unpinned until set.
    void set_placement(placement p) noexcept { placement_ = static_cast<int>(p); }
    replay_report report() const { return server_.current(); }
    /// Waits until `sessions` sessions have ended (completed or not) or `timeout` passed.
    replay_report wait_for(std::size_t sessions, std::chrono::milliseconds timeout) const {
        return server_.wait_for(sessions, timeout);
    }

private:
    std::atomic<int> placement_{-1};  // a placement, or -1: unpinned
    ifx::replay::server server_;
};

/// Plays the client side of `rec` against a replay server: sends each recorded request and reads
/// the reply's bytes without looking at them. Returns the reply bytes received; throws
/// std::runtime_error if the server closed early.
std::size_t replay_raw_client(const recording& rec, std::uint16_t port);

}  // namespace ifx::bench
