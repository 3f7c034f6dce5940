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
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <mutex>
#include <string>
#include <thread>
#include <vector>

namespace ifx::bench {

/// One exchange: what the client sent, then what the server sent back before the client sent
/// anything else.
struct turn {
    std::vector<std::uint8_t> request;
    std::vector<std::uint8_t> reply;
};

struct recording {
    std::vector<turn> turns;
    std::size_t request_bytes() const noexcept;
    std::size_t reply_bytes() const noexcept;
};

/// A listening TCP socket on 127.0.0.1 with a kernel-chosen port.
class loopback_listener {
public:
    loopback_listener();
    ~loopback_listener();
    loopback_listener(const loopback_listener&) = delete;
    loopback_listener& operator=(const loopback_listener&) = delete;
    std::uint16_t port() const noexcept { return port_; }
    /// Blocks for the next connection; -1 once shut down.
    int accept();
    /// Makes accept() return -1 (from another thread).
    void shut_down() noexcept;

private:
    int fd_ = -1;
    std::uint16_t port_ = 0;
};

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
struct replay_report {
    std::size_t sessions_completed = 0;
    std::vector<std::string> problems;
};

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
/// to close without sending more.
class replay_server {
public:
    explicit replay_server(const recording& rec,
                           std::chrono::milliseconds request_timeout = std::chrono::seconds(10));
    ~replay_server();
    std::uint16_t port() const noexcept { return listener_.port(); }
    /// Where the sessions accepted from now on run (pin_thread); unpinned until set.
    void set_placement(placement p) noexcept { placement_ = static_cast<int>(p); }
    replay_report report() const;
    /// Waits until `sessions` sessions have ended (completed or not) or `timeout` passed.
    replay_report wait_for(std::size_t sessions, std::chrono::milliseconds timeout) const;

private:
    void serve(int fd);
    const recording& rec_;
    std::chrono::milliseconds timeout_;
    loopback_listener listener_;
    mutable std::mutex mutex_;
    mutable std::condition_variable ended_;
    replay_report report_;
    std::atomic<int> placement_{-1};  // a placement, or -1: unpinned
    std::vector<std::thread> sessions_;
    std::thread acceptor_;
};

/// Plays the client side of `rec` against a replay server: sends each recorded request and reads
/// the reply's bytes without looking at them. Returns the reply bytes received; throws
/// std::runtime_error if the server closed early.
std::size_t replay_raw_client(const recording& rec, std::uint16_t port);

}  // namespace ifx::bench
