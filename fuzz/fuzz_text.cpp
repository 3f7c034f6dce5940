// Code set conversion: wire bytes → UTF-8 in both code sets, and UTF-8 → wire; whatever
// converts must convert back to the same bytes.
#include <cstdlib>
#include <string>

#include "fuzz_input.hpp"
#include "types/codeset.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ifx::fuzz::input in;
    if (!ifx::fuzz::parse_input(data, size, in)) return 0;
    const std::string_view raw(reinterpret_cast<const char*>(in.value.data()), in.value.size());
    for (ifx::codeset cs : {ifx::codeset::utf8, ifx::codeset::iso_8859_1}) {
        std::string utf8;
        if (ifx::types::wire_to_utf8(in.value, cs, utf8) != std::string::npos) continue;
        std::string wire;
        if (ifx::types::utf8_to_wire(utf8, cs, wire) != std::string::npos || wire != raw) std::abort();
    }
    return 0;
}
