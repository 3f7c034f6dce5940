// DATETIME / INTERVAL decoders (qualifier from the encoded length): never crash; decoded values
// re-encode to the same value and their text parses back.
#include <cstdlib>

#include "fuzz_input.hpp"
#include "types/packed.hpp"
#include "types/time_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ifx::fuzz::input in;
    if (!ifx::fuzz::parse_input(data, size, in)) return 0;
    const bool is_interval =
        data[0] == 14 || (data[0] != 10 && (data[0] & 1) != 0);  // 14 INTERVAL, 10 DATETIME
    ifx::qualifier q;
    if (ifx::qualifier::from_word(static_cast<std::uint16_t>(in.column.encoded_length), is_interval, q))
        return 0;
    std::uint8_t buf[ifx::types::max_packed_width];
    const std::size_t width = ifx::types::time_width(q);
    if (width > sizeof buf) std::abort();
    if (is_interval) {
        ifx::interval v;
        if (ifx::types::decode_interval(in.value, q, v) != ifx::types::codec_status::ok) return 0;
        ifx::interval back;
        if (!ifx::types::encode_interval(v, std::span(buf, width)) ||
            ifx::types::decode_interval(std::span(buf, width), q, back) != ifx::types::codec_status::ok ||
            back != v)
            std::abort();
        if (ifx::interval::parse(v.to_string(), q) != v || ifx::interval::parse(v.to_iso8601(), q) != v)
            std::abort();
    } else {
        ifx::datetime v;
        if (ifx::types::decode_datetime(in.value, q, v) != ifx::types::codec_status::ok) return 0;
        ifx::datetime back;
        if (!ifx::types::encode_datetime(v, std::span(buf, width)) ||
            ifx::types::decode_datetime(std::span(buf, width), q, back) != ifx::types::codec_status::ok ||
            back != v)
            std::abort();
        if (ifx::datetime::parse(v.to_string(), q) != v) std::abort();
    }
    return 0;
}
