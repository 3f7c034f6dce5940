#include "types/decode.hpp"

#include <charconv>
#include <cstdio>

#include "ifx/error.hpp"
#include "types/calendar.hpp"
#include "types/codeset.hpp"
#include "types/decimal_codec.hpp"
#include "types/int8.hpp"
#include "types/layout.hpp"
#include "types/numeric.hpp"
#include "types/time_codec.hpp"

namespace ifx::types {
namespace {

// A decoded value that turned out to be NULL here was not flagged by the row walker: the
// walker and the codec disagree, which only a malformed value can cause.
std::error_code from_status(codec_status s) noexcept {
    return s == codec_status::null ? make_error_code(errc::protocol_violation) : to_error(s);
}

int column_scale(const column_info& c) noexcept {
    const auto* plan = current_plan(c);
    const int scale = plan != nullptr ? plan->decimal_scale : c.scale();
    return scale < 0 ? floating_scale : scale;
}

bool is_decimal(const column_info& c) noexcept {
    return c.type == type_code::decimal || c.type == type_code::money;
}

value_bytes without_blank_padding(const column_info& c, value_bytes v) noexcept {
    if (c.type == type_code::char_ || c.type == type_code::nchar)
        while (!v.empty() && v.back() == ' ') v = v.first(v.size() - 1);
    return v;
}

std::error_code qualifier_of(const column_info& c, qualifier& q) noexcept {
    if (const auto* plan = current_plan(c)) {
        if (!plan->valid_qualifier) return errc::protocol_violation;
        q = plan->time_qualifier;
        return {};
    }
    return qualifier::from_word(static_cast<std::uint16_t>(c.encoded_length), c.type == type_code::interval,
                                q)
               ? make_error_code(errc::protocol_violation)
               : std::error_code{};
}

}  // namespace

bool is_character(const column_info& c) noexcept {
    switch (c.logical_type()) {
        case type_code::char_:
        case type_code::nchar:
        case type_code::varchar:
        case type_code::nvarchar:
        case type_code::lvarchar:
            return true;
        default:
            return false;
    }
}

std::string date_to_text(std::int32_t day) {
    const auto c = civil_from_days(static_cast<std::int64_t>(day) - unix_epoch_day);
    char buf[32];
    std::snprintf(buf, sizeof buf, "%04lld-%02u-%02u", static_cast<long long>(c.year), c.month, c.day);
    return buf;
}

std::error_code to_int64(const column_info& c, value_bytes v, std::int64_t& out) noexcept {
    switch (c.type) {
        case type_code::smallint: {
            std::int16_t x = 0;
            if (auto s = decode_i16(v, x); s != codec_status::ok) return from_status(s);
            out = x;
            return {};
        }
        case type_code::integer:
        case type_code::serial: {
            std::int32_t x = 0;
            if (auto s = decode_i32(v, x); s != codec_status::ok) return from_status(s);
            out = x;
            return {};
        }
        case type_code::bigint:
        case type_code::bigserial:
            return from_status(decode_i64(v, out));
        case type_code::int8:
        case type_code::serial8:
            if (v.size() != int8_width) return errc::protocol_violation;
            switch (decode_int8(v, out)) {
                case int8_status::value:
                    return {};
                default:
                    return errc::protocol_violation;
            }
        case type_code::decimal:
        case type_code::money: {
            decimal d;
            if (auto ec = to_decimal(c, v, d)) return ec;
            return d.to_int64(out);
        }
        default:
            return errc::type_mismatch;
    }
}

std::error_code to_double(const column_info& c, value_bytes v, double& out) noexcept {
    switch (c.type) {
        case type_code::float_:
            return from_status(decode_f64(v, out));
        case type_code::smallfloat: {
            float f = 0;
            if (auto s = decode_f32(v, f); s != codec_status::ok) return from_status(s);
            out = f;
            return {};
        }
        case type_code::decimal:
        case type_code::money: {
            decimal d;
            if (auto ec = to_decimal(c, v, d)) return ec;
            out = d.to_double();
            return {};
        }
        default: {
            std::int64_t i = 0;
            if (auto ec = to_int64(c, v, i)) return ec;
            out = static_cast<double>(i);
            return {};
        }
    }
}

std::error_code to_bool(const column_info& c, value_bytes v, bool& out) noexcept {
    if (c.logical_type() != type_code::boolean) return errc::type_mismatch;
    return from_status(decode_boolean(v, out));
}

std::error_code to_decimal(const column_info& c, value_bytes v, decimal& out) noexcept {
    if (is_decimal(c)) return from_status(decode_decimal(v, column_scale(c), out));
    std::int64_t i = 0;
    if (auto ec = to_int64(c, v, i)) return ec;
    out = decimal(i);
    return {};
}

std::error_code to_date(const column_info& c, value_bytes v, date& out) noexcept {
    if (c.type != type_code::date) return errc::type_mismatch;
    return from_status(decode_date(v, out));
}

std::error_code to_datetime(const column_info& c, value_bytes v, datetime& out) noexcept {
    if (c.type != type_code::datetime) return errc::type_mismatch;
    qualifier q;
    if (auto ec = qualifier_of(c, q)) return ec;
    return from_status(decode_datetime(v, q, out));
}

std::error_code to_interval(const column_info& c, value_bytes v, interval& out) noexcept {
    if (c.type != type_code::interval) return errc::type_mismatch;
    qualifier q;
    if (auto ec = qualifier_of(c, q)) return ec;
    return from_status(decode_interval(v, q, out));
}

std::error_code to_locator(const column_info& c, value_bytes v, lob_locator& out) noexcept {
    if (!c.is_smart_lob()) return errc::type_mismatch;
    if (v.size() != lob_locator::size_bytes) return errc::protocol_violation;
    out.type = c.extended_id == xid::clob ? lob_locator::kind::clob : lob_locator::kind::blob;
    std::copy(v.begin(), v.end(), out.raw.begin());
    return {};
}

std::error_code to_descriptor(const column_info& c, value_bytes v, blob_descriptor& out) noexcept {
    if (c.type != type_code::byte && c.type != type_code::text) return errc::type_mismatch;
    if (v.size() < blob_descriptor::size_bytes) return errc::protocol_violation;
    // The 68-byte form (feature 70, grade C) is kept to its first 56 bytes.
    std::copy(v.begin(), v.begin() + blob_descriptor::size_bytes, out.raw.begin());
    return {};
}

std::error_code to_composite(const column_info& c, value_bytes v, codeset cs, composite& out) {
    switch (c.type) {
        case type_code::set:
        case type_code::multiset:
        case type_code::list:
        case type_code::row:
            break;
        default:
            return errc::type_mismatch;
    }
    out.kind = c.type;
    out.text.clear();
    return wire_to_utf8(v, cs, out.text) == std::string::npos ? std::error_code{}
                                                              : make_error_code(errc::type_mismatch);
}

std::error_code to_text_view(const column_info& c, value_bytes v, codeset cs,
                             std::string_view& out) noexcept {
    if (!is_character(c)) return errc::type_mismatch;
    v = without_blank_padding(c, v);
    if (!same_as_utf8(v, cs)) return errc::type_mismatch;
    out = std::string_view(reinterpret_cast<const char*>(v.data()), v.size());
    return {};
}

std::error_code to_text(const column_info& c, value_bytes v, codeset cs, std::string& out) {
    out.clear();
    if (is_character(c)) {
        return wire_to_utf8(without_blank_padding(c, v), cs, out) == std::string::npos
                   ? std::error_code{}
                   : make_error_code(errc::type_mismatch);
    }
    switch (c.logical_type()) {
        case type_code::set:
        case type_code::multiset:
        case type_code::list:
        case type_code::row:
        case type_code::udt_var: {
            if (c.type == type_code::udt_var) {
                out.assign(reinterpret_cast<const char*>(v.data()), v.size());
                return {};
            }
            composite x;
            if (auto ec = to_composite(c, v, cs, x)) return ec;
            out = std::move(x.text);
            return {};
        }
        case type_code::float_:
        case type_code::smallfloat: {
            double d = 0;
            if (auto ec = to_double(c, v, d)) return ec;
            char buf[64];
            const auto res = c.type == type_code::smallfloat
                                 ? std::to_chars(buf, buf + sizeof buf, static_cast<float>(d))
                                 : std::to_chars(buf, buf + sizeof buf, d);
            out.assign(buf, res.ptr);
            return {};
        }
        case type_code::decimal:
        case type_code::money: {
            decimal d;
            if (auto ec = to_decimal(c, v, d)) return ec;
            out = d.to_string();
            return {};
        }
        case type_code::date: {
            std::int32_t day = 0;
            if (auto s = decode_i32(v, day); s != codec_status::ok) return from_status(s);
            out = date_to_text(day);
            return {};
        }
        case type_code::datetime: {
            datetime d;
            if (auto ec = to_datetime(c, v, d)) return ec;
            out = d.to_string();
            return {};
        }
        case type_code::interval: {
            interval i;
            if (auto ec = to_interval(c, v, i)) return ec;
            out = i.to_string();
            return {};
        }
        case type_code::boolean: {
            bool b = false;
            if (auto ec = to_bool(c, v, b)) return ec;
            out = b ? "t" : "f";
            return {};
        }
        default: {
            std::int64_t i = 0;
            if (auto ec = to_int64(c, v, i))
                return ec == errc::type_mismatch ? make_error_code(errc::not_supported) : ec;
            out = std::to_string(i);
            return {};
        }
    }
}

}  // namespace ifx::types
