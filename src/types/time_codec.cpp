#include "types/time_codec.hpp"

#include <cstring>

#include "types/numeric.hpp"
#include "types/packed.hpp"
#include "types/time_fields.hpp"

namespace ifx::types {
namespace {

// Expands a non-NULL packed value straight into the qualifier's digit positions (most significant
// first, q.digits() of them). The same acceptance rules as unpack(); malformed also when a
// significant digit falls outside the qualifier. -0 is 0 (negative comes back false).
codec_status packed_to_digits(std::span<const std::uint8_t> v, const qualifier& q, bool& negative,
                              std::uint8_t* digits) noexcept {
    if (v.empty()) return codec_status::malformed;
    const int total = q.digits();
    if (total > max_time_digits) return codec_status::malformed;
    const std::uint8_t head = v[0];
    negative = (head & 0x80) == 0;
    const int exponent = (negative ? (head & 0x7f) ^ 0x7f : head & 0x7f) - 64;
    std::size_t last = v.size() - 1;  // digit bytes up to the last non-zero one
    while (last > 0 && v[last] == 0) --last;
    if (last > max_packed_pairs) return codec_status::malformed;
    std::memset(digits, 0, static_cast<std::size_t>(total));
    // Digit byte i holds the digits of weights 2(exponent-1-i)+1 and 2(exponent-1-i); qualifier
    // digit k has weight point-1-k, so byte i's high digit lands at k = 2i - offset.
    const int offset = 2 * exponent - time_point_digits(q);
    const auto outside = [total](int k) { return static_cast<unsigned>(k) >= static_cast<unsigned>(total); };
    bool any = false;
    for (std::size_t i = 0; i < last; ++i) {
        int d = v[i + 1];
        if (negative) d = (i + 1 == last ? 100 : 99) - d;  // base-100 complement (pitfall 25)
        if (d < 0 || d > 99) return codec_status::malformed;
        if (d == 0) continue;
        any = true;
        const int k = 2 * static_cast<int>(i) - offset;
        const int high = d / 10, low = d % 10;
        if (high != 0) {
            if (outside(k)) return codec_status::malformed;
            digits[k] = static_cast<std::uint8_t>(high);
        }
        if (low != 0) {
            if (outside(k + 1)) return codec_status::malformed;
            digits[k + 1] = static_cast<std::uint8_t>(low);
        }
    }
    if (!any) negative = false;
    return codec_status::ok;
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
    std::uint8_t digits[max_time_digits];
    bool negative = false;
    if (auto s = packed_to_digits(v, q, negative, digits); s != codec_status::ok) return s;
    if (negative && !allow_negative) return codec_status::malformed;
    time_fields f;
    digits_to_fields(q, digits, f);
    return make(negative, f) ? codec_status::ok : codec_status::malformed;
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
