#pragma once
// A server that plays a recorded server side to clients: for each turn it reads what the client
// sends until a script accepts it (or finds a mismatch), then writes the turn's recorded reply.
// Used by the select benchmark (byte-exact turns) and by ifxcap's client conformance (message
// groups compared field by field).
#include <atomic>
#include <chrono>
#include <condition_variable>
#include <cstddef>
#include <cstdint>
#include <functional>
#include <memory>
#include <mutex>
#include <span>
#include <string>
#include <thread>
#include <vector>

#include "net.hpp"

namespace ifx::replay {

/// A script's verdict on the bytes a client has sent so far in a turn.
struct match {
    enum class outcome : std::uint8_t { matched, need_more, mismatch };
    outcome result = outcome::need_more;
    std::size_t size =
        0;  ///< matched: the bytes of the turn's request; need_more: bytes still missing (0: unknown)
    std::string problem;  ///< mismatch: what differs
};

/// What one session expects and answers. One script per session; called from that session's thread.
class script {
public:
    virtual ~script() = default;
    virtual std::size_t turns() const = 0;
    /// Looks at what the client sent in this turn so far (from the turn's first byte).
    virtual match check(std::size_t turn, std::span<const std::uint8_t> received) = 0;
    /// The recorded reply of the turn (called once, after check matched).
    virtual std::span<const std::uint8_t> reply(std::size_t turn) = 0;
};

/// One exchange: what the client sent, then what the server sent back before the client sent
/// anything else.
struct turn {
    std::vector<std::uint8_t> request;
    std::vector<std::uint8_t> reply;
};

/// A script of byte-exact turns (the requests must be the recorded bytes).
class exact_script final : public script {
public:
    explicit exact_script(const std::vector<turn>& turns) : turns_(turns) {}
    std::size_t turns() const override { return turns_.size(); }
    match check(std::size_t turn, std::span<const std::uint8_t> received) override;
    std::span<const std::uint8_t> reply(std::size_t turn) override { return turns_[turn].reply; }

private:
    const std::vector<turn>& turns_;
};

/// Sessions served to the end, and every mismatch (a mismatch ends its session).
struct report {
    std::size_t sessions_completed = 0;
    std::vector<std::string> problems;
};

/// Serves every connection made to its listener on a thread of its own, with the script the
/// factory makes for it (the factory gets the 0-based number of the connection; nullptr refuses
/// it). After the last turn the client must close without sending more.
class server {
public:
    using script_factory = std::function<std::unique_ptr<script>(std::size_t session)>;
    /// Listens on 127.0.0.1 (kernel-chosen port), or on `where`.
    explicit server(script_factory factory,
                    std::chrono::milliseconds request_timeout = std::chrono::seconds(10));
    server(script_factory factory, const endpoint& where,
           std::chrono::milliseconds request_timeout = std::chrono::seconds(10));
    ~server();
    server(const server&) = delete;
    server& operator=(const server&) = delete;

    std::uint16_t port() const noexcept { return listener_.port(); }
    const std::string& address() const noexcept { return listener_.address(); }
    /// Called on each session's thread before it serves (the benchmark pins the thread here).
    void on_session_start(std::function<void()> hook);
    report current() const;
    /// Waits until `sessions` sessions have ended (completed or not) or `timeout` passed.
    report wait_for(std::size_t sessions, std::chrono::milliseconds timeout) const;

private:
    void start();
    void serve(int fd, std::size_t session);
    script_factory factory_;
    std::chrono::milliseconds timeout_;
    listener listener_;
    mutable std::mutex mutex_;
    mutable std::condition_variable ended_;
    report report_;
    std::function<void()> hook_;
    std::vector<std::thread> sessions_;
    std::thread acceptor_;
};

}  // namespace ifx::replay
