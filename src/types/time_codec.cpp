#include "types/time_codec.hpp"

#include "types/numeric.hpp"
#include "types/packed.hpp"
#include "types/time_fields.hpp"

namespace ifx::types {
namespace {

constexpr std::uint64_t pow10_64[] = {1,
                                      10,
                                      100,
                                      1000,
                                      10000,
                                      100000,
                                      1000000,
                                      10000000,
                                      100000000,
                                      1000000000,
                                      10000000000,
                                      100000000000,
                                      1000000000000,
                                      10000000000000,
                                      100000000000000,
                                      1000000000000000,
                                      10000000000000000};

// Most whole digits any qualifier has: INTERVAL DAY(9) TO SECOND = 15.
constexpr int max_whole_digits = 16;

unsigned code(time_unit t) noexcept {
    return static_cast<unsigned>(t);
}

// A value's fields as two numbers: the whole fields' digits as one integer (YEAR TO SECOND
// 2026-07-19 12:34:56 = 20260719123456) and the fraction in units of 10 µs (FRACTION(5)).
// The packed number is whole.fraction exactly: the point sits after the whole fields
// (time_point_digits), so the base-100 pairs are read as a number, with no digit string.
struct time_number {
    bool negative = false;
    std::uint64_t whole = 0;
    std::int32_t fraction = 0;
};

// Reads a non-NULL packed value. The same acceptance rules as unpack(); malformed also when a
// non-zero digit lies outside the qualifier (whole part of more than `point` digits, fraction
// digits beyond FRACTION(fraction_digits)). -0 is 0 (negative comes back false).
codec_status read_time_number(std::span<const std::uint8_t> v, int point, int fraction_digits,
                              time_number& out) noexcept {
    if (v.empty() || point > max_whole_digits) return codec_status::malformed;
    const std::uint8_t head = v[0];
    out.negative = (head & 0x80) == 0;
    const int exponent = (out.negative ? (head & 0x7f) ^ 0x7f : head & 0x7f) - 64;
    std::size_t last = v.size() - 1;  // digit bytes up to the last non-zero one
    while (last > 0 && v[last] == 0) --last;
    if (last > max_packed_pairs) return codec_status::malformed;
    const std::uint64_t limit = pow10_64[point];
    std::uint64_t whole = 0;
    std::uint32_t fraction6 = 0;  // the first six fraction digits (three pairs)
    bool any = false;
    for (std::size_t i = 0; i < last; ++i) {
        std::uint32_t d = v[i + 1];
        if (out.negative) d = (i + 1 == last ? 100u : 99u) - d;  // base-100 complement (pitfall 25)
        if (d > 99) return codec_status::malformed;              // also catches the unsigned wrap of 99 - d
        any |= d != 0;
        const int weight = exponent - 1 - static_cast<int>(i);  // the pair is d × 100^weight
        if (weight >= 0) {
            whole = whole * 100 + d;
            if (whole >= limit) return codec_status::malformed;
        } else if (weight >= -3) {
            static constexpr std::uint32_t scale[] = {10000, 100, 1};
            fraction6 += d * scale[-weight - 1];
        } else if (d != 0) {
            return codec_status::malformed;
        }
    }
    // Pairs of weight below the last stored one up to the point are zero.
    for (int weight = exponent - 1 - static_cast<int>(last); weight >= 0 && whole != 0; --weight) {
        whole *= 100;
        if (whole >= limit) return codec_status::malformed;
    }
    const auto kept = static_cast<std::uint32_t>(pow10_64[6 - fraction_digits]);
    if (fraction6 % kept != 0) return codec_status::malformed;
    out.whole = whole;
    out.fraction = static_cast<std::int32_t>(fraction6 / 10);
    if (!any) out.negative = false;
    return codec_status::ok;
}

// The qualifier's whole fields from `whole`, the last field in its two lowest digits; fields
// outside the qualifier keep the values f already has.
void split_whole(const qualifier& q, std::uint64_t whole, time_fields& f) noexcept {
    const unsigned start = code(q.start());
    if (start > code(time_unit::second)) return;
    const unsigned end = code(q.end()) < code(time_unit::second) ? code(q.end()) : code(time_unit::second);
    for (unsigned unit = end; unit > start; unit -= 2) {
        f.*whole_field_members[unit / 2] = static_cast<std::int64_t>(whole % 100);
        whole /= 100;
    }
    f.*whole_field_members[start / 2] = static_cast<std::int64_t>(whole);
}

template <class Make>
codec_status decode_fields(std::span<const std::uint8_t> v, const qualifier& q, bool allow_negative,
                           Make&& make) noexcept {
    if (packed_is_null(v)) return codec_status::null;
    const int fraction_digits = q.fraction_digits();
    time_number n;
    if (auto s = read_time_number(v, time_point_digits(q), fraction_digits, n); s != codec_status::ok)
        return s;
    if (n.negative && !allow_negative) return codec_status::malformed;
    time_fields f = q.is_interval() ? time_fields{0, 0, 0, 0, 0, 0, 0} : time_fields{};
    split_whole(q, n.whole, f);
    f.fraction = n.fraction;
    return make(n.negative, f) ? codec_status::ok : codec_status::malformed;
}

// Packs negative / whole / fraction (10 µs units) as a base-100 number, normalised like
// packed_from_digits: no leading or trailing zero pairs; zero is 0x80.
bool pack_time_number(const time_number& t, std::span<std::uint8_t> out) noexcept {
    std::uint8_t whole_pairs[max_whole_digits / 2 + 1];  // least significant first
    int whole_count = 0;
    for (std::uint64_t w = t.whole; w != 0; w /= 100)
        whole_pairs[whole_count++] = static_cast<std::uint8_t>(w % 100);
    const auto f6 = static_cast<std::uint32_t>(t.fraction) * 10;
    const std::uint8_t fraction_pairs[] = {static_cast<std::uint8_t>(f6 / 10000),
                                           static_cast<std::uint8_t>(f6 / 100 % 100),
                                           static_cast<std::uint8_t>(f6 % 100)};
    packed_number n;
    n.negative = t.negative;
    n.exponent = whole_count;
    std::size_t count = 0;
    for (int i = whole_count - 1; i >= 0; --i) n.pairs[count++] = whole_pairs[i];
    for (std::uint8_t p : fraction_pairs) {
        if (count == 0 && p == 0) {
            --n.exponent;  // a leading zero pair below the point
            continue;
        }
        n.pairs[count++] = p;
    }
    while (count > 0 && n.pairs[count - 1] == 0) --count;
    n.count = count;
    if (count == 0) n = packed_number{};
    return pack(n, out);
}

bool encode_fields(const qualifier& q, bool negative, const time_fields& f,
                   std::span<std::uint8_t> out) noexcept {
    time_number t;
    t.negative = negative;
    const unsigned start = code(q.start());
    if (start <= code(time_unit::second)) {
        const unsigned end =
            code(q.end()) < code(time_unit::second) ? code(q.end()) : code(time_unit::second);
        for (unsigned unit = start; unit <= end; unit += 2) {
            const int width = unit == start ? q.leading_precision() : 2;
            const std::int64_t v = f.*whole_field_members[unit / 2];
            if (v < 0 || static_cast<std::uint64_t>(v) >= pow10_64[width]) return false;
            t.whole = t.whole * pow10_64[width] + static_cast<std::uint64_t>(v);
        }
    }
    // The qualifier's fraction digits; digits below them are dropped.
    const int fraction_digits = q.fraction_digits();
    const auto dropped = static_cast<std::int32_t>(pow10_64[5 - fraction_digits]);
    t.fraction = f.fraction / dropped % static_cast<std::int32_t>(pow10_64[fraction_digits]) * dropped;
    return pack_time_number(t, out);
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

// decode_fields and encode_fields read and write the whole fields as the integer part of the
// packed number: a different point needs them changed too (see the header).
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
