#include "protocol/requests.hpp"

#include "protocol/c_string.hpp"
#include "types/date.hpp"
#include "types/datetime.hpp"
#include "types/decimal.hpp"
#include "types/types.hpp"
#include "wire/limits.hpp"
#include "wire/reader.hpp"
#include "wire/tags.hpp"

namespace ifx::lite::msg {
namespace {

using wire::reader;
using wire::tag;

constexpr std::size_t max_messages_per_group = 100000;
constexpr std::size_t max_name = 255;
constexpr std::size_t max_pam_response = 512;  // [LG]'s bound on PAM answers (§7.15)

// SQL text ends at its first NUL: nmap counts a NUL it appends to even-length text.
std::string sql_text(reader& r, const widths& w) {
    return c_string(w.long_sql ? r.sqli_lchar(wire::limits::max_sql_text)
                               : r.sqli_char(wire::limits::max_char));
}

// Types whose bind envelope carries an owner and a type name (§7.5).
bool has_extended_names(int base) {
    return base > 18 && base != 52 && base != 53;
}

// INT8/SERIAL8 (§9.3): a sign (1, -1; 0 for no value) and the magnitude as two u32 words, low
// first. False when the value does not fit a BIGINT.
bool read_int8(reader& r, sql_value& out) {
    const std::int16_t sign = r.i16();
    const std::uint64_t low = r.u32();
    const std::uint64_t high = r.u32();
    const std::uint64_t magnitude = (high << 32) | low;
    if (sign == 1 && magnitude <= 0x7fffffffffffffffULL)
        out = static_cast<std::int64_t>(magnitude);
    else if (sign == -1 && magnitude <= 0x8000000000000000ULL)
        out = static_cast<std::int64_t>(0 - magnitude);
    else if (sign != 0)
        return false;
    return true;
}

// DECIMAL/MONEY/DATETIME/INTERVAL as packed digits. DATETIME/INTERVAL digits are placed by the
// qualifier in the precision word (§7.5, grade C); the value becomes the literal text the column
// converts. False when the digits do not make a value of the type.
bool read_packed(reader& r, int base, std::uint16_t prec, sql_value& out) {
    const std::size_t n = r.length16(64);
    const auto packed = r.bytes(n);
    r.pad(n);
    if (!r.ok()) return true;
    std::optional<std::string> text;
    if (base == sqltype::decimal || base == sqltype::money) {
        text = unpack_decimal(packed);
    } else if (const auto q = qualifier::from_word(prec, base == sqltype::interval)) {
        text = unpack_datetime(packed, *q);
    }
    if (!text) return false;
    out = *text;
    return true;
}

// One SQ_BIND value (§7.5); false when its layout is unknown (the stream cannot stay aligned).
bool bind_value(reader& r, int base, std::int16_t indicator, std::uint16_t prec, sql_value& out,
                std::optional<sql_error>& error, bool& blob_follows) {
    const auto unsupported = [&] {
        if (!error) error = make_error(code::no_conversion);
    };
    if (indicator != 0) return true;  // NULL and "default" carry no value bytes, whatever the type
    switch (base) {
        case sqltype::char_:
        case sqltype::varchar:
        case sqltype::nchar:
        case sqltype::nvarchar:
            out = std::string(r.sqli_char(wire::limits::max_char));
            return true;
        case sqltype::smallint:
            out = std::int64_t{r.i16()};
            return true;
        case sqltype::integer:
        case sqltype::serial:
            out = std::int64_t{r.i32()};
            return true;
        case sqltype::date:
            out = days_to_iso(r.i32());
            return true;
        case sqltype::bigint:
        case sqltype::bigserial:
            out = r.i64();
            return true;
        case sqltype::int8:
        case sqltype::serial8:
            if (!read_int8(r, out)) unsupported();
            return true;
        case sqltype::float_:
            out = r.f64();
            return true;
        case sqltype::smallfloat:
            out = static_cast<double>(r.f32());
            return true;
        case sqltype::boolean: {
            const std::uint8_t b = r.u8();
            r.pad(1);
            out = std::int64_t{b == 't' || b == 'T' || b == 1};
            return true;
        }
        case sqltype::decimal:
        case sqltype::money:
        case sqltype::datetime:
        case sqltype::interval:
            if (!read_packed(r, base, prec, out)) unsupported();
            return true;
        case sqltype::byte:
        case sqltype::text: {
            // The 56-byte descriptor (§9.11): NULL flag 0x0001 at 38; otherwise the content
            // follows in SQ_BBIND + SQ_BLOB chunks.
            const auto d = r.bytes(static_cast<std::size_t>(blob_descriptor_size));
            if (!r.ok()) return true;
            if ((d[39] & 0x01) == 0) {
                out = blob_bytes{};
                blob_follows = true;
            }
            return true;
        }
        default:
            return false;
    }
}

void decode_bind(reader& r, bind& b, std::string& why) {
    const std::size_t count = r.length16(wire::limits::max_bind_values);
    for (std::size_t i = 0; i < count && r.ok(); ++i) {
        const std::int16_t type = r.i16();
        const int base = type & 0xff;
        if (has_extended_names(base)) {
            r.sqli_char(max_name);
            r.sqli_char(max_name);
        }
        const std::int16_t indicator = r.i16();
        const auto prec = static_cast<std::uint16_t>(r.i16());  // DATETIME/INTERVAL: the qualifier
        if (!r.ok()) return;
        if (indicator != 0 && indicator != -1 && indicator != -2) {
            why = "SQ_BIND indicator " + std::to_string(indicator);
            return r.fail();
        }
        sql_value value;
        bool blob_follows = false;
        if (!bind_value(r, base, indicator, prec, value, b.error, blob_follows)) {
            why = "SQ_BIND value of unsupported type " + std::to_string(type);
            return r.fail();
        }
        if (blob_follows) b.blob_slots.push_back(b.values.size());
        b.values.push_back(std::move(value));  // indicator -1 and -2 (default) both bind NULL
    }
}

void decode_ret_type(reader& r) {
    r.i16();  // 1
    const std::size_t count = r.length16(wire::limits::max_columns);
    for (std::size_t i = 0; i < count && r.ok(); ++i) {
        const int base = r.i16() & 0xff;
        if (base > 18 && base != 23 && base != 45 && base != 52 && base != 53) {
            r.sqli_char(max_name);
            r.sqli_char(max_name);
        }
        r.i32();
    }
}

void decode_info(reader& r, info& m, std::string& why) {
    const std::int16_t subtype = r.i16();
    if (r.ok() && subtype != 6) {
        why = "SQ_INFO subtype " + std::to_string(subtype);
        return r.fail();
    }
    r.i16();  // total
    r.i16();  // max key
    r.i16();  // max value
    for (std::size_t n = 0; r.ok(); ++n) {
        const std::string_view name = r.sqli_char(wire::limits::max_char);
        const std::string_view value = r.sqli_char(wire::limits::max_char);
        if (name.empty() && value.empty()) return;  // the 0,0 terminator (a lone NUL is an entry)
        if (n >= wire::limits::max_env_entries) {
            why = "SQ_INFO has too many entries";
            return r.fail();
        }
        m.env.emplace_back(c_string(name), c_string(value));
    }
}

// What a message decoder made of a tag: not one of its messages, a message added to the group, or
// malformed input (with why).
enum class decoded { not_mine, ok, malformed };

// SQ_LODATA (§7.12): a read announces its buffer size, a write carries its data in chunks that must add
// up to the announced size. False (with why) when malformed.
bool decode_lodata(reader& r, lodata& m, std::string& why) {
    m.op = r.i16();
    m.fd = r.i16();
    m.requested = r.i32();
    if (r.ok() && m.op == 0) {
        m.bufsize = r.i16();
    } else if (r.ok() && m.op == 2) {
        m.bufsize = r.i16();  // as in a read (libsqli's write layout)
        if (m.requested < 0 || static_cast<std::size_t>(m.requested) > wire::limits::max_sql_text) {
            why = "SQ_LODATA write of " + std::to_string(m.requested) + " bytes";
            return false;
        }
        while (r.ok() && m.data.size() < static_cast<std::size_t>(m.requested)) {
            const std::size_t n = r.length16(wire::limits::max_char);
            const auto chunk = r.bytes(n);
            r.pad(n);
            if (!r.ok()) break;
            if (n == 0 || m.data.size() + n > static_cast<std::size_t>(m.requested)) {
                why = "SQ_LODATA write chunks do not add up to the announced size";
                return false;
            }
            m.data.append(chunk.begin(), chunk.end());
        }
    } else if (r.ok()) {
        why = "SQ_LODATA operation " + std::to_string(m.op) + " is not supported";
        return false;
    }
    return true;
}

// Statement and cursor messages (§5, §7.1–7.8).
decoded decode_statement_message(reader& r, tag t, const widths& w, group& g, std::string& why) {
    switch (t) {
        case tag::command: {
            r.i16();
            g.messages.emplace_back(command{sql_text(r, w)});
            return decoded::ok;
        }
        case tag::prepare: {
            prepare p;
            p.nparams = r.i16();
            p.sql = sql_text(r, w);
            g.messages.emplace_back(std::move(p));
            return decoded::ok;
        }
        case tag::curname:
            g.messages.emplace_back(curname{c_string(r.sqli_char(wire::limits::max_char))});
            return decoded::ok;
        case tag::id:
            g.messages.emplace_back(id{r.i16()});
            return decoded::ok;
        case tag::bind: {
            bind b;
            decode_bind(r, b, why);
            g.messages.emplace_back(std::move(b));
            return decoded::ok;
        }
        case tag::open:
            g.messages.emplace_back(open{});
            return decoded::ok;
        case tag::execute:
            g.messages.emplace_back(execute{});
            return decoded::ok;
        case tag::nfetch: {
            nfetch f;
            f.bufsize = w.nfetch_i32 ? r.i32() : r.i16();
            f.array_size = r.i16();
            g.messages.emplace_back(f);
            return decoded::ok;
        }
        case tag::close:
            g.messages.emplace_back(close{});
            return decoded::ok;
        case tag::release:
            g.messages.emplace_back(release{});
            return decoded::ok;
        case tag::ndescribe:
            g.messages.emplace_back(ndescribe{});
            return decoded::ok;
        case tag::wantdone:
            g.messages.emplace_back(wantdone{});
            return decoded::ok;
        case tag::ret_type:
            decode_ret_type(r);
            g.messages.emplace_back(ret_type{});
            return decoded::ok;
        case tag::sfetch: {
            sfetch f;
            f.scroll_type = r.i16();
            f.target = r.i32();
            f.bufsize = r.i32();
            g.messages.emplace_back(f);
            return decoded::ok;
        }
        case tag::scroll:
            g.messages.emplace_back(scroll{});
            return decoded::ok;
        case tag::hold:
            g.messages.emplace_back(hold{});
            return decoded::ok;
        case tag::autofree:
            g.messages.emplace_back(autofree{});
            return decoded::ok;
        default:
            return decoded::not_mine;
    }
}

// Session messages: login conversation, features, environment, databases and transactions.
decoded decode_session_message(reader& r, tag t, group& g, std::string& why) {
    switch (t) {
        case tag::ack:
            g.messages.emplace_back(ack{});
            return decoded::ok;
        case tag::response:
            g.messages.emplace_back(pam_response{std::string(r.sqli_char(max_pam_response))});
            return decoded::ok;
        case tag::protocols: {
            const std::size_t n = r.length16(wire::limits::max_protocol_bytes);
            const auto mask = r.bytes(n);
            r.pad(n);
            g.messages.emplace_back(protocols{{mask.begin(), mask.end()}});
            return decoded::ok;
        }
        case tag::info: {
            info m;
            decode_info(r, m, why);
            g.messages.emplace_back(std::move(m));
            return decoded::ok;
        }
        case tag::dbopen: {
            dbopen m;
            m.name = c_string(r.sqli_char(wire::limits::max_char));
            m.flags = r.i16();
            g.messages.emplace_back(std::move(m));
            return decoded::ok;
        }
        case tag::dbclose:
            g.messages.emplace_back(dbclose{});
            return decoded::ok;
        case tag::dblist:
            g.messages.emplace_back(dblist{});
            return decoded::ok;
        case tag::begin:
            g.messages.emplace_back(begin{});
            return decoded::ok;
        case tag::cmmtwork:
            g.messages.emplace_back(commit{});
            return decoded::ok;
        case tag::rbwork:
            g.messages.emplace_back(rollback{r.i16()});
            return decoded::ok;
        default:
            return decoded::not_mine;
    }
}

// BYTE/TEXT binds and fetches, smart-LOB data and fast-path routine calls (§7.11–7.13).
decoded decode_lob_message(reader& r, tag t, group& g, std::string& why) {
    switch (t) {
        case tag::bbind:
            g.messages.emplace_back(bbind{r.i16()});
            return decoded::ok;
        case tag::blob: {
            const std::size_t n = r.length16(wire::limits::max_char);
            const auto chunk = r.bytes(n);
            r.pad(n);
            g.messages.emplace_back(blob_chunk{std::string(chunk.begin(), chunk.end())});
            return decoded::ok;
        }
        case tag::getroutine: {  // fastpath.hpp
            getroutine m;
            if (decode_getroutine(r, m, why)) g.messages.emplace_back(std::move(m));
            return decoded::ok;
        }
        case tag::exfproutine: {
            exfproutine m;
            if (decode_exfproutine(r, m, why)) g.messages.emplace_back(std::move(m));
            return decoded::ok;
        }
        case tag::fetchblob: {
            const auto d = r.bytes(static_cast<std::size_t>(blob_descriptor_size));
            g.messages.emplace_back(fetchblob{{d.begin(), d.end()}});
            return decoded::ok;
        }
        case tag::lodata: {
            lodata m;
            if (!decode_lodata(r, m, why)) return decoded::malformed;
            g.messages.emplace_back(std::move(m));
            return decoded::ok;
        }
        default:
            return decoded::not_mine;
    }
}

}  // namespace

bool decode_bind_value(wire::reader& r, std::int16_t type, std::int16_t indicator, std::uint16_t prec,
                       sql_value& out, std::optional<sql_error>& error) {
    const int base = type & 0xff;
    if (base == sqltype::byte || base == sqltype::text) return false;  // content would follow elsewhere
    bool blob_follows = false;
    return bind_value(r, base, indicator, prec, out, error, blob_follows);
}

wire::decode_status decode_group(std::span<const std::uint8_t> bytes, const widths& w, group& out,
                                 std::size_t& consumed, std::string& why) {
    reader r(bytes);
    group g;
    for (;;) {
        if (g.messages.size() >= max_messages_per_group) {
            why = "request group has too many messages";
            return wire::decode_status::malformed;
        }
        const std::int16_t value = r.i16();
        if (!r.ok()) return r.status();
        const auto t = static_cast<tag>(value);
        if (t == tag::eot || t == tag::exit) {
            if (t == tag::exit) g.messages.emplace_back(exit{});
            out = std::move(g);
            consumed = r.position();
            return wire::decode_status::ok;
        }
        decoded d = decode_statement_message(r, t, w, g, why);
        if (d == decoded::not_mine) d = decode_session_message(r, t, g, why);
        if (d == decoded::not_mine) d = decode_lob_message(r, t, g, why);
        if (d == decoded::malformed) return wire::decode_status::malformed;
        if (d == decoded::not_mine) {
            why = "unknown or unsupported message tag " + std::to_string(value) + " (" +
                  std::string(wire::tag_name(value)) + ")";
            return wire::decode_status::malformed;
        }
        if (!r.ok()) {
            if (r.status() == wire::decode_status::malformed && why.empty())
                why = "malformed " + std::string(wire::tag_name(value)) + " message";
            return r.status();
        }
    }
}

}  // namespace ifx::lite::msg
