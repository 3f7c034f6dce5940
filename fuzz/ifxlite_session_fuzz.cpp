// libFuzzer target: arbitrary client byte streams into ifxlite's sans-I/O session handler. The
// input is split into chunks at every 0xff 0xfe marker (exercising partial reads); the first chunk
// may be a login packet. The session must never crash, hang or allocate without bound; it may
// close the connection. Build with clang -fsanitize=fuzzer,address.
#include <cstddef>
#include <cstdint>
#include <filesystem>
#include <span>
#include <string>

#include <unistd.h>

#include "catalog.hpp"
#include "session.hpp"

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
    ifx::lite::session s(shared_catalog(), ifx::lite::session_config{});
    std::size_t start = 0;
    for (std::size_t i = 0; i + 1 < size && !s.closing(); ++i) {
        if (data[i] == 0xff && data[i + 1] == 0xfe) {
            s.on_bytes(std::span(data + start, i - start));
            start = i + 2;
            ++i;
        }
    }
    if (!s.closing() && start < size) s.on_bytes(std::span(data + start, size - start));
    s.on_eof();
    return 0;
}
