#include "net/driver.hpp"

#include <vector>

namespace ifx::net {

std::error_code run(proto::operation& op, stream& s, byte_buffer& in, proto::session_state& session,
                    clock::time_point deadline, diagnostics& diag) {
    if (session.broken || !s.is_open()) {
        diag.client_message = "the connection is closed";
        return errc::connection_closed;
    }
    std::vector<std::uint8_t> out;
    auto fail = [&](std::error_code ec, const char* what) {
        session.broken = true;
        s.close();
        if (diag.client_message.empty()) diag.client_message = what;
        return ec;
    };
    for (;;) {
        std::error_code ec;
        std::size_t consumed = 0;
        const proto::step st = op.advance(in.data(), consumed, out, ec, diag);
        in.consume(consumed);
        if (!out.empty()) {
            if (auto wec = s.write_all(out, deadline))
                return fail(wec, wec == errc::timeout ? "timed out writing to the server" : "cannot write to the server");
            out.clear();
        }
        if (ec) {
            if (session.broken) fail(ec, "");
            return ec;
        }
        if (st == proto::step::done) {
            // Every reply group has been consumed; bytes beyond it were never asked for.
            if (in.size() != 0) {
                diag.client_message = "unsolicited bytes after the reply";
                return fail(errc::protocol_violation, "");
            }
            return {};
        }
        if (auto rec = s.read_some(in, deadline)) {
            if (rec == errc::connection_closed) return fail(rec, "the server closed the connection");
            return fail(rec, rec == errc::timeout ? "timed out waiting for the server" : "cannot read from the server");
        }
    }
}

}  // namespace ifx::net
