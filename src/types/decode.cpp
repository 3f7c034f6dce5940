#include "types/decode.hpp"

#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <vector>

#include "ifx/error.hpp"
#include "types/int8.hpp"
#include "wire/reader.hpp"

namespace ifx::types {
namespace {

std::string_view as_text(value_bytes v) { return {reinterpret_cast<const char*>(v.data()), v.size()}; }

// Digits of a packed decimal: base-100 digit pairs and the base-100 exponent, sign applied.
struct unpacked_decimal {
    bool negative = false;
    int exponent = 0;             // digit pairs before the decimal point
    std::vector<int> pairs;       // most significant first, trailing zeros trimmed
};

bool unpack_decimal(value_bytes v, unpacked_decimal& out) {
    if (v.empty()) return false;
    const std::uint8_t head = v[0];
    out.negative = (head & 0x80) == 0;
    const int biased = out.negative ? (head & 0x7f) ^ 0x7f : head & 0x7f;
    out.exponent = biased - 64;
    out.pairs.assign(v.begin() + 1, v.end());
    if (out.negative) {
        // Base-100 complement from the least significant end (PROTOCOL.md §9.5, pitfall 25).
        std::size_t last = out.pairs.size();
        while (last > 0 && out.pairs[last - 1] == 0) --last;
        for (std::size_t i = 0; i < last; ++i) out.pairs[i] = (i + 1 == last ? 100 : 99) - out.pairs[i];
    }
    for (int d : out.pairs)
        if (d < 0 || d > 99) return false;
    while (!out.pairs.empty() && out.pairs.back() == 0) out.pairs.pop_back();
    return true;
}

// Decimal digit string of the integer part and of the fraction part.
void decimal_digits(const unpacked_decimal& d, std::string& integer, std::string& fraction) {
    integer.clear();
    fraction.clear();
    const int n = static_cast<int>(d.pairs.size());
    for (int i = 0; i < std::max(d.exponent, n); ++i) {
        const int pair = i < n ? d.pairs[static_cast<std::size_t>(i)] : 0;
        std::string& target = i < d.exponent ? integer : fraction;
        target.push_back(static_cast<char>('0' + pair / 10));
        target.push_back(static_cast<char>('0' + pair % 10));
    }
    if (d.exponent < 0) fraction.insert(0, 2 * static_cast<std::size_t>(-d.exponent), '0');
}

// Civil date from days since 1970-01-01 (proleptic Gregorian; H. Hinnant's algorithm).
void civil_from_days(std::int64_t z, std::int64_t& y, unsigned& m, unsigned& d) {
    z += 719468;
    const std::int64_t era = (z >= 0 ? z : z - 146096) / 146097;
    const auto doe = static_cast<unsigned>(z - era * 146097);
    const unsigned yoe = (doe - doe / 1460 + doe / 36524 - doe / 146096) / 365;
    y = static_cast<std::int64_t>(yoe) + era * 400;
    const unsigned doy = doe - (365 * yoe + yoe / 4 - yoe / 100);
    const unsigned mp = (5 * doy + 2) / 153;
    d = doy - (153 * mp + 2) / 5 + 1;
    m = mp < 10 ? mp + 3 : mp - 9;
    if (m <= 2) ++y;
}

constexpr std::int32_t unix_epoch_day = 25568;  // 1970-01-01 as an Informix day number

// DATETIME / INTERVAL fields in Informix literal form from the qualifier and the packed digits.
bool time_to_text(const column_info& c, value_bytes v, std::string& out) {
    const auto q = static_cast<unsigned>(c.encoded_length);
    const unsigned length = (q >> 8) & 0xff, start = (q >> 4) & 0xf, end = q & 0xf;
    const unsigned fraction_digits = end > 10 ? end - 10 : 0;
    if (start > end || length < fraction_digits) return false;
    unpacked_decimal d;
    if (!unpack_decimal(v, d)) return false;
    std::string integer, fraction;
    decimal_digits(d, integer, fraction);
    const unsigned integer_digits = length - fraction_digits;
    if (integer.size() > integer_digits) return false;
    integer.insert(0, integer_digits - integer.size(), '0');
    fraction.resize(std::max<std::size_t>(fraction.size(), fraction_digits), '0');
    fraction.resize(fraction_digits);

    const bool interval = c.type == type_code::interval;
    out.clear();
    if (d.negative) out.push_back('-');
    std::size_t pos = 0;
    const unsigned last_whole = std::min(end, 10u);
    for (unsigned unit = start; unit <= last_whole; unit += 2) {
        unsigned width = unit == 0 ? 4 : 2;
        if (unit == start) width = interval ? integer_digits - (last_whole - start) : width;
        if (unit != start) out.push_back(unit == 2 ? '-' : unit == 4 ? '-' : unit == 6 ? ' ' : ':');
        out.append(integer, pos, width);
        pos += width;
    }
    if (fraction_digits > 0) {
        if (start <= 10) out.push_back('.');
        out.append(fraction);
    }
    return pos == integer.size();
}

}  // namespace

bool decimal_to_text(value_bytes v, int scale, std::string& out) {
    unpacked_decimal d;
    if (!unpack_decimal(v, d)) return false;
    std::string integer, fraction;
    decimal_digits(d, integer, fraction);
    const auto first = integer.find_first_not_of('0');
    integer = first == std::string::npos ? "0" : integer.substr(first);
    if (scale >= 0) {
        if (fraction.size() < static_cast<std::size_t>(scale)) fraction.resize(static_cast<std::size_t>(scale), '0');
        while (fraction.size() > static_cast<std::size_t>(scale) && fraction.back() == '0') fraction.pop_back();
    } else {
        while (!fraction.empty() && fraction.back() == '0') fraction.pop_back();
    }
    const bool zero = integer == "0" && fraction.find_first_not_of('0') == std::string::npos;
    out.clear();
    if (d.negative && !zero) out.push_back('-');
    out += integer;
    if (!fraction.empty()) out += "." + fraction;
    return true;
}

std::string date_to_text(std::int32_t day) {
    std::int64_t y = 0;
    unsigned m = 0, d = 0;
    civil_from_days(static_cast<std::int64_t>(day) - unix_epoch_day, y, m, d);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(y), m, d);
    return buf;
}

std::error_code to_int64(const column_info& c, value_bytes v, std::int64_t& out) noexcept {
    wire::reader r(v);
    switch (c.type) {
        case type_code::smallint: out = r.i16(); break;
        case type_code::integer:
        case type_code::serial: out = r.i32(); break;
        case type_code::bigint:
        case type_code::bigserial: out = r.i64(); break;
        case type_code::int8:
        case type_code::serial8:
            if (v.size() != int8_width || decode_int8(v, out) != int8_status::value) return errc::protocol_violation;
            return {};
        case type_code::decimal:
        case type_code::money: {
            std::string text;
            if (!decimal_to_text(v, -1, text)) return errc::protocol_violation;
            if (text.find('.') != std::string::npos) return errc::type_mismatch;
            const auto res = std::from_chars(text.data(), text.data() + text.size(), out);
            return res.ec == std::errc{} ? std::error_code{} : make_error_code(errc::out_of_range);
        }
        default: return errc::type_mismatch;
    }
    return r.ok() ? std::error_code{} : make_error_code(errc::protocol_violation);
}

std::error_code to_double(const column_info& c, value_bytes v, double& out) noexcept {
    wire::reader r(v);
    switch (c.type) {
        case type_code::float_: out = r.f64(); break;
        case type_code::smallfloat: out = r.f32(); break;
        case type_code::decimal:
        case type_code::money: {
            std::string text;
            if (!decimal_to_text(v, -1, text)) return errc::protocol_violation;
            out = std::strtod(text.c_str(), nullptr);
            return {};
        }
        default: {
            std::int64_t i = 0;
            if (auto ec = to_int64(c, v, i)) return ec;
            out = static_cast<double>(i);
            return {};
        }
    }
    return r.ok() ? std::error_code{} : make_error_code(errc::protocol_violation);
}

std::error_code to_bool(const column_info& c, value_bytes v, bool& out) noexcept {
    const bool boolean = c.type == type_code::boolean || (c.type == type_code::udt_fixed && c.extended_id == 5);
    if (!boolean) return errc::type_mismatch;
    if (v.empty()) return errc::protocol_violation;
    switch (v.back()) {
        case 't': case 'T': case 1: out = true; return {};
        case 'f': case 'F': case 0: out = false; return {};
        default: return errc::protocol_violation;
    }
}

std::error_code to_text(const column_info& c, value_bytes v, std::string& out) {
    switch (c.type) {
        case type_code::char_:
        case type_code::nchar: {
            auto s = as_text(v);
            while (!s.empty() && s.back() == ' ') s.remove_suffix(1);
            out.assign(s);
            return {};
        }
        case type_code::varchar:
        case type_code::nvarchar:
        case type_code::lvarchar:
        case type_code::udt_var:
        case type_code::set:
        case type_code::multiset:
        case type_code::list:
        case type_code::row: out.assign(as_text(v)); return {};
        case type_code::float_:
        case type_code::smallfloat: {
            double d = 0;
            if (auto ec = to_double(c, v, d)) return ec;
            char buf[64];
            const auto res = std::to_chars(buf, buf + sizeof buf, d);
            out.assign(buf, res.ptr);
            return {};
        }
        case type_code::decimal:
        case type_code::money: {
            const int scale = (c.encoded_length & 0xff) == 0xff ? -1 : c.encoded_length & 0xff;
            return decimal_to_text(v, scale, out) ? std::error_code{} : make_error_code(errc::protocol_violation);
        }
        case type_code::date: {
            wire::reader r(v);
            out = date_to_text(r.i32());
            return {};
        }
        case type_code::datetime:
        case type_code::interval:
            return time_to_text(c, v, out) ? std::error_code{} : make_error_code(errc::protocol_violation);
        case type_code::boolean:
        case type_code::udt_fixed: {
            bool b = false;
            if (to_bool(c, v, b)) return errc::not_supported;
            out = b ? "t" : "f";
            return {};
        }
        default: {
            std::int64_t i = 0;
            if (auto ec = to_int64(c, v, i)) return ec == errc::type_mismatch ? make_error_code(errc::not_supported) : ec;
            out = std::to_string(i);
            return {};
        }
    }
}

}  // namespace ifx::types
