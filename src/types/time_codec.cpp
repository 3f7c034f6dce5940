#include "types/time_codec.hpp"

#include <array>
#include <bit>
#include <cstring>

#include "types/calendar.hpp"
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

constexpr unsigned code(time_unit t) noexcept {
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

// The only code outside ifx::datetime that builds one without from_fields' checks: the fast
// decoder below has made exactly those checks already.
struct datetime_access {
    static void assign(datetime& d, const qualifier& q, const time_fields& f) noexcept {
        d.q_ = q;
        d.f_ = f;
    }
};

namespace {

// The range of each pair of a DATETIME YEAR TO x on the fast path (decode_year_to), in the
// value's order: the year's two pairs 0..99 (the year itself is checked apart), month 1..12, day
// 1..31 (the month's own length is checked apart), hour 0..23, minute and second 0..59, then the
// fraction's pairs 0..99.
template <std::size_t N>
struct pair_limits {
    std::array<std::uint8_t, N> low{}, high{};
};

template <std::size_t N>
constexpr pair_limits<N> year_to_limits() noexcept {
    constexpr std::uint8_t low[7] = {0, 0, 1, 1, 0, 0, 0}, high[7] = {99, 99, 12, 31, 23, 59, 59};
    pair_limits<N> l;
    for (std::size_t i = 0; i < N; ++i) {
        l.low[i] = i < 7 ? low[i] : 0;
        l.high[i] = i < 7 ? high[i] : 99;
    }
    return l;
}

// The lanes of a Word from limits[at …] (little-endian lane order), each byte f(limit).
template <class Word, std::size_t N, class F>
constexpr Word lanes(const std::array<std::uint8_t, N>& limits, std::size_t at, F f) noexcept {
    Word w = 0;
    for (std::size_t k = 0; k < sizeof(Word); ++k)
        w |= static_cast<Word>(static_cast<Word>(f(limits[at + k])) << (8 * k));
    return w;
}

// True when each of the N pair bytes at p lies within its limits, a word at a time (the words
// may overlap). Every limit is below 128, so for a byte x < 128, x + (127 - high) gets the high
// bit exactly when x > high, and (x | 0x80) - low loses it exactly when x < low, with no carry or
// borrow between lanes; a byte of 128 or more has the high bit itself (a carry it causes into
// the next lane cannot hide that).
template <std::size_t N>
bool all_in_range(const std::uint8_t* p) noexcept {
    static constexpr pair_limits<N> l = year_to_limits<N>();
    const auto word_ok = [p]<class Word, std::size_t At>() {
        constexpr Word top = static_cast<Word>(0x8080808080808080u);
        constexpr Word add = lanes<Word>(l.high, At, [](std::uint8_t h) { return 127 - h; });
        constexpr Word low = lanes<Word>(l.low, At, [](std::uint8_t x) { return x; });
        Word w = 0;
        std::memcpy(&w, p + At, sizeof w);
        return ((w | static_cast<Word>(w + add) | static_cast<Word>(~((w | top) - low))) & top) == 0;
    };
    static_assert(N <= 16);
    if constexpr (std::endian::native != std::endian::little || N < 4) {
        bool ok = true;
        for (std::size_t i = 0; i < N; ++i) ok &= p[i] >= l.low[i] && p[i] <= l.high[i];
        return ok;
    } else if constexpr (N >= 8) {
        return word_ok.template operator()<std::uint64_t, 0>() &&
               word_ok.template operator()<std::uint64_t, N - 8>();
    } else {
        return word_ok.template operator()<std::uint32_t, 0>() &&
               word_ok.template operator()<std::uint32_t, N - 4>();
    }
}

// The fast path of decode_datetime (see decode_datetime_fast in the header). The common DATETIME: a qualifier
// starting at YEAR (YEAR TO SECOND, YEAR TO FRACTION(n), …) and a year of at least 100, so that the packed
// value has exactly one pair per field (two for the year) at the exponent of the whole fields. Each field is
// then read from its own byte, with no number to assemble and split, and the calendar checks are made once,
// inline; End (the code of the qualifier's last unit) is a template parameter so that the shape is known at
// compile time. Returns false, leaving out alone, for anything else (another exponent, a pair byte above 99,
// a field the checks refuse, a value of another width); decode_datetime then runs the general decoder, so the
// outcome of every input, each rejection included, is the general decoder's. A unit test compares the two
// over random and edge inputs.
template <unsigned End>
bool decode_year_to(std::span<const std::uint8_t> v, const qualifier& q, datetime& out) noexcept {
    constexpr unsigned last_whole = End < 10 ? End : 10;
    constexpr std::size_t whole_pairs = 2 + last_whole / 2;  // the year takes two
    constexpr int fraction_digits = End > 10 ? static_cast<int>(End) - 10 : 0;
    constexpr auto fraction_pairs = static_cast<std::size_t>(fraction_digits + 1) / 2;
    constexpr std::size_t pairs = whole_pairs + fraction_pairs;
    // Positive, exponent = whole_pairs (excess 64), and nothing past the qualifier's last pair.
    if (v.size() != 1 + pairs || v[0] != 0xc0 + whole_pairs) return false;
    const std::uint8_t* const p = v.data() + 1;
    // Every pair within its field's range at once; then the year (not 0) and the day against
    // its month's length (only a day past 28 needs the month and the year).
    time_fields f;  // fields after End keep the neutral values normalise_fields gives them
    f.year = p[0] * 100 + p[1];
    bool ok = all_in_range<pairs>(p) && f.year >= 1;
    if constexpr (last_whole >= code(time_unit::month)) f.month = p[2];
    if constexpr (last_whole >= code(time_unit::day)) {
        f.day = p[3];
        ok = ok && (f.day <= 28 || f.day <= static_cast<std::int64_t>(
                                                days_in_month(f.year, static_cast<unsigned>(f.month))));
    }
    if constexpr (last_whole >= code(time_unit::hour)) f.hour = p[4];
    if constexpr (last_whole >= code(time_unit::minute)) f.minute = p[5];
    if constexpr (last_whole >= code(time_unit::second)) f.second = p[6];
    // The fraction's first six digits (three pairs). An odd FRACTION(n) leaves the low digit of
    // its last pair outside the qualifier: it must be zero.
    std::uint32_t fraction6 = 0;
    for (std::size_t i = 0; i < 3; ++i)
        fraction6 = fraction6 * 100 + (i < fraction_pairs ? p[whole_pairs + i] : 0u);
    if constexpr ((fraction_digits & 1) != 0) ok &= p[pairs - 1] % 10 == 0;
    if (!ok) return false;
    f.fraction = static_cast<std::int32_t>(fraction6 / 10);
    datetime_access::assign(out, q, f);
    return true;
}

inline bool decode_year_datetime(std::span<const std::uint8_t> v, const qualifier& q,
                                 datetime& out) noexcept {
    // The shape below assumes a 4-digit year, which every DATETIME qualifier has.
    if (q.start() != time_unit::year || q.is_interval() || q.leading_precision() != 4) return false;
    switch (q.end()) {
        case time_unit::year:
            return decode_year_to<0>(v, q, out);
        case time_unit::month:
            return decode_year_to<2>(v, q, out);
        case time_unit::day:
            return decode_year_to<4>(v, q, out);
        case time_unit::hour:
            return decode_year_to<6>(v, q, out);
        case time_unit::minute:
            return decode_year_to<8>(v, q, out);
        case time_unit::second:
            return decode_year_to<10>(v, q, out);
        case time_unit::fraction1:
            return decode_year_to<11>(v, q, out);
        case time_unit::fraction2:
            return decode_year_to<12>(v, q, out);
        case time_unit::fraction3:
            return decode_year_to<13>(v, q, out);
        case time_unit::fraction4:
            return decode_year_to<14>(v, q, out);
        case time_unit::fraction5:
            return decode_year_to<15>(v, q, out);
    }
    return false;
}

}  // namespace

bool decode_datetime_fast(std::span<const std::uint8_t> v, const qualifier& q, datetime& out) noexcept {
    return decode_year_datetime(v, q, out);
}

// Sets a date whose range decode_date has checked (from_day_number's check, without its
// error_code, which costs two library calls per value).
struct date_access {
    static void assign(date& d, std::int32_t day) noexcept { d.day_ = day; }
};

codec_status decode_date(std::span<const std::uint8_t> v, date& out) noexcept {
    std::int32_t day = 0;
    if (auto s = decode_i32(v, day); s != codec_status::ok) return s;
    if (day < date::min_day || day > date::max_day) {
        out = date{};  // as from_day_number leaves it
        return codec_status::out_of_range;
    }
    date_access::assign(out, day);
    return codec_status::ok;
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
    if (decode_year_datetime(v, q, out)) return codec_status::ok;
    return decode_datetime_general(v, q, out);
}

codec_status decode_datetime_general(std::span<const std::uint8_t> v, const qualifier& q,
                                     datetime& out) noexcept {
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
