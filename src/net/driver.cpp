#include "net/driver.hpp"

#include <vector>

#include "proto/login.hpp"

namespace ifx::net {

std::error_code run(proto::operation& op, stream& s, byte_buffer& in, proto::session_state& session,
                    clock::time_point deadline, diagnostics& diag) {
    constexpr const char* aborted =
        "the connection was aborted from another thread (e.g. its pool was closed)";
    if (s.interrupted()) {
        session.broken = true;
        s.close();
        diag.client_message = aborted;
        return errc::connection_closed;
    }
    if (session.broken || !s.is_open()) {
        diag.client_message = "the connection is closed";
        return errc::connection_closed;
    }
    std::vector<std::uint8_t> pending;  // produced by the operation, not yet handed to the socket
    std::vector<std::uint8_t> sending;  // being written
    struct wipe_secrets {               // the login packet carries the password: no copy outlives the login
        const proto::operation& op;
        std::vector<std::uint8_t>& a;
        std::vector<std::uint8_t>& b;
        ~wipe_secrets() {
            if (op.carries_secret()) {
                proto::wipe_secret(a);
                proto::wipe_secret(b);
            }
        }
    } wiping{op, pending, sending};
    auto fail = [&](std::error_code ec, const char* what) {
        session.broken = true;
        s.close();
        if (diag.client_message.empty()) diag.client_message = what;
        return ec;
    };
    bool done = false;
    for (;;) {
        // Feed the operation with every received byte until it wants more input or is done.
        if (!done) {
            std::error_code ec;
            std::size_t consumed = 0;
            done = op.advance(in.data(), consumed, pending, ec, diag) == proto::step::done;
            in.consume(consumed);
            if (ec) {
                if (session.broken) return fail(ec, "");
                // A server error ends the operation, but finish writing what it already produced
                // so the stream stays aligned (all its reply groups have been read).
                while (s.writing())
                    if (auto wec = s.wait(deadline)) return fail(wec, "cannot write to the server");
                return ec;
            }
        }
        if (!pending.empty() && !s.writing()) {
            sending.swap(pending);
            pending.clear();
            if (session.trace) session.trace->sent(sending);
            s.start_write(sending);
        }
        // An operation finishes only on bytes it has read, so no read can still be pending here.
        if (done && !s.writing() && pending.empty()) {
            // Every reply group has been consumed; bytes beyond it were never asked for.
            if (in.size() != 0) {
                diag.client_message = "unsolicited bytes after the reply";
                return fail(errc::protocol_violation, "");
            }
            return {};
        }
        if (!done && !s.reading()) s.start_read(in);
        if (auto ec = s.wait(deadline)) {
            if (s.interrupted()) return fail(errc::connection_closed, aborted);
            if (ec == errc::connection_closed) return fail(ec, "the server closed the connection");
            return fail(ec, ec == errc::timeout ? "timed out waiting for the server" : "network error");
        }
    }
}

}  // namespace ifx::net
