#include "types/time_codec.hpp"

#include "types/numeric.hpp"
#include "types/packed.hpp"
#include "types/time_fields.hpp"

namespace ifx::types {
namespace {

// Reads the qualifier's digits out of a packed value; false if a non-zero digit lies outside.
bool packed_to_digits(const packed_number& n, const qualifier& q, std::uint8_t* digits) noexcept {
    const int point = time_point_digits(q);
    const int total = q.digits();
    // Every significant digit must fall within weights [point - total, point - 1].
    if (n.count > 0) {
        const int hi_weight = 2 * n.exponent - (n.pairs[0] >= 10 ? 1 : 2);
        const int lo_weight =
            2 * (n.exponent - static_cast<int>(n.count)) + (n.pairs[n.count - 1] % 10 == 0 ? 1 : 0);
        if (hi_weight > point - 1 || lo_weight < point - total) return false;
    }
    for (int k = 0; k < total; ++k) digits[k] = static_cast<std::uint8_t>(n.digit_at(point - 1 - k));
    return true;
}

bool encode_fields(const qualifier& q, bool negative, const time_fields& f,
                   std::span<std::uint8_t> out) noexcept {
    std::uint8_t digits[max_time_digits];
    if (q.digits() > max_time_digits || !fields_to_digits(q, f, digits)) return false;
    packed_number n;
    return packed_from_digits(negative, digits, q.digits(), time_point_digits(q), n) && pack(n, out);
}

template <class Make>
codec_status decode_fields(std::span<const std::uint8_t> v, const qualifier& q, bool allow_negative,
                           Make&& make) noexcept {
    if (packed_is_null(v)) return codec_status::null;
    packed_number n;
    if (auto s = unpack(v, n); s != codec_status::ok) return s;
    std::uint8_t digits[max_time_digits];
    if (q.digits() > max_time_digits || (n.negative && !allow_negative) || !packed_to_digits(n, q, digits))
        return codec_status::malformed;
    time_fields f;
    digits_to_fields(q, digits, f);
    return make(n.negative, f) ? codec_status::ok : codec_status::malformed;
}

}  // namespace

codec_status decode_date(std::span<const std::uint8_t> v, date& out) noexcept {
    std::int32_t day = 0;
    if (auto s = decode_i32(v, day); s != codec_status::ok) return s;
    std::error_code ec;
    out = date::from_day_number(day, ec);
    return ec ? codec_status::out_of_range : codec_status::ok;
}

bool encode_date(date d, std::span<std::uint8_t> out) noexcept {
    return encode_i32(d.day_number(), out);
}

int time_point_digits(const qualifier& q) noexcept {
    return q.whole_digits();
}

std::size_t time_width(const qualifier& q) noexcept {
    return decimal_width(static_cast<unsigned>(q.digits()), static_cast<unsigned>(q.fraction_digits()));
}

codec_status decode_datetime(std::span<const std::uint8_t> v, const qualifier& q, datetime& out) noexcept {
    return decode_fields(v, q, false, [&](bool, const time_fields& f) {
        std::error_code ec;
        out = datetime::from_fields(q, f, ec);
        return !ec;
    });
}

codec_status decode_interval(std::span<const std::uint8_t> v, const qualifier& q, interval& out) noexcept {
    return decode_fields(v, q, true, [&](bool negative, const time_fields& f) {
        std::error_code ec;
        out = interval::from_fields(q, negative, f, ec);
        return !ec;
    });
}

bool encode_datetime(const datetime& d, std::span<std::uint8_t> out) noexcept {
    return encode_fields(d.qual(), false, d.fields(), out);
}

bool encode_interval(const interval& i, std::span<std::uint8_t> out) noexcept {
    return encode_fields(i.qual(), i.is_negative(), i.fields(), out);
}

}  // namespace ifx::types
