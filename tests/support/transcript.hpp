#pragma once
// Drives a sans-I/O protocol operation (src/proto/operation.hpp) with scripted server bytes, no
// socket: what the operation writes at each step, and how it ends. Shared by the unit tests of
// the client's operations.
#include <cstddef>
#include <cstdint>
#include <span>
#include <system_error>
#include <vector>

#include "ifx/error.hpp"
#include "proto/operation.hpp"

namespace ifx::test {

struct transcript {
    using bytes = std::vector<std::uint8_t>;

    explicit transcript(proto::operation& o) : op(o) {}
    proto::operation& op;
    bytes input;             // every server byte fed so far
    std::size_t offset = 0;  // how many of them the operation consumed
    std::error_code ec;
    diagnostics diag;
    bool done = false;

    /// Appends `server` to the input, advances the operation once and returns what it wrote.
    bytes step(const bytes& server) {
        input.insert(input.end(), server.begin(), server.end());
        bytes out;
        std::size_t consumed = 0;
        done = op.advance(std::span(input).subspan(offset), consumed, out, ec, diag) == proto::step::done;
        offset += consumed;
        return out;
    }

    /// Feeds the bytes one at a time (decoding must wait for whole messages), then returns what
    /// the operation wrote in total.
    bytes trickle(const bytes& server) {
        bytes out;
        for (const std::uint8_t b : server) {
            const bytes w = step({b});
            out.insert(out.end(), w.begin(), w.end());
            if (done) break;
        }
        return out;
    }
};

}  // namespace ifx::test
