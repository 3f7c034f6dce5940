#include "types/bind.hpp"

#include <list>

#include "types/codeset.hpp"
#include "types/decimal_codec.hpp"
#include "types/time_codec.hpp"
#include "wire/limits.hpp"
#include "wire/tags.hpp"
#include "wire/writer.hpp"

namespace ifx::types {
namespace {

void header(wire::writer& w, std::int16_t type, std::int16_t indicator, std::int16_t prec) {
    w.i16(type);
    if (bind_has_type_names(type)) {
        w.i16(0);  // owner: empty CHAR
        w.i16(0);  // type name: empty CHAR
    }
    w.i16(indicator);
    w.i16(prec);
}

// i16 byte length, packed bytes, pad: the inner length is mandatory (pitfall 11).
void packed_value(wire::writer& w, std::span<const std::uint8_t> bytes) {
    w.i16(static_cast<std::int16_t>(bytes.size()));
    w.bytes(bytes);
    w.pad(bytes.size());
}

std::int16_t null_type(param::kind k) {
    switch (k) {
        case param::kind::boolean:
            return bind_boolean;
        case param::kind::int32:
            return bind_integer;
        case param::kind::int64:
            return bind_bigint;
        case param::kind::float64:
            return bind_float;
        case param::kind::decimal:
            return bind_decimal;
        case param::kind::date:
            return bind_date;
        case param::kind::datetime:
            return bind_datetime;
        case param::kind::interval:
            return bind_interval;
        case param::kind::byte_blob:
            return bind_byte;
        case param::kind::text_blob:
            return bind_text;
        default:
            return bind_char;
    }
}

struct failure {
    std::error_code ec;
    const char* reason = nullptr;
};

failure encode_decimal_bind(wire::writer& w, const decimal& d) {
    // DECIMAL(p,s) of the value itself; values beyond 32 digits' reach go as floating DECIMAL.
    const int scale = std::max(d.scale(), 0);
    const bool fixed = d.precision() <= decimal::max_digits;
    const int precision = fixed ? d.precision() : std::max(d.digits(), 1);
    std::uint8_t buf[max_packed_width];
    const std::size_t width =
        fixed ? decimal_width(static_cast<unsigned>(precision), static_cast<unsigned>(scale))
              : packed_size(d);
    if (width == 0 || width > sizeof buf || !encode_decimal(d, std::span(buf, width)))
        return {errc::out_of_range, "decimal value cannot be packed"};
    header(w, bind_decimal, 0, decimal_prec_word(precision, fixed ? scale : -1));
    packed_value(w, std::span(buf, width));
    return {};
}

template <class V, class Encode>
failure encode_time_bind(wire::writer& w, std::int16_t type, const V& v, Encode encode) {
    const qualifier& q = v.qual();
    std::uint8_t buf[max_packed_width];
    const std::size_t width = time_width(q);
    if (width > sizeof buf || !encode(v, std::span(buf, width)))
        return {errc::out_of_range, "value cannot be packed"};
    header(w, type, 0, static_cast<std::int16_t>(q.word()));
    packed_value(w, std::span(buf, width));
    return {};
}

// A BYTE/TEXT value: the descriptor now, the content later as SQ_BLOB chunks (§7.11).
failure encode_blob_descriptor(wire::writer& w, std::int16_t type, std::size_t size) {
    if (size > max_blob_bind) return {errc::out_of_range, "BYTE/TEXT value larger than 2 GiB"};
    header(w, type, 0, 0);
    std::uint8_t d[blob_bind_descriptor_size] = {};
    for (int k = 0; k < 4; ++k) d[16 + k] = static_cast<std::uint8_t>(size >> (24 - 8 * k));
    w.bytes(std::span<const std::uint8_t>(d, sizeof d));
    return {};
}

// A locator travels as a CHAR holding its 72 bytes in hexadecimal, the text form libsqli casts
// to BLOB (`'<hex>'::BLOB`) for ifx_lo_open; SQL casts it (CAST(? AS BLOB)). Grade C: a type-41
// locator bind (JDBC's) has no published layout.
void encode_locator_bind(wire::writer& w, std::string_view raw) {
    static constexpr char digits[] = "0123456789abcdef";
    std::string hex;
    hex.reserve(raw.size() * 2);
    for (const char c : raw) {
        const auto b = static_cast<unsigned char>(c);
        hex += digits[b >> 4];
        hex += digits[b & 0x0f];
    }
    header(w, bind_char, 0, 0);
    w.sqli_char(hex);
}

failure encode_one(wire::writer& w, const param& p, codeset cs, std::string& scratch,
                   std::vector<std::string_view>& blobs, std::list<std::string>& converted_texts) {
    if (p.is_null()) {
        header(w, null_type(p.type()), -1, 0);
        return {};
    }
    switch (p.type()) {
        case param::kind::null_value:
            return {};
        case param::kind::boolean:
            header(w, bind_boolean, 0, 0);
            w.u8(p.as_int() ? 1 : 0);  // 1 byte + pad (C)
            w.pad(1);
            return {};
        case param::kind::int32:  // SMALLINT values bind as INTEGER too (its own prec word is C)
            header(w, bind_integer, 0, prec_integer);
            w.i32(static_cast<std::int32_t>(p.as_int()));
            return {};
        case param::kind::int64:
            if (p.overflow()) return {errc::out_of_range, "unsigned value beyond BIGINT"};
            header(w, bind_bigint, 0, prec_bigint);
            w.i64(p.as_int());
            return {};
        case param::kind::float64:
            header(w, bind_float, 0, 0);
            w.f64(p.as_double());
            return {};
        case param::kind::text: {
            scratch.clear();
            if (utf8_to_wire(p.as_text(), cs, scratch) != std::string::npos)
                return {errc::invalid_argument, cs == codeset::utf8
                                                    ? "text is not valid UTF-8"
                                                    : "text has characters not representable in ISO-8859-1"};
            if (scratch.size() > wire::limits::max_char)
                return {errc::out_of_range, "text longer than 32767 bytes"};
            header(w, bind_char, 0, 0);
            w.sqli_char(scratch);
            return {};
        }
        case param::kind::decimal:
            return encode_decimal_bind(w, p.as_decimal());
        case param::kind::date:
            header(w, bind_date, 0, 0);
            w.i32(p.as_date().day_number());
            return {};
        case param::kind::datetime:
            return encode_time_bind(w, bind_datetime, p.as_datetime(), encode_datetime);
        case param::kind::interval:
            return encode_time_bind(w, bind_interval, p.as_interval(), encode_interval);
        case param::kind::byte_blob:
            blobs.emplace_back(p.as_text());
            return encode_blob_descriptor(w, bind_byte, p.as_text().size());
        case param::kind::text_blob: {
            std::string converted;
            if (utf8_to_wire(p.as_text(), cs, converted) != std::string::npos)
                return {errc::invalid_argument,
                        cs == codeset::utf8 ? "TEXT value is not valid UTF-8"
                                            : "TEXT value has characters not representable in ISO-8859-1"};
            const std::size_t size = converted.size();
            blobs.emplace_back(converted_texts.emplace_back(std::move(converted)));
            return encode_blob_descriptor(w, bind_text, size);
        }
        case param::kind::locator:
            encode_locator_bind(w, p.as_text());
            return {};
    }
    return {errc::invalid_argument, "unknown parameter kind"};
}

void encode_blob_upload(std::span<const std::string_view> blobs, std::vector<std::uint8_t>& out) {
    std::size_t total = 4;
    for (const auto v : blobs) total += v.size() + 4 * (v.size() / blob_chunk_size + 2);
    out.reserve(out.size() + total);
    wire::writer w(out);
    w.put(wire::tag::bbind);
    w.i16(static_cast<std::int16_t>(blobs.size()));
    for (const std::string_view value : blobs) {
        for (std::size_t at = 0; at < value.size(); at += blob_chunk_size) {
            const std::string_view part = value.substr(at, blob_chunk_size);
            w.put(wire::tag::blob);
            w.i16(static_cast<std::int16_t>(part.size()));
            w.bytes(part);
            w.pad(part.size());
        }
        w.put(wire::tag::blob);
        w.i16(0);
    }
}

}  // namespace

std::int16_t decimal_prec_word(int precision, int scale) noexcept {
    return static_cast<std::int16_t>((precision << 8) | (scale < 0 ? 0xff : scale));
}

bool bind_has_type_names(std::int16_t type) noexcept {
    return type > 18 && type != bind_bigint && type != 53;
}

std::error_code encode_bind(std::span<const param> params, codeset cs, std::vector<std::uint8_t>& out,
                            bind_failure* why) {
    const std::size_t start = out.size();
    auto fail = [&](std::size_t index, failure f) {
        out.resize(start);
        if (why) *why = {index, "parameter " + std::to_string(index + 1) + ": " + f.reason};
        return f.ec;
    };
    if (params.size() > wire::limits::max_bind_values)
        return fail(0, {errc::invalid_argument, "too many parameters"});
    wire::writer w(out);
    w.put(wire::tag::bind);
    w.i16(static_cast<std::int16_t>(params.size()));
    std::string scratch;
    std::vector<std::string_view> blobs;  // BYTE/TEXT contents in bind order, sent after the SQ_BIND
    std::list<std::string> converted_texts;
    for (std::size_t i = 0; i < params.size(); ++i)
        if (failure f = encode_one(w, params[i], cs, scratch, blobs, converted_texts); f.ec)
            return fail(i, f);
    if (!blobs.empty()) encode_blob_upload(blobs, out);
    return {};
}

std::error_code encode_bind_value(const param& p, codeset cs, std::vector<std::uint8_t>& out,
                                  std::string* why) {
    if (!p.is_null() && (p.type() == param::kind::byte_blob || p.type() == param::kind::text_blob)) {
        if (why) *why = "BYTE/TEXT content cannot be sent as a single value";
        return errc::not_supported;
    }
    const std::size_t start = out.size();
    wire::writer w(out);
    std::string scratch;
    std::vector<std::string_view> blobs;
    std::list<std::string> converted_texts;
    if (failure f = encode_one(w, p, cs, scratch, blobs, converted_texts); f.ec) {
        out.resize(start);
        if (why) *why = f.reason;
        return f.ec;
    }
    return {};
}

}  // namespace ifx::types
