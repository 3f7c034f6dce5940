#pragma once
// A TCP proxy between a client and a server that injects faults into the server-to-client
// stream: drop the connection, reset it, delay or stall the bytes, truncate, or corrupt a byte.
// Faults are armed at run time and count bytes from the moment they are armed, so a test can
// set up a session cleanly and then break exactly the operation under test.
#include <chrono>
#include <cstdint>
#include <memory>

namespace ifx::test {

enum class fault {
    none,
    drop,      ///< after `after_bytes`, close both sides (FIN)
    reset,     ///< after `after_bytes`, reset the client side (RST)
    delay,     ///< hold every server chunk for `delay` before forwarding it
    stall,     ///< after `after_bytes`, forward nothing more (the connection stays open)
    truncate,  ///< forward `after_bytes` more bytes, then close
    corrupt,   ///< flip the bits of the byte at `after_bytes`
};

class fault_proxy {
public:
    /// Listens on 127.0.0.1 (a free port) and forwards to 127.0.0.1:backend_port.
    explicit fault_proxy(std::uint16_t backend_port);
    ~fault_proxy();
    std::uint16_t port() const;
    /// Applies to the server-to-client bytes of every current and future connection.
    void arm(fault f, std::size_t after_bytes = 0, std::chrono::milliseconds delay = {});
    void disarm() { arm(fault::none); }

private:
    struct impl;
    std::unique_ptr<impl> impl_;
};

}  // namespace ifx::test
