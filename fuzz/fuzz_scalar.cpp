// Fixed-width scalar decoders: SMALLINT, INTEGER, BIGINT, INT8, floats, DATE, BOOLEAN.
#include <array>
#include <cstdlib>

#include "fuzz_input.hpp"
#include "types/int8.hpp"
#include "types/numeric.hpp"
#include "types/time_codec.hpp"

extern "C" int LLVMFuzzerTestOneInput(const std::uint8_t* data, std::size_t size) {
    ifx::fuzz::input in;
    if (!ifx::fuzz::parse_input(data, size, in)) return 0;
    const auto v = in.value;
    std::int16_t i16 = 0;
    std::int32_t i32 = 0;
    std::int64_t i64 = 0;
    float f = 0;
    double d = 0;
    bool b = false;
    ifx::date day;
    (void)ifx::types::decode_i16(v, i16);
    (void)ifx::types::decode_i32(v, i32);
    (void)ifx::types::decode_f32(v, f);
    (void)ifx::types::decode_f64(v, d);
    (void)ifx::types::decode_boolean(v, b);
    if (ifx::types::decode_date(v, day) == ifx::types::codec_status::ok &&
        ifx::date::parse(day.to_string()) != day)
        std::abort();
    if (ifx::types::decode_i64(v, i64) == ifx::types::codec_status::ok) {
        std::uint8_t out[8];
        if (!ifx::types::encode_i64(i64, out)) std::abort();
    }
    if (v.size() == ifx::types::int8_width &&
        ifx::types::decode_int8(v, i64) == ifx::types::int8_status::value) {
        std::array<std::uint8_t, 10> out{};
        ifx::types::encode_int8(i64, out);
        std::int64_t back = 0;
        if (ifx::types::decode_int8(out, back) != ifx::types::int8_status::value || back != i64) std::abort();
    }
    return 0;
}
