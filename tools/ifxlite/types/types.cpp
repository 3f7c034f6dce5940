#include "types/types.hpp"

#include <algorithm>
#include <cctype>
#include <charconv>
#include <cmath>
#include <cstdio>
#include <limits>
#include <string>

#include "types/date.hpp"
#include "types/datetime.hpp"
#include "types/decimal.hpp"
#include "wire/writer.hpp"

namespace ifx::lite {
namespace {

constexpr std::int32_t default_lvarchar = 2048;
constexpr int max_decimal_precision = 32;

struct declaration {
    std::string name;        // upper-case words joined by one space
    std::vector<long> args;  // numbers inside the parentheses
};

declaration parse_declaration(std::string_view text) {
    declaration d;
    std::size_t i = 0;
    while (i < text.size() && text[i] != '(') {
        const char c = text[i++];
        if (std::isspace(static_cast<unsigned char>(c))) {
            if (!d.name.empty() && d.name.back() != ' ') d.name.push_back(' ');
        } else {
            d.name.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        }
    }
    while (!d.name.empty() && d.name.back() == ' ') d.name.pop_back();
    while (i < text.size() && text[i] != ')') {
        ++i;
        while (i < text.size() && std::isspace(static_cast<unsigned char>(text[i]))) ++i;
        long v = 0;
        const auto [p, ec] = std::from_chars(text.data() + i, text.data() + text.size(), v);
        if (ec != std::errc{}) break;
        d.args.push_back(v);
        i = static_cast<std::size_t>(p - text.data());
        while (i < text.size() && text[i] != ',' && text[i] != ')') ++i;
    }
    return d;
}

long arg(const declaration& d, std::size_t index, long fallback, long lo, long hi) {
    if (index >= d.args.size()) return fallback;
    return std::clamp(d.args[index], lo, hi);
}

column_type fixed(std::int16_t code, std::int32_t width) {
    column_type t;
    t.code = code;
    t.encoded_length = width;
    t.width = width;
    return t;
}

column_type character(std::int16_t code, std::int32_t length) {
    column_type t;
    t.code = code;
    t.encoded_length = length;
    // VARCHAR occupies its length byte plus the maximum; LVARCHAR its flag, i32 length and maximum.
    t.width = code == sqltype::lvarchar                                 ? length + 5
              : (code == sqltype::varchar || code == sqltype::nvarchar) ? length + 1
                                                                        : length;
    return t;
}

column_type decimal_type(std::int16_t code, int precision, int scale) {
    column_type t;
    t.code = code;
    t.precision = precision;
    t.scale = scale;
    t.encoded_length = (precision << 8) | scale;
    t.width = static_cast<std::int32_t>(decimal_width(precision, scale));
    return t;
}

bool is_one_of(const std::string& name, std::initializer_list<std::string_view> names) {
    return std::find(names.begin(), names.end(), name) != names.end();
}

}  // namespace

column_type datetime_type(const qualifier& q) {
    column_type t;
    t.code = q.interval ? sqltype::interval : sqltype::datetime;
    t.encoded_length = q.word();
    t.width = q.width();
    t.precision = q.length();
    t.scale = q.fraction_digits();
    return t;
}

column_type type_from_declaration(std::string_view declared) {
    {
        // "DATETIME YEAR TO SECOND", "INTERVAL DAY(3) TO FRACTION(2)" (views, expressions).
        std::string head;
        for (char c : declared.substr(0, 9))
            head.push_back(static_cast<char>(std::toupper(static_cast<unsigned char>(c))));
        if (head == "DATETIME " || head == "INTERVAL ") {
            if (const auto q = parse_qualifier(declared.substr(9), head == "INTERVAL "))
                return datetime_type(*q);
        }
    }
    declaration d = parse_declaration(declared);
    if (d.name == "DATETIME_TEXT" || d.name == "IVL_TEXT") {
        const bool interval = d.name == "IVL_TEXT";
        const auto q =
            qualifier::from_word(static_cast<std::uint16_t>(arg(d, 0, 0x0e0a, 0, 0xffff)), interval);
        if (q) return datetime_type(*q);
    }
    // Decimal columns are declared with a _TEXT suffix so that SQLite stores exact text (see sql_text).
    if (d.name.ends_with("_TEXT")) d.name.resize(d.name.size() - 5);
    const std::string& n = d.name;
    if (is_one_of(n, {"CHAR", "CHARACTER", "NCHAR"}))
        return character(n == "NCHAR" ? sqltype::nchar : sqltype::char_,
                         static_cast<std::int32_t>(arg(d, 0, 1, 1, 32767)));
    if (is_one_of(n, {"VARCHAR", "CHARACTER VARYING", "CHAR VARYING", "NVARCHAR"}))
        return character(n == "NVARCHAR" ? sqltype::nvarchar : sqltype::varchar,
                         static_cast<std::int32_t>(arg(d, 0, 1, 1, 255)));
    if (n == "LVARCHAR")
        return character(sqltype::lvarchar, static_cast<std::int32_t>(arg(d, 0, default_lvarchar, 1, 32739)));
    if (is_one_of(n, {"SMALLINT", "TINYINT"})) return fixed(sqltype::smallint, 2);
    if (is_one_of(n, {"INTEGER", "INT", "MEDIUMINT"})) return fixed(sqltype::integer, 4);
    if (n == "SERIAL") return fixed(sqltype::serial, 4);
    if (n == "BIGINT") return fixed(sqltype::bigint, 8);
    if (n == "BIGSERIAL") return fixed(sqltype::bigserial, 8);
    if (n == "INT8") return fixed(sqltype::int8, 10);
    if (n == "SERIAL8") return fixed(sqltype::serial8, 10);
    if (is_one_of(n, {"FLOAT", "DOUBLE", "DOUBLE PRECISION"})) return fixed(sqltype::float_, 8);
    if (is_one_of(n, {"SMALLFLOAT", "REAL"})) return fixed(sqltype::smallfloat, 4);
    if (n == "DATE") return fixed(sqltype::date, 4);
    if (n == "BOOLEAN") {
        // Described as UDT 41 xid 5 with encoded length 1 (§9.4); in the fixed layout (start
        // positions, tuple size) it counts its envelope, as LVARCHAR does (grade C).
        column_type t = fixed(sqltype::boolean, 1);
        t.width = 1 + 5;
        return t;
    }
    // BYTE/TEXT: a 56-byte descriptor in tuples (§9.11); BYTE is stored as BYTE_BLOB (BLOB affinity).
    if (is_one_of(n, {"BYTE", "BYTE_BLOB"})) return fixed(sqltype::byte, blob_descriptor_size);
    if (n == "TEXT") return fixed(sqltype::text, blob_descriptor_size);
    if (is_one_of(n, {"BLOB", "CLOB"})) {
        // Smart LOBs: UDT-fixed 41, xid 10/11, encoded length 72 (§7.12, §9.12).
        column_type t = fixed(sqltype::udt_fixed, smart_lob_locator_size);
        t.xid = n == "BLOB" ? builtin_xid::blob : builtin_xid::clob;
        return t;
    }
    if (is_one_of(n, {"DECIMAL", "DEC", "NUMERIC", "MONEY"})) {
        const bool money = n == "MONEY";
        const int p = static_cast<int>(arg(d, 0, 16, 1, max_decimal_precision));
        const int default_scale = money ? 2 : (n == "NUMERIC" ? 0 : decimal_floating_scale);
        const int s = static_cast<int>(arg(d, 1, default_scale, 0, p));
        return decimal_type(money ? sqltype::money : sqltype::decimal, p, s);
    }
    return character(sqltype::lvarchar, default_lvarchar);
}

column_type type_for_expression(std::string_view expression) {
    std::string e;
    for (char c : expression) e.push_back(static_cast<char>(std::tolower(static_cast<unsigned char>(c))));
    while (!e.empty() && std::isspace(static_cast<unsigned char>(e.back()))) e.pop_back();
    e.erase(0, std::min(e.find_first_not_of(" \t\r\n"), e.size()));
    if (e.starts_with("count(") || e.starts_with("count (")) return decimal_type(sqltype::decimal, 15, 0);
    if (e.starts_with("sum(") || e.starts_with("avg("))
        return decimal_type(sqltype::decimal, 32, decimal_floating_scale);
    if (e.size() >= 2 && e.front() == '\'' && e.back() == '\'') {
        std::int32_t length = 0;
        for (std::size_t i = 1; i + 1 < e.size(); ++i) {
            if (e[i] == '\'') ++i;  // '' is one quote
            ++length;
        }
        return character(sqltype::char_, std::max<std::int32_t>(1, std::min<std::int32_t>(length, 32767)));
    }
    const std::string_view digits =
        (!e.empty() && (e[0] == '-' || e[0] == '+')) ? std::string_view(e).substr(1) : e;
    if (!digits.empty() &&
        std::all_of(digits.begin(), digits.end(), [](char c) { return c >= '0' && c <= '9'; })) {
        long long v = 0;
        const auto [p, ec] = std::from_chars(e.data() + (e[0] == '+'), e.data() + e.size(), v);
        if (ec == std::errc{} && p == e.data() + e.size() && v >= std::numeric_limits<std::int32_t>::min() &&
            v <= std::numeric_limits<std::int32_t>::max())
            return fixed(sqltype::integer, 4);
        return decimal_type(sqltype::decimal, 32, decimal_floating_scale);
    }
    if (!digits.empty() &&
        std::all_of(digits.begin(), digits.end(), [](char c) { return (c >= '0' && c <= '9') || c == '.'; }))
        return decimal_type(sqltype::decimal, 32, decimal_floating_scale);
    return character(sqltype::lvarchar, default_lvarchar);
}

namespace {

// SQLite renders REAL as "%!.15g"; using the same 15 digits keeps 0.1 as "0.1".
std::string double_text(double v) {
    char buf[64];
    std::snprintf(buf, sizeof buf, "%.15g", v);
    return buf;
}

// The value as text without copying stored text; numbers are formatted into `scratch`.
std::string_view text_of(const value_view& value, std::string& scratch) {
    if (const auto* s = std::get_if<std::string_view>(&value)) return *s;
    if (const auto* i = std::get_if<std::int64_t>(&value)) {
        scratch = std::to_string(*i);
        return scratch;
    }
    if (const auto* d = std::get_if<double>(&value)) {
        scratch = double_text(*d);
        return scratch;
    }
    return {};
}

std::optional<std::int64_t> value_integer(const value_view& value) {
    if (const auto* i = std::get_if<std::int64_t>(&value)) return *i;
    if (const auto* d = std::get_if<double>(&value)) {
        if (!std::isfinite(*d) || *d < -9.2e18 || *d > 9.2e18) return std::nullopt;
        return static_cast<std::int64_t>(*d);
    }
    if (const auto* s = std::get_if<std::string_view>(&value)) {
        std::string_view t = *s;
        while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
        while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
        if (!t.empty() && t.front() == '+') t.remove_prefix(1);
        std::int64_t v = 0;
        const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
        if (ec == std::errc{} && p == t.data() + t.size() && !t.empty()) return v;
        double dv = 0;
        const auto [pd, ecd] = std::from_chars(t.data(), t.data() + t.size(), dv);
        if (ecd == std::errc{} && pd == t.data() + t.size() && !t.empty())
            return value_integer(value_view{dv});
    }
    return std::nullopt;
}

std::optional<double> value_double(const value_view& value) {
    if (const auto* i = std::get_if<std::int64_t>(&value)) return static_cast<double>(*i);
    if (const auto* d = std::get_if<double>(&value)) return *d;
    if (const auto* s = std::get_if<std::string_view>(&value)) {
        std::string_view t = *s;
        while (!t.empty() && t.front() == ' ') t.remove_prefix(1);
        while (!t.empty() && t.back() == ' ') t.remove_suffix(1);
        if (!t.empty() && t.front() == '+') t.remove_prefix(1);
        double v = 0;
        const auto [p, ec] = std::from_chars(t.data(), t.data() + t.size(), v);
        if (ec == std::errc{} && p == t.data() + t.size() && !t.empty()) return v;
    }
    return std::nullopt;
}

std::optional<sql_error> encode_integer(const column_type& type, const value_view& value, wire::writer& w) {
    const bool null = std::holds_alternative<std::monostate>(value);
    const auto v = null ? std::optional<std::int64_t>{} : value_integer(value);
    if (!null && !v) return make_error(code::char_to_numeric);
    switch (type.code) {
        case sqltype::smallint:
            if (null) return w.i16(std::numeric_limits<std::int16_t>::min()), std::nullopt;
            if (*v <= std::numeric_limits<std::int16_t>::min() ||
                *v > std::numeric_limits<std::int16_t>::max())
                return make_error(code::smallint_overflow);
            w.i16(static_cast<std::int16_t>(*v));
            return std::nullopt;
        case sqltype::integer:
        case sqltype::serial:
            if (null) return w.i32(std::numeric_limits<std::int32_t>::min()), std::nullopt;
            if (*v <= std::numeric_limits<std::int32_t>::min() ||
                *v > std::numeric_limits<std::int32_t>::max())
                return make_error(code::integer_overflow);
            w.i32(static_cast<std::int32_t>(*v));
            return std::nullopt;
        case sqltype::int8:
        case sqltype::serial8: {
            // i16 sign (0 = NULL), u32 low word, u32 high word of the magnitude (§9.8).
            if (null) return w.zeros(10), std::nullopt;
            const std::uint64_t magnitude =
                *v < 0 ? 0 - static_cast<std::uint64_t>(*v) : static_cast<std::uint64_t>(*v);
            w.i16(*v < 0 ? -1 : 1);
            w.u32(static_cast<std::uint32_t>(magnitude));
            w.u32(static_cast<std::uint32_t>(magnitude >> 32));
            return std::nullopt;
        }
        default:  // BIGINT, BIGSERIAL
            if (null) return w.i64(std::numeric_limits<std::int64_t>::min()), std::nullopt;
            if (*v == std::numeric_limits<std::int64_t>::min()) return make_error(code::integer_overflow);
            w.i64(*v);
            return std::nullopt;
    }
}

void encode_text(const column_type& type, std::string_view text, bool null, wire::writer& w) {
    switch (type.code) {
        case sqltype::varchar:
        case sqltype::nvarchar:
            if (null) {
                w.u8(1);
                w.u8(0);
                return;
            }
            text = text.substr(0, static_cast<std::size_t>(std::min(type.encoded_length, 255)));
            w.u8(static_cast<std::uint8_t>(text.size()));
            w.bytes(text);
            return;
        case sqltype::lvarchar:
            w.u8(null ? 1 : 0);
            w.u32(null ? 0 : static_cast<std::uint32_t>(text.size()));
            w.bytes(text);
            return;
        default: {  // CHAR, NCHAR: blank padded; NULL is n × 00 (project convention, §9.9)
            const auto n = static_cast<std::size_t>(type.encoded_length);
            if (null) return w.zeros(n);
            text = text.substr(0, n);
            w.bytes(text);
            static constexpr std::string_view blanks =
                "                                                                ";  // 64
            for (std::size_t left = n - text.size(); left > 0;) {
                const std::size_t k = std::min(left, blanks.size());
                w.bytes(blanks.substr(0, k));
                left -= k;
            }
            return;
        }
    }
}

// A DATE: its day number, from a day number or date text.
std::optional<sql_error> encode_date(const value_view& value, wire::writer& w) {
    std::optional<std::int32_t> days;
    if (const auto* i = std::get_if<std::int64_t>(&value)) {
        if (*i > std::numeric_limits<std::int32_t>::min() && *i <= std::numeric_limits<std::int32_t>::max())
            days = static_cast<std::int32_t>(*i);
    } else if (const auto* s = std::get_if<std::string_view>(&value)) {
        days = parse_date_text(*s);
    }
    if (!days) return make_error(code::bad_date);
    w.i32(*days);
    return std::nullopt;
}

// A DATETIME or INTERVAL of the column's qualifier, packed.
std::optional<sql_error> encode_datetime(const column_type& type, const value_view& value,
                                         std::vector<std::uint8_t>& out) {
    const auto q =
        qualifier::from_word(static_cast<std::uint16_t>(type.encoded_length), type.code == sqltype::interval);
    std::string scratch;
    const std::string_view text = text_of(value, scratch);
    if (!q || !pack_datetime(text, *q, out)) {
        const auto r = q ? canonical_datetime(text, *q) : datetime_result{{}, code::no_conversion};
        return make_error(r.code != 0 ? r.code : code::no_conversion);
    }
    return std::nullopt;
}

// A BOOLEAN's envelope and value byte from 1/t/T/true or 0/f/F/false.
std::optional<sql_error> encode_boolean(const value_view& value, wire::writer& w) {
    std::string scratch;
    const std::string_view t = text_of(value, scratch);
    const bool truth = t == "1" || t == "t" || t == "T" || t == "true";
    if (!truth && t != "0" && t != "f" && t != "F" && t != "false") return make_error(code::no_conversion);
    w.u8(0);
    w.u32(1);
    w.u8(truth ? 1 : 0);
    return std::nullopt;
}

}  // namespace

std::optional<sql_error> encode_value(const column_type& type, const value_view& value,
                                      std::vector<std::uint8_t>& out) {
    wire::writer w(out);
    const bool null = std::holds_alternative<std::monostate>(value);
    switch (type.code) {
        case sqltype::smallint:
        case sqltype::integer:
        case sqltype::serial:
        case sqltype::bigint:
        case sqltype::bigserial:
        case sqltype::int8:
        case sqltype::serial8:
            return encode_integer(type, value, w);
        case sqltype::float_:
        case sqltype::smallfloat: {
            const std::size_t n = type.code == sqltype::float_ ? 8 : 4;
            if (null) return out.insert(out.end(), n, 0xff), std::nullopt;
            const auto v = value_double(value);
            if (!v) return make_error(code::char_to_numeric);
            if (n == 8)
                w.f64(*v);
            else
                w.f32(static_cast<float>(*v));
            return std::nullopt;
        }
        case sqltype::decimal:
        case sqltype::money: {
            if (null) return w.zeros(decimal_width(type.precision, type.scale)), std::nullopt;
            std::string scratch;
            const auto status = pack_decimal(text_of(value, scratch), type.precision, type.scale, out);
            if (status == decimal_status::not_a_number) return make_error(code::char_to_numeric);
            if (status == decimal_status::overflow) return make_error(code::decimal_overflow);
            return std::nullopt;
        }
        case sqltype::date:
            if (null) return w.i32(std::numeric_limits<std::int32_t>::min()), std::nullopt;
            return encode_date(value, w);
        case sqltype::datetime:
        case sqltype::interval:
            if (null) return w.zeros(static_cast<std::size_t>(type.width)), std::nullopt;
            return encode_datetime(type, value, out);
        case sqltype::boolean:
            // UDT 41 xid 5, enveloped like every built-in UDT (§9.10): u8 NULL flag, i32 length,
            // the value byte 01 (true) or 00 (false); NULL = 01 00000000.
            if (null) return w.u8(1), w.u32(0), std::nullopt;
            return encode_boolean(value, w);
        default: {
            std::string scratch;
            encode_text(type, null ? std::string_view{} : text_of(value, scratch), null, w);
        }
            return std::nullopt;
    }
}

}  // namespace ifx::lite
