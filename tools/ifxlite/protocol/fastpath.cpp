#include "protocol/fastpath.hpp"

#include <algorithm>
#include <array>
#include <cctype>

#include "types/types.hpp"
#include "wire/limits.hpp"
#include "wire/tags.hpp"

namespace ifx::lite {
namespace {

enum class routine : std::int32_t { open = 1, close, release, create, seek, tell };

struct routine_entry {
    routine id;
    std::string_view signature;  // normalised (see normalise)
    std::string_view name;
};

// BLOB and CLOB locators are the same ifx_lo_t; JDBC passes both as "blob".
constexpr std::array<routine_entry, 8> routines = {{
    {routine::open, "ifx_lo_open(blob,integer)", "ifx_lo_open"},
    {routine::open, "ifx_lo_open(clob,integer)", "ifx_lo_open"},
    {routine::close, "ifx_lo_close(integer)", "ifx_lo_close"},
    {routine::release, "ifx_lo_release(blob)", "ifx_lo_release"},
    {routine::release, "ifx_lo_release(clob)", "ifx_lo_release"},
    {routine::create, "ifx_lo_create(ifx_lo_spec,integer,blob)", "ifx_lo_create"},
    {routine::seek, "ifx_lo_seek(integer,int8,integer)", "ifx_lo_seek"},
    {routine::tell, "ifx_lo_tell(integer)", "ifx_lo_tell"},
}};

constexpr std::size_t max_signature = 4096;
constexpr int type_udt_var = 40;
constexpr int type_sendrecv = 44;  // how libsqli sends "blob" and "ifx_lo_spec" arguments
constexpr std::int16_t max_args = 64;
constexpr std::size_t lo_spec_size = 596;  // ifx_lo_spec as libsqli sends it (grade C)

std::string normalise(std::string_view sig) {
    std::string lower;
    for (const char c : sig) lower += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    std::string_view rest = lower;
    rest.remove_prefix(std::min(rest.find_first_not_of(" \t\r\n"), rest.size()));
    for (const std::string_view kw : {"function", "procedure"})
        if (rest.starts_with(kw) && rest.size() > kw.size() &&
            std::isspace(static_cast<unsigned char>(rest[kw.size()])))
            rest.remove_prefix(kw.size());
    std::string out;
    for (const char c : rest)
        if (!std::isspace(static_cast<unsigned char>(c))) out += c;
    if (out.starts_with("informix.")) out.erase(0, 9);
    return out;
}

bool has_names(std::int16_t type) {
    const int base = type & 0xff;
    return (base >= 18 && base != 52 && base != 53) || (type & 0x800) != 0;
}

void put_integer(wire::writer& w, std::int32_t v) {
    w.i16(sqltype::integer);
    w.i16(0);
    w.i16(0);
    w.i32(v);
}

void put_int8(wire::writer& w, std::int64_t v) {
    w.i16(sqltype::int8);
    w.i16(0);
    w.i16(0);
    const std::uint64_t mag = v < 0 ? 0 - static_cast<std::uint64_t>(v) : static_cast<std::uint64_t>(v);
    w.i16(v < 0 ? -1 : 1);
    w.u32(static_cast<std::uint32_t>(mag));
    w.u32(static_cast<std::uint32_t>(mag >> 32));
}

void put_locator(wire::writer& w, const std::vector<std::uint8_t>& locator) {
    w.i16(sqltype::udt_fixed);
    w.sqli_char("informix");
    w.sqli_char("blob");
    w.i16(0);
    w.i16(static_cast<std::int16_t>(locator.size()));
    w.i32(static_cast<std::int32_t>(locator.size()));
    w.bytes(locator);
    w.pad(locator.size());
}

// Argument shapes: 'i' an integer, 'l' a locator (72 bytes), 's' an ifx_lo_spec.
bool args_match(const std::vector<msg::fp_arg>& args, std::string_view shape) {
    if (args.size() != shape.size()) return false;
    for (std::size_t i = 0; i < args.size(); ++i) {
        const msg::fp_arg& a = args[i];
        if (a.null) return false;
        const int base = a.type & 0xff;
        const bool udt = base == type_udt_var || base == sqltype::udt_fixed || base == type_sendrecv;
        switch (shape[i]) {
            case 'i':
                if (udt) return false;
                break;
            case 'l':
                if (!udt || a.bytes.size() != static_cast<std::size_t>(smart_lob_locator_size)) return false;
                break;
            case 's':
                if (!udt || a.bytes.size() != lo_spec_size) return false;
                break;
            default:
                return false;
        }
    }
    return true;
}

// One argument of SQ_EXFPROUTINE's SQ_BIND: its type (and name), indicator and value. False on
// malformed input (why tells what, for the errors the reader does not report itself).
bool decode_fp_arg(wire::reader& r, msg::fp_arg& a, std::string& why) {
    a.type = r.i16();
    if (r.ok() && has_names(a.type)) {
        (void)r.sqli_char(wire::limits::max_char);
        a.type_name = std::string(r.sqli_char(wire::limits::max_char));
    }
    const std::int16_t indicator = r.i16();
    const auto prec = static_cast<std::uint16_t>(r.i16());
    if (!r.ok()) return false;
    a.null = indicator != 0;
    if (a.null) return true;
    switch (a.type & 0xff) {
        case sqltype::smallint:
            a.number = r.i16();
            break;
        case sqltype::integer:
        case sqltype::serial:
            a.number = r.i32();
            break;
        case sqltype::int8:
        case sqltype::serial8: {
            const std::int16_t sign = r.i16();
            const std::uint64_t low = r.u32();
            const std::uint64_t mag = static_cast<std::uint64_t>(r.u32()) << 32 | low;
            if (r.ok() && (sign != 1 && sign != -1)) {
                why = "fast-path INT8 argument with sign " + std::to_string(sign);
                r.fail();
                return false;
            }
            if (mag > 0x7fffffffffffffffULL) {
                why = "fast-path INT8 argument out of range";
                r.fail();
                return false;
            }
            a.number = sign < 0 ? -static_cast<std::int64_t>(mag) : static_cast<std::int64_t>(mag);
            break;
        }
        case sqltype::bigint:
        case sqltype::bigserial:
            a.number = r.i64();
            break;
        case type_udt_var:
        case sqltype::udt_fixed:
        case type_sendrecv: {
            const std::size_t len = r.length32(wire::limits::max_char);
            const auto b = r.bytes(len);
            r.pad(len);
            a.bytes.assign(b.begin(), b.end());
            break;
        }
        default: {
            std::optional<sql_error> error;
            if (!msg::decode_bind_value(r, a.type, indicator, prec, a.value, error) || error) {
                if (r.ok()) {
                    why = "fast-path argument of type " + std::to_string(a.type) + " is not supported";
                    r.fail();
                }
                return false;
            }
            return true;
        }
    }
    const int base = a.type & 0xff;
    if (base == type_udt_var || base == sqltype::udt_fixed || base == type_sendrecv)
        a.value = a.bytes;
    else
        a.value = a.number;
    return true;
}

}  // namespace

namespace msg {

bool decode_getroutine(wire::reader& r, getroutine& out, std::string& why) {
    (void)r.u8();  // the odd byte as published (grade C)
    const std::size_t n = r.length32(max_signature);
    const auto sig = r.bytes(n);
    r.pad(4 + n);
    (void)r.i16();
    if (!r.ok()) {
        if (r.status() == wire::decode_status::malformed) why = "malformed SQ_GETROUTINE";
        return false;
    }
    out.signature.assign(sig.begin(), sig.end());
    return true;
}

bool decode_exfproutine(wire::reader& r, exfproutine& out, std::string& why) {
    out.database = std::string(r.sqli_char(wire::limits::max_char));
    out.handle = r.i32();
    const std::int16_t n = r.i16();
    (void)r.i16();  // fparamflag
    if (!r.ok()) return false;
    if (n < 0 || n > max_args) {
        why = "SQ_EXFPROUTINE with " + std::to_string(n) + " arguments";
        r.fail();
        return false;
    }
    if (n == 0) return true;
    if (r.i16() != static_cast<std::int16_t>(wire::tag::bind) || r.i16() != n) {
        if (r.ok()) {
            why = "SQ_EXFPROUTINE arguments without a matching SQ_BIND";
            r.fail();
        }
        return false;
    }
    for (std::int16_t i = 0; i < n && r.ok(); ++i) {
        if (!decode_fp_arg(r, out.args.emplace_back(), why)) return false;
    }
    return r.ok();
}

}  // namespace msg

std::optional<std::int32_t> resolve_routine(std::string_view signature) {
    const std::string s = normalise(signature);
    for (const auto& e : routines)
        if (e.signature == s) return static_cast<std::int32_t>(e.id);
    return std::nullopt;
}

std::optional<routine_signature> parse_signature(std::string_view signature) {
    std::string s;
    for (const char c : signature) s += static_cast<char>(std::tolower(static_cast<unsigned char>(c)));
    routine_signature out;
    std::string_view rest = s;
    const auto skip_blanks = [&] {
        rest.remove_prefix(std::min(rest.find_first_not_of(" \t\r\n"), rest.size()));
    };
    skip_blanks();
    for (const std::string_view kw : {"function", "procedure"})
        if (rest.starts_with(kw) && rest.size() > kw.size() &&
            std::isspace(static_cast<unsigned char>(rest[kw.size()]))) {
            out.kind = std::string(kw);
            rest.remove_prefix(kw.size());
        }
    skip_blanks();
    const std::size_t open = rest.find('(');
    if (open == std::string_view::npos || rest.empty() || rest.back() != ')') return std::nullopt;
    std::string name;
    for (const char c : rest.substr(0, open))
        if (!std::isspace(static_cast<unsigned char>(c))) name += c;
    if (const auto dot = name.rfind('.'); dot != std::string::npos) name.erase(0, dot + 1);
    if (name.empty()) return std::nullopt;
    out.name = std::move(name);
    std::string type;
    int depth = 0;  // DECIMAL(10,2): commas inside parentheses belong to the type
    for (const char c : rest.substr(open + 1, rest.size() - open - 2)) {
        if (std::isspace(static_cast<unsigned char>(c))) continue;
        if (c == ',' && depth == 0) {
            if (type.empty()) return std::nullopt;
            out.types.push_back(std::move(type));
            type.clear();
            continue;
        }
        depth += c == '(' ? 1 : c == ')' ? -1 : 0;
        type += c;
    }
    if (!type.empty())
        out.types.push_back(std::move(type));
    else if (!out.types.empty())
        return std::nullopt;
    return out;
}

std::optional<sql_error> write_routine_results(const std::vector<column_type>& types,
                                               const std::vector<std::vector<std::uint8_t>>& values,
                                               const std::vector<bool>& nulls, wire::writer& w) {
    // Values as SQ_BIND carries them (§7.13 "SQ_BIND-style"), from their tuple encoding.
    w.put(wire::tag::fproutine);
    w.i16(static_cast<std::int16_t>(types.size()));
    for (std::size_t i = 0; i < types.size(); ++i) {
        const column_type& t = types[i];
        const std::vector<std::uint8_t>& v = values[i];
        std::int16_t code = t.code;
        std::int16_t prec = 0;
        if (code == sqltype::decimal || code == sqltype::money)
            prec = static_cast<std::int16_t>(t.precision << 8 | (t.scale < 0 ? 0xff : t.scale));
        else if (code == sqltype::datetime || code == sqltype::interval)
            prec = static_cast<std::int16_t>(t.encoded_length);
        w.i16(code);
        if (has_names(code)) {
            w.sqli_char(t.owner());
            w.sqli_char(t.extended_name());
        }
        w.i16(nulls[i] ? -1 : 0);
        w.i16(prec);
        if (nulls[i]) continue;
        switch (code) {
            case sqltype::smallint:
            case sqltype::integer:
            case sqltype::serial:
            case sqltype::int8:
            case sqltype::serial8:
            case sqltype::bigint:
            case sqltype::bigserial:
            case sqltype::float_:
            case sqltype::smallfloat:
            case sqltype::date:
                w.bytes(v);  // the tuple form is the bind form
                break;
            case sqltype::decimal:
            case sqltype::money:
            case sqltype::datetime:
            case sqltype::interval:
            case sqltype::char_:
            case sqltype::nchar:
                w.i16(static_cast<std::int16_t>(v.size()));
                w.bytes(v);
                w.pad(v.size());
                break;
            case sqltype::varchar:
            case sqltype::nvarchar: {  // tuple: u8 length, bytes
                const auto text = std::span<const std::uint8_t>(v).subspan(1);
                w.i16(static_cast<std::int16_t>(text.size()));
                w.bytes(text);
                w.pad(text.size());
                break;
            }
            case sqltype::lvarchar: {  // tuple: u8 NULL flag, i32 length, bytes
                const auto text = std::span<const std::uint8_t>(v).subspan(5);
                w.i32(static_cast<std::int32_t>(text.size()));
                w.bytes(text);
                w.pad(text.size());
                break;
            }
            case sqltype::boolean:  // tuple: u8 flag, i32 length, the byte
                w.u8(v.back());
                w.pad(1);
                break;
            default:
                return make_error(code::no_conversion, "fast-path result of type " + std::to_string(code));
        }
    }
    return std::nullopt;
}

std::string_view routine_name(std::int32_t handle) {
    for (const auto& e : routines)
        if (static_cast<std::int32_t>(e.id) == handle) return e.name;
    return {};
}

std::optional<sql_error> execute_routine(lob_store& lobs, const msg::exfproutine& m, wire::writer& w) {
    const auto unresolved = [&] {
        return make_error(code::routine_unresolved, "fast-path routine handle " + std::to_string(m.handle));
    };
    const auto& a = m.args;
    const auto fd = [&](std::size_t i) { return static_cast<std::int32_t>(a[i].number); };
    switch (static_cast<routine>(m.handle)) {
        case routine::open: {
            if (!args_match(a, "li")) return unresolved();
            const auto h = lobs.handle_of(a[0].bytes);
            if (!h) return make_error(code::bad_lob);
            w.put(wire::tag::fproutine);
            w.i16(1);
            put_integer(w, lobs.open(*h, fd(1)));
            return std::nullopt;
        }
        case routine::close:
            if (!args_match(a, "i")) return unresolved();
            if (!lobs.close(fd(0))) return make_error(code::bad_lob);
            w.put(wire::tag::fproutine);
            w.i16(1);
            put_integer(w, 0);
            return std::nullopt;
        case routine::release: {
            if (!args_match(a, "l")) return unresolved();
            const auto h = lobs.handle_of(a[0].bytes);
            if (!h || !lobs.release(*h)) return make_error(code::bad_lob);
            w.put(wire::tag::fproutine);
            w.i16(1);
            put_integer(w, 0);
            return std::nullopt;
        }
        case routine::create: {
            if (!args_match(a, "sil")) return unresolved();
            const auto locator = lobs.create(10);
            const auto h = lobs.handle_of(
                std::string_view(reinterpret_cast<const char*>(locator.data()), locator.size()));
            // libsqli's reply order: the new locator, then the descriptor.
            w.put(wire::tag::fproutine);
            w.i16(2);
            put_locator(w, locator);
            put_integer(w, lobs.open(*h, fd(1)));
            return std::nullopt;
        }
        case routine::seek: {
            if (!args_match(a, "iii")) return unresolved();
            const auto at = lobs.seek(fd(0), a[1].number, fd(2));
            if (!at) return make_error(code::bad_lob);
            w.put(wire::tag::fproutine);
            w.i16(1);
            put_int8(w, *at);
            return std::nullopt;
        }
        case routine::tell: {
            if (!args_match(a, "i")) return unresolved();
            const auto at = lobs.tell(fd(0));
            if (!at) return make_error(code::bad_lob);
            w.put(wire::tag::fproutine);
            w.i16(1);
            put_int8(w, *at);
            return std::nullopt;
        }
    }
    return unresolved();
}

}  // namespace ifx::lite
