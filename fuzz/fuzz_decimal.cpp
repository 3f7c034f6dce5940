// Packed DECIMAL decoder: must never crash; a decoded value re-encodes to a value that decodes
// equal, and its text parses back to the same number.
#include <cstdlib>

#include "fuzz_input.hpp"
#include "types/decimal_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ifx::fuzz::input in;
    if (!ifx::fuzz::parse_input(data, size, in)) return 0;
    const int scale = (in.column.encoded_length & 0xff) == 0xff ? -1 : in.column.encoded_length & 0xff;
    ifx::decimal d;
    if (ifx::types::decode_decimal(in.value, scale, d) != ifx::types::codec_status::ok) return 0;
    std::error_code ec;
    if (ifx::decimal::parse(d.to_string(), ec) != d || ec) std::abort();
    std::uint8_t buf[ifx::types::max_packed_width];
    const std::size_t n = ifx::types::packed_size(d);
    if (n == 0 || n > sizeof buf || !ifx::types::encode_decimal(d, std::span(buf, n))) std::abort();
    ifx::decimal back;
    if (ifx::types::decode_decimal(std::span(buf, n), scale, back) != ifx::types::codec_status::ok ||
        back != d)
        std::abort();
    (void)d.to_double();
    return 0;
}
