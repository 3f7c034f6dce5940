// libFuzzer target: arbitrary client byte streams into ifxlite's sans-I/O session handler. The
// first byte picks the start: bit 0 logs in first with a valid connection request (database
// fuzzdb), bit 1 then offers JDBC 15's SQ_PROTOCOLS, so the fuzzed bytes reach the request
// handlers instead of dying in the login parser; with bit 0 clear the bytes are the login. The rest
// is split into chunks at every 0xff 0xfe marker (exercising partial reads). The session must never
// crash, hang or allocate without bound; it may close the connection. And once the input ends
// (the client stops sending), the session must not be left waiting on it: whatever is pending is
// answered (SQ_ERR -929 + SQ_EOT after login) or the connection closed. Build with clang
// -fsanitize=fuzzer,address.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include <unistd.h>

#include "catalog/catalog.hpp"
#include "login_packet.hpp"
#include "protocol/session.hpp"

namespace {

ifx::lite::catalog& shared_catalog() {
    static ifx::lite::catalog* databases = [] {
        const auto dir =
            std::filesystem::temp_directory_path() / ("ifxlite-fuzz-" + std::to_string(::getpid()));
        auto* c = new ifx::lite::catalog(dir);
        std::string error;
        if (!c->initialise(error)) __builtin_trap();
        c->create("fuzzdb", ifx::lite::log_mode::logged);
        return c;
    }();
    return *databases;
}

}  // namespace

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    if (size < 1) return 0;
    ifx::lite::session s(shared_catalog(), ifx::lite::session_config{});
    const std::uint8_t flags = data[0];
    ++data;
    --size;
    if (flags & 1) {
        static const auto login = ifxlite_test::login_packet(
            ifxlite_test::with([](ifxlite_test::login_params& p) { p.database = "fuzzdb"; }));
        s.on_bytes(login);
        if (flags & 2) {  // vector LOGIN-010: JDBC 15.0.1.3's offer + EOT
            static constexpr std::uint8_t offer[] = {0x00, 0x7e, 0x00, 0x09, 0xff, 0xfc, 0x7f, 0xfc,
                                                     0x3c, 0x8c, 0xaa, 0x97, 0x06, 0x00, 0x00, 0x0c};
            s.on_bytes(offer);
        }
    }
    std::size_t start = 0;
    for (std::size_t i = 0; i + 1 < size && !s.closing(); ++i) {
        if (data[i] == 0xff && data[i + 1] == 0xfe) {
            s.on_bytes(std::span(data + start, i - start));
            start = i + 2;
            ++i;
        }
    }
    if (!s.closing() && start < size) s.on_bytes(std::span(data + start, size - start));
    if (s.awaiting_input()) {
        const auto reply = s.on_input_stalled();
        const bool logged_in = (flags & 1) != 0;
        if (!s.closing() || s.awaiting_input()) __builtin_trap();
        if (logged_in && (reply.size() < 4 || reply[reply.size() - 2] != 0 || reply.back() != 0x0c))
            __builtin_trap();  // a reply group (SQ_ERR … SQ_EOT), not silence
    }
    s.on_eof();
    return 0;
}
